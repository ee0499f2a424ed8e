"""Build: content problems are collected and named; output is atomic and safe; content is inert text."""
import os
import subprocess
import sys
import time

import pytest
import yaml

from conftest import ROOT, build_site
from reportgen.errors import ContentErrors, ReportError


def run_build(*args, cwd=ROOT):
    return subprocess.run([sys.executable, os.path.join(ROOT, "build.py"), *args], capture_output=True, text=True,
                          cwd=cwd)


def edit_yaml(path, change):
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def errors_for(content, tmp_path):
    with pytest.raises(ContentErrors) as e:
        build_site(tmp_path / "out", content=str(content))
    return [str(x) for x in e.value.errors]


def test_every_content_problem_is_reported_together(content_copy, tmp_path):
    zh = content_copy / "jianghan-2025" / "zh.yaml"

    def break_it(d):
        d["parts"][0]["title"] = 12                                  # wrong type
        del d["parts"][0]["sections"][0]["paragraphs"][0]["text"]    # missing field
        d["parts"][1]["sections"][0]["id"] = "p1-s1"                 # duplicate id
    edit_yaml(zh, break_it)
    (content_copy / "jianghan-2025" / "fr.yaml").write_text("p1: {title: x}\n", encoding="utf-8")
    errors = errors_for(content_copy, tmp_path)
    rel = f"{content_copy}/jianghan-2025"
    assert f"{rel}/zh.yaml: parts[0].title: expected text, got int 12" in errors
    assert f"{rel}/zh.yaml: parts[0].sections[0].paragraphs[0].text: missing; expected text" in errors
    assert f"{rel}/zh.yaml: parts[1].sections[0].id: duplicate id 'p1-s1'; already used at parts[0].sections[0]" in errors
    assert f"{rel}/fr.yaml: unknown language 'fr'; expected one of zh, en (content/site.yaml)" in errors


def test_yaml_syntax_error_names_file_and_line(content_copy, tmp_path):
    path = content_copy / "jianghan-2025" / "en" / "01-opening-p1s1-s2.yaml"
    lines = path.read_text(encoding="utf-8").split("\n")
    lines[3] = "  text: [unclosed"
    path.write_text("\n".join(lines), encoding="utf-8")
    errors = errors_for(content_copy, tmp_path)
    assert any(e.startswith(f"{path}:5: YAML syntax error") for e in errors), errors


def test_translation_of_a_paragraph_that_no_longer_exists(content_copy, tmp_path):
    path = content_copy / "jianghan-2025" / "en" / "02-p1s3-s4.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "p1-s3-9:\n  text: Orphan.\n", encoding="utf-8")
    assert errors_for(content_copy, tmp_path) == [
        f"{path}: p1-s3-9: translation for a unit that no longer exists in zh.yaml; remove it or give it the id of "
        "the unit it translates"]


def test_figure_referring_to_an_undefined_paragraph(content_copy, tmp_path):
    edit_yaml(content_copy / "jianghan-2025" / "figures.yaml", lambda d: d[0].update(paragraph="p9-9"))
    errors = errors_for(content_copy, tmp_path)
    assert len(errors) == 1 and "paragraph: refers to 'p9-9', which is not defined in zh.yaml" in errors[0]


def test_failed_build_exits_1_and_leaves_the_previous_site(content_copy, tmp_path):
    out = tmp_path / "site"
    assert run_build("--content", str(content_copy), "--out", str(out)).returncode == 0
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    (content_copy / "site.yaml").write_text("languages: [\n", encoding="utf-8")
    result = run_build("--content", str(content_copy), "--out", str(out))
    assert result.returncode == 1
    assert f"build failed; {out}/ was left as it was:" in result.stderr
    assert f"{content_copy}/site.yaml:2: YAML syntax error" in result.stderr
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before


