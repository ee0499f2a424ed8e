"""Glossary terms: found in the text as a reader would find them, marked the same in both languages,
explained on hover, keyboard focus and tap, and listed with backlinks on the glossary page."""
import os
import re
from collections import Counter
from html.parser import HTMLParser

import pytest

from conftest import ROOT, build_site
from reportgen.glossary import find_terms, matcher

READING_PAGES = ("index.html", "p1.html", "p1-end.html", "p2.html", "p2-end.html")
SEED = os.path.join(ROOT, "seeds", "jianghan-2025.zh.txt")


def entry(eid, zh=(), en=()):
    return {"id": eid, "terms": {"zh": list(zh), "en": list(en)}}


def words(text, glossary, lang="zh"):
    return [(text[s:e], eid) for s, e, eid in find_terms(text, matcher(glossary, lang))]


# --- matching -----------------------------------------------------------------------------------

def test_longest_term_wins_and_nothing_matches_inside_it():
    g = [entry("a", ["两新"]), entry("b", ["两新组织"])]
    assert words("加强两新组织党建，抓住两新政策", g) == [("两新组织", "b"), ("两新", "a")]


def test_quoted_and_unquoted_forms_both_match():
    g = [entry("g1", ["六个致力"]), entry("g8", ["投改运管一体化"]), entry("g12", ["三库", "两算"])]
    assert words("锚定“六个致力”，即六个致力。", g) == [("六个致力", "g1"), ("六个致力", "g1")]
    # A quote opened before the term and closed inside it belongs to the term.
    assert words("深化“投改运管”一体化模式", g) == [("“投改运管”一体化", "g8")]
    assert words("强化“三库”“两算”管理", g) == [("三库", "g12"), ("两算", "g12")]


def test_latin_terms_match_whole_words_only():
    g = [entry("n235", ["“235”"], ['"235"']), entry("t", en=["trade-in program"])]
    assert words("优化“235”现代化产业体系，12350热线", g) == [("“235”", "n235")]
    assert words('refine the "235" system; call 12350', g, "en") == [('"235"', "n235")]
    assert words("Trade-in programs and the trade-in program, not trade-in programming", g, "en") == [
        ("Trade-in programs", "t"), ("trade-in program", "t")]


# --- the built site -----------------------------------------------------------------------------

class Marks(HTMLParser):
    """Per paragraph id: the glossary anchors of the terms marked in it; plus terms in headings."""

    def __init__(self):
        super().__init__()
        self.stack, self.current, self.marks, self.in_heading, self.in_term = [], None, Counter(), 0, 0
        self.bad = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.stack.append((tag, a))
        if tag == "p" and a.get("id"):
            self.current = a["id"]
        if tag in ("h1", "h2", "h3", "h4"):
            self.in_heading += 1
        if tag == "a" and "term-link" in (a.get("class") or ""):
            if self.in_heading or self.in_term != 1:  # its own .term wraps it, nothing more
                self.bad.append(a["href"])
            self.marks[(self.current, a["href"].split("#")[1])] += 1
        if tag == "span" and a.get("class") == "term":
            self.in_term += 1

    def handle_endtag(self, tag):
        while self.stack:
            t, a = self.stack.pop()
            if t in ("h1", "h2", "h3", "h4"):
                self.in_heading -= 1
            if t == "span" and a.get("class") == "term":
                self.in_term -= 1
            if t == "p" and a.get("id"):
                self.current = None
            if t == tag:
                break


def page_marks(site_dir, view, names):
    total = Counter()
    for name in names:
        parser = Marks()
        parser.feed((site_dir / "jianghan-2025" / view / name).read_text(encoding="utf-8"))
        assert not parser.bad, f"{view}/{name}: a term marked inside a heading or another term"
        total += parser.marks
    return total


def reading_pages(site_dir):
    names = sorted(p.name for p in (site_dir / "jianghan-2025" / "zh").glob("p*-s*.html"))
    return list(READING_PAGES) + names


