"""Search as a reader uses it, in headless Chromium: from file://, over HTTP under a subpath and in the
single-file copies with networking off. Chinese substrings, English words, numbers in any notation,
Traditional characters and glossary renderings find their paragraph in every view; the result opens it.

The expected paragraphs are worked out here from the content's YAML, independently of the search data.
A second report (a real one from the shared test data, ingested by the test) brings 营商环境, which the
Jianghan report does not use."""
import functools
import http.server
import os
import re
import shutil
import threading

import pytest
import yaml

from conftest import ROOT, SHARED, QuietHandler, build_site, free_port
from reportgen.errors import ReportError
from reportgen.search import canonical, numbers_in, simplified_table, t2s_converter, termbase_pairs
from test_a11y import AXE, CONTRAST_RULES, TAGS, describe, run_axe

J, B = "jianghan-2025", "county-boye-2025"
BOYE = os.path.join(SHARED, "testdata", "reports", f"{B}.zh.txt")
VIEWS = ("zh", "en", "bi")
# query, report, and what the paragraph it should find says (language, text as written there)
QUERIES = [
    ("以旧换新", J, "zh", "以旧换新"),
    ("trade-in", J, "en", "trade-in"),
    ("旧换", J, "zh", "旧换"),
    ("811亿", J, "zh", "811亿"),
    ("81.1 billion", J, "en", "81.1 billion"),
    ("81,100,000,000", J, "zh", "811亿元"),   # the same value in digits
    ("營商環境", B, "zh", "营商环境"),        # Traditional characters
    ("以舊換新", J, "zh", "以旧换新"),
    ("SSDI", J, "en", "SSDI"),
    ("Trade-ins", J, "en", "trade-in"),     # any case, plural
    ("以旧换新 housing", J, "en", "housing trade-in"),  # both languages at once: AND
]


def paragraphs(content, rid):
    """{id: {"zh": text, "en": text}} of the report's body paragraphs (lead included)."""
    with open(os.path.join(content, rid, "zh.yaml"), encoding="utf-8") as f:
        doc = yaml.safe_load(f)
    en = {}
    folder = os.path.join(content, rid, "en")
    for name in sorted(os.listdir(folder)) if os.path.isdir(folder) else []:
        with open(os.path.join(folder, name), encoding="utf-8") as f:
            en.update(yaml.safe_load(f) or {})
    units = list(doc.get("opening") or [])
    for part in doc["parts"]:
        units += (part.get("intro") or []) + (part.get("closing") or [])
        units += [p for s in part.get("sections") or [] for p in s["paragraphs"]]
    full = lambda u: (u.get("lead") or "") + " " + (u.get("text") or "")  # noqa: E731
    return {u["id"]: {"zh": full(u), "en": full(en.get(u["id"]) or {})} for u in units}


def expected(content, rid, lang, text):
    found = {uid for uid, t in paragraphs(content, rid).items() if text.lower() in t[lang].lower()}
    assert found, f"no paragraph of {rid} says {text!r}: the test's premise is wrong"
    return found


def test_numbers_meet_in_one_value_whatever_their_notation():
    assert {canonical("811", "亿"), canonical("81.1", "billion"), canonical("81,100,000,000"),
            canonical("8110000", "万"), canonical("81.1", "Billion")} == {"81100000000"}
    assert canonical("6.5", "%") == canonical("6.50", "percent") == "6.5%"
    assert canonical("1.5", "万亿") == "1500000000000"
    assert numbers_in("社会消费品零售总额811亿元，增长6.5%。") == {"81100000000", "6.5%"}
    assert numbers_in("81.1 billion yuan, up 6.5 percent, 2,024 firms") == {"81100000000", "6.5%", "2024"}


def test_traditional_table_holds_only_characters_the_reports_use():
    data = [{"u": [["p1", "p1", "", "优化营商环境", "", 0, 0, ""]]}]
    table = simplified_table(data, t2s_converter())
    pairs = {table[i]: table[i + 1] for i in range(0, len(table), 2)}
    assert pairs["營"] == "营" and pairs["環"] == "环" and pairs["優"] == "优"
    assert set(pairs.values()) <= set("优化营商环境") and "國" not in pairs


