"""A build from the last build's record (reportgen/record.py): only the reports whose files changed are
rendered, every other report's files are left untouched (the same inode, never rewritten), and the site
is byte for byte what a build from scratch writes."""
import os
import shutil

import pytest
import yaml

from conftest import ROOT
from test_incremental import files_of
from test_pairs import confirm_headline, national  # noqa: F401  (a fixture: two years of one government)

from reportgen.pipeline import build
from reportgen.speed import Speed

T, S = os.path.join(ROOT, "templates"), os.path.join(ROOT, "static")
SEED = os.path.join(ROOT, "content", "jianghan-2025")


def make(content, out, **kw):
    return build(str(content), T, S, str(out), **kw)


def fresh(content, tmp_path, name="fresh", **kw):
    """The same content built from scratch, in a folder of its own."""
    out = tmp_path / name
    make(content, out, speed=Speed(record=False), **kw)
    return files_of(out)


def identities(folder):
    """path → (inode, modification time) of every file: what a rewrite would change."""
    return {p.relative_to(folder).as_posix(): (p.stat().st_ino, p.stat().st_mtime_ns)
            for p in folder.rglob("*") if p.is_file()}


@pytest.fixture
def three(tmp_path):
    content = tmp_path / "content"
    content.mkdir()
    for name in ("site.yaml", "terms.yaml"):
        shutil.copy(os.path.join(ROOT, "content", name), content / name)
    for rid in ("a-2025", "b-2025", "c-2025"):
        shutil.copytree(SEED, content / rid)
    return content


def edit_paragraph(content, rid, words="（修订）"):
    path = content / rid / "zh.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("。", "。" + words, 1), encoding="utf-8")


def test_an_edit_to_one_report_renders_it_alone_and_leaves_the_others_untouched(three, tmp_path):
    out = tmp_path / "site"
    first = make(three, out)
    assert first["rendered"] == first["pages"]
    before = identities(out)
    edit_paragraph(three, "b-2025")
    again = make(three, out)
    b_pages = sum(1 for path in before if path.startswith("b-2025/") and path.endswith(".html"))
    assert again["pages"] == first["pages"] and again["rendered"] == b_pages + 2  # b's pages, the landing and 404
    after = identities(out)
    untouched = {path for path in before if not path.startswith("b-2025/")}
    changed = sorted(path for path in untouched if after.get(path) != before[path])
    # the landing page names each report's search data, whose name the edit changed; nothing else moves
    assert changed == ["404.html", "index.html"], changed
    assert any(after[path] != before[path] for path in before if path.startswith("b-2025/"))
    assert files_of(out) == fresh(three, tmp_path)


def test_nothing_changed_rewrites_nothing(three, tmp_path):
    out = tmp_path / "site"
    make(three, out)
    before = identities(out)
    again = make(three, out)
    assert again["rendered"] == 2  # the landing and 404 pages, rendered to see whether they changed: they did not
    assert identities(out) == before


def test_reports_added_and_removed(three, tmp_path):
    out = tmp_path / "site"
    make(three, out)
    shutil.rmtree(three / "c-2025")
    shutil.copytree(SEED, three / "d-2025")
    again = make(three, out)
    assert not (out / "c-2025").exists() and (out / "d-2025" / "zh" / "index.html").is_file()
    assert "c-2025" not in (out / "index.html").read_text(encoding="utf-8")
    assert files_of(out) == fresh(three, tmp_path)
    assert again["rendered"] < again["pages"] / 2


@pytest.mark.parametrize("change", ["template", "site.yaml", "base url", "another folder"])
def test_what_every_page_depends_on_renders_everything(three, tmp_path, change):
    out, templates, kw = tmp_path / "site", tmp_path / "templates", {}
    shutil.copytree(T, templates)
    build(str(three), str(templates), S, str(out))
    if change == "template":
        path = templates / "section.html"
        path.write_text(path.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    elif change == "site.yaml":
        path = three / "site.yaml"
        path.write_text(path.read_text(encoding="utf-8").replace("site_name: ", "site_name: 新", 1), encoding="utf-8")
    elif change == "base url":
        kw = {"base_url": "https://example.org/r/"}
    else:  # a copy put in out's place: what it holds is not known
        shutil.copytree(out, tmp_path / "copy")
        shutil.rmtree(out)
        os.rename(tmp_path / "copy", out)
    again = build(str(three), str(templates), S, str(out), **kw)
    assert again["rendered"] == again["pages"]
    expected = tmp_path / "expected"
    build(str(three), str(templates), S, str(expected), speed=Speed(record=False), **kw)
    assert files_of(out) == files_of(expected)


def test_rows_from_another_report_render_the_reports_they_show_on(national, tmp_path):  # noqa: F811
    content = tmp_path / "content"
    shutil.copytree(national, content)
    confirm_headline(content)
    out = tmp_path / "site"
    make(content, out)
    before = identities(out)
    data = yaml.safe_load((content / "pairs.yaml").read_text(encoding="utf-8"))
    (content / "pairs.yaml").write_text(yaml.safe_dump(data[1:], allow_unicode=True), encoding="utf-8")
    make(content, out)
    after = identities(out)
    for rid in ("national-china-2024", "national-china-2025"):  # both show the row the editor took back
        assert after[f"{rid}/zh/figures.html"] != before[f"{rid}/zh/figures.html"]
    assert files_of(out) == fresh(content, tmp_path)


def test_a_folder_made_again_in_its_place_is_built_whole(three, tmp_path):
    """Deleted and made again (empty: the file system may even give it the same inode number), the
    output folder is not the last build's: everything is rendered."""
    out = tmp_path / "site"
    make(three, out)
    shutil.rmtree(out)
    out.mkdir()
    again = make(three, out)
    assert again["rendered"] == again["pages"]
    assert files_of(out) == fresh(three, tmp_path)


def test_a_site_searched_through_its_index_is_the_same_bytes_after_an_edit(three, tmp_path, monkeypatch):
    from reportgen import siteindex
    monkeypatch.setattr(siteindex, "INDEX_ABOVE", 2)
    out = tmp_path / "site"
    make(three, out)
    before = {p.name for p in (out / "search-index").iterdir()}
    assert len(before) == 17  # t.js and 16 shards
    edit_paragraph(three, "b-2025", words="蓝鲸")
    make(three, out)
    after = {p.name for p in (out / "search-index").iterdir()}
    assert len(after) == 17 and 2 <= len(after - before) <= 3  # t.js, and the shards of the new keys (蓝鲸, 鲸 + the next)
    assert files_of(out) == fresh(three, tmp_path)


def test_a_site_growing_past_the_size_searched_through_an_index_and_back(three, tmp_path, monkeypatch):
    """The reports made before the site had an index get their bit sets when it first needs them."""
    from reportgen import siteindex
    monkeypatch.setattr(siteindex, "INDEX_ABOVE", 3)
    out = tmp_path / "site"
    make(three, out)
    assert not (out / "search-index").exists()
    shutil.copytree(SEED, three / "d-2025")
    result = make(three, out)
    assert result["rendered"] == 4 * 66 + 2 and (out / "search-index").is_dir()
    assert files_of(out) == fresh(three, tmp_path)
    shutil.rmtree(three / "d-2025")
    make(three, out)
    assert not (out / "search-index").exists()  # its files gone, and the folder they leave empty
    assert files_of(out) == fresh(three, tmp_path, name="fresh-again")
