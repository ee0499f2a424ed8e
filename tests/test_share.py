"""Share, keep and find: single-file offline copies, link previews with a base URL, sitemap.xml,
robots.txt, the 404 page, the whole site as a zip, and printing."""
import json
import os
import re
import subprocess
import zipfile
from collections import Counter
from urllib.parse import urlsplit

import pytest

from conftest import ROOT, build_site

BASE = "https://example.org/report/"
SCHEMAS = os.path.join(ROOT, "tests", "schemas")  # sitemap.xsd as published by sitemaps.org (from npm `sitemap`)
VIEWS = ("zh", "en", "bi")
CJK = re.compile(r"[\u4e00-\u9fff]")


def offline(site_dir, view):
    return site_dir / "jianghan-2025" / "download" / f"jianghan-2025-{view}.html"


# --- offline copies -------------------------------------------------------------------------------

@pytest.mark.parametrize("view", VIEWS)
def test_offline_copy_refers_to_nothing_outside_itself(site_dir, view):
    html = offline(site_dir, view).read_text(encoding="utf-8")
    refs = re.findall(r'\s(?:href|src|srcset|action|poster|data)="([^"]*)"', html)
    assert len(refs) > 400
    outside = [r for r in refs if not (r.startswith("#") or r.startswith("data:"))]
    assert outside == []
    assert not re.search(r"url\((?!['\"]?(?:data:|#))", html), "a CSS url() pointing at a file"
    ids = re.findall(r'\sid="([^"]+)"', html)
    assert [i for i, n in Counter(ids).items() if n > 1] == []
    missing = {r for r in refs if r.startswith("#") and r[1:].split(":~:")[0] not in set(ids)}
    assert missing == set()
    # the same paragraph ids as the site, and everything a reader needs: text, glossary, figures, contents
    site_ids = set(re.findall(r'<p id="([^"]+)"', (site_dir / "jianghan-2025" / "zh" / "p1-s3.html").read_text("utf-8")))
    assert site_ids <= set(ids)
    for anchor in ("top", "toc", "glossary", "figures", "g12", "note-sishang", "fig-parking-spaces-2024", "p2-s8"):
        assert anchor in ids


def test_offline_csp_allows_exactly_its_own_style_and_script(site_dir):
    import base64
    import hashlib
    html = offline(site_dir, "zh").read_text(encoding="utf-8")
    csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', html).group(1)
    for tag in ("style", "script"):
        body = re.search(rf"<{tag}>(.*?)</{tag}>", html, re.S).group(1)
        digest = base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode()
        assert f"{tag}-src 'sha256-{digest}'" in csp.replace("&#39;", "'")
    assert "'unsafe-inline'" not in csp and "default-src 'none'" in csp


def test_english_offline_copy_marks_all_chinese_as_chinese(site_dir):
    from html.parser import HTMLParser

    class Walk(HTMLParser):
        def __init__(self):
            super().__init__()
            self.stack, self.bad = [], []

        def handle_starttag(self, tag, attrs):
            if tag not in ("meta", "link", "br", "img", "input", "hr", "rect"):
                self.stack.append(dict(attrs).get("lang") or (self.stack[-1] if self.stack else "en"))

        def handle_endtag(self, tag):
            if tag not in ("meta", "link", "br", "img", "input", "hr", "rect") and self.stack:
                self.stack.pop()

        def handle_data(self, data):
            if CJK.search(data) and self.stack and self.stack[-1] != "zh-Hans":
                self.bad.append(data.strip()[:40])

    w = Walk()
    html = offline(site_dir, "en").read_text(encoding="utf-8")
    w.feed(re.sub(r"<(script|style)[^>]*>.*?</\1>", "", html, flags=re.S))  # code, not text
    assert w.bad == []


