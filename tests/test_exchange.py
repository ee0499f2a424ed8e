"""Exchange with translators' tools: export the units that need work as XLIFF or PO, fill them as a CAT
tool would (translate-toolkit), import them back into content/<id>/en/."""
import os
import re
import shutil
import subprocess
import sys

import pytest
import yaml
from translate.storage import factory

from conftest import ROOT
from reportgen.content import load_site, unit_index
from reportgen.translation import fingerprint

BIN = os.path.dirname(sys.executable)
RID = "jianghan-2025"


def cli(*args):
    return subprocess.run([sys.executable, os.path.join(ROOT, "build.py"), "translations", *args],
                          capture_output=True, text=True, cwd=ROOT)


def translations(content):
    return load_site(str(content))["reports"][0]["translations"]["en"]


def en_file(content, name):
    return content / RID / "en" / name


def drop_units(path, ids):
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    for uid in ids:
        data.pop(uid)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=10**6), encoding="utf-8")


def fill(path, answer, fuzzy=False):
    """What a translator does in a CAT tool: type a target for each string, mark it done."""
    from reportgen.exchange_formats import _parse
    store = _parse(str(path))  # XLIFF 1.2 and PO by translate-toolkit's factory, XLIFF 2.0 by its own class
    for unit in store.units:
        if unit.isheader():
            continue
        key = unit.getid() if str(path).endswith(".xlf") else unit.getcontext()
        target = answer(key, unit.source)
        if target is not None:
            unit.target = target
            unit.markfuzzy(fuzzy)
    path.write_bytes(bytes(store))


def original_answer(original):
    """The English the repository already has, by key: filling with it must give back the same content."""
    def answer(key, source):
        uid, field = re.match(r"[^/:]+[/:]([^.]+)\.(\w+)[@:]", key).groups()
        value = original[uid][field] if uid != "meta" else original["meta"][field]
        return " | ".join(value) if isinstance(value, list) else value
    return answer


@pytest.mark.parametrize("fmt, ext", [("xliff", "xlf"), ("po", "po"), ("xliff2", "xlf")])
def test_export_fill_import_gives_what_writing_the_yaml_by_hand_gives(content_copy, tmp_path, fmt, ext):
    original = translations(content_copy)
    drop_units(en_file(content_copy, "02-p1s3-s4.yaml"), ["p1-s3", "p1-s3-1", "p1-s3-2"])
    out = tmp_path / f"work.{ext}"
    r = cli("export", RID, "--format", fmt, "--out", str(out), "--content", str(content_copy))
    assert r.returncode == 0, r.stderr
    assert "3 unit(s), 6 string(s) exported" in r.stderr  # a title and summary, two leads and texts
    fill(out, original_answer(original))
    r = cli("import", str(out), "--content", str(content_copy))
    assert r.returncode == 0, r.stdout + r.stderr
    assert r.stdout.splitlines()[0] == (f"{RID} (en) from {out}: 0 unit(s) updated, 3 added, 0 unchanged; "
                                        "changed 1 file(s)")
    assert translations(content_copy) == original  # the same data as the YAML written by hand
    new = en_file(content_copy, "06-p1s3.yaml")
    assert new.exists(), sorted(os.listdir(content_copy / RID / "en"))


def test_out_of_date_unit_is_exported_with_its_old_english_and_stamped_on_import(content_copy, tmp_path):
    zh = content_copy / RID / "zh.yaml"
    zh.write_text(zh.read_text(encoding="utf-8").replace("签约亿元以上项目85个", "签约亿元以上项目85个（更正）"),
                  encoding="utf-8")
    out = tmp_path / "work.po"
    assert cli("export", RID, "--format", "po", "--out", str(out), "--content", str(content_copy)).returncode == 0
    store = factory.getobject(str(out))
    lead, unit = [u for u in store.units if not u.isheader()]
    assert lead.getcontext().startswith(f"{RID}/p1-s1-3.lead@") and unit.getcontext().startswith(f"{RID}/p1-s1-3.text@")
    assert unit.isfuzzy() and unit.target.startswith("We deepened reform of the comprehensive performance")
    assert "Out of date: the Chinese changed since this English was made" in unit.getnotes()
    assert "第一部分（一）第3段 · Part I, 1, ¶3" in unit.getnotes()
    fill(out, lambda key, source: None)  # nothing typed: still fuzzy, nothing applied
    r = cli("import", str(out), "--content", str(content_copy))
    assert "not applied: left fuzzy / needing review in the file: p1-s1-3.lead, p1-s1-3.text" in r.stdout
    old = {"lead": lead.target, "text": unit.target}
    fill(out, lambda key, source: old["lead"] if ".lead@" in key else old["text"] + " (Corrected.)")
    r = cli("import", str(out), "--content", str(content_copy))
    assert r.returncode == 0, r.stdout
    unit_now = unit_index(yaml.safe_load(zh.read_text(encoding="utf-8")))["p1-s1-3"]
    tr = translations(content_copy)["p1-s1-3"]
    assert tr["text"].endswith("contracted investment totaled 95 billion yuan. (Corrected.)")
    assert tr["source"] == fingerprint(unit_now)


