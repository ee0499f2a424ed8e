"""Reading a report's plain text: encoding detection, line ends, punctuation normalisation."""

import os
import re

from .errors import ReportError

MAX_BYTES = 5 * 1024 * 1024  # the longest real report is ~80 KB; 5 MB is far past any report

# ASCII punctuation that Chinese typesetting writes full-width when it stands next to Chinese text.
# A question mark is left as printed: in these texts an ASCII ? stands for a character lost in conversion.
_FULL_WIDTH = {",": "，", ":": "：", ";": "；", "!": "！", "(": "（", ")": "）"}
_CJK = r"\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef\u2018-\u201d\u2014\u2026"
_PUNCT_NEAR_CJK = re.compile(
    rf"(?<=[{_CJK}])[ \t]*([,:;!()])[ \t]*|[ \t]*([,:;!()])[ \t]*(?=[{_CJK}])"
)


def read_text(path):
    """Return (text, encoding) for a report file, or raise ReportError saying what is wrong."""
    path = str(path)
    if not os.path.exists(path):
        raise ReportError(path, None, "no such file; expected the path of a report's plain-text file")
    if os.path.isdir(path):
        raise ReportError(path, None, "is a directory; expected a report's plain-text file")
    if not os.path.isfile(path):  # a device or a pipe could be read for ever
        raise ReportError(path, None, "is not a regular file; expected a report's plain-text file")
    size = os.path.getsize(path)
    if size > MAX_BYTES:
        raise ReportError(path, None, f"is {size:,} bytes; a report's text is expected to be under {MAX_BYTES:,} bytes")
    with open(path, "rb") as f:
        data = f.read(MAX_BYTES + 1)  # bounded, whatever the size said
    if len(data) > MAX_BYTES:
        raise ReportError(path, None, f"is over {MAX_BYTES:,} bytes; a report's text is expected to be under "
                          f"{MAX_BYTES:,} bytes")
    if not data.strip():
        raise ReportError(path, None, "is empty; expected the text of a government work report")
    _refuse_unreadable_encodings(path, data)
    text, encoding = _decode(path, data)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    bad = re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffd]", text)
    if bad:
        line = text.count("\n", 0, bad.start()) + 1
        raise ReportError(path, line, f"contains the control or replacement character U+{ord(bad.group()):04X}: "
                          "expected plain text in one encoding")
    _refuse_hidden_characters(path, text)
    return text, encoding


# Characters that show as nothing: at the start of a line they hide the heading after it from the parser.
_HIDDEN = {"\ufeff": "BYTE ORDER MARK", "\u200b": "ZERO WIDTH SPACE", "\u200c": "ZERO WIDTH NON-JOINER",
           "\u200d": "ZERO WIDTH JOINER", "\u2060": "WORD JOINER", "\u200e": "LEFT-TO-RIGHT MARK",
           "\u200f": "RIGHT-TO-LEFT MARK"}
_HIDDEN_AT_START = re.compile("^[ \t\u3000]*([" + "".join(_HIDDEN) + "])", re.M)


def _refuse_hidden_characters(path, text):
    m = _HIDDEN_AT_START.search(text) or re.search("\ufeff", text)
    if m:
        ch = m.group(1) if m.groups() else m.group()
        line = text.count("\n", 0, m.start()) + 1
        raise ReportError(path, line, f"has an invisible U+{ord(ch):04X} {_HIDDEN[ch]} "
                          f"{'at the start of the line' if m.groups() else 'inside the text'}; expected it removed "
                          "(it hides what follows from the reader and from the heading check)")


def _refuse_unreadable_encodings(path, data):
    """UTF-32, UTF-16 without a byte-order mark and Big5 are named, not misread."""
    if data.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        raise ReportError(path, None, "is UTF-32; expected UTF-8, UTF-16 with its byte-order mark or GB18030/GBK "
                          "(convert it with iconv -f UTF-32 -t UTF-8)")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return
    order = _utf16_order(data)
    if order:
        raise ReportError(path, None, f"looks like UTF-16{order} without a byte-order mark; expected UTF-8 (or "
                          f"UTF-16 with its byte-order mark): convert it with iconv -f UTF-16{order} -t UTF-8")
    if _looks_like_big5(data):
        raise ReportError(path, None, "looks like Big5 (traditional Chinese); expected UTF-8 or GB18030/GBK: "
                          "convert it with iconv -f BIG5 -t UTF-8")


def _utf16_order(data):
    """"LE" or "BE" when NUL bytes are there and the bytes read as UTF-16 text of that order, else None."""
    if b"\x00" not in data or len(data) % 2:
        return None
    for order in ("LE", "BE"):
        try:
            text = data.decode(f"utf-16-{order.lower()}")
        except UnicodeDecodeError:
            continue
        if sum(ch.isprintable() or ch in "\r\n\t" for ch in text) > 0.95 * len(text):
            return order
    return None


_COMMON = "的一是在和了年、，。发展經濟经济工作報告报告"


def _looks_like_big5(data):
    """Not UTF-8, and as Big5 it reads as ordinary Chinese far better than as GB18030."""
    try:
        data.decode("utf-8")
        return False
    except UnicodeDecodeError:
        pass
    try:
        as_big5 = data.decode("big5")
    except UnicodeDecodeError:
        return False
    as_gb = data.decode("gb18030", errors="replace")
    score = lambda text: sum(text.count(ch) for ch in _COMMON)  # noqa: E731
    return score(as_big5) > 2 * score(as_gb) + 5


def _decode(path, data):
    if data.startswith(b"\xef\xbb\xbf"):
        return _strict(path, data[3:], "utf-8"), "utf-8 (with BOM)"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return _strict(path, data, "utf-16"), "utf-16"
    if b"\x00" in data:  # UTF-16 was named above; this is a binary file
        line = data[: data.index(b"\x00")].count(b"\n") + 1
        raise ReportError(path, line, "contains NUL bytes: this is a binary file, not a report's plain text")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as utf8_error:
        try:
            return data.decode("gb18030"), "gb18030"
        except UnicodeDecodeError:
            line = data[: utf8_error.start].count(b"\n") + 1
            raise ReportError(path, line, "is neither valid UTF-8 nor GB18030/GBK (mixed encodings?); "
                              "expected the whole file in one encoding") from None


def _strict(path, data, encoding):
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as e:
        line = data[: e.start].count(b"\n") + 1
        raise ReportError(path, line, f"is not valid {encoding} after its byte-order mark") from None


def normalise(line):
    """Full-width punctuation next to Chinese; digits, Latin text and numbers like 1,000 untouched."""
    line = re.sub(r"[\u00a0\u2000-\u200a\u3000]", " ", line).strip()
    return _PUNCT_NEAR_CJK.sub(lambda m: _FULL_WIDTH[m.group(1) or m.group(2)], line)