@pytest.mark.parametrize("view", ["zh", "en"])
def test_offline_copy_works_from_disk_with_networking_off(browser, tmp_path, site_dir, view):
    copy = tmp_path / "kept.html"  # a copy saved anywhere, away from the rest of the site
    copy.write_bytes(offline(site_dir, view).read_bytes())
    context = browser.new_context(viewport={"width": 375, "height": 700}, has_touch=True, is_mobile=True,
                                  offline=True)
    page = context.new_page()
    requests, violations = [], []
    page.on("request", lambda r: requests.append(r.url) if not r.url.startswith(("file:", "data:")) else None)
    page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)
    page.goto(copy.as_uri())
    # the contents list leads to a section inside the file
    page.click("a.toc-jump")
    link = page.locator("nav.toc .toc-sections a").nth(5)
    target = link.get_attribute("href")
    assert target.startswith("#")
    link.click()
    page.wait_for_function("""id => { const r = document.getElementById(id).getBoundingClientRect();
        return r.top >= 0 && r.top < innerHeight; }""", arg=target[1:], timeout=3000)
    # a glossary term explains itself on tap
    term = page.locator(".term-link").first
    term.scroll_into_view_if_needed()
    term.tap()
    assert page.evaluate("document.querySelector('.term.open .tip') !== null")
    box = page.evaluate("(() => { const r = document.querySelector('.term.open .tip').getBoundingClientRect();"
                        " return [r.left, r.right, innerWidth]; })()")
    assert box[0] >= 0 and box[1] <= box[2]
    # the key figures are there, with their charts
    page.goto(copy.as_uri() + "#figures")
    assert page.locator("#fig-parking-spaces-2024").is_visible()
    assert page.locator("svg.bars").count() == 2
    assert requests == [] and violations == []
    context.close()


def test_a_reports_zip_holds_its_website_and_opens_with_a_landing_page_of_its_own(site_dir):
    zipped = site_dir / "jianghan-2025" / "download" / "jianghan-2025-site.zip"
    with zipfile.ZipFile(zipped) as z:
        assert z.testzip() is None  # every entry's CRC-32 matches its data
        names = set(z.namelist())
        mine = {p for p in site_dir.rglob("*") if p.is_file() and p != zipped
                and (p.relative_to(site_dir).parts[0] in ("jianghan-2025", "assets") or p.name == "favicon.svg")}
        assert names == {f"jianghan-2025-site/{p.relative_to(site_dir).as_posix()}" for p in mine} | {
            "jianghan-2025-site/index.html"}
        for p in mine:
            assert z.read(f"jianghan-2025-site/{p.relative_to(site_dir).as_posix()}") == p.read_bytes(), p
        own_landing = z.read("jianghan-2025-site/index.html").decode("utf-8")
    landing = (site_dir / "index.html").read_text(encoding="utf-8")
    assert 'href="jianghan-2025/download/jianghan-2025-site.zip" download' in landing
    # inside the zip, the landing page is the site's, less the link to the zip it is in
    assert "site.zip" not in own_landing and 'href="jianghan-2025/zh/index.html"' in own_landing
    assert own_landing.count('class="report-card"') == 1


def test_every_report_page_offers_its_offline_copy(site_dir):
    for view in VIEWS:
        for path in (site_dir / "jianghan-2025" / view).glob("*.html"):
            assert f'href="../download/jianghan-2025-{view}.html" download' in path.read_text(encoding="utf-8"), path


# --- link previews and discovery --------------------------------------------------------------------

@pytest.fixture(scope="module")
def site_with_base(tmp_path_factory):
    out = tmp_path_factory.mktemp("base") / "site"
    build_site(out, base_url=BASE)
    return out


def head(path):
    html = path.read_text(encoding="utf-8")
    return html, html[:html.index("</head>")]


