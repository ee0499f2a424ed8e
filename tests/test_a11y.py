"""Accessibility in headless Chromium: axe-core's WCAG 2.1 A/AA and best-practice rules on every page
type in every view (light and dark), a keyboard-only walkthrough, reduced motion and heading levels.

axe-core comes from node_modules (package-lock.json pins it; `./setup.sh` runs `npm ci`). Chinese text
on English pages carrying lang="zh-Hans" is checked in test_translation.py, not here.
"""
import os

import pytest

from conftest import ROOT

AXE = os.path.join(ROOT, "node_modules", "axe-core", "axe.min.js")
REPORT = "jianghan-2025"
VIEWS = ("zh", "en", "bi")
PAGE_TYPES = ("index", "p1", "p1-s1", "p1-end", "full", "glossary", "figures", "about")  # report home, part,
# section, a part's closing paragraphs, full text, glossary, key figures, the editors' page
PAGES = (["index.html", "404.html"] + [f"{REPORT}/{v}/{name}.html" for v in VIEWS for name in PAGE_TYPES]
         + [f"{REPORT}/download/{REPORT}-{v}.html" for v in VIEWS])  # the single-file offline copies
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
CONTRAST_RULES = ["color-contrast", "link-in-text-block"]  # the rules that depend on the colour scheme


