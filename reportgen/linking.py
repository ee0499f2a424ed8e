"""Linking: per report, the text in every language, its glossary terms and its key figures, worked out
once for every page. Returns its own value; the loaded content and the localised trees are left as
they are (templates find a unit's terms through `Linked.marks`, never on the unit)."""

from typing import NamedTuple
from urllib.parse import quote

from .glossary import entries, glossary_report, mark, uses
from .keyfigures import figure_words, key_figures, text_directive
from .localise import localised_report


class Linked(NamedTuple):
    """One report, linked. `trees`: lang → the localised report; `marks`: lang → unit id → field →
    [(start, end, entry)]; `uses`: lang → entry id → unit ids; `figures`: the key figures grouped for
    their page, with `words` (each figure's words per language), `directives` (lang → figure id → a
    text fragment that highlights it) and `in_unit` (unit id → its figures)."""
    trees: dict
    glossary: list
    marks: dict
    uses: dict
    figures: dict
    warnings: list

    def __getitem__(self, key):
        """linked["figures"] as well as linked.figures, for code that reads it as a mapping."""
        return getattr(self, key) if isinstance(key, str) else tuple.__getitem__(self, key)


def link_reports(reports, config, languages):
    """report id → Linked, for these reports."""
    html_langs = {lang["code"]: lang["html_lang"] for lang in config["languages"]}
    return {report["id"]: link_report(report, languages, html_langs, config["ui"]) for report in reports}


def link_report(report, languages, html_langs, ui):
    trees = {lang: localised_report(report, lang, html_langs) for lang in languages}
    glossary = entries(report, trees)
    marks = {lang: mark(tree, glossary, lang) for lang, tree in trees.items()}
    in_unit = {}
    for f in report["figures"]:
        in_unit.setdefault(f["paragraph"], []).append(f)
    figures = {**key_figures(report["figures"]), "words": figure_words(report["figures"], ui),
               "directives": {lang: figure_directives(report["figures"], tree, lang) for lang, tree in trees.items()},
               "waiting": len(report.get("waiting_figures") or []),  # proposed, not yet confirmed
               "in_unit": in_unit}
    return Linked(trees=trees, glossary=glossary, marks=marks,
                  uses={lang: uses(lang_marks) for lang, lang_marks in marks.items()}, figures=figures,
                  warnings=glossary_report(report["id"], glossary, marks, trees["zh"], report["folder"]))


def figure_directives(figures, tree, lang):
    """figure id → a text fragment that highlights its number in the source paragraph, where one is sure."""
    out = {}
    for f in figures:
        unit = tree["by_id"][f["paragraph"]]
        text = None if lang == "zh" or unit["state"] == "missing" else (unit.get("lead") or "") + " " + unit["text"]
        directive = text_directive(f, text)
        if directive:
            out[f["id"]] = ":~:text=" + quote(directive, safe="")
    return out


def unit_marks(linked, unit):
    """A unit's glossary terms by field, as its tree's language found them (none on a Chinese fallback)."""
    if unit["state"] == "missing":
        return {}
    return linked.marks[unit["code"]].get(unit["id"]) or {}