def appendix_occurrences_in_source():
    """Counted straight from the seed, independently of the matcher: quotes removed, each term counted."""
    text = open(SEED, encoding="utf-8").read()
    body, appendix = re.split(r"\n附件\s*\n", text, maxsplit=1)
    terms = []
    for line in appendix.splitlines():
        m = re.match(r"\s*\d+[.．]\s*([^:：]+)[:：]", line)
        if m:
            label = re.sub(r"[“”]", " ", m.group(1)).split()
            terms += label if len(label) == 3 else ["".join(label)]  # entry 12 defines three terms
    plain = re.sub(r"[“”]", "", body)
    return {t: plain.count(t) for t in terms}


def test_every_appendix_term_in_the_body_is_marked_and_english_marks_the_same(site_dir):
    source = appendix_occurrences_in_source()
    assert len(source) == 14 and all(source.values())
    zh = page_marks(site_dir, "zh", reading_pages(site_dir))
    en = page_marks(site_dir, "en", reading_pages(site_dir))
    appendix_zh = sum(n for (_, anchor), n in zh.items() if re.fullmatch(r"g\d+", anchor))
    assert appendix_zh == sum(source.values()) == 16
    assert en == zh  # the same terms in the same paragraphs, appendix and editors' notes alike
    assert sum(zh.values()) == 70


def test_full_text_and_side_by_side_mark_the_same_as_the_section_pages(site_dir):
    by_section = page_marks(site_dir, "zh", reading_pages(site_dir))
    assert page_marks(site_dir, "zh", ["full.html"]) == by_section
    bi = page_marks(site_dir, "bi", reading_pages(site_dir))
    assert sum(bi.values()) == 2 * sum(by_section.values())


def test_glossary_backlinks_resolve_to_paragraphs_that_use_the_term(site_dir):
    for view in ("zh", "en", "bi"):
        folder = site_dir / "jianghan-2025" / view
        html = (folder / "glossary.html").read_text(encoding="utf-8")
        entries = re.findall(r'<div class="entry[^"]*" id="([^"]+)">(.*?)</div>', html, re.S)
        assert len(entries) == 12 + 38
        checked = 0
        for anchor, body in entries:
            links = re.findall(r'<p class="backlinks">.*?</p>', body, re.S)
            assert links, f"{view}: entry {anchor} has no backlinks"
            for href in re.findall(r'href="([^"]+)"', links[0]):
                page, frag = href.split("#")
                target = (folder / page).read_text(encoding="utf-8")
                # A paragraph, or a section heading whose summary line uses the term.
                para = re.search(rf'<(?:p|div) id="{frag}"[^>]*>(.*?)</(?:p|div)>', target, re.S) or \
                    re.search(rf'<h1 id="{frag}">.*?</h1>\s*<(?:p|div) class="summary[^"]*">(.*?)</(?:p|div)>', target, re.S)
                assert para, f"{view}: backlink {href} from {anchor} resolves to nothing"
                assert f"glossary.html#{anchor}" in para.group(1), f"{href} does not use {anchor}"
                checked += 1
        assert checked >= 60


def test_build_reports_unused_entries_and_english_that_differs(content_copy, tmp_path):
    notes = content_copy / "jianghan-2025" / "glossary.yaml"
    notes.write_text(notes.read_text(encoding="utf-8") + """
- id: unused
  terms: {zh: [不存在的词], en: [nothing]}
  title: {zh: 不存在的词, en: Nothing}
  definition: {zh: 无。, en: None.}
""", encoding="utf-8")
    en = content_copy / "jianghan-2025" / "en" / "02-p1s3-s4.yaml"
    text = en.read_text(encoding="utf-8")
    assert text.count("Dual-Zone Integration") == 1
    en.write_text(text.replace("Dual-Zone Integration", "two-area project"), encoding="utf-8")
    warnings = build_site(tmp_path / "out", content=str(content_copy))["warnings"]
    assert "jianghan-2025: glossary entry 'unused' (不存在的词) occurs nowhere in the text" in warnings
    assert [w for w in warnings if "'g10'" in w] == [
        "jianghan-2025: p1-s4-4: glossary term 'g10' occurs 1× in the Chinese but 0× in the en text; "
        "add the rendering used there to the entry's terms"]
    assert any(w.startswith("jianghan-2025: 48 quoted terms in the text have no glossary entry: “武汉伴手礼”")
               for w in warnings)


