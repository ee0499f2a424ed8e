"""A rebuild that renders only what an edit changed (what `build.py serve` runs) writes exactly the site
a fresh build writes."""
import pytest
import yaml

from conftest import build_site


def files_of(folder):
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def edit_yaml(path, change):
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def paragraph(doc, uid):
    for part in doc["parts"]:
        for s in part.get("sections") or []:
            for p in s["paragraphs"]:
                if p["id"] == uid:
                    return p
    raise KeyError(uid)


EDITS = {
    # Chinese text of a paragraph that holds key figures and glossary terms
    "zh paragraph": ("zh.yaml", lambda d: paragraph(d, "p1-s1-1").update(
        text=paragraph(d, "p1-s1-1")["text"].replace("金融科技加速布局。", "金融科技加速布局，“以旧换新”。"))),
    # its English translation
    "en paragraph": ("en/01-opening-p1s1-s2.yaml", lambda d: d["p1-s1-2"].update(
        text=d["p1-s1-2"]["text"].replace("consumption", "spending", 1))),
    # a section title: every page's contents list changes
    "section title": ("zh.yaml", lambda d: d["parts"][0]["sections"][1].update(title="坚定不移增后劲")),
}


@pytest.mark.parametrize("name", list(EDITS))
def test_rebuild_after_an_edit_writes_what_a_fresh_build_writes(content_copy, tmp_path, name):
    out, fresh = tmp_path / "site", tmp_path / "fresh"
    first = build_site(out, content=str(content_copy))
    assert first["rendered"] == first["pages"] == 68
    path, change = EDITS[name]
    edit_yaml(content_copy / "jianghan-2025" / path, change)
    again = build_site(out, content=str(content_copy), previous=first["record"], defer=True)
    assert again["rendered"] == 68 if name == "section title" else again["rendered"] < 20
    # the offline copies and the zip come a moment later, after the browser has reloaded
    copies = sorted((out / "jianghan-2025" / "download").glob("*.html"))
    before = [p.read_bytes() for p in copies]
    again["finish"]()
    assert [p.read_bytes() for p in copies] != before
    build_site(fresh, content=str(content_copy))
    assert files_of(out) == files_of(fresh)
    # and the record carries on: a second edit on top of the first is still exact
    edit_yaml(content_copy / "jianghan-2025" / "zh.yaml", lambda d: paragraph(d, "p2-s3-1").update(
        text=paragraph(d, "p2-s3-1")["text"] + "（补）"))
    third = build_site(out, content=str(content_copy), previous=again["record"], defer=True)
    if third["finish"]:
        third["finish"]()
    build_site(fresh, content=str(content_copy))
    assert files_of(out) == files_of(fresh)