def test_refuses_to_replace_a_folder_it_did_not_create(tmp_path):
    mine = tmp_path / "precious"
    mine.mkdir()
    (mine / "thesis.txt").write_text("do not delete")
    result = run_build("--out", str(mine))
    assert result.returncode == 1
    assert "refusing to replace a folder build.py did not create" in result.stderr
    assert (mine / "thesis.txt").read_text() == "do not delete"
    result = run_build("--out", os.path.expanduser("~"))
    assert result.returncode == 1 and "refusing to build here" in result.stderr


def test_content_text_is_escaped_never_executed(content_copy, tmp_path):
    hostile = '<script>alert(1)</script> "><img src=x onerror=alert(2)> {{ 7*7 }} {% raw %}'
    edit_yaml(content_copy / "jianghan-2025" / "zh.yaml",
              lambda d: d["parts"][1]["closing"][0].update(text=hostile))
    out = tmp_path / "site"
    build_site(out, content=str(content_copy))
    html = (out / "jianghan-2025" / "zh" / "p2-end.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<script>alert" not in html and "<img src=x" not in html
    assert "{{ 7*7 }}" in html and "49" not in html.split('id="p2-c1"')[1][:300]


def test_content_may_not_hold_the_characters_that_mark_links(content_copy, tmp_path):
    # Pages are rendered with links written as marks in Unicode noncharacters, resolved last (links.py);
    # content holding one could pass for a link mark, so it is refused with the file and the field.
    edit_yaml(content_copy / "jianghan-2025" / "zh.yaml",
              lambda d: d["parts"][0]["sections"][0]["paragraphs"][1].update(text="见\ufdd0p1.html\ufdd1\ufdd2"))
    errors = errors_for(content_copy, tmp_path)
    assert errors == [f"{content_copy}/jianghan-2025/zh.yaml: parts[0].sections[0].paragraphs[1].text: contains "
                      "U+FDD0, a Unicode noncharacter; expected text without noncharacters (U+FDD0–U+FDEF)"]


def test_missing_translation_falls_back_to_marked_chinese(content_copy, tmp_path):
    path = content_copy / "jianghan-2025" / "en" / "02-p1s3-s4.yaml"
    edit_yaml(path, lambda d: d.pop("p1-s3-1"))
    out = tmp_path / "site"
    result = build_site(out, content=str(content_copy))
    assert any("1 unit(s) have no en translation" in w and "p1-s3-1" in w for w in result["warnings"])
    html = (out / "jianghan-2025" / "en" / "p1-s3.html").read_text(encoding="utf-8")
    assert '<p id="p1-s3-1" class="para missing" lang="zh-Hans"><span class="flag" lang="en">Untranslated</span>' in html
    with pytest.raises(ContentErrors):
        build_site(tmp_path / "strict", content=str(content_copy), strict=True)


def test_paths_are_the_same_across_languages(site_dir):
    zh = sorted(p.name for p in (site_dir / "jianghan-2025" / "zh").iterdir())
    en = sorted(p.name for p in (site_dir / "jianghan-2025" / "en").iterdir())
    assert zh == en
    assert {"index.html", "p1-s1.html", "p2-s8.html", "full.html", "glossary.html", "figures.html"} <= set(zh)


def test_html_lang_on_every_page(site_dir):
    for path in site_dir.rglob("*.html"):
        html = path.read_text(encoding="utf-8")
        want = 'lang="en"' if "/en/" in str(path) or path.name.endswith("-en.html") else 'lang="zh-Hans"'
        assert f"<html {want}>" in html, path


def test_a_template_mistake_names_template_line_and_page_and_keeps_the_site(tmp_path):
    import shutil
    templates = tmp_path / "templates"
    shutil.copytree(os.path.join(ROOT, "templates"), templates)
    section = templates / "section.html"
    section.write_text(section.read_text(encoding="utf-8").replace("{{ m.summary(s.id, ctx) }}",
                                                                   "{{ m.summary(s.id, ctx) }}{{ no_such_thing }}"),
                       encoding="utf-8")
    out = tmp_path / "site"
    assert run_build("--out", str(out), "--quiet").returncode == 0
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    result = run_build("--out", str(out), "--templates", str(templates))
    assert result.returncode == 1
    line = next(i for i, text in enumerate(section.read_text(encoding="utf-8").splitlines(), 1)
                if "no_such_thing" in text)
    assert f"{templates}/section.html:{line}: 'no_such_thing' is undefined (rendering jianghan-2025/" in result.stderr
    assert "Traceback" not in result.stderr
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before


def test_two_builds_into_the_same_folder_at_once_both_succeed(tmp_path):
    out = tmp_path / "site"
    procs = [subprocess.Popen([sys.executable, os.path.join(ROOT, "build.py"), "--quiet", "--out", str(out)],
                              cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(3)]
    results = [p.communicate(timeout=120) + (p.returncode,) for p in procs]
    assert [rc for _, _, rc in results] == [0, 0, 0], results
    assert (out / "jianghan-2025" / "zh" / "p1-s1.html").is_file() and (out / ".reportgen-site").is_file()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".site.tmp-")] == []


