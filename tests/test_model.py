"""The content model: one walk over a report's units, which the other stages use."""
import os

import yaml

from conftest import ROOT
from reportgen.model import Placed, walk


def seed():
    with open(os.path.join(ROOT, "content", "jianghan-2025", "zh.yaml"), encoding="utf-8") as f:
        return yaml.safe_load(f)


def test_walk_yields_every_unit_once_in_the_order_of_the_text():
    doc = seed()
    placed = list(walk(doc))
    ids = [p.unit["id"] for p in placed]
    assert len(ids) == len(set(ids))
    expected = [u["id"] for u in doc["opening"]]
    for part in doc["parts"]:
        expected += [part["id"]] + [u["id"] for u in part.get("intro") or []]
        for s in part["sections"]:
            expected += [s["id"]] + [u["id"] for u in s["paragraphs"]]
        expected += [u["id"] for u in part.get("closing") or []]
    expected += [e["id"] for e in doc["appendix"]["entries"]]
    assert ids == expected
    assert {p.kind for p in placed} == {"part", "section", "paragraph", "entry"}


def test_each_unit_knows_its_kind_place_and_page():
    doc = {"opening": [{"id": "o1"}],
           "parts": [{"id": "p1", "number": 1, "intro": [{"id": "p1-1"}], "closing": [{"id": "p1-c1"}, {"id": "p1-c2"}],
                      "sections": [{"id": "p1-s1", "number": 1, "paragraphs": [{"id": "a"}, {"id": "b"}]}]}],
           "appendix": {"entries": [{"id": "g1"}]}}
    got = [(p.kind, p.unit["id"], p.place, p.page) for p in walk(doc)]
    assert got == [
        ("paragraph", "o1", {"kind": "opening", "index": 1}, "index"),
        ("part", "p1", None, "p1"),
        ("paragraph", "p1-1", {"kind": "intro", "part": 1, "index": 1}, "p1"),
        ("section", "p1-s1", {"kind": "section", "part": 1, "section": 1}, "p1-s1"),
        ("paragraph", "a", {"kind": "paragraph", "part": 1, "section": 1, "index": 1}, "p1-s1"),
        ("paragraph", "b", {"kind": "paragraph", "part": 1, "section": 1, "index": 2}, "p1-s1"),
        ("paragraph", "p1-c1", {"kind": "closing", "part": 1, "index": 1}, "p1-end"),
        ("paragraph", "p1-c2", {"kind": "closing", "part": 1, "index": 2}, "p1-end"),
        ("entry", "g1", None, "glossary"),
    ]
    assert all(isinstance(p, Placed) for p in walk(doc))


def test_the_stages_use_the_walk():
    """The unit index, the page of each unit, the localised tree's places and the glossary's running
    text all come from walk(): the same units, the same places."""
    from reportgen.content import unit_index, units
    from reportgen.glossary import body_units
    from reportgen.localise import localised_report
    from reportgen.urls import page_of_units
    doc = seed()
    placed = list(walk(doc))
    assert set(unit_index(doc)) == {p.unit["id"] for p in placed}
    assert sum(len(v) for v in units(doc).values()) == len(placed)
    assert page_of_units(doc) == {p.unit["id"]: p.page for p in placed}
    report = {"doc": doc, "translations": {"en": {}}}
    tree = localised_report(report, "en", {"zh": "zh-Hans", "en": "en"})
    assert {uid: u.get("place") for uid, u in tree["by_id"].items() if u.get("place")} == \
        {p.unit["id"]: p.place for p in placed if p.place}
    assert [u["id"] for u in body_units(tree)] == [p.unit["id"] for p in placed if p.kind in ("paragraph", "section")]
