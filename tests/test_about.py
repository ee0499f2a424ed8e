"""The editors' page (content/<id>/about.<lang>.md): rendered in every view and in the single-file copies,
with links of four checked forms only; every other link, raw HTML and a reference to an id that does not
exist is a content error naming the file and the line. (Link check, Nu checker and axe run on the about
pages with every other page: tests/test_links.py, tests/test_html_valid.py, tests/test_a11y.py.)"""
import html.parser
import os
import subprocess
import sys

import pytest
import yaml

from conftest import ROOT, build_site
from reportgen.about import Resolver, render
from reportgen.errors import ContentErrors
from reportgen.keyfigures import qualified

REPORT = "jianghan-2025"
FIGURES = {f["id"]: f for f in yaml.safe_load(open(os.path.join(ROOT, "content", REPORT, "figures.yaml"),
                                                   encoding="utf-8"))}


class Anchors(html.parser.HTMLParser):
    """The about section's links: (href, class, text)."""

    def __init__(self):
        super().__init__()
        self.links, self._open, self.inside = [], None, 0

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if a.get("class", "").startswith("about-text"):
            self.inside += 1
        elif self.inside and tag == "div":
            self.inside += 1
        if self.inside and tag == "a":
            self._open = [a.get("href"), a.get("class"), ""]

    def handle_endtag(self, tag):
        if tag == "a" and self._open:
            self.links.append(tuple(self._open))
            self._open = None
        elif tag == "div" and self.inside:
            self.inside -= 1

    def handle_data(self, data):
        if self._open:
            self._open[2] += data


def about_links(path):
    p = Anchors()
    p.feed(path.read_text(encoding="utf-8"))
    return p.links


@pytest.mark.parametrize("view, langs", [("zh", ["zh"]), ("en", ["en"]), ("bi", ["zh", "en"])])
def test_about_page_in_every_view_links_a_paragraph_a_glossary_entry_and_prints_figures(site_dir, view, langs):
    links = about_links(site_dir / REPORT / view / "about.html")
    hrefs = [h for h, _, _ in links]
    assert "p1-s1.html#p1-s1-1" in hrefs and "p1.html#p1-2" in hrefs  # paragraphs, on this view's pages
    assert "glossary.html#g1" in hrefs and "glossary.html#note-zhuanjingtexin" in hrefs
    values = [(h, text) for h, cls, text in links if cls == "fig-value-ref"]
    expected = [(f"figures.html#fig-{fid}", qualified(FIGURES[fid], lang)) for lang in langs
                for fid in ("grp-growth-2024", "retail-sales-2024", "retail-sales-growth-2025")]
    assert values == expected
    assert ("figures.html#fig-grp-growth-2024", "6.5% (estimated)") in values or view == "zh"
    page = (site_dir / REPORT / view / "about.html").read_text(encoding="utf-8")
    assert ('<strong>“专精特新”</strong>企业' if view != "en" else
            '<strong>“<span lang="zh-Hans">专精特新</span>”</strong><span lang="zh-Hans">企业</span>') in page
    assert 'href="about.html" aria-current="page"' in page  # in the contents, marked as this page


def test_every_page_of_a_view_lists_the_about_page_in_its_contents(site_dir):
    page = (site_dir / REPORT / "en" / "p1-s1.html").read_text(encoding="utf-8")
    assert '<a href="about.html">About this edition</a>' in page


@pytest.mark.parametrize("view", ["zh", "en", "bi"])
def test_offline_copy_holds_the_about_section_with_links_inside_the_file(site_dir, view):
    links = about_links(site_dir / REPORT / "download" / f"{REPORT}-{view}.html")
    hrefs = [h for h, _, _ in links]
    assert {"#p1-s1-1", "#p1-2", "#g1", "#note-zhuanjingtexin", "#fig-grp-growth-2024"} <= set(hrefs)
    assert all(h.startswith("#") for h in hrefs)
    page = (site_dir / REPORT / "download" / f"{REPORT}-{view}.html").read_text(encoding="utf-8")
    assert page.count('id="about"') == 1


def test_a_report_without_about_files_has_no_about_page(content_copy, tmp_path):
    for lang in ("zh", "en"):
        os.remove(content_copy / REPORT / f"about.{lang}.md")
    build_site(tmp_path / "site", content=str(content_copy))
    assert not (tmp_path / "site" / REPORT / "zh" / "about.html").exists()
    assert "about.html" not in (tmp_path / "site" / REPORT / "zh" / "index.html").read_text(encoding="utf-8")


