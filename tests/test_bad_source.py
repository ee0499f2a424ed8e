"""Report text in an encoding ingest does not read, with hidden characters, or endless: named, one line."""
import os

import pytest

from conftest import ROOT
from reportgen.errors import ReportError
from reportgen.source import read_text

SEED = os.path.join(ROOT, "seeds", "jianghan-2025.zh.txt")
TEXT = open(SEED, encoding="utf-8").read()


def big5():
    import opencc
    return opencc.OpenCC("s2t").convert(TEXT).encode("big5", errors="replace")


CASES = [
    ("utf16-without-bom", lambda: TEXT.encode("utf-16-le"),
     "{p}: looks like UTF-16LE without a byte-order mark; expected UTF-8 (or UTF-16 with its byte-order mark): "
     "convert it with iconv -f UTF-16LE -t UTF-8"),
    ("utf16be-without-bom", lambda: TEXT.encode("utf-16-be"),
     "{p}: looks like UTF-16BE without a byte-order mark; expected UTF-8 (or UTF-16 with its byte-order mark): "
     "convert it with iconv -f UTF-16BE -t UTF-8"),
    ("utf32", lambda: TEXT.encode("utf-32"),
     "{p}: is UTF-32; expected UTF-8, UTF-16 with its byte-order mark or GB18030/GBK (convert it with iconv -f "
     "UTF-32 -t UTF-8)"),
    ("big5", big5,
     "{p}: looks like Big5 (traditional Chinese); expected UTF-8 or GB18030/GBK: convert it with iconv -f BIG5 -t "
     "UTF-8"),
    ("zero-width-space-before-heading", lambda: TEXT.replace("\n一、", "\n\u200b一、", 1).encode("utf-8"),
     "{p}:3: has an invisible U+200B ZERO WIDTH SPACE at the start of the line; expected it removed (it hides what "
     "follows from the reader and from the heading check)"),
    ("bom-before-heading", lambda: TEXT.replace("\n一、", "\n\ufeff一、", 1).encode("utf-8"),
     "{p}:3: has an invisible U+FEFF BYTE ORDER MARK at the start of the line; expected it removed (it hides what "
     "follows from the reader and from the heading check)"),
    ("c1-control", lambda: TEXT.replace("\n", "\n\u0085", 1).encode("utf-8"),
     "{p}:2: contains the control or replacement character U+0085: expected plain text in one encoding"),
]


@pytest.mark.parametrize("name,data,message", CASES, ids=[c[0] for c in CASES])
def test_unreadable_text_is_named(tmp_path, name, data, message):
    path = tmp_path / f"{name}.txt"
    path.write_bytes(data())
    with pytest.raises(ReportError) as e:
        read_text(path)
    assert str(e.value) == message.format(p=path)


def test_a_device_is_not_read():
    with pytest.raises(ReportError) as e:
        read_text("/dev/zero")
    assert str(e.value) == "/dev/zero: is not a regular file; expected a report's plain-text file"


def test_the_seed_and_its_utf16_with_bom_still_read(tmp_path):
    assert read_text(SEED)[0] == TEXT
    path = tmp_path / "bom16.txt"
    path.write_bytes(("\ufeff" + TEXT).encode("utf-16-le"))
    assert read_text(path) == (TEXT, "utf-16")