def test_a_unit_whose_chinese_changed_since_export_is_listed_and_not_applied(content_copy, tmp_path):
    out = tmp_path / "all.xlf"
    assert cli("export", RID, "--all", "--out", str(out), "--content", str(content_copy)).returncode == 0
    fill(out, lambda key, source: "Changed." if "/p1-s1-3.text@" in key or "/p1-s1-2.text@" in key else None)
    zh = content_copy / RID / "zh.yaml"
    zh.write_text(zh.read_text(encoding="utf-8").replace("签约亿元以上项目85个", "签约亿元以上项目86个"), encoding="utf-8")
    before = {p.name: p.read_bytes() for p in (content_copy / RID / "en").iterdir()}
    r = cli("import", str(out), "--content", str(content_copy), "--dry-run")
    assert r.returncode == 1
    lines = r.stdout.splitlines()
    assert "  not applied: the Chinese changed since export (export again): p1-s1-3.lead, p1-s1-3.text" in lines
    # the other string is checked: its English lost every number of the Chinese
    assert lines[-1] == ("  not applied: refused: p1-s1-2: numbers of the Chinese missing from the English: "
                         "81,100,000,000")
    assert {p.name: p.read_bytes() for p in (content_copy / RID / "en").iterdir()} == before  # dry run



def test_comments_and_layout_of_a_translation_file_survive_an_import(content_copy, tmp_path):
    path = en_file(content_copy, "01-opening-p1s1-s2.yaml")
    text = path.read_text(encoding="utf-8")
    commented = ("# Part I, sections 1 and 2: checked by the editor, 2025-02-01.\n"
                 + text.replace("p1-s1-1:\n", "# the lead follows the official style\np1-s1-1:\n  # editor: keep 'gathered pace'\n"))
    path.write_text(commented, encoding="utf-8")
    out = tmp_path / "all.po"
    assert cli("export", RID, "--all", "--format", "po", "--out", str(out), "--content", str(content_copy)).returncode == 0
    fill(out, lambda key, source: "Industrial transformation sped up." if "/p1-s1-1.lead@" in key else None)
    r = cli("import", str(out), "--content", str(content_copy))
    assert r.returncode == 0, r.stdout
    assert r.stdout.splitlines()[0].endswith("1 unit(s) updated, 0 added, 78 unchanged; changed 1 file(s)")
    after = path.read_text(encoding="utf-8")
    # the only line that differs is the lead; every comment and every other byte is kept
    assert after == commented.replace("  lead: Industrial transformation gathered pace.\n",
                                      "  lead: Industrial transformation sped up.\n")


def test_po_and_xliff_are_interchangeable_through_translate_toolkit_converters(content_copy, tmp_path):
    """A PO file a translator turned into XLIFF (po2xliff), or XLIFF into PO (xliff2po), imports the same."""
    original = translations(content_copy)
    drop_units(en_file(content_copy, "04-p2s2-s5.yaml"), ["p2-s3-1", "p2-s3-2"])
    results = {}
    for fmt, ext, convert, other in (("po", "po", "po2xliff", "xlf"), ("xliff", "xlf", "xliff2po", "po")):
        work = tmp_path / fmt
        shutil.copytree(content_copy, work)
        exported = tmp_path / f"{fmt}.{ext}"
        assert cli("export", RID, "--format", fmt, "--out", str(exported), "--content", str(work)).returncode == 0
        fill(exported, original_answer(original))
        converted = tmp_path / f"{fmt}-converted.{other}"
        subprocess.run([os.path.join(BIN, convert), str(exported), str(converted)], check=True, capture_output=True)
        r = cli("import", str(converted), "--content", str(work))
        assert r.returncode == 0, r.stdout + r.stderr
        results[fmt] = translations(work)
    assert results["po"] == results["xliff"] == original