def test_termbase_bridges_both_languages_and_a_broken_one_is_named(tmp_path):
    (tmp_path / "terms.yaml").write_text("terms:\n  - zh: “以旧换新”\n    en: trade-in\n    variants: [trade-ins]\n"
                                         "    kind: policy\n", encoding="utf-8")
    assert termbase_pairs(str(tmp_path)) == [{"zh": ["以旧换新"], "en": ["trade-in", "trade-ins"]}]
    assert termbase_pairs(str(tmp_path / "none")) == []
    (tmp_path / "terms.yaml").write_text("terms:\n  - zh: [以旧换新\n", encoding="utf-8")
    with pytest.raises(ReportError) as e:
        termbase_pairs(str(tmp_path))
    assert e.value.path.endswith("terms.yaml") and e.value.place == 3 and "YAML syntax error" in e.value.message


def test_search_code_and_page_script_stay_within_the_javascript_budget(site_dir):
    """A report's page loads app.js and search.js; the pages listing a site of many reports load the
    index's reader (siteindex.js) too."""
    import gzip
    assets = site_dir / "assets"
    code = {p.name.split(".")[0]: len(gzip.compress(p.read_bytes(), 9)) for p in assets.iterdir() if p.suffix == ".js"}
    assert sorted(code) == ["app", "search", "siteindex"]
    assert code["app"] + code["search"] <= 5 * 1024, code
    assert code["siteindex"] <= 1.5 * 1024, code


@pytest.fixture(scope="session")
def search_site(tmp_path_factory):
    """The site with the Jianghan report and a second, Chinese-only report ingested from the test data."""
    if not os.path.exists(BOYE):
        pytest.skip(f"{BOYE} is missing")
    from reportgen.ingest import ingest
    tmp = tmp_path_factory.mktemp("search")
    content = tmp / "content"
    shutil.copytree(os.path.join(ROOT, "content"), content)
    ingest(BOYE, str(content), None)
    (content / B / "report.yaml").write_text(
        "title: {zh: 2025年博野县政府工作报告, en: Government Work Report of Boye County 2025}\n"
        "short_title: {zh: 博野县政府工作报告, en: Boye County Work Report}\nyear: 2025\n", encoding="utf-8")
    build_site(tmp / "site", content=str(content))
    return {"site": tmp / "site", "content": str(content)}