def test_every_page_has_canonical_opengraph_and_hreflang(site_with_base):
    pages = [p for p in site_with_base.rglob("*.html") if "download" not in p.parts and p.name != "404.html"]
    assert len(pages) == 64  # every page but the 404 (the about pages included)
    descriptions = set()
    for path in pages:
        rel = path.relative_to(site_with_base).as_posix()
        html, h = head(path)
        assert f'<link rel="canonical" href="{BASE}{rel}">' in h, rel
        assert f'<meta property="og:url" content="{BASE}{rel}">' in h, rel
        title = re.search(r"<title>(.*?)</title>", h).group(1)
        assert f'<meta property="og:title" content="{title}">' in h
        desc = re.search(r'<meta name="description" content="([^"]+)">', h).group(1)
        assert f'<meta property="og:description" content="{desc}">' in h
        descriptions.add(desc)
        assert '<meta name="twitter:card" content="summary">' in h
        data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', h, re.S).group(1))
        assert data["url"] == BASE + rel and data["@context"] == "https://schema.org"
        if "/zh/" in rel or "/en/" in rel:
            other = rel.replace("/zh/", "/@/").replace("/en/", "/zh/").replace("/@/", "/en/")
            for lang, target in (("zh-Hans", rel if "/zh/" in rel else other), ("en", rel if "/en/" in rel else other)):
                assert f'<link rel="alternate" hreflang="{lang}" href="{BASE}{target}">' in h, (rel, lang)
                assert (site_with_base / target).is_file()
    assert len(descriptions) >= 40  # pages describe themselves, not one generic text
    section = head(site_with_base / "jianghan-2025" / "en" / "p1-s1.html")[1]
    assert ('content="We took a multipronged approach and provided proactive services. Economic growth picked '
            'up quarter by quarter, and our overall strength rose to a new level."') in section


