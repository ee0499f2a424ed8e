"""Validation across files, after each file has been checked on loading (content.py): errors stop the
build; warnings are returned, and are errors under --strict."""

from .about import check_about
from .errors import ContentErrors, ReportError
from .figures import check_shown_figures
from .pairs import check_decisions, promises
from .termbase import warnings as termbase_warnings
from .translation import alignment_report


def validate(site, content_dir):
    """Cross-file checks; errors stop the build, warnings are returned."""
    errors, warnings = [], []
    for report in site["reports"]:
        figure_errors, waiting = check_shown_figures(report)
        errors.extend(figure_errors)
        warnings.extend([waiting] if waiting else [])
        errors.extend(check_about(report))
        warnings.extend(alignment_report(report, site["languages"]))
    site["pair_decisions"], pair_errors = check_decisions(*site["pairs"], site["reports"])
    errors.extend(pair_errors)
    if errors:
        raise ContentErrors(errors)
    unconfirmed = promises(site["reports"], site["pair_decisions"])[2]
    if unconfirmed:
        warnings.append(f"{unconfirmed} target/result pair(s) across years not yet confirmed (confirm the "
                        f"figures, or the pairs in {site['pairs'][0]})")
    return warnings + termbase_warnings(content_dir, site)


def enforce(warnings, linked, strict, content_dir):
    """Every warning, the linking's too; with `strict`, they are errors."""
    warnings = warnings + [w for r in linked.values() for w in r.warnings]
    if strict and warnings:
        raise ContentErrors([located(w, "(strict) ", content_dir) for w in warnings])
    return warnings


def located(warning, prefix, content_dir):
    """A warning as a problem naming its file and field (a warning without a place names the content folder)."""
    if hasattr(warning, "located"):
        return warning.located(prefix)
    return ReportError(content_dir, None, f"{prefix}{warning}")
