"""Errors that name the file, the place and what was expected."""


class ReportError(Exception):
    """One problem in an input file. `place` is a line number or a field path."""

    def __init__(self, path, place, message):
        super().__init__(message)
        self.path = str(path)
        self.place = place
        self.message = message

    def __reduce__(self):  # so an error raised while rendering in a worker process reaches the build
        return ReportError, (self.path, self.place, self.message)

    def __str__(self):
        if self.place in (None, ""):
            return f"{self.path}: {self.message}"
        if isinstance(self.place, int):
            return f"{self.path}:{self.place}: {self.message}"
        place = str(self.place)
        if not place.isprintable():  # a key holding a newline or control character stays on one line
            place = repr(place)
        return f"{self.path}: {place}: {self.message}"


class ContentErrors(Exception):
    """Every problem found in the content, collected so they are reported together."""

    def __init__(self, errors):
        super().__init__(f"{len(errors)} problem(s) in the content")
        self.errors = list(errors)

    def __reduce__(self):  # so the errors found in a worker process reach the build whole
        return ContentErrors, (self.errors,)

    def __str__(self):
        return "\n".join(str(e) for e in self.errors)


class Warned(str):
    """A warning: its text (as before, beginning with the report's id) with the file and field it is
    about, so that it can be printed with its place and, under --strict, become an error that keeps it."""

    def __new__(cls, text, path, place=None):
        warning = super().__new__(cls, text)
        warning.path, warning.place = str(path), place
        return warning

    def located(self, prefix=""):
        """A ReportError naming the file and field; the report's id, which the path names, is left out."""
        message = self.split(": ", 1)[1] if ": " in self else str(self)
        return ReportError(self.path, self.place, prefix + message)
