"""Warnings and --strict: the checks across a report's files are gather.check_report's; what they and
the linking warn of is printed, or, under --strict, stops the build as errors."""

from .errors import ContentErrors, ReportError


def enforce(warnings, strict, content_dir):
    """The warnings; with `strict`, they are errors."""
    if strict and warnings:
        raise ContentErrors([located(w, "(strict) ", content_dir) for w in warnings])
    return warnings


def located(warning, prefix, content_dir):
    """A warning as a problem naming its file and field (a warning without a place names the content folder)."""
    if hasattr(warning, "located"):
        return warning.located(prefix)
    return ReportError(content_dir, None, f"{prefix}{warning}")
