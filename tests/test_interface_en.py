"""The English interface as a reader meets it: words joined with spaces, nothing left in Chinese, places
and links named in words, one name for the glossary."""
import re
from html.parser import HTMLParser

import pytest
import yaml

from conftest import ROOT

UI = yaml.safe_load(open(f"{ROOT}/content/site.yaml", encoding="utf-8"))["ui"]


class Texts(HTMLParser):
    """The text of every element whose start tag matches `want` (tag, attribute, value)."""

    def __init__(self, tag, attr=None, value=None):
        super().__init__()
        self.want, self.depth, self.found = (tag, attr, value), 0, []

    def handle_starttag(self, tag, attrs):
        t, a, v = self.want
        if self.depth:
            self.depth += tag == t
        elif tag == t and (a is None or (v in (dict(attrs).get(a) or "").split())):
            self.depth = 1
            self.found.append("")

    def handle_endtag(self, tag):
        if self.depth and tag == self.want[0]:
            self.depth -= 1

    def handle_data(self, data):
        if self.depth:
            self.found[-1] += data


def texts(html, tag, attr=None, value=None):
    p = Texts(tag, attr, value)
    p.feed(html)
    return [" ".join(t.split()) for t in p.found]


def en_pages(site_dir):
    return sorted((site_dir / "jianghan-2025" / "en").glob("*.html"))


def test_continued_is_a_separate_word_in_titles_headings_and_previews(site_dir):
    html = (site_dir / "jianghan-2025" / "en" / "p1-end.html").read_text(encoding="utf-8")
    title = "I. A Review of Our Work in 2024 (continued)"
    assert texts(html, "title")[0].startswith(title + " – ")
    assert texts(html, "h1") == [title]
    for prop in ('property="og:title"', 'name="twitter:title"'):
        assert re.search(rf'<meta {prop} content="{re.escape(title)} – ', html)
    for path in en_pages(site_dir) + sorted((site_dir / "jianghan-2025" / "bi").glob("*.html")):
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"[^\s>(]\(continued\)", text), path.name


def test_contents_entry_for_a_parts_closing_pages_names_the_part(site_dir):
    html = (site_dir / "jianghan-2025" / "en" / "p1-s1.html").read_text(encoding="utf-8")
    toc = texts(html, "nav", "class", "toc")[0]
    assert "Part I (continued)" in toc and "Part II (continued)" in toc
    links = texts(html.split('<nav class="toc"')[1], "a")
    assert "(continued)" not in links
    zh = (site_dir / "jianghan-2025" / "zh" / "p1-s1.html").read_text(encoding="utf-8")
    assert "第一部分（续）" in texts(zh, "nav", "class", "toc")[0]


@pytest.mark.parametrize("view, words, lang", [("en", UI["en"]["view_bi"], "en"), ("zh", "中英对照", "zh-Hans")])
def test_view_switch_names_the_side_by_side_view_in_the_pages_language(site_dir, view, words, lang):
    assert UI["en"]["view_bi"] != UI["zh"]["view_bi"]
    html = (site_dir / "jianghan-2025" / view / "p1-s1.html").read_text(encoding="utf-8")
    switch = re.search(r'<a href="\.\./bi/p1-s1\.html"[^>]*>([^<]*)</a>', html)
    assert switch.group(1) == words
    assert f'lang="{lang}"' in switch.group(0)


def test_figure_links_say_figures_in_this_paragraph(site_dir):
    html = (site_dir / "jianghan-2025" / "en" / "p1-s1.html").read_text(encoding="utf-8")
    links = texts(html, "a", "class", "fig-here")
    assert links and set(links) == {"Figures in this paragraph ›"}
    assert "Key figures" in texts(html, "nav", "class", "toc")[0]  # the page itself keeps its name


def test_places_are_written_in_words(site_dir):
    en = site_dir / "jianghan-2025" / "en"
    glossary = (en / "glossary.html").read_text(encoding="utf-8")
    places = [t for p in texts(glossary, "p", "class", "backlinks") for t in p.split(", Part")]
    assert "Part I, section 1, paragraph 1" in texts(glossary, "a")
    assert "Part I (continued), paragraph 1" in texts(glossary, "a")
    assert places and not any("¶" in p for p in places)
    figures = texts((en / "figures.html").read_text(encoding="utf-8"), "a", "class", "fig-source")
    assert figures and all(re.fullmatch(r"Source: (Opening|Part [IVX]+)[\w ,()]*paragraph \d+", f) for f in figures)


def test_appendix_and_interface_call_the_glossary_by_one_name(site_dir):
    en = site_dir / "jianghan-2025" / "en"
    name = UI["en"]["glossary"]
    glossary = (en / "glossary.html").read_text(encoding="utf-8")
    assert texts(glossary, "h1") == [name]
    assert texts(glossary, "h2")[:2] == [f"Appendix: {name}", "Editors' notes"]
    full = (en / "full.html").read_text(encoding="utf-8")
    assert name in texts(full, "h2")
    for path in en_pages(site_dir):
        assert "Explanation of Terms" not in path.read_text(encoding="utf-8"), path.name


def test_unpaired_figures_heading_is_plain_english(site_dir):
    html = (site_dir / "jianghan-2025" / "en" / "figures.html").read_text(encoding="utf-8")
    assert texts(html, "h3", "id", "h-unpaired") == [UI["en"]["fig_unpaired"]]
    assert "Look-alike" not in html


@pytest.mark.parametrize("served", ["file", "http"])
def test_english_interface_in_the_browser(page, site_dir, http_subpath, served):
    """What a reader sees, from disk and from a server: the tab title, the view switch, the contents entry."""
    page.goto((site_dir / "jianghan-2025" / "en" / "p1-end.html").as_uri() if served == "file"
              else http_subpath + "jianghan-2025/en/p1-end.html")
    assert page.title().startswith("I. A Review of Our Work in 2024 (continued) – ")
    assert page.inner_text("h1") == "I. A Review of Our Work in 2024 (continued)"
    assert page.inner_text("nav.langs a[href$='bi/p1-end.html']") == UI["en"]["view_bi"]
    assert page.inner_text("nav.toc a[aria-current=page]") == "Part I (continued)"
