"""The Jianghan English after its final edit: every unit follows the termbase, and no file a reader sees
(units, editors' notes, figure labels) uses a rendering the termbase rejects."""
import os

import yaml

from conftest import ROOT
from reportgen import termbase
from reportgen.content import load_site

CONTENT = os.path.join(ROOT, "content")


def test_jianghan_english_gives_every_termbase_rendering():
    site = load_site(CONTENT)
    assert termbase.warnings(CONTENT, site) == []


def english_strings(node):
    """Every English text in a figures/glossary structure: values under an `en` key, at any depth."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "en":
                yield from (value if isinstance(value, list) else [value])
            else:
                yield from english_strings(value)
    elif isinstance(node, list):
        for item in node:
            yield from english_strings(item)


def test_no_rejected_rendering_in_figure_labels_or_editors_notes():
    rejected = [r for e in termbase.load(CONTENT) for r in e["rejected"]]
    assert "micro-circulation roads" in rejected and "market entities" in rejected
    found = []
    for name in ("figures.yaml", "glossary.yaml"):
        with open(os.path.join(CONTENT, "jianghan-2025", name), encoding="utf-8") as f:
            for text in english_strings(yaml.safe_load(f)):
                key = termbase.english_key(text)
                found += [(name, r) for r in rejected if termbase.has_rendering(key, r)]
    assert found == []


def test_part_two_leads_are_commitments_in_we_will():
    site = load_site(CONTENT)
    report = site["reports"][0]
    en = report["translations"]["en"]
    part = report["doc"]["parts"][1]
    leads = [en[p["id"]]["lead"] for s in part["sections"] for p in s["paragraphs"] if p.get("lead")]
    assert len(leads) == 26
    assert [lead for lead in leads if not lead.startswith("We will ")] == []
