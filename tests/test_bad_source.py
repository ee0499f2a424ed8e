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


# the end of the line an invisible character at the start of a line gets
HIDES = (
    "at the start of the line; expected it removed "
    "(it hides what follows from the reader and from the heading check)")
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
     "{p}:3: has an invisible U+200B ZERO WIDTH SPACE " + HIDES),
    ("bom-before-heading", lambda: TEXT.replace("\n一、", "\n\ufeff一、", 1).encode("utf-8"),
     "{p}:3: has an invisible U+FEFF BYTE ORDER MARK " + HIDES),
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


def _ingest(tmp_path, name, text):
    import subprocess
    import sys
    path = tmp_path / f"{name}.txt"
    path.write_bytes(text.encode("utf-8"))
    content = tmp_path / "content"
    result = subprocess.run([sys.executable, os.path.join(ROOT, "build.py"), "ingest", str(path), "--id", "x-2025",
                             "--content", str(content)], capture_output=True, text=True, cwd=tmp_path, timeout=120)
    assert "Traceback" not in result.stderr
    return path, content, result


PART_2, SECTION_1 = "\n二、2025年工作安排", "\n(一)聚力稳预期激活力"
HIDDEN_BEFORE_HEADING = [  # what stands before the heading of line 33 (part 二) or 36 (its section （一）)
    ("bom", TEXT.replace(PART_2, "\n\ufeff" + PART_2[1:]),
     "{p}:33: has an invisible U+FEFF BYTE ORDER MARK " + HIDES),
    ("zero-width-space", TEXT.replace(SECTION_1, "\n\u200b" + SECTION_1[1:]),
     "{p}:36: has an invisible U+200B ZERO WIDTH SPACE " + HIDES),
    ("word-joiner-after-spaces", TEXT.replace(PART_2, "\n\u3000\u2060" + PART_2[1:]),
     "{p}:33: has an invisible U+2060 WORD JOINER " + HIDES),
    ("number-before-part", TEXT.replace(PART_2, "\n2、" + PART_2[1:]),
     "{p}:33: '2、' stands before the part heading 二、; expected the heading at the start of its line (remove '2、', "
     "or the heading is read as a paragraph)"),
    ("number-before-section", TEXT.replace(SECTION_1, "\n3." + SECTION_1[1:]),
     "{p}:36: '3.' stands before the section heading （一）; expected the heading at the start of its line (remove "
     "'3.', or the heading is read as a paragraph)"),
]


@pytest.mark.parametrize("name,text,message", HIDDEN_BEFORE_HEADING, ids=[h[0] for h in HIDDEN_BEFORE_HEADING])
def test_what_stands_before_a_heading_is_named_on_its_own_line(tmp_path, name, text, message):
    """Anything before a heading's numbering hides the heading; the line it is on gets the blame, never a
    later one (a section that seems out of order, a part that seems empty)."""
    path, content, result = _ingest(tmp_path, name, text)
    assert result.returncode == 1
    assert result.stderr.rstrip("\n").split("\n") == [f"ingest failed; {content}/ was left as it was:",
                                                      message.format(p=path)]
    assert not content.exists()


def test_a_part_numbered_in_arabic_digits_is_kept_as_a_paragraph_with_a_warning(tmp_path):
    path, content, result = _ingest(tmp_path, "arabic-part", TEXT.replace(PART_2, "\n2、" + PART_2[3:]))
    assert result.returncode == 0, result.stderr
    assert (f"  warning: {path}:33: 2、 numbers a part in Arabic digits: expected 二、 if this line opens a part; kept "
            "as a paragraph") in result.stdout.split("\n")
    # a numbered list at the end of part 一 (1、 … 2、 …) is no part heading and gets no warning
    (tmp_path / "listed").mkdir()
    listed = _ingest(tmp_path / "listed", "listed", TEXT.replace(PART_2, "\n1、第一项安排\n2、第二项安排" + PART_2))[2]
    assert listed.returncode == 0 and "Arabic digits" not in listed.stdout, listed
