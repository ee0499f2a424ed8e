"""The genre's grammar: a report's lines become front matter, parts, sections, paragraphs and appendices.

The work is split along what is parsed: web-page furniture (furniture.py), the title block (frontmatter.py),
the report's body (body.py, with broken lines rejoined by joins.py) and what follows it (appendix.py).
The result is plain data without ids; ids are given (or kept) by ingest. Besides the report it lists
what was set aside (`removed`), what was rejoined (`joins`) and lines kept as they stand (`warnings`).
"""

import re

from .errors import ReportError
from .numerals import NUMERAL_CHARS, cn, cn_number  # noqa: F401 - cn and cn_number are used through here
from .source import normalise

_N = f"[{NUMERAL_CHARS}]{{1,6}}"  # 一 … 九百九十九
PART_RE = re.compile(rf"^({_N})、(.+)$")
SECTION_RE = re.compile(rf"^（({_N})）(.*)$")
ORDINAL_RE = re.compile(rf"^第({_N})部分\s*(.*)$")
# 1. 1． 1、 [1] ［1］ 【1】 （1）; a digit after the stop is a decimal (5.5%左右…), never an entry.
ENTRY_RE = re.compile(r"^(?:(\d{1,3})[.．、](?![\d.．])|[\[［【（(](\d{1,3})[\]］】）)])\s*(.*)$")
SALUTATION_RE = re.compile(r"^各位代表[！!，,：:]")
LEAD_RE = re.compile(r"^(——)?([^，。；：！？“”]{2,24}[。！])")


def split_lead(text):
    """Split a short opening sentence (产业转型加快推进。…) from the rest of a paragraph. A salutation
    (各位代表！) is an address to the session, never a paragraph's lead sentence."""
    if SALUTATION_RE.match(text):
        return None, text
    m = LEAD_RE.match(text)
    if not m or len(text) == len(m.group(0)):
        return None, text
    return m.group(0), text[len(m.group(0)):]


def paragraph(text):
    lead, body = split_lead(text)
    return {"lead": lead, "text": body} if lead else {"text": text}


class Notes:
    """What parsing set aside, rejoined or kept with a doubt, each with its line in the source."""

    def __init__(self, path):
        self.path = str(path)
        self.removed, self.joins, self.warnings = [], [], []

    def remove(self, n, text, why):
        self.removed.append({"line": n, "text": text, "why": why})

    def join(self, n, first, second):
        self.joins.append({"line": n, "text": f"{first[-12:]} + {second[:12]}"})

    def warn(self, n, message):
        self.warnings.append(f"{self.path}:{n}: {message}" if n else f"{self.path}: {message}")


def parse_report(path, text):
    """Parse a whole report; raise ReportError only for a text that is no report at all."""
    from . import appendix, body, frontmatter, furniture, numbering  # they import the helpers above
    notes = Notes(path)
    lines = [(n, normalise(raw)) for n, raw in enumerate(text.split("\n"), 1)]
    lines = [(n, line) for n, line in lines if line]
    start = body.body_start(lines)
    if start is None:
        raise ReportError(path, None, "has no part headings (一、… 二、…): this does not look like a government "
                          "work report")
    meta, unclaimed, starts = frontmatter.front_matter(lines[:start], notes)
    rest = furniture.strip_end(lines[start:], starts, notes)
    body_lines, tail = appendix.split_off(rest)
    numbering.check(unclaimed + body_lines, notes)
    opening, parts = body.parse_body(path, unclaimed + body_lines, notes)
    report = {"meta": meta, "opening": opening, "parts": parts}
    report.update(appendix.parse_appendices(path, tail, notes))
    report.update({"removed": sorted(notes.removed, key=lambda r: r["line"]), "joins": notes.joins,
                   "warnings": notes.warnings})
    return report
