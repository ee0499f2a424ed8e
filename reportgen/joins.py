"""Lines broken in mid-sentence (where the web page had an inline link: 视察河北 / 重要讲话 / 和…, PM / 2.5,
创建省 / 级及以上…) are put back together; every join is listed."""

import re

from .numerals import NUMERAL_CHARS
from .parse import ENTRY_RE, SALUTATION_RE

_TERMINAL = "。！？；：!?;:…"
_CLOSERS = "”’」』）)》"
_NEW_ITEM_RE = re.compile(r"^(?:——|[一二三四五六七八九十]+是|（\d{1,2}）|\d{1,2}[.．、](?!\d)|"
                          rf"[（(]?[{NUMERAL_CHARS}]{{1,6}}[）)、])")
_CONTINUES = "，、。；：！？）》”’%"


def ends_sentence(text):
    if text[-1] in _TERMINAL:
        return True
    return text[-1] in _CLOSERS and len(text) > 1 and text[-2] in _TERMINAL


def rejoin(lines, is_heading, notes):
    """Lines (number, text) with each line that continues an unfinished sentence put after it."""
    out, joined = [], False
    for n, line in lines:
        if out and _continues(out[-1][1], line, joined, is_heading):
            notes.join(n, out[-1][1], line)
            out[-1] = (out[-1][0], out[-1][1] + line)
            joined = True
            continue
        out.append((n, line))
        joined = False
    return out


def _continues(a, b, joined, is_heading):
    """b carries on a's sentence: a stops without ending one, b starts no item of its own, and the break
    shows (b opens with punctuation, is a short fragment, or a is a paragraph cut after its first sentences)."""
    if ends_sentence(a) or is_heading(a) or is_heading(b) or is_heading(a + b):
        return False
    if SALUTATION_RE.match(b) or b.startswith("各位代表") or _NEW_ITEM_RE.match(b) or ENTRY_RE.match(b):
        return False
    if b[0] in _CONTINUES or joined:
        return True
    if a[-1].isascii() and a[-1].isalnum() and (b[0].isascii() and b[0].isalnum()):
        return True  # PM / 2.5
    if len(b) <= 12 and not ends_sentence(b):
        return True  # the text of an inline link
    return bool(re.search(r"[。！？；]", a[:-1]))
