"""Page weight budgets over the built site: what a reader on a cheap phone downloads for one page."""
import gzip
import re

BUDGET = 30 * 1024      # HTML + CSS + JS of one page, gzip-compressed
JS_BUDGET = 5 * 1024    # all JavaScript of one page, compressed
EXCEPTED = re.compile(r"(^|/)full\.html$|/download/")  # the whole report in one page: reported apart


def gz(data):
    return len(gzip.compress(data, 9))


def page_weights(site):
    """Each page's compressed HTML plus the compressed CSS and JS it loads."""
    weights = {}
    for path in site.rglob("*.html"):
        html = path.read_text(encoding="utf-8")
        assets = re.findall(r'<link rel="stylesheet" href="([^"]+)"|<script src="([^"]+)"', html)
        css = [path.parent / a for a, _ in assets if a]
        js = [path.parent / b for _, b in assets if b]
        inline_js = "".join(re.findall(r"<script>(.*?)</script>", html, re.S))
        weights[path.relative_to(site).as_posix()] = {
            "total": gz(path.read_bytes()) + sum(gz(p.read_bytes()) for p in css + js),
            "js": sum(gz(p.read_bytes()) for p in js) + (gz(inline_js.encode()) if inline_js else 0),
            "stylesheets": len(css), "blocking_scripts": len(re.findall(r"<script src=\"[^\"]+\"(?![^>]*defer)", html)),
        }
    return weights


def test_every_page_within_its_budget(site_dir, capsys):
    weights = page_weights(site_dir)
    assert len(weights) == 68
    over = {p: w["total"] for p, w in weights.items() if not EXCEPTED.search(p) and w["total"] > BUDGET}
    assert over == {}
    assert all(w["js"] <= JS_BUDGET for w in weights.values()), {p: w["js"] for p, w in weights.items()}
    assert all(w["stylesheets"] <= 1 and w["blocking_scripts"] == 0 for w in weights.values())
    largest = max((w["total"], p) for p, w in weights.items() if not EXCEPTED.search(p))
    excepted = sorted((w["total"], p) for p, w in weights.items() if EXCEPTED.search(p))
    with capsys.disabled():
        print(f"\nlargest page: {largest[1]} {largest[0] / 1024:.1f} KiB compressed (budget 30 KiB); "
              + "; ".join(f"{p} {t / 1024:.1f} KiB" for t, p in excepted))


def test_no_web_fonts_and_assets_fingerprinted(site_dir):
    css = [p for p in (site_dir / "assets").iterdir()]
    assert css and all(re.fullmatch(r"[a-z]+\.[0-9a-f]{10}\.(css|js)", p.name) for p in css)
    for p in css:
        assert "@font-face" not in p.read_text(encoding="utf-8")
    fonts = [p for p in site_dir.rglob("*") if p.suffix in (".woff", ".woff2", ".ttf", ".otf", ".eot")]
    assert fonts == []


def test_reading_needs_no_javascript(browser, site_dir):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 375, "height": 800})
    page = context.new_page()
    page.goto((site_dir / "jianghan-2025" / "en" / "p1-s1.html").as_uri())
    assert page.locator("#p1-s1-1").is_visible()
    page.click("a.toc-jump")
    page.click("nav.toc a[href='p2-s3.html']")
    assert page.url.endswith("p2-s3.html") and page.locator("main p.para").count() >= 3
    context.close()