# --- in the browser -----------------------------------------------------------------------------

@pytest.fixture(params=["file", "http"])
def base(request, site_dir, http_subpath):
    return site_dir.as_uri() + "/" if request.param == "file" else http_subpath


def open_tip(page):
    return page.evaluate("""() => { const t = document.querySelector('.term.open');
        if (!t) return null;
        const tip = t.querySelector('.tip').getBoundingClientRect(), w = t.querySelector('.term-link').getBoundingClientRect();
        const s = getComputedStyle(t.querySelector('.tip'));
        return {tip: [tip.left, tip.top, tip.right, tip.bottom], word: [w.left, w.top, w.right, w.bottom],
                visible: s.display !== 'none' && s.visibility !== 'hidden' && tip.width > 0,
                vw: document.documentElement.clientWidth, vh: window.innerHeight,
                text: t.querySelector('.tip').innerText}; }""")


def assert_shown_beside_the_term(state):
    assert state and state["visible"], "the definition did not open"
    left, top, right, bottom = state["tip"]
    assert 0 <= left and right <= state["vw"] and 0 <= top and bottom <= state["vh"], state
    wl, wt, wr, wb = state["word"]
    assert bottom <= wt or top >= wb, f"the definition covers the term: {state}"
    assert len(state["text"]) > 10


def test_hover_shows_the_definition_and_escape_closes_it(page, base):
    page.goto(base + "jianghan-2025/zh/p1-s1.html")
    term = page.locator(".term-link").first
    term.hover()
    state = open_tip(page)
    assert_shown_beside_the_term(state)
    assert state["text"].startswith("是湖北长捷物流有限公司打造的")
    page.keyboard.press("Escape")
    assert open_tip(page) is None
    assert page.eval_on_selector(".term .tip", "e => getComputedStyle(e).display") == "none"


def test_keyboard_focus_shows_the_definition_and_it_is_the_link_description(page, base):
    page.goto(base + "jianghan-2025/en/p2-s1.html")
    first = page.locator(".term-link").first
    first.focus()
    for _ in range(3):  # and by Tab from there, to the next term
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.classList.contains('term-link')"):
            break
    assert page.evaluate("document.activeElement.classList.contains('term-link')")
    assert_shown_beside_the_term(open_tip(page))
    described = page.evaluate("""() => { const a = document.activeElement;
        return document.getElementById(a.getAttribute('aria-describedby')).textContent; }""")
    assert described.split() == open_tip(page)["text"].split()
    page.keyboard.press("Escape")
    assert open_tip(page) is None
    page.keyboard.press("Enter")  # the term itself still leads to the full entry
    page.wait_for_url("**/glossary.html#*")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_tap_on_a_phone_shows_the_definition_inside_the_viewport(browser, base, lang):
    context = browser.new_context(viewport={"width": 375, "height": 667}, has_touch=True, is_mobile=True)
    page = context.new_page()
    page.goto(base + f"jianghan-2025/{lang}/p1-s1.html")
    count = page.locator(".term-link").count()
    assert count >= 4
    for i in range(count):
        term = page.locator(".term-link").nth(i)
        term.scroll_into_view_if_needed()
        url = page.url
        term.tap()
        assert page.url == url, "the first tap should open the definition, not leave the page"
        assert_shown_beside_the_term(open_tip(page))
    page.locator(".tip-more").nth(count - 1).tap()
    page.wait_for_url("**/glossary.html#*")
    context.close()


def test_without_javascript_hover_and_focus_still_show_it(browser, base):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, java_script_enabled=False)
    page = context.new_page()
    page.goto(base + "jianghan-2025/zh/p1-s1.html")
    tip = page.locator(".term .tip").first
    assert not tip.is_visible()
    page.locator(".term-link").first.hover()
    assert tip.is_visible()
    page.mouse.move(0, 0)
    page.locator(".term-link").nth(1).focus()
    assert page.locator(".term .tip").nth(1).is_visible()
    context.close()