@pytest.mark.parametrize("target, message", [
    ("We built <b>bold</b> things.", 'p1-s1-1.lead: contains "<" (U+003C); expected plain text: the site adds all '
                                     "markup itself"),
    ("We built {{ page }} things.", 'p1-s1-1.lead: contains "{{" (U+007B); expected plain text: the site adds all '
                                    "markup itself"),
    ("We built \ufdd0 things.", "p1-s1-1.lead: contains U+FDD0; expected plain text: the site adds all "
                                "markup itself"),
])
def test_markup_and_link_marks_are_refused(content_copy, tmp_path, target, message):
    out = tmp_path / "all.xlf"
    assert cli("export", RID, "--all", "--out", str(out), "--content", str(content_copy)).returncode == 0
    fill(out, lambda key, source: target if "/p1-s1-1.lead@" in key else None)
    before = en_file(content_copy, "01-opening-p1s1-s2.yaml").read_bytes()
    r = cli("import", str(out), "--content", str(content_copy))
    assert r.returncode == 1
    assert f"  not applied: refused: {message}" in r.stdout.splitlines()
    assert en_file(content_copy, "01-opening-p1s1-s2.yaml").read_bytes() == before


@pytest.mark.parametrize("name, body, message", [
    ("missing.po", None, "missing.po: no such file; expected a translated XLIFF or PO file"),
    ("notes.txt", "hello", "notes.txt: is neither XLIFF (.xlf, .xliff) nor PO (.po); expected a file written by "
                           "`build.py translations export`"),
    ("other.po", 'msgid "Hello"\nmsgstr "Bonjour"\n', "other.po: holds no string exported by this site; expected ids "
     "such as jianghan-2025/p1-s1-1.text@0123456789ab (from `build.py translations export`)"),
    ("broken.xlf", "<xliff><file>", "broken.xlf: could not be read as XLF: "),
    ("laughs.xlf", '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">' + "".join(
        f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(8)) + ']><xliff><file><body>'
     '<trans-unit id="jianghan-2025/p1.title@6a482ee8705d"><source>x</source><target>&i;</target></trans-unit>'
     '</body></file></xliff>', "laughs.xlf: could not be read as XLF: "),  # entities are never expanded
    ("huge.po", 21 * 1024 * 1024, "huge.po: is 22,020,096 bytes; a translation file is expected to be under "
                                  "20,971,520 bytes"),
])
def test_bad_import_file_gets_one_line_and_changes_nothing(content_copy, tmp_path, name, body, message):
    path = tmp_path / name
    if isinstance(body, int):
        with open(path, "wb") as f:
            f.truncate(body)
    elif body is not None:
        path.write_text(body, encoding="utf-8")
    before = {p.name: p.read_bytes() for p in (content_copy / RID / "en").iterdir()}
    r = cli("import", str(path), "--content", str(content_copy))
    assert r.returncode == 1 and "Traceback" not in r.stderr
    assert len(r.stderr.splitlines()) == 1 and r.stderr.startswith(f"{tmp_path}/{message}")
    assert {p.name: p.read_bytes() for p in (content_copy / RID / "en").iterdir()} == before


def test_unknown_report_is_named_with_the_known_ones(content_copy):
    r = cli("export", "nope", "--content", str(content_copy))
    assert (r.returncode, r.stderr) == (1, f"{content_copy}: no report 'nope'; expected one of: {RID}\n")


def test_pofilter_reads_the_exports_and_finds_no_broken_string(content_copy, tmp_path):
    """translate-toolkit's checks over a real export (every unit, with the English the site has). The
    critical checks must pass; the one exception is `printf`, which reads 50%以上 as a C format `%以`."""
    for fmt, ext in (("po", "po"), ("xliff", "xlf")):
        out = tmp_path / f"all.{ext}"
        assert cli("export", RID, "--all", "--format", fmt, "--out", str(out), "--content", str(content_copy)).returncode == 0
        report = tmp_path / f"checked.{ext}"
        r = subprocess.run([os.path.join(BIN, "pofilter"), "--progress=none", "--language=en", str(out), str(report)],
                           capture_output=True, text=True)
        assert r.returncode == 0 and r.stderr == "", r.stderr
        critical = subprocess.run([os.path.join(BIN, "pofilter"), "--progress=none", "--language=en", "-t", "escapes",
                                   "-t", "newlines", "-t", "tabs", "-t", "printf", "-t", "pythonbraceformat",
                                   "-t", "xmltags", "-t", "variables", str(out), str(tmp_path / f"critical.{ext}")],
                                  capture_output=True, text=True)
        assert critical.returncode == 0
        failed = [u for u in factory.getobject(str(tmp_path / f"critical.{ext}")).units if not u.isheader()]
        assert failed and all(re.search(r"%[\u4e00-\u9fff]", u.source) for u in failed), [u.source[:40] for u in failed]
        print(f"pofilter {fmt}: critical checks failed on {len(failed)} string(s), each a %以-style false positive")


