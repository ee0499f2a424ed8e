"""Numbering that hides a heading from the parser. A heading is recognised by its first characters
(一、, （一）): anything printed before them makes the heading a paragraph, and the report's structure goes
wrong without a word, or a later line gets the blame (its section then seems out of order or empty).

  * stray numbers before a heading (2、二、2025年工作安排, 3.（一）…, often left by a list pasted around
    the text) are an error naming the line and what stands before the heading;
  * a part numbered in Arabic digits where the next part is expected (2、2025年工作安排 after 一、) is a
    warning: the line may be a list item of the part before, so it is kept as a paragraph.

Invisible characters before a heading (a BOM, a zero-width space) are refused as the text is read
(source.py)."""

import re

from .errors import ReportError
from .numerals import cn, cn_number
from .parse import PART_RE, SECTION_RE

_STRAY = re.compile(r"^([0-9０-９]{1,3}\s*[、.．]|[（(][0-9０-９]{1,3}[）)])\s*(.+)$")
_ARABIC_ITEM = re.compile(r"^([0-9０-９]{1,3})\s*、\s*(.+)$")


def _heading(text):
    """'part 二、' or 'section （一）' when `text` opens with a part or section heading, else None."""
    m = PART_RE.match(text)
    if m and cn_number(m.group(1)) and len(text) <= 60 and "。" not in text:
        return f"part heading {m.group(1)}、"
    m = SECTION_RE.match(text)
    if m and cn_number(m.group(1)):
        return f"section heading （{m.group(1)}）"
    return None


def check(lines, notes):
    """Raise ReportError for stray numbers before a heading; warn of a part numbered in Arabic digits.
    `lines` are the body's (line number, text)."""
    parts, last_item = 0, None  # numbered parts seen; the Arabic number of the last list item in this part
    for n, line in lines:
        stray = _STRAY.match(line)
        heading = _heading(stray.group(2)) if stray else None
        if heading:
            raise ReportError(notes.path, n, f"'{stray.group(1)}' stands before the {heading}; expected the heading "
                              f"at the start of its line (remove '{stray.group(1)}', or the heading is read as a "
                              "paragraph)")
        part = PART_RE.match(line)
        if part and cn_number(part.group(1)) == parts + 1 and _heading(line):
            parts, last_item = parts + 1, None
            continue
        item = _ARABIC_ITEM.match(line)
        if not item:
            continue
        number = int(item.group(1).translate(str.maketrans("０１２３４５６７８９", "0123456789")))
        if parts and number == parts + 1 and last_item != number - 1 and len(line) <= 40 and "。" not in line:
            notes.warn(n, f"{item.group(1)}、 numbers a part in Arabic digits: expected {cn(number)}、 if this line "
                       "opens a part; kept as a paragraph")
        last_item = number