def test_an_about_page_in_one_language_only_shows_it_marked_untranslated_in_the_other(content_copy, tmp_path):
    os.remove(content_copy / REPORT / "about.en.md")
    build_site(tmp_path / "site", content=str(content_copy))
    page = (tmp_path / "site" / REPORT / "en" / "about.html").read_text(encoding="utf-8")
    assert '<div class="about-text" lang="zh-Hans"><p class="flag" lang="en">Untranslated</p><h2>来源</h2>' in page


# --- Markdown: emphasis beside Chinese, raw HTML, links --------------------------------------------



def resolver(lang="zh"):
    report = {"doc": yaml.safe_load(open(os.path.join(ROOT, "content", REPORT, "zh.yaml"), encoding="utf-8")),
              "glossary": [], "figures": list(FIGURES.values())}
    return Resolver(report, lang, None)


@pytest.mark.parametrize("source, html", [
    ("**“专精特新”**企业", "<p><strong>“专精特新”</strong>企业</p>"),
    ("获评__“专精特新”__企业。", "<p>获评<strong>“专精特新”</strong>企业。</p>"),
    ("获评_“专精特新”_企业", "<p>获评<em>“专精特新”</em>企业</p>"),
    ("把**专精特新**写进", "<p>把<strong>专精特新</strong>写进</p>"),
    ("snake_case_name and __init__", "<p>snake_case_name and <strong>init</strong></p>"),
])
def test_emphasis_renders_beside_chinese_and_quoted_coinages(source, html):
    r = resolver()
    assert render(source, r) == html and r.problems == []


def test_https_links_stay_and_headings_sit_under_the_page_title():
    r = resolver("en")
    out = render("# Source\n\nSee [the text](https://example.org/a?b=1&c=2 \"t\").", r)
    assert out == '<h2>Source</h2>\n<p>See <a href="https://example.org/a?b=1&amp;c=2">the text</a>.</p>'
    assert r.problems == []


ABOUT = f"content/{REPORT}/about.en.md"
HOSTILE = {
    "javascript": ("[x](javascript:alert(1))", f"{ABOUT}:3: link to 'javascript:alert(1)' is not allowed; expected "
                   "#p1-s2 (a part, section or paragraph of this report), glossary:g3 (a glossary entry), "
                   "[[figure:id]] or an https: address"),
    "data": ("[x](data:text/html;base64,PHNjcmlwdD4=)", f"{ABOUT}:3: link to 'data:text/html;base64,PHNjcmlwdD4=' is "
             "not allowed; expected #p1-s2 (a part, section or paragraph of this report), glossary:g3 (a glossary "
             "entry), [[figure:id]] or an https: address"),
    "http": ("[x](http://example.org/)", f"{ABOUT}:3: link to 'http://example.org/' is not allowed; expected #p1-s2 "
             "(a part, section or paragraph of this report), glossary:g3 (a glossary entry), [[figure:id]] or an "
             "https: address"),
    "relative": ("[x](../zh/p1.html)", f"{ABOUT}:3: link to '../zh/p1.html' is not allowed; expected #p1-s2 (a part, "
                 "section or paragraph of this report), glossary:g3 (a glossary entry), [[figure:id]] or an https: "
                 "address"),
    "unknown paragraph": ("[x](#p9-s9)", f"{ABOUT}:3: link to '#p9-s9': this report has no part, section or "
                          "paragraph 'p9-s9'; expected an id from zh.yaml such as #p1-s2"),
    "unknown glossary entry": ("[x](glossary:g99)", f"{ABOUT}:3: link to 'glossary:g99': this report has no "
                               "glossary entry 'g99'; expected an id from zh.yaml's appendix or glossary.yaml such "
                               "as glossary:g3"),
    "unknown figure": ("GRP grew [[figure:gdp-2099]].", f"{ABOUT}:3: [[figure:gdp-2099]]: this report has no figure "
                       "'gdp-2099'; expected an id from figures.yaml"),
    "raw HTML": ("<script>alert(1)</script>", f"{ABOUT}:3: raw HTML <script> is not allowed; expected Markdown, "
                 "whose links are #p1-s2 (a part, section or paragraph of this report), glossary:g3 (a glossary "
                 "entry), [[figure:id]] or an https: address"),
    "inline raw HTML": ('a <img src=x onerror="alert(1)"> b', f"{ABOUT}:3: raw HTML <img src=x onerror=\"alert(1)\"> "
                        "is not allowed; expected Markdown, whose links are #p1-s2 (a part, section or paragraph of "
                        "this report), glossary:g3 (a glossary entry), [[figure:id]] or an https: address"),
    "image": ("![chart](https://example.org/c.png)", f"{ABOUT}:3: image 'https://example.org/c.png' is not allowed; "
              "expected text and links only"),
    "noncharacter": ("a \ufdd0 b", f"{ABOUT}:3: contains U+FDD0, a Unicode noncharacter; expected text without "
                     "noncharacters (U+FDD0–U+FDEF)"),
}