def test_parsed_content_is_kept_for_the_next_build_and_never_trusted_blindly(content_copy, tmp_path, monkeypatch):
    from reportgen import yamlio
    monkeypatch.setattr("tempfile.tempdir", str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir()
    folder = yamlio.cache_folder()
    assert folder and oct(os.stat(folder).st_mode & 0o777) == "0o700"
    zh = str(content_copy / "jianghan-2025" / "zh.yaml")
    first = yamlio.keeping_reader({}, folder)(zh)
    assert first == yamlio.load(zh, for_pages=True)
    # the next build (a new reader) takes it from the cache...
    entry = yamlio._cache_path(folder, zh)
    assert yamlio._from_cache(folder, zh, open(entry, "rb").read()[:16]) is not None
    # ...but a damaged entry is parsed again, not used
    data = bytearray(open(entry, "rb").read())
    data[-20:-16] = b"\x00\x00\x00\x00"
    open(entry, "wb").write(bytes(data))
    assert yamlio._from_cache(folder, zh, bytes(data[:16])) is None
    assert yamlio.keeping_reader({}, folder)(zh) == first
    # an edit to the file is seen
    edit_yaml(content_copy / "jianghan-2025" / "zh.yaml", lambda d: d["parts"][0].update(title="改"))
    assert yamlio.keeping_reader({}, folder)(zh)["parts"][0]["title"] == "改"
    # an entry still read is kept fresh, so it is the last to go when the folder is pruned
    os.utime(entry, (1000, 1000))
    yamlio.keeping_reader({}, folder)(zh)
    assert time.time() - os.stat(entry).st_mtime < 60
    # a folder that others may write to is not used
    os.chmod(folder, 0o777)
    assert yamlio.cache_folder() is None


def test_the_cache_folder_is_kept_in_bounds(tmp_path):
    """Past its limit the entries written or used longest ago go, until it holds half; at most one look
    an hour."""
    from reportgen import yamlio
    folder = tmp_path / "cache"
    folder.mkdir()
    for i in range(10):
        (folder / f"old{i}").write_bytes(b"x" * 100)
        os.utime(folder / f"old{i}", (1000 + i, 1000 + i))
    yamlio.prune_cache(str(folder), most=500, now=5000)
    assert sorted(p.name for p in folder.iterdir()) == [".pruned", "old8", "old9"]
    for i in range(10):
        (folder / f"new{i}").write_bytes(b"x" * 100)
    yamlio.prune_cache(str(folder), most=500, now=5000 + 3599)
    assert len(list(folder.iterdir())) == 13  # looked at within the hour: left as it is
    yamlio.prune_cache(str(folder), most=500, now=5000 + 3601)
    assert sorted(p.name for p in folder.iterdir() if p.name.startswith("old")) == []
    assert len(list(folder.glob("new*"))) == 2
    yamlio.prune_cache(str(folder), most=10_000, now=20_000)
    assert len(list(folder.glob("new*"))) == 2  # under its limit: nothing goes
