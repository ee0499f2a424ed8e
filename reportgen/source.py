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
    size = os.path.getsize(path)
    if size > MAX_BYTES:
        raise ReportError(path, None, f"is {size:,} bytes; a report's text is expected to be under {MAX_BYTES:,} bytes")
    with open(path, "rb") as f:
        data = f.read()
    if not data.strip():
        raise ReportError(path, None, "is empty; expected the text of a government work report")
    if b"\x00" in data and not data.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16 is mostly NULs
        line = data[: data.index(b"\x00")].count(b"\n") + 1
        raise ReportError(path, line, "contains NUL bytes: this is a binary file, not a report's plain text")
    text, encoding = _decode(path, data)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    bad = re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffd]", text)
    if bad:
        line = text.count("\n", 0, bad.start()) + 1
        raise ReportError(path, line, f"contains the control or replacement character U+{ord(bad.group()):04X}: "
                          "expected plain text in one encoding")
    return text, encoding


def _decode(path, data):
    if data.startswith(b"\xef\xbb\xbf"):
        return _strict(path, data[3:], "utf-8"), "utf-8 (with BOM)"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return _strict(path, data, "utf-16"), "utf-16"
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