@pytest.mark.parametrize("case", list(HOSTILE))
def test_hostile_about_content_gets_one_exact_message_naming_file_and_line(content_copy, tmp_path, monkeypatch, case):
    source, message = HOSTILE[case]
    (content_copy / REPORT / "about.en.md").write_text(f"# Title\n\n{source}\n\nMore text.\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ContentErrors) as e:
        build_site(tmp_path / "out", content="content")
    assert [str(x) for x in e.value.errors] == [message]


def test_about_file_in_an_unknown_language_or_not_utf8(content_copy, tmp_path, monkeypatch):
    (content_copy / REPORT / "about.fr.md").write_text("# Titre\n", encoding="utf-8")
    (content_copy / REPORT / "about.en.md").write_bytes("# Source\n\n江汉".encode("gb18030"))
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ContentErrors) as e:
        build_site(tmp_path / "out", content="content")
    assert [str(x) for x in e.value.errors] == [
        f"{ABOUT}:3: is not valid UTF-8; expected Markdown text in UTF-8",
        f"content/{REPORT}/about.fr.md: unknown language 'fr'; expected one of zh, en (content/site.yaml)"]


def test_cli_build_with_a_hostile_link_exits_1_with_the_message_and_keeps_the_site(content_copy, tmp_path):
    out = tmp_path / "site"
    cmd = [sys.executable, os.path.join(ROOT, "build.py"), "--quiet", "--content", "content", "--out", str(out),
           "--templates", os.path.join(ROOT, "templates"), "--static", os.path.join(ROOT, "static")]
    ok = subprocess.run(cmd, cwd=tmp_path, capture_output=True, text=True)
    assert ok.returncode == 0, ok.stderr
    before = (out / REPORT / "en" / "about.html").read_bytes()
    (content_copy / REPORT / "about.en.md").write_text("# T\n\n[x](javascript:alert(1))\n", encoding="utf-8")
    bad = subprocess.run(cmd, cwd=tmp_path, capture_output=True, text=True)
    assert bad.returncode == 1 and "Traceback" not in bad.stderr
    assert bad.stderr.splitlines()[:2] == [f"build failed; {out}/ was left as it was:",
                                           f"{ABOUT}:3: link to 'javascript:alert(1)' is not allowed; expected #p1-s2 "
                                           "(a part, section or paragraph of this report), glossary:g3 (a glossary "
                                           "entry), [[figure:id]] or an https: address"]
    assert (out / REPORT / "en" / "about.html").read_bytes() == before


def test_an_edit_to_the_about_file_reaches_the_page_on_a_rebuild(content_copy, tmp_path):
    out = tmp_path / "site"
    first = build_site(out, content=str(content_copy))
    path = content_copy / REPORT / "about.en.md"
    path.write_text(path.read_text(encoding="utf-8").replace("# Corrections", "# Corrections made"), encoding="utf-8")
    build_site(out, content=str(content_copy), previous=first["record"])
    assert "<h2>Corrections made</h2>" in (out / REPORT / "en" / "about.html").read_text(encoding="utf-8")


def test_chinese_words_in_the_english_about_page_are_marked_as_chinese():
    out = render("**“专精特新”**企业 are SSDI firms; [预计](#p1-2) becomes “estimated”.", resolver("en"))
    assert out == ('<p><strong>“<span lang="zh-Hans">专精特新</span>”</strong><span lang="zh-Hans">企业</span> are '
                   'SSDI firms; <a href="#"><span lang="zh-Hans">预计</span></a> becomes “estimated”.</p>')
