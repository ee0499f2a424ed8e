"""The contents list: every part and section in a report of ordinary size; in a very large report the
current part's sections and the other parts collapsed, so that every page stays small."""
import html.parser
import os
import re
import shutil

import pytest
import yaml

from conftest import ROOT, build_site
from test_links import check_site


class Contents(html.parser.HTMLParser):
    """The links of a page's contents list (nav.toc)."""

    def __init__(self):
        super().__init__()
        self.depth, self.links = 0, []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "nav" and "toc" in (a.get("class") or "").split():
            self.depth = 1
        elif tag == "nav" and self.depth:
            self.depth += 1
        elif tag == "a" and self.depth:
            self.links.append(a["href"])

    def handle_endtag(self, tag):
        if tag == "nav" and self.depth:
            self.depth -= 1


def contents_of(path):
    p = Contents()
    p.feed(path.read_text(encoding="utf-8"))
    return p.links


def sections_in(links):
    """The section ids the contents links to (p3-s2.html or #p3-s2 in a single-file copy)."""
    return sorted({m.group(1) for link in links for m in [re.search(r"(p\d+-s\d+)(?:\.html)?$", link)] if m})


PARTS, SECTIONS = 12, 8


@pytest.fixture(scope="module")
def large(tmp_path_factory):
    """A report of 12 parts of 8 sections each (108 links in its contents, above the limit of 80)."""
    content = tmp_path_factory.mktemp("large") / "content"
    os.makedirs(content / "big")
    shutil.copy(os.path.join(ROOT, "content", "site.yaml"), content)
    parts = [{"id": f"p{n}", "number": n, "title": f"第{n}部分",
              "intro": [{"id": f"p{n}-1", "text": f"第{n}部分的引言。"}],
              "sections": [{"id": f"p{n}-s{k}", "number": k, "title": f"第{k}节",
                            "paragraphs": [{"id": f"p{n}-s{k}-1", "text": f"第{n}部分第{k}节的正文。"}]}
                           for k in range(1, SECTIONS + 1)],
              "closing": [{"id": f"p{n}-c1", "text": "结束语。"}] if n == PARTS else []}
             for n in range(1, PARTS + 1)]
    doc = {"id": "big", "lang": "zh", "source": "big.txt", "encoding": "utf-8", "meta": {"title": "大报告"},
           "opening": [], "parts": parts}
    (content / "big" / "zh.yaml").write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    (content / "big" / "report.yaml").write_text(yaml.safe_dump({"title": {"zh": "大报告", "en": "A large report"}},
                                                                 allow_unicode=True), encoding="utf-8")
    out = content.parent / "site"
    build_site(out, content=str(content))
    return out


def test_a_large_report_shows_only_the_current_parts_sections(large):
    view = large / "big" / "zh"
    on_section = contents_of(view / "p3-s2.html")
    assert sections_in(on_section) == [f"p3-s{k}" for k in range(1, SECTIONS + 1)]
    assert [link for link in on_section if re.fullmatch(r"p\d+\.html", link)] == [f"p{n}.html" for n in range(1, PARTS + 1)]
    assert sections_in(contents_of(view / "p5.html")) == [f"p5-s{k}" for k in range(1, SECTIONS + 1)]
    assert "p12-end.html" in contents_of(view / "p12-end.html")
    assert "p12-end.html" not in contents_of(view / "p11.html")
    home = contents_of(view / "index.html")
    assert sections_in(home) == [] and len([link for link in home if re.fullmatch(r"p\d+\.html", link)]) == PARTS


def test_a_large_reports_single_file_copy_lists_every_section(large):
    links = contents_of(large / "big" / "download" / "big-en.html")
    assert len(sections_in(links)) == PARTS * SECTIONS


def test_a_large_reports_pages_stay_small_and_every_link_resolves(large):
    """The contents on a section page holds one part's sections, not all: its size is bounded by the
    largest part, not by the report."""
    one_part = len(contents_of(large / "big" / "bi" / "p7-s1.html"))
    every_part = len(contents_of(large / "big" / "download" / "big-bi.html"))
    assert one_part < every_part / 4
    _, broken, missing, external = check_site(large)
    assert broken == [] and missing == [] and external == []


def test_a_report_of_ordinary_size_lists_every_section_on_every_page(site_dir):
    view = site_dir / "jianghan-2025" / "en"
    every = [f"p1-s{k}" for k in range(1, 5)] + [f"p2-s{k}" for k in range(1, 9)]
    for page in ("index.html", "p1-s1.html", "p2.html", "glossary.html"):
        assert sections_in(contents_of(view / page)) == sorted(every)