def test_notes_carry_the_place_and_the_termbase_and_glossary_renderings(tmp_path):
    out = tmp_path / "all.po"
    assert cli("export", RID, "--all", "--format", "po", "--out", str(out)).returncode == 0
    units = {u.getcontext().split("@")[0]: u for u in factory.getobject(str(out)).units if not u.isheader()}
    notes = units[f"{RID}/p2-s2.summary"].getnotes()
    assert notes.splitlines()[0] == "第二部分（二） · Part II, 2"
    assert "“235” = The “235” modern industrial system" in notes  # an editors' note (glossary.yaml)
    assert "六个致力 = Six Commitments" in units[f"{RID}/p2-1.text"].getnotes()  # the termbase
    assert units[f"{RID}/g3.label"].getnotes().splitlines()[0] == "名词解释3 · Glossary 3"


def test_xliff_from_a_tool_that_sets_only_the_state_is_applied(content_copy, tmp_path):
    """Many CAT tools mark a finished string state="translated" and never set approved="yes"."""
    drop_units(en_file(content_copy, "02-p1s3-s4.yaml"), ["p1-s3-1"])
    out = tmp_path / "work.xlf"
    assert cli("export", RID, "--out", str(out), "--content", str(content_copy)).returncode == 0
    text = out.read_text(encoding="utf-8")
    lead = "Urban renewal moved ahead."
    filled = re.sub(r'(<source>[^<]*</source>)', lambda m: m.group(1) + f'<target state="translated">{lead}</target>'
                    if "。" in m.group(1) and len(m.group(1)) < 40 else m.group(1), text)
    out.write_text(filled, encoding="utf-8")
    r = cli("import", str(out), "--content", str(content_copy))
    assert translations(content_copy)["p1-s3-1"] == {"lead": lead}, r.stdout  # half done: not stamped
    assert "partly translated (not stamped until every field is): p1-s3-1" in r.stdout
    out.write_text(filled.replace('state="translated"', 'state="needs-review-translation"'), encoding="utf-8")
    drop_units(en_file(content_copy, "06-p1s3.yaml"), ["p1-s3-1"])
    r = cli("import", str(out), "--content", str(content_copy))
    assert "not applied: left fuzzy / needing review in the file: p1-s3-1.lead" in r.stdout


def test_xliff2_out_of_date_strings_wait_for_the_translator(content_copy, tmp_path):
    zh = content_copy / RID / "zh.yaml"
    zh.write_text(zh.read_text(encoding="utf-8").replace("签约亿元以上项目85个", "签约亿元以上项目85个（更正）"),
                  encoding="utf-8")
    out = tmp_path / "work.xlf"
    assert cli("export", RID, "--format", "xliff2", "--out", str(out), "--content", str(content_copy)).returncode == 0
    text = out.read_text(encoding="utf-8")
    assert 'xmlns="urn:oasis:names:tc:xliff:document:2.0"' in text and 'state="initial"' in text
    assert re.search(r'<unit id="jianghan-2025:p1-s1-3\.text:[0-9a-f]{12}">\s*<notes>', text)
    r = cli("import", str(out), "--content", str(content_copy))
    assert "not applied: left fuzzy / needing review in the file: p1-s1-3.lead, p1-s1-3.text" in r.stdout
    out.write_text(out.read_text(encoding="utf-8").replace('state="initial"', 'state="translated"'), encoding="utf-8")
    r = cli("import", str(out), "--content", str(content_copy))
    assert r.returncode == 0, r.stdout  # the translator confirmed the English: stamped
    from reportgen.content import unit_index as index_of
    assert translations(content_copy)["p1-s1-3"]["source"] == fingerprint(
        index_of(yaml.safe_load(zh.read_text(encoding="utf-8")))["p1-s1-3"])


def test_a_part_subtitle_is_translated_like_any_field(content_copy, tmp_path):
    zh = content_copy / RID / "zh.yaml"
    zh.write_text(zh.read_text(encoding="utf-8").replace("  title: 2024年工作回顾\n",
                                                         "  title: 2024年工作回顾\n  subtitle: 稳中有进、进中提质\n", 1),
                  encoding="utf-8")
    out = tmp_path / "work.po"
    assert cli("export", RID, "--format", "po", "--out", str(out), "--content", str(content_copy)).returncode == 0
    keys = [u.getcontext().split("@")[0] for u in factory.getobject(str(out)).units if not u.isheader()]
    assert keys == [f"{RID}/p1.title", f"{RID}/p1.subtitle"]  # the part is out of date: its Chinese grew
    fill(out, lambda key, source: "Progress amid stability" if ".subtitle@" in key else "A Review of Our Work in 2024")
    r = cli("import", str(out), "--content", str(content_copy))
    assert r.returncode == 0, r.stdout
    tr = translations(content_copy)["p1"]
    assert (tr["title"], tr["subtitle"]) == ("A Review of Our Work in 2024", "Progress amid stability")
    site = load_site(str(content_copy))
    from reportgen.translation import localise
    assert localise(site["reports"][0]["index"]["p1"], "en", site["reports"][0]["translations"])[1] == "translated"
