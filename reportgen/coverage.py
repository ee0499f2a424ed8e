"""How much of each report a language really has: units translated, out of date, filled from memory and
not yet checked, untranslated; the share of the Chinese text shown in that language; termbase warnings."""

import os

from . import termbase, yamlio
from .translation import SOURCE_FIELDS, localise

STATES = ("translated", "outdated", "memory", "missing")


def counts(report, lang):
    """{state: units} plus `chars` (Chinese characters of the report) and `shown` (those whose unit is
    shown in `lang`, whatever its state), and `share`, a whole percentage rounded down, so 100 means
    every unit (99.6% shows as 99)."""
    out = {state: 0 for state in STATES}
    chars = shown = 0
    for unit in report["index"].values():
        _, state = localise(unit, lang, report["translations"])
        out[state] += 1
        size = sum(len(unit[k]) for k in SOURCE_FIELDS if isinstance(unit.get(k), str))
        chars += size
        shown += size if state != "missing" else 0
    out.update(units=len(report["index"]), chars=chars, shown=shown,
               share=(shown * 100 // chars) if chars else 100)
    return out


def language_coverage(site):
    """report id → language → counts(), for every language of the site but the source."""
    return {r["id"]: {lang: counts(r, lang) for lang in site["languages"] if lang != "zh"} for r in site["reports"]}


def languages(content_dir):
    """The site's languages other than the source, from site.yaml (English when it gives none)."""
    path = os.path.join(content_dir, "site.yaml")
    config = yamlio.load(path) if os.path.isfile(path) else {}
    codes = [lang.get("code") for lang in (config or {}).get("languages") or [] if isinstance(lang, dict)]
    return [c for c in codes if c and c != "zh"] or ["en"]


def status_table(content_dir):
    """The progress of every report in every language, as a plain-text table."""
    from .corpus import all_reports
    entries = termbase.load(content_dir)
    from .numbers import audit
    header = ("report", "lang", "units", "translated", "out of date", "from memory", "untranslated", "shown",
              "term warnings", "number mismatches")
    rows = []
    for report in all_reports(content_dir, skip_broken=False):
        for lang in languages(content_dir):
            c = counts(report, lang)
            warnings = len(termbase.report_problems(report, entries, lang))
            mismatches = len(audit(report["index"], report["translations"].get(lang) or {})[2])
            rows.append((report["id"], lang, c["units"], c["translated"], c["outdated"], c["memory"], c["missing"],
                         f"{c['share']}%", warnings, mismatches))
    widths = [max(len(str(r[i])) for r in rows + [header]) for i in range(len(header))]
    line = lambda r: "  ".join(str(v).ljust(w) if i < 2 else str(v).rjust(w)  # noqa: E731
                               for i, (v, w) in enumerate(zip(r, widths)))
    return "\n".join([line(header)] + [line(r) for r in rows])