@pytest.fixture(scope="session")
def search_http(search_site, tmp_path_factory):
    root = tmp_path_factory.mktemp("searchwww")
    shutil.copytree(search_site["site"], root / "some" / "path")
    server = http.server.ThreadingHTTPServer(("127.0.0.1", free_port()),
                                             functools.partial(QuietHandler, directory=str(root)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/some/path/"
    server.shutdown()


def bases(search_site, search_http):
    return {"file": search_site["site"].as_uri() + "/", "http": search_http}


def results(pg, query):
    """The hrefs of the results shown for `query`, typed into the box as a reader does."""
    pg.fill("#search-q", query)
    pg.wait_for_function("q => document.querySelector('.search-count') && "
                         "document.querySelector('#search-results').dataset.q === q", arg=query)
    return [a.get_attribute("href") for a in pg.locator("#search-results a").all()]


def target_id(href):
    return href.split("#", 1)[1].split(":~:", 1)[0]


def open_search(pg, url):
    pg.goto(url)
    pg.keyboard.press("/")
    pg.wait_for_function("() => window.RGS && document.querySelector('.search-count')")


@pytest.fixture()
def tab(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    pg = context.new_page()
    requests = []
    pg.on("request", lambda r: requests.append(r.url))
    pg.requests = requests
    yield pg
    context.close()


@pytest.mark.parametrize("mode", ["file", "http"])
@pytest.mark.parametrize("view", VIEWS)
def test_each_query_finds_its_paragraph(tab, search_site, search_http, mode, view):
    base = bases(search_site, search_http)[mode]
    for rid in (J, B):
        open_search(tab, f"{base}{rid}/{view}/p1.html")
        for query, report, lang, text in QUERIES:
            if report != rid:
                continue
            want = expected(search_site["content"], rid, lang, text)
            top = [target_id(h) for h in results(tab, query)[:3]]
            assert set(top) & want, f"{query!r} on {rid}/{view} ({mode}): top 3 {top}, expected one of {want}"
    origin = re.match(r"[a-z]+://[^/]*", base).group()
    assert all(u.startswith((origin, "data:")) for u in tab.requests), tab.requests


def test_numbers_in_any_notation_find_the_same_paragraph_first(tab, search_site):
    open_search(tab, (search_site["site"] / J / "en" / "index.html").as_uri())
    firsts = {q: target_id(results(tab, q)[0]) for q in ("811亿", "811亿元", "81.1 billion", "81,100,000,000")}
    assert set(firsts.values()) == {"p1-s1-2"}, firsts


def test_the_landing_page_searches_every_report(tab, search_site):
    open_search(tab, (search_site["site"] / "index.html").as_uri())
    assert any(h.startswith(f"{B}/bi/") for h in results(tab, "營商環境"))
    assert any(h.startswith(f"{J}/bi/p1-s1.html#p1-s1-2") for h in results(tab, "811亿"))


@pytest.mark.parametrize("mode", ["file", "http"])
@pytest.mark.parametrize("view,query", [("zh", "trade-in"), ("en", "以旧换新"), ("bi", "81.1 billion"),
                                        ("en", "SSDI")])
def test_the_result_opens_the_paragraph_in_view_in_the_page_language(tab, search_site, search_http, mode, view,
                                                                       query):
    """Keyboard only: `/`, the query, arrow down, Enter."""
    base = bases(search_site, search_http)[mode]
    tab.goto(f"{base}{J}/{view}/p2.html")
    tab.keyboard.press("/")
    tab.keyboard.type(query)
    tab.wait_for_function("q => (document.querySelector('#search-results') || {}).dataset.q === q", arg=query)
    tab.keyboard.press("ArrowDown")
    href = tab.evaluate("document.activeElement.getAttribute('href')")
    assert tab.evaluate("document.activeElement.closest('#search-results') !== null")
    with tab.expect_navigation():
        tab.keyboard.press("Enter")
    uid = target_id(href)
    assert tab.url.split("#")[0].endswith(f"/{J}/{view}/" + href.split("#")[0])
    tab.wait_for_function("id => { const r = document.getElementById(id).getBoundingClientRect();"
                          " return r.top < innerHeight && r.bottom > 0; }", arg=uid)
    lang = tab.evaluate("id => document.getElementById(id).closest('[lang]').lang", uid)
    assert lang == {"zh": "zh-Hans", "en": "en", "bi": "zh-Hans"}[view]


def test_keyboard_moves_through_results_and_escape_closes(tab, search_site):
    tab.goto((search_site["site"] / J / "en" / "p1-s1.html").as_uri())
    tab.keyboard.press("/")
    assert tab.evaluate("document.activeElement.id") == "search-q"
    tab.keyboard.type("trade-in")
    # the list for the whole query (one for the first letters may show while the search code loads)
    tab.wait_for_function("() => document.querySelector('#search-results').dataset.q == 'trade-in'"
                          " && document.querySelectorAll('#search-results a').length > 2")
    links = tab.evaluate("[...document.querySelectorAll('#search-results a')].map(a => a.getAttribute('href'))")
    active = "document.activeElement.getAttribute('href')"
    tab.keyboard.press("ArrowDown")
    assert tab.evaluate(active) == links[0]
    tab.keyboard.press("ArrowDown")
    assert tab.evaluate(active) == links[1]
    tab.keyboard.press("ArrowUp")
    tab.keyboard.press("ArrowUp")
    assert tab.evaluate("document.activeElement.id") == "search-q"
    tab.keyboard.press("Escape")
    assert tab.locator("#search-results").is_hidden()
    assert tab.evaluate("document.activeElement.id") == "search-q"
    assert tab.get_attribute("#search-results", "aria-live") == "polite"
    assert tab.get_attribute("form.search", "role") == "search"
    assert tab.locator("label[for=search-q]").inner_text() == "Search"


@pytest.mark.parametrize("view", VIEWS)
@pytest.mark.parametrize("rid", [J, B])
def test_offline_copy_searches_its_own_text_with_networking_off(browser, search_site, view, rid):
    context = browser.new_context(offline=True)
    pg = context.new_page()
    requests = []
    pg.on("request", lambda r: requests.append(r.url))
    copy = search_site["site"] / rid / "download" / f"{rid}-{view}.html"
    open_search(pg, copy.as_uri())
    for query, report, lang, text in QUERIES:
        if report == rid:
            want = expected(search_site["content"], rid, lang, text)
            hrefs = results(pg, query)
            assert all(h.startswith("#") for h in hrefs)
            assert {target_id(h) for h in hrefs[:3]} & want, (query, view, hrefs[:3])
    pg.keyboard.press("ArrowDown")
    pg.keyboard.press("Enter")
    uid = target_id(hrefs[0])
    pg.wait_for_function("id => { const r = document.getElementById(id).getBoundingClientRect();"
                         " return r.top < innerHeight && r.bottom > 0; }", arg=uid)
    assert [u for u in requests if not u.startswith("data:")] == [copy.as_uri()]  # no data file, nothing else
    assert not list(copy.parent.glob("*.js"))
    context.close()


def test_without_javascript_the_box_is_hidden(browser, search_site):
    context = browser.new_context(java_script_enabled=False)
    pg = context.new_page()
    pg.goto((search_site["site"] / J / "zh" / "p1.html").as_uri())
    assert pg.locator("form.search").count() == 1 and pg.locator("form.search").is_hidden()
    context.close()


def test_data_loads_on_first_use_only(tab, search_site):
    tab.goto((search_site["site"] / J / "zh" / "p1-s1.html").as_uri())
    tab.wait_for_load_state("load")
    assert not any("search." in u for u in tab.requests)
    tab.focus("#search-q")
    tab.wait_for_function("() => window.RGS && window.RGD && RGD.length === 1")
    data = [u for u in tab.requests if re.search(r"/search\.[0-9a-f]{10}\.js$", u)]
    assert len(data) == 2 and any(f"/{J}/search." in u for u in data)  # the report's data and the code


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("rel", ["index.html", f"{J}/en/p1-s1.html", f"{J}/bi/p1.html",
                                 f"{J}/download/{J}-zh.html"])
def test_axe_with_results_open(browser, search_http, scheme, rel):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme=scheme)
    context.add_init_script(path=AXE)
    pg = context.new_page()
    open_search(pg, search_http + rel)
    results(pg, "以旧换新")
    assert pg.locator("#search-results li").count() > 0 and pg.locator("#search-results").is_visible()
    rules = {"type": "tag", "values": TAGS} if scheme == "light" else {"type": "rule", "values": CONTRAST_RULES}
    violations = run_axe(pg, rules)
    assert not violations, describe(rel, scheme, violations)
    context.close()


def test_a_rebuild_after_an_edit_renames_the_data_everywhere_as_a_fresh_build_does(content_copy, tmp_path):
    """A paragraph edit changes the report's data file and so its fingerprinted name in every page (written
    in, not rendered again); a termbase edit changes it too, and the single-file copies that carry it."""
    from reportgen.rebuild import Rebuild
    from test_incremental import edit_yaml, files_of, paragraph
    out, fresh = tmp_path / "site", tmp_path / "fresh"
    builds = Rebuild(str(content_copy), os.path.join(ROOT, "templates"), os.path.join(ROOT, "static"), str(out))
    builds.run()
    old = sorted(p.name for p in (out / J).glob("search.*.js"))
    edit_yaml(content_copy / J / "zh.yaml", lambda d: paragraph(d, "p2-s3-1").update(
        text=paragraph(d, "p2-s3-1")["text"] + "（补）"))
    again = builds.run()
    assert again["rendered"] < 20
    new = sorted(p.name for p in (out / J).glob("search.*.js"))
    assert len(new) == 1 and new != old
    again["finish"]()  # the single-file copies, after the reload
    build_site(fresh, content=str(content_copy))
    assert files_of(out) == files_of(fresh)
    terms = content_copy / "terms.yaml"
    data = yaml.safe_load(terms.read_text(encoding="utf-8"))
    data["terms"].append({"zh": "以旧换新", "en": "old-for-new scheme", "kind": "policy"})
    terms.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    third = builds.run()
    assert third["rendered"] == third["pages"]  # everything, the single-file copies after the reload
    third["finish"]()
    build_site(fresh, content=str(content_copy))
    assert files_of(out) == files_of(fresh)
    assert "old-for-new" in next((out / J).glob("search.*.js")).read_text(encoding="utf-8")


@pytest.mark.parametrize("view,query,highlight", [("zh", "trade-in", "以旧换新"), ("en", "以旧换新", "trade-in"),
                                                  ("zh", "SSDI", "专精特新")])
def test_a_match_in_the_other_language_highlights_the_term_in_the_page_language(tab, search_site, view, query,
                                                                                highlight):
    from urllib.parse import unquote
    open_search(tab, (search_site["site"] / J / view / "index.html").as_uri())
    first = results(tab, query)[0]
    assert ":~:text=" in first and highlight in unquote(first.split(":~:text=", 1)[1]).lower(), first


def test_the_unzipped_site_zip_searches_from_disk(tab, search_site, tmp_path):
    import zipfile
    with zipfile.ZipFile(search_site["site"] / J / "download" / f"{J}-site.zip") as z:
        z.extractall(tmp_path)
    open_search(tab, (tmp_path / f"{J}-site" / J / "en" / "p2.html").as_uri())
    assert target_id(results(tab, "81.1 billion")[0]) == "p1-s1-2"
    assert all(u.startswith(("file:", "data:")) for u in tab.requests)


@pytest.mark.parametrize("view", VIEWS)
def test_every_result_lands_on_its_own_paragraph_not_the_same_words_earlier(tab, search_site, view):
    """A text fragment finds the first occurrence of its words on the page; the words before the hit
    make it this paragraph's. Common words, used in many paragraphs of one page, are the test."""
    from urllib.parse import urljoin
    for query in ("trade-in", "以旧换新", "创新", "development"):
        open_search(tab, (search_site["site"] / J / view / "index.html").as_uri())
        here = tab.url
        for href in results(tab, query)[:3]:
            tab.goto("about:blank")
            tab.goto(urljoin(here, href))
            tab.wait_for_function("id => { const r = document.getElementById(id).getBoundingClientRect();"
                                  " return r.top < innerHeight && r.bottom > 0; }", arg=target_id(href), timeout=5000)


def test_the_kept_traditional_simplified_table_is_the_converters_own_and_a_broken_one_is_worked_out_again():
    from reportgen import search
    fresh = search._t2s_pairs(t2s_converter())
    path = search._t2s_cache()
    for kept in (None, "not json", "[[1]]"):
        search._T2S.clear()
        if kept is None and os.path.exists(path):
            os.remove(path)
        elif kept is not None:
            with open(path, "w", encoding="utf-8") as f:
                f.write(kept)
        assert search._t2s_pairs() == fresh and len(fresh) > 3000
        search._T2S.clear()
        assert search._t2s_pairs() == fresh  # read back from the file the first call wrote


def test_a_new_list_of_results_never_takes_the_focus_away(tab, search_site):
    """A result has the focus when the list is written again (a slow load, a quick typist): the focus goes
    back to the box, from which the arrows reach the new results."""
    tab.goto((search_site["site"] / J / "en" / "p1-s1.html").as_uri())
    tab.keyboard.press("/")
    tab.keyboard.type("trade-in")
    tab.wait_for_function("() => document.querySelector('#search-results').dataset.q == 'trade-in'")
    tab.keyboard.press("ArrowDown")
    assert tab.evaluate("document.activeElement.closest('#search-results') !== null")
    tab.evaluate("document.querySelector('.search').show()")  # the list written again
    assert tab.evaluate("document.activeElement.id") == "search-q"
    tab.keyboard.press("ArrowDown")
    assert tab.evaluate("document.activeElement.closest('#search-results') !== null")