def new_page(browser, axe=False, **options):
    """A tab in a context of its own. With axe, axe-core is loaded into every page it opens: as an init
    script, which the pages' Content-Security-Policy (script-src 'self') does not block, so the pages are
    checked under their real policy."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, **options)
    if axe:
        if not os.path.exists(AXE):
            pytest.fail(f"{AXE} is missing: run ./setup.sh (or `npm ci`) to install the pinned axe-core")
        context.add_init_script(path=AXE)
    return context, context.new_page()


@pytest.fixture(scope="module")
def light(browser):
    context, pg = new_page(browser, axe=True, color_scheme="light")
    yield pg
    context.close()


@pytest.fixture(scope="module")
def dark(browser):
    context, pg = new_page(browser, axe=True, color_scheme="dark")
    yield pg
    context.close()


@pytest.fixture(scope="module")
def reduced(browser):
    context, pg = new_page(browser, reduced_motion="reduce")
    yield pg
    context.close()


@pytest.fixture(scope="module")
def base(http_subpath):
    """Pages as a static host serves them (under a subpath), so axe can also read the stylesheets."""
    return http_subpath


def open_page(pg, base, rel):
    pg.goto(base + rel)
    pg.wait_for_load_state("load")


def run_axe(pg, run_only):
    assert pg.evaluate("typeof window.axe === 'object'"), "axe-core did not load"
    return pg.evaluate("""async runOnly => {
        const r = await axe.run(document, {runOnly, resultTypes: ['violations']});
        return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
            targets: v.nodes.map(n => n.target.join(' ') + (n.failureSummary ?
                '  [' + n.failureSummary.split('\\n').slice(1).join(' ').trim().slice(0, 240) + ']' : ''))}));
    }""", run_only)


def describe(rel, scheme, violations):
    lines = [f"{len(violations)} axe violation(s) on {rel} ({scheme}):"]
    for v in violations:
        lines.append(f"  {v['id']} ({v['impact']}): {v['help']}")
        lines += [f"      {t}" for t in v["targets"][:10]]
        if len(v["targets"]) > 10:
            lines.append(f"      … and {len(v['targets']) - 10} more")
    return "\n".join(lines)


@pytest.mark.parametrize("rel", PAGES)
def test_axe_wcag21aa_light(light, base, rel):
    open_page(light, base, rel)
    violations = run_axe(light, {"type": "tag", "values": TAGS})
    assert not violations, describe(rel, "light", violations)


@pytest.mark.parametrize("rel", PAGES)
def test_axe_contrast_dark(dark, base, rel):
    open_page(dark, base, rel)
    assert dark.evaluate("matchMedia('(prefers-color-scheme: dark)').matches")
    violations = run_axe(dark, {"type": "rule", "values": CONTRAST_RULES})
    assert not violations, describe(rel, "dark", violations)


HEADINGS = """() => [...document.querySelectorAll('h1,h2,h3,h4,h5,h6,[role=heading]')]
    .filter(h => !h.closest('[hidden],[aria-hidden=true]') && getComputedStyle(h).display !== 'none'
                 && getComputedStyle(h).visibility !== 'hidden')
    .map(h => ({level: h.getAttribute('aria-level') ? +h.getAttribute('aria-level') : +h.tagName.slice(1) || 2,
                text: h.textContent.trim().replace(/\\s+/g, ' ').slice(0, 50)}))"""


@pytest.mark.parametrize("rel", PAGES)
def test_headings_never_skip_a_level(light, base, rel):
    open_page(light, base, rel)
    headings = light.evaluate(HEADINGS)
    assert headings, f"{rel} has no headings"
    assert headings[0]["level"] == 1, f"{rel}: first heading is h{headings[0]['level']} {headings[0]['text']!r}"
    skips = [f"h{a['level']} {a['text']!r} → h{b['level']} {b['text']!r}"
             for a, b in zip(headings, headings[1:]) if b["level"] > a["level"] + 1]
    assert skips == [], f"{rel}: heading levels skip: " + "; ".join(skips)


MOTION = """() => {
    const bad = [];
    const name = e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') +
                      (typeof e.className === 'string' && e.className ? '.' + e.className.trim().split(/\\s+/).join('.') : '');
    const seconds = list => list.split(',').map(s => parseFloat(s) * (s.trim().endsWith('ms') ? 0.001 : 1));
    for (const el of [document.documentElement, ...document.querySelectorAll('*')]) {
        for (const pseudo of [null, '::before', '::after']) {
            const cs = getComputedStyle(el, pseudo);
            const where = name(el) + (pseudo || '');
            if (!pseudo && cs.scrollBehavior === 'smooth') bad.push(where + ': scroll-behavior smooth');
            if (cs.transitionProperty !== 'none' && seconds(cs.transitionDuration).some(s => s > 0.01))
                bad.push(where + ': transition ' + cs.transitionProperty + ' ' + cs.transitionDuration);
            if (cs.animationName !== 'none' && seconds(cs.animationDuration).some(s => s > 0.01))
                bad.push(where + ': animation ' + cs.animationName + ' ' + cs.animationDuration);
        }
    }
    for (const a of document.getAnimations()) bad.push('running animation on ' + name(a.effect.target));
    return bad;
}"""


@pytest.mark.parametrize("rel", PAGES)
def test_reduced_motion_disables_transitions_animations_and_smooth_scroll(reduced, base, rel):
    open_page(reduced, base, rel)
    assert reduced.evaluate("matchMedia('(prefers-reduced-motion: reduce)').matches")
    bad = reduced.evaluate(MOTION)
    # States that only exist while something has focus: a glossary term's definition opens on focus.
    if reduced.locator(".term-link").count():
        reduced.locator(".term-link").first.focus()
        bad += reduced.evaluate(MOTION)
    assert sorted(set(bad)) == [], f"{rel} moves under prefers-reduced-motion: reduce"


def built_terms(site_dir, view):
    """Section pages of a view whose text has glossary marks (.term), in reading order."""
    pages = sorted((site_dir / REPORT / view).glob("p*-s*.html"),
                   key=lambda p: [int(x) for x in p.stem.replace("p", "").replace("s", "").split("-")])
    return [p.name for p in pages if 'class="term"' in p.read_text(encoding="utf-8")]


FOCUSED = """() => {
    const e = document.activeElement, cs = getComputedStyle(e), r = e.getBoundingClientRect();
    let opacity = 1, clipped = null;
    for (let n = e; n && n.nodeType === 1; n = n.parentElement) opacity *= +getComputedStyle(n).opacity;
    // The focus ring must not be cut off by a scrolling or clipping ancestor (the sticky contents list).
    const ring = (parseFloat(cs.outlineOffset) || 0) + (parseFloat(cs.outlineWidth) || 0);
    for (let n = e.parentElement; n && n !== document.body; n = n.parentElement) {
        const s = getComputedStyle(n);
        if (s.overflowX === 'visible' && s.overflowY === 'visible') continue;
        const c = n.getBoundingClientRect(), left = c.left + n.clientLeft, top = c.top + n.clientTop;
        if (r.left - ring < left - 0.5 || r.top - ring < top - 0.5 ||
            r.right + ring > left + n.clientWidth + 0.5 || r.bottom + ring > top + n.clientHeight + 0.5) {
            clipped = (n.id ? '#' + n.id : n.tagName.toLowerCase()) + ' (overflow ' + s.overflowX + ')'; break; }
    }
    return {tag: e.tagName.toLowerCase(), id: e.id, cls: e.className, href: e.getAttribute('href'),
            text: e.textContent.trim().slice(0, 30),
            toc: !!e.closest('nav.toc'), langs: !!e.closest('nav.langs'),
            pl: e.matches('a.pl'), term: e.matches('.term a, .term [tabindex]'),
            outline: cs.outlineStyle !== 'none' && parseFloat(cs.outlineWidth) > 0,
            shadow: cs.boxShadow !== 'none', opacity, clipped,
            visible: r.width > 0 && r.height > 0 && r.bottom > 0 && r.top < innerHeight && r.right > 0 && r.left < innerWidth};
}"""


def focused(pg):
    """The focused element, once it has been scrolled into view."""
    info = pg.evaluate(FOCUSED)
    if not info["visible"] and info["tag"] != "body":
        try:
            pg.wait_for_function("""() => { const r = document.activeElement.getBoundingClientRect();
                return r.bottom > 0 && r.top < innerHeight && r.right > 0 && r.left < innerWidth; }""", timeout=2000)
        except Exception:
            pass
        info = pg.evaluate(FOCUSED)
    return info


@pytest.mark.parametrize("view", VIEWS)
def test_keyboard_walkthrough_on_a_section_page(browser, site_dir, base, view):
    """From the top of a section page, Tab alone reaches the skip link first (Enter moves focus to the
    main text), then every contents link, the language switch, the paragraph permalinks and a glossary
    term, each visibly focused."""
    with_terms = built_terms(site_dir, view)
    any_terms = any('class="term"' in p.read_text(encoding="utf-8") for p in site_dir.rglob("*.html"))
    assert bool(with_terms) == any_terms, "glossary terms are marked on some pages but on no section page"
    name = with_terms[0] if with_terms else "p1-s1.html"
    # Instant scrolling: Tab pressed faster than a person can, while a smooth scroll to the previous stop
    # is still running, can leave the next stop out of view (a test artifact; focus styles are the same).
    context, pg = new_page(browser, reduced_motion="reduce")
    try:
        url = f"{base}{REPORT}/{view}/{name}"
        pg.goto(url)
        pg.keyboard.press("Tab")
        first = focused(pg)
        assert "skip" in first["cls"].split() and first["href"] == "#main", f"first Tab stop: {first}"
        assert first["visible"] and (first["outline"] or first["shadow"]), f"skip link not visibly focused: {first}"
        pg.keyboard.press("Enter")
        pg.wait_for_function("document.activeElement && document.activeElement.id === 'main'", timeout=3000)

        pg.goto("about:blank")
        pg.goto(url)
        expected = pg.evaluate("""() => ({
            toc: [...document.querySelectorAll('nav.toc a')].map(a => a.getAttribute('href')),
            langs: [...document.querySelectorAll('nav.langs a')].map(a => a.getAttribute('href')),
            pl: [...document.querySelectorAll('a.pl')].map(a => a.getAttribute('href')),
            terms: document.querySelectorAll('.term').length})""")
        stops = []
        for _ in range(400):
            pg.keyboard.press("Tab")
            info = focused(pg)
            if info["tag"] == "body" or (stops and info == stops[0]):
                break
            stops.append(info)
    finally:
        context.close()
    assert stops and "skip" in stops[0]["cls"].split()
    unseen = [s for s in stops
              if not (s["visible"] and s["opacity"] > 0.5 and (s["outline"] or s["shadow"])) or s["clipped"]]
    assert unseen == [], f"{name} ({view}): focused but not visibly so: {unseen[:5]}"
    assert [s["href"] for s in stops if s["toc"]] == expected["toc"], "contents links not all reached in order"
    assert [s["href"] for s in stops if s["langs"]] == expected["langs"] and expected["langs"]
    assert [s["href"] for s in stops if s["pl"]] == expected["pl"] and expected["pl"]
    if any_terms:
        assert expected["terms"], f"{name} should have glossary terms"
        assert [s for s in stops if s["term"]], f"{name} ({view}): no glossary term reachable by keyboard"
