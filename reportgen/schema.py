"""Declarative shapes for content files: what each field holds, checked before any stage uses the data.

A shape is built from the classes below (Text, Int, Number, Bool, OneOf, Nullable, List, Map, Keyed,
PerLanguage). `problems(shape, data, languages)` walks the data and returns (place, message) pairs, one
per wrong field, each naming the field as a path (`parts[0].sections[2].title`) and what was expected.
A field that is wrong is reported once and not looked into further, so one mistake gives one line.
"""

import math


def got(value):
    return f"got {type(value).__name__} {value!r:.60}"


def join(where, name):
    return f"{where}.{name}" if where else str(name)


class Shape:
    kind = "a value"

    def __init__(self, message=None):
        self.message = message  # replaces every problem inside this field with one line

    def problems(self, value, where, ctx):
        found = self.check(value, where, ctx)
        if found and self.message:
            return [(where, self.message(value) if callable(self.message) else self.message)]
        return found

    def check(self, value, where, ctx):
        return []

    def wrong(self, value, where):
        return [(where, f"expected {self.kind}, {got(value)}")]


class Any(Shape):
    pass


class Text(Shape):
    """A string; with `empty=True` it may be "" (a part's label when the part is printed unnumbered)."""

    kind = "text"

    def __init__(self, empty=False, message=None):
        super().__init__(message)
        self.empty = empty

    def check(self, value, where, ctx):
        if not isinstance(value, str) or not (self.empty or value.strip()):
            return self.wrong(value, where)
        return []


class Int(Shape):
    kind = "whole number"

    def __init__(self, low=None, high=None, message=None):
        super().__init__(message)
        self.low, self.high = low, high

    def check(self, value, where, ctx):
        if not isinstance(value, int) or isinstance(value, bool):
            return self.wrong(value, where)
        if (self.low is not None and value < self.low) or (self.high is not None and value > self.high):
            return [(where, f"expected a whole number from {self.low} to {self.high}, got {value}")]
        return []


class Number(Shape):
    kind = "a number"

    def check(self, value, where, ctx):
        if not isinstance(value, (int, float)) or isinstance(value, bool) or not math.isfinite(value):
            return [(where, f"expected a number, got {value!r:.60}")]
        return []


class Bool(Shape):
    kind = "true or false"

    def check(self, value, where, ctx):
        return [] if isinstance(value, bool) else self.wrong(value, where)


class OneOf(Shape):
    def __init__(self, *choices, message=None):
        super().__init__(message)
        self.choices = choices
        self.kind = "one of " + ", ".join(str(c) for c in choices)

    def check(self, value, where, ctx):
        if isinstance(value, (str, int, float)) and not isinstance(value, bool) and value in self.choices:
            return []
        return [(where, f"expected {self.kind}, got {value!r:.60}")]


class Nullable(Shape):
    """The shape, or null (`~`, or the field left empty)."""

    def __init__(self, shape, message=None):
        super().__init__(message)
        self.shape, self.kind = shape, f"{shape.kind} or null"

    def check(self, value, where, ctx):
        return [] if value is None else self.shape.problems(value, where, ctx)


class List(Shape):
    """A list of items of one shape. `named`: an item whose `id` is text is named by it (`grp-growth.value`)."""

    kind = "list"

    def __init__(self, item, least=0, named=False, kind=None, message=None):
        super().__init__(message)
        self.item, self.least, self.named = item, least, named
        self.kind = kind or self.kind

    def check(self, value, where, ctx):
        if not isinstance(value, list):
            return self.wrong(value, where)
        if len(value) < self.least:
            return [(where, f"empty; expected at least {self.least} item{'s' if self.least > 1 else ''}")]
        found = []
        for i, item in enumerate(value):
            name = item["id"] if self.named and isinstance(item, dict) and _is_text(item.get("id")) else None
            found += self.item.problems(item, name or f"{where}[{i}]", ctx)
        return found


class Map(Shape):
    """Named fields, each of its shape; `required` must be there (null counts as missing). Fields not
    named are allowed (`unknown="ignore"`, new optional fields then need no change here) or refused."""

    kind = "mapping"

    def __init__(self, fields, required=(), unknown="ignore", kind=None, message=None):
        super().__init__(message)
        self.fields, self.required, self.unknown = fields, set(required), unknown
        self.kind = kind or self.kind

    def check(self, value, where, ctx):
        if not isinstance(value, dict):
            return [(where, f"expected {self.kind}, got {type(value).__name__}")]
        found = []
        for name, shape in self.fields.items():
            place = join(where, name)
            if value.get(name) is None:
                if name in self.required:
                    found.append((place, f"missing; expected {shape.kind}"))
            else:
                found += shape.problems(value[name], place, ctx)
        if self.unknown == "refuse":
            for name in value:
                if name not in self.fields:
                    found.append((join(where, name), f"unknown field; expected one of {', '.join(sorted(self.fields))}"))
        return found


class Keyed(Shape):
    """A mapping from ids (any text) to values of one shape; `special` gives some keys shapes of their own."""

    kind = "mapping"

    def __init__(self, value, special=None, message=None):
        super().__init__(message)
        self.value, self.special = value, special or {}

    def check(self, value, where, ctx):
        if not isinstance(value, dict):
            return [(where, f"expected {self.kind}, got {type(value).__name__}")]
        found = []
        for key, item in value.items():
            found += self.special.get(key, self.value).problems(item, join(where, key), ctx)
        return found


class PerLanguage(Shape):
    """{zh: …, en: …}: the shape in every language of the site (`source_only`: only the source's is
    required, the others may be missing where nobody has translated them yet)."""

    def __init__(self, shape=None, source_only=False, show=False, message=None):
        super().__init__(message)
        self.shape, self.source_only, self.show = shape or Text(), source_only, show
        self.kind = "the text in every language"

    def check(self, value, where, ctx):
        langs = ctx["languages"]
        needed = langs[:1] if self.source_only else langs
        if not isinstance(value, dict) or not all(value.get(lang) is not None for lang in needed):
            shown = f", got {value!r:.60}" if self.show else ""
            return [(where, f"expected {self.kind} ({', '.join(langs)}){shown}")]
        found = [(join(where, key), f"unknown language; expected {', '.join(langs)}") for key in value
                 if key not in langs]
        for lang in langs:
            if value.get(lang) is not None:
                found += self.shape.problems(value[lang], join(where, lang), ctx)
        return found


def _is_text(value):
    return isinstance(value, str) and value.strip() != ""


def problems(shape, data, languages):
    """Every (place, message) for `data` against `shape`; place "" is the file as a whole."""
    return shape.problems(data, "", {"languages": languages})
