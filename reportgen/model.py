"""The content model: what a report is, as the types of the plain dicts the YAML loads into (content.py
checks them on loading), and `walk()`, the one walk over a report's units that every other stage uses.

zh.yaml is a Document; content/<id>/ loads into a Report; the site into a Site. Linking (linking.py)
makes a localised tree per language (localise.py): the Document's shape again, each unit a
LocalisedUnit. Templates see these types (README, "Architecture"), and a Page (links.py) for the
page they render.
"""

from typing import Dict, Iterator, List, NamedTuple, NotRequired, Optional, TypedDict

from .urls import GLOSSARY_PAGE, HOME, part_end_name

UNIT_LISTS = ("intro", "sections", "lead_in", "paragraphs", "closing")  # the fields of a part or section that hold units


class Unit(TypedDict):
    """A paragraph: the unit of text with an id, the same in every language."""
    id: str
    text: str
    lead: NotRequired[str]  # a bold opening sentence


class AppendixPage(TypedDict):
    """An appendix other than the glossary (附件1 …), its own page."""
    id: str
    label: str
    title: str
    paragraphs: List[Unit]


class Section(TypedDict):
    id: str                  # positional within its part: p1-s3
    number: int              # the printed numeral's value
    title: str
    summary: NotRequired[str]
    label: NotRequired[str]  # the numbering as printed: （一）
    lead_in: NotRequired[List[Unit]]
    paragraphs: List[Unit]


class Part(TypedDict):
    id: str
    number: int
    title: str
    label: NotRequired[str]
    subtitle: NotRequired[str]
    intro: NotRequired[List[Unit]]
    sections: NotRequired[List[Section]]
    closing: NotRequired[List[Unit]]


class Entry(TypedDict):
    """An entry of the report's own glossary appendix."""
    id: str
    number: int
    label: str
    terms: List[str]
    definition: str


class Appendix(TypedDict):
    heading: NotRequired[str]
    title: str
    entries: List[Entry]


class Document(TypedDict):
    """zh.yaml."""
    id: str
    lang: str
    source: str
    encoding: str
    meta: NotRequired[Dict[str, object]]  # title, dateline, speaker, captions
    opening: NotRequired[List[Unit]]
    parts: List[Part]
    appendix: NotRequired[Appendix]
    appendices: NotRequired[List[AppendixPage]]
    removed: NotRequired[List[dict]]  # web-page furniture ingest took out: line, text, why


class Report(TypedDict):
    """content/<id>/ as loaded: zh.yaml (`doc`), report.yaml (`meta`), translations by language (unit
    id → fields), figures.yaml, glossary.yaml (editors' notes), and every unit by id (`index`)."""
    id: str
    folder: str
    meta: dict
    doc: Document
    index: Dict[str, dict]
    translations: Dict[str, Dict[str, dict]]
    figures: List[dict]
    glossary: List[dict]


class Site(TypedDict):
    config: dict            # site.yaml: languages, ui strings
    languages: List[str]    # language codes, the source language first
    reports: List[Report]


class LocalisedUnit(TypedDict):
    """A unit as a reader of one language sees it: its fields in that language, or the Chinese."""
    id: str
    state: str               # "source", "translated", "outdated" or "missing" (the Chinese shown)
    code: str                # the language of the text shown
    lang: str                # that language's HTML code
    place: NotRequired[dict]  # where it stands (walk's `place`), for "Part I, 2, ¶3"


class Placed(NamedTuple):
    """A unit where it stands: `kind` is part, section, paragraph, entry or appendix; `place` says where
    (kind opening/intro/section/paragraph/closing/attachment, part and section numbers or the
    attachment's label, index from 1; None for parts, entries and appendices); `page` is the name of
    the report's page that shows it (a section's lead line: its part's; an appendix: its own page)."""
    kind: str
    unit: dict
    place: Optional[dict]
    page: str


def walk(doc) -> Iterator[Placed]:
    """Every unit with an id, in the order of the text (a Document, or a localised tree of one)."""
    new = tuple.__new__  # Placed(…) without the Python-level __new__: a build walks each report a dozen times
    for i, u in enumerate(doc.get("opening") or (), 1):
        yield new(Placed, ("paragraph", u, {"kind": "opening", "index": i}, HOME))
    for part in doc.get("parts") or ():
        n, pid = part.get("number"), part["id"]
        yield new(Placed, ("part", part, None, pid))
        for i, u in enumerate(part.get("intro") or (), 1):
            yield new(Placed, ("paragraph", u, {"kind": "intro", "part": n, "index": i}, pid))
        for s in part.get("sections") or ():
            sn, sid = s.get("number"), s["id"]
            for u in s.get("lead_in") or ():  # the lead line before a run of sections, on the part's page
                yield new(Placed, ("paragraph", u, {"kind": "intro", "part": n}, pid))
            yield new(Placed, ("section", s, {"kind": "section", "part": n, "section": sn}, sid))
            for i, u in enumerate(s.get("paragraphs") or (), 1):
                yield new(Placed, ("paragraph", u, {"kind": "paragraph", "part": n, "section": sn, "index": i}, sid))
        end = part_end_name(pid)
        for i, u in enumerate(part.get("closing") or (), 1):
            yield new(Placed, ("paragraph", u, {"kind": "closing", "part": n, "index": i}, end))
    for e in (doc.get("appendix") or {}).get("entries") or ():
        yield new(Placed, ("entry", e, None, GLOSSARY_PAGE))
    for a in doc.get("appendices") or ():
        yield new(Placed, ("appendix", a, None, a["id"]))
        for i, u in enumerate(a.get("paragraphs") or (), 1):
            yield new(Placed, ("paragraph", u, {"kind": "attachment", "label": a.get("label"), "index": i}, a["id"]))
