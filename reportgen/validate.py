"""Validation across files, after each file has been checked on loading (content.py): errors stop the
build; warnings are returned, and are errors under --strict."""

from .errors import ContentErrors, ReportError
from .figures import check_figures
from .termbase import warnings as termbase_warnings
from .translation import alignment_report


def validate(site, content_dir):
    """Cross-file checks; errors stop the build, warnings are returned."""
    errors, warnings = [], []
    for report in site["reports"]:
        errors.extend(check_figures(report))
        warnings.extend(alignment_report(report, site["languages"]))
    if errors:
        raise ContentErrors(errors)
    return warnings + termbase_warnings(content_dir, site)


def enforce(warnings, linked, strict, content_dir):
    """Every warning, the linking's too; with `strict`, they are errors."""
    warnings = warnings + [w for r in linked.values() for w in r.warnings]
    if strict and warnings:
        raise ContentErrors([ReportError(content_dir, None, f"(strict) {w}") for w in warnings])
    return warnings
