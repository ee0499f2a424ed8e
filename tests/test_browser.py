"""The site as a reader uses it, in headless Chromium: from disk and over HTTP under a subpath."""
import pytest


@pytest.fixture(params=["file", "http"])
def base(request, site_dir, http_subpath):
    return site_dir.as_uri() + "/" if request.param == "file" else http_subpath


def in_view(page, selector):
    """True once the element's top is inside the viewport (smooth scrolling may take a moment)."""
    try:
        page.wait_for_function("""sel => { const r = document.querySelector(sel).getBoundingClientRect();
            return r.top >= 0 && r.top < window.innerHeight && r.height > 0; }""", arg=selector, timeout=3000)
        return True
    except Exception:
        return False


def test_contents_list_reaches_every_section(page, base):
    page.goto(base + "index.html")
    page.click("text=Read in English")
    assert page.url.endswith("jianghan-2025/en/index.html")
    page.goto(base + "jianghan-2025/zh/index.html")
    links = page.eval_on_selector_all("nav.toc .toc-sections a", "els => els.map(e => e.getAttribute('href'))")
    assert len(links) == 12 + 2  # twelve sections and two closing pages
    for href in links:
        page.click(f"nav.toc a[href='{href}']")
        assert page.url.endswith(href.split("/")[-1])
        current = page.eval_on_selector("nav.toc a[aria-current='page']", "e => e.getAttribute('href')")
        assert current.endswith(href.split("/")[-1])
        assert page.inner_text("main h1").strip()


def test_deep_link_shows_the_paragraph_highlighted(page, base):
    page.goto(base + "jianghan-2025/zh/p2-s6.html#p2-s6-3")
    assert in_view(page, "#p2-s6-3")
    colour = page.eval_on_selector("#p2-s6-3", "e => getComputedStyle(e).backgroundColor")
    assert colour not in ("rgba(0, 0, 0, 0)", "transparent")
    other = page.eval_on_selector("#p2-s6-2", "e => getComputedStyle(e).backgroundColor")
    assert other in ("rgba(0, 0, 0, 0)", "transparent")


@pytest.mark.parametrize("target, lang", [("en", "en"), ("bi", "zh-Hans")])
def test_language_switch_keeps_page_and_paragraph(page, base, target, lang):
    page.goto(base + "jianghan-2025/zh/p1-s3.html#p1-s3-2")
    page.click(f"nav.langs a[href$='{target}/p1-s3.html']")
    page.wait_for_url(f"**/jianghan-2025/{target}/p1-s3.html#p1-s3-2")
    assert page.evaluate("document.documentElement.lang") == lang
    assert in_view(page, "#p1-s3-2")


def test_permalink_appears_on_keyboard_focus(page, base):
    page.goto(base + "jianghan-2025/en/p1-s1.html")
    link = page.locator("#p1-s1-2 a.pl")
    assert link.evaluate("e => getComputedStyle(e).opacity") == "0"
    link.focus()
    page.wait_for_function("() => getComputedStyle(document.activeElement).opacity === '1'")
    assert link.get_attribute("href") == "#p1-s1-2"


def test_phone_width_has_no_horizontal_scroll_and_reaches_contents(browser, site_dir):
    context = browser.new_context(viewport={"width": 375, "height": 740}, is_mobile=True, has_touch=True)
    page = context.new_page()
    for view in ("zh", "en", "bi"):
        page.goto(site_dir.as_uri() + f"/jianghan-2025/{view}/p1-s2.html")
        assert page.evaluate("document.documentElement.scrollWidth") <= 375
        page.click("a.toc-jump")
        assert in_view(page, "#toc")
    context.close()