def test_sitemap_is_valid_and_lists_every_page_with_its_alternates(site_with_base, tmp_path):
    sitemap = site_with_base / "sitemap.xml"
    xsds = [os.path.join(SCHEMAS, "sitemap.xsd"), os.path.join(SCHEMAS, "xhtml-link.xsd")]
    check = ["java", os.path.join(SCHEMAS, "Validate.java")]
    result = subprocess.run(check + [str(sitemap)] + xsds, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    # the validator does fail on a sitemap that breaks the schema
    bad = tmp_path / "bad.xml"
    bad.write_text(sitemap.read_text(encoding="utf-8").replace("<loc>", "<location>", 1).replace("</loc>", "</location>", 1))
    assert subprocess.run(check + [str(bad)] + xsds, capture_output=True, text=True).returncode == 1
    xml = sitemap.read_text(encoding="utf-8")
    locs = re.findall(r"<loc>(.*?)</loc>", xml)
    pages = {BASE + p.relative_to(site_with_base).as_posix() for p in site_with_base.rglob("*.html")
             if "download" not in p.parts and p.name != "404.html"}
    assert set(locs) == pages and len(locs) == len(pages) == 64
    block = re.search(r"<url>\s*<loc>" + re.escape(BASE) + r"jianghan-2025/en/p2-s3.html</loc>(.*?)</url>", xml, re.S)
    assert 'hreflang="zh-Hans" href="https://example.org/report/jianghan-2025/zh/p2-s3.html"' in block.group(1)
    assert (site_with_base / "robots.txt").read_text() == f"User-agent: *\nAllow: /\nSitemap: {BASE}sitemap.xml\n"


def test_without_a_base_url_nothing_absolute_is_written(site_dir):
    assert not (site_dir / "sitemap.xml").exists() and not (site_dir / "robots.txt").exists()
    html, h = head(site_dir / "jianghan-2025" / "zh" / "p1-s1.html")
    assert 'rel="canonical"' not in h and "og:url" not in h and "hreflang" not in h
    assert '<a href="../en/p1-s1.html" data-keep-hash hreflang="en" lang="en">' in html  # the visible switch


def test_a_bad_base_url_is_refused(tmp_path):
    from reportgen.errors import ReportError
    with pytest.raises(ReportError) as e:
        build_site(tmp_path / "out", base_url="example.org/report")
    assert str(e.value) == ("--base-url: 'example.org/report' is not an absolute http(s) address; expected "
                            "something like https://example.org/report/")


def test_a_base_url_with_markup_characters_stays_inside_its_attributes(tmp_path):
    base = 'https://example.org/r&a=1&b="2"<x>/'  # (a ?query or #fragment is refused: test_cli_hostile.py)
    build_site(tmp_path / "out", base_url=base)
    html = (tmp_path / "out" / "404.html").read_text(encoding="utf-8")
    assert 'href="https://example.org/r&amp;a=1&amp;b=&#34;2&#34;&lt;x&gt;/index.html"' in html
    assert '"2"<x>' not in html


def test_404_page_finds_the_way_from_any_depth(site_with_base, browser):
    html = (site_with_base / "404.html").read_text(encoding="utf-8")
    assert "未找到该页面" in html and "Page not found" in html
    refs = re.findall(r'(?:href|src)="([^"#][^"]*)"', html)
    assert refs and all(urlsplit(r).scheme == "https" for r in refs)
    # served for a missing page deep below the site, its style and links still hold
    page = browser.new_page()
    page.route("https://example.org/**", lambda route: route.fulfill(
        path=str(site_with_base / urlsplit(route.request.url).path[len("/report/"):])
        if (site_with_base / urlsplit(route.request.url).path[len("/report/"):]).is_file()
        else str(site_with_base / "404.html"), status=200))
    page.goto(BASE + "jianghan-2025/zh/no/such/page.html")
    assert page.title().startswith("未找到该页面")
    assert page.evaluate("getComputedStyle(document.body).fontFamily") != "Times New Roman"
    page.click("text=Report on the Work of the Government: Jianghan District, Wuhan, 2025")
    assert page.url == BASE + "jianghan-2025/en/index.html"
    page.close()


# --- print -------------------------------------------------------------------------------------------

@pytest.mark.parametrize("view", ["zh", "en"])
def test_full_text_prints_as_a_document(browser, site_dir, tmp_path, view):
    page = browser.new_page()
    page.goto((site_dir / "jianghan-2025" / view / "full.html").as_uri())
    page.emulate_media(media="print")
    hidden = page.evaluate("""() => ['.top', 'nav.toc', '.pl', '.skip'].map(s =>
        [...document.querySelectorAll(s)].every(e => getComputedStyle(e).display === 'none'))""")
    assert hidden == [True] * 4
    footer = page.inner_text(".foot .print-only")
    assert page.url.split("#")[0] in footer
    pdf = tmp_path / f"full-{view}.pdf"
    page.pdf(path=str(pdf), format="A4")
    page.close()
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True).stdout
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
    pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))
    assert 8 <= pages <= 40
    assert ("名词解释" if view == "zh" else "Glossary") in text
    assert "¶" not in text and ("目录" if view == "zh" else "Contents\n") not in text[:400]


def test_past_the_protocols_50000_pages_the_sitemap_is_an_index_of_sitemaps():
    import xml.etree.ElementTree as ET
    from reportgen.plan import sitemap_files
    part = lambda rid, n: "".join(f"<url>\n<loc>https://x.org/{rid}/{i}.html</loc>\n</url>\n" for i in range(n))  # noqa: E731
    parts = [part("a", 3), part("b", 4), part("c", 2)]
    assert list(sitemap_files(parts, "https://x.org/", most=9)) == ["sitemap.xml"]
    files = sitemap_files(parts, "https://x.org/", most=7)
    assert sorted(files) == ["sitemap-1.xml", "sitemap-2.xml", "sitemap.xml"]
    ns = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
    index = ET.fromstring(files["sitemap.xml"])
    assert index.tag == f"{ns}sitemapindex"
    assert [e.text for e in index.iter(f"{ns}loc")] == ["https://x.org/sitemap-1.xml", "https://x.org/sitemap-2.xml"]
    pages = [[e.text for e in ET.fromstring(files[f"sitemap-{i}.xml"]).iter(f"{ns}loc")] for i in (1, 2)]
    assert [len(p) for p in pages] == [7, 2]  # a report's pages stay in one file
    assert pages[0][3] == "https://x.org/b/0.html" and pages[1][0] == "https://x.org/c/0.html"
