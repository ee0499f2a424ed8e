"""Gathering, the build's first pass: every report is loaded and checked, one at a time, and what the
rest of the build needs of it before rendering (its title for the landing page, where its units are
for links from other reports, its share in each language, its figures for targets and results across
years) is kept as a small summary. The report itself is let go, so memory does not grow with the
number of reports; rendering loads it again (from the parsed-file cache, yamlio.keeping_reader).

Every problem of every report is collected and reported together, before anything is rendered. A
report whose files are as the last build saw them (record.py) is not loaded at all: its summary and
warnings are the last build's."""

import marshal
import os
import zlib
from typing import NamedTuple

from .about import check_about
from .content import load_config, load_pairs, load_report, report_folders
from .coverage import counts
from .errors import ContentErrors, Warned
from .figures import check_shown_figures
from .pairs import check_decisions, governments, promises
from .record import stamp
from .termbase import load as load_termbase, report_warnings
from .translation import alignment_report
from .urls import page_of_units, unpack
from .workers import each_batch


class Gathered(NamedTuple):
    """The site before rendering. `summaries`: one per report, in id order; `pair_decisions`: the
    editors' decisions (pairs.yaml); `promises`: report id → its targets-and-results rows;
    `per_government`: (place, level) → rows by year; `warnings`: every report's and the site's."""
    config: dict
    languages: list
    summaries: list
    pairs: tuple
    pair_decisions: dict
    promises: dict
    per_government: dict
    warnings: list


def gather(content_dir, read, templates_dir=None, kept=None, workers=None):
    """content/ → Gathered; raises ContentErrors listing every problem. `kept`: report id → (stamp,
    summary) from the last build, used where the report's files have the same stamp. `workers`: as
    Speed.workers."""
    config, languages = load_config(content_dir, read, templates_dir)
    termbase = load_termbase(content_dir, read)
    errors, summaries, warnings = [], [], []
    folders = report_folders_stamped(content_dir, errors)
    new = [(folder, stamp) for folder, stamp in folders
           if (kept or {}).get(os.path.basename(folder), (None,))[0] != stamp]
    made = summarise_all(new, languages, config, termbase, read, workers)
    for folder, stamp in folders:
        summary, report_errors = made.get(folder) or ((kept or {})[os.path.basename(folder)][1], [])
        errors.extend(report_errors)
        if summary is not None:
            summaries.append(summary)
    pairs = load_pairs(content_dir, errors, read)
    decisions, pair_errors = check_decisions(*pairs, with_figures(summaries) if pairs[1] is not None else [])
    errors.extend(pair_errors)
    if errors:
        raise ContentErrors(errors)
    per_report, per_government, unconfirmed = promises(with_figures(in_series(summaries)), decisions)
    for s in summaries:
        warnings.extend(warning_of(w) for w in s["warnings"])
    if unconfirmed:
        warnings.append(f"{unconfirmed} target/result pair(s) across years not yet confirmed (confirm the "
                        f"figures, or the pairs in {pairs[0]})")
    return Gathered(config, languages, summaries, pairs, decisions, per_report, per_government, warnings)


def report_folders_stamped(content_dir, errors):
    return [(folder, stamp(folder)) for folder in report_folders(content_dir, errors)]


SUMMARISED_TOGETHER = 8  # reports a worker loads and checks per turn (workers.each_batch)


def summarise_all(new, languages, config, termbase, read, workers):
    """folder → (its summary or None, its errors) for the reports not kept from the last build, loaded
    and checked on every core where there are enough of them."""
    turns = [new[i:i + SUMMARISED_TOGETHER] for i in range(0, len(new), SUMMARISED_TOGETHER)]

    def turn(i):
        out = {}
        for folder, stamp in turns[i]:
            errors = []
            out[folder] = (summarise_new(folder, stamp, languages, config, termbase, errors, read), errors)
        return out
    return {folder: made for done in each_batch(turn, len(turns), workers) for folder, made in done.items()}


def summarise_new(folder, stamp, languages, config, termbase, errors, read):
    """Load and check one report; its summary, or None (its problems added to `errors`)."""
    report = load_report(folder, languages, errors, read, config["ui"])
    if report is None:
        return None
    report_errors, report_warnings = check_report(report, languages, termbase)
    errors.extend(report_errors)
    return summary(report, languages, report_warnings, stamp)


def check_report(report, languages, termbase):
    """The checks across one report's files: (errors, warnings)."""
    errors, warnings = [], []
    figure_errors, waiting = check_shown_figures(report)
    errors.extend(figure_errors)
    warnings.extend([waiting] if waiting else [])
    errors.extend(check_about(report))
    warnings.extend(alignment_report(report, languages))
    warnings.extend(report_warnings(report, termbase, languages))
    return errors, warnings


def summary(report, languages, warnings, stamp=None):
    """What the build keeps of a report while others are loaded: plain data (kept between builds).
    `stamp`: its files' names, sizes and times (record.stamp)."""
    return {"id": report["id"], "folder": report["folder"], "stamp": stamp, "meta": report["meta"],
            "page_of": pack(page_of_units(report["doc"])),  # unpacked by urls.ReportUrls when asked
            "pages": len(set(page_of_units(report["doc"]).values())),
            "coverage": {lang: counts(report, lang) for lang in languages if lang != "zh"},
            # for pairing targets and results across years: packed, as few reports take part
            "figures_packed": pack(report["all_figures"]),
            "warnings": [plain_warning(w) for w in warnings]}


def plain_warning(w):
    return (str(w), getattr(w, "path", None), getattr(w, "place", None))


def warning_of(plain):
    text, path, place = plain
    return Warned(text, path, place) if path is not None else text


def in_series(summaries):
    """The reports of governments with reports of two or more years: the only ones pairing reads."""
    return [s for series in governments(summaries).values() if len(series) > 1 for s in series]


def with_figures(summaries):
    """The summaries with their figures unpacked, for pairing."""
    return [dict(s, all_figures=unpack(s["figures_packed"])) for s in summaries]


def pack(data):
    """Plain data as compact bytes: a summary is kept for every report of the site at once."""
    return zlib.compress(marshal.dumps(data), 1)
