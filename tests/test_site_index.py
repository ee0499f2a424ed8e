"""The landing page of a site of many reports searches through the site's index (reportgen/siteindex.py,
static/siteindex.js): a query loads the index's shards it needs and the data of the reports that may
hold it, never every report's data, and finds exactly what loading every report finds. In headless
Chromium, from file:// and over HTTP."""
import functools
import http.server
import os
import re
import shutil
import threading

import pytest

from conftest import ROOT, QuietHandler, build_site, free_port
from reportgen import siteindex
from reportgen.speed import Speed
from test_a11y import AXE, TAGS, describe, run_axe

COPIES = 14  # more than siteindex.INDEX_ABOVE, and more than the 12 reports a query loads at first
PLANTED = "jianghan-2025-009"
RID = re.compile(r"jianghan-2025-\d{3}")


def ids():
    return [f"jianghan-2025-{i:03d}" for i in range(1, COPIES + 1)]


@pytest.fixture(scope="module")
def sites(tmp_path_factory):
    """The same 14 reports built twice: searched through the index, and (the index turned off) with
    every report's data loaded. One report alone holds 蓝鲸计划 and 7.77亿元."""
    tmp = tmp_path_factory.mktemp("index")
    content = tmp / "content"
    content.mkdir()
    for name in ("site.yaml", "terms.yaml"):
        shutil.copy(os.path.join(ROOT, "content", name), content / name)
    for rid in ids():
        shutil.copytree(os.path.join(ROOT, "content", "jianghan-2025"), content / rid)
    path = content / PLANTED / "zh.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("。", "。蓝鲸计划投入7.77亿元。", 1), encoding="utf-8")
    build_site(tmp / "indexed", content=str(content), speed=Speed(record=False))
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(siteindex, "INDEX_ABOVE", 100)
        build_site(tmp / "whole", content=str(content), speed=Speed(record=False))
    root = tmp / "www"
    shutil.copytree(tmp / "indexed", root / "some" / "path")
    server = http.server.ThreadingHTTPServer(("127.0.0.1", free_port()), functools.partial(QuietHandler, directory=str(root)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield {"indexed": (tmp / "indexed").as_uri() + "/", "whole": (tmp / "whole").as_uri() + "/",
           "http": f"http://127.0.0.1:{server.server_address[1]}/some/path/", "folder": tmp / "indexed"}
    server.shutdown()


@pytest.fixture()
def tab(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    pg = context.new_page()
    pg.requests = []
    pg.on("request", lambda r: pg.requests.append(r.url))
    yield pg
    context.close()


def open_landing(pg, base):
    pg.goto(base + "index.html")
    pg.keyboard.press("/")
    pg.wait_for_function("() => window.RGS && document.querySelector('.search-count')")


def search(pg, query):
    """(the count line, the hrefs listed) once the results for `query` are shown."""
    pg.fill("#search-q", query)
    pg.wait_for_function("q => document.querySelector('.search-count') && "
                         "document.querySelector('#search-results').dataset.q === q", arg=query)
    return pg.locator(".search-count").inner_text(), [a.get_attribute("href") for a in pg.locator("#search-results a").all()]


def every_report(pg, query):
    """The results once every report that may hold the query is searched (the button pressed until gone)."""
    count, hrefs = search(pg, query)
    while pg.locator(".search-more").count():
        before = count
        pg.click(".search-more")
        pg.wait_for_function("c => document.querySelector('.search-count').textContent !== c || "
                             "!document.querySelector('.search-more')", arg=before)
        count, hrefs = pg.locator(".search-count").inner_text(), [a.get_attribute("href") for a in pg.locator("#search-results a").all()]
    return count, hrefs


def loaded(pg, kind):
    if kind == "data":
        return sorted({RID.search(u).group() for u in pg.requests if re.search(r"/jianghan-2025-\d{3}/search\.[0-9a-f]{10}\.js$", u)})
    return sorted(re.sub(r"\.[0-9a-f]{10}\.js$", ".js", u.rsplit("/", 1)[1]) for u in pg.requests if "/search-index/" in u)


@pytest.mark.parametrize("mode", ["indexed", "http"])
def test_a_word_one_report_holds_loads_that_reports_data_alone(tab, sites, mode):
    open_landing(tab, sites[mode])
    assert loaded(tab, "data") == [] and loaded(tab, "index") == ["t.js"]
    for query in ("蓝鲸", "7.77亿", "777 million"):
        count, hrefs = search(tab, query)
        assert count == "共 1 条结果" and RID.search(hrefs[0]).group() == PLANTED, (query, count, hrefs)
    assert loaded(tab, "data") == [PLANTED]
    assert 2 <= len(loaded(tab, "index")) <= 4  # t.js and a shard for each key (蓝鲸; #777000000)


@pytest.mark.parametrize("query", ["以旧换新", "trade-in", "旧换", "811亿", "81.1 billion", "81,100,000,000",
                                   "以舊換新", "SSDI", "Trade-ins", "以旧换新 housing", "蓝鲸计划", "e-commerce",
                                   "a", "2024年", "no such words anywhere"])
def test_the_index_finds_what_loading_every_report_finds(tab, sites, query):
    open_landing(tab, sites["whole"])
    assert len(loaded(tab, "data")) == COPIES and loaded(tab, "index") == []
    want = search(tab, query)
    open_landing(tab, sites["indexed"])
    assert every_report(tab, query) == want


def test_more_reports_are_searched_on_the_readers_word(tab, sites):
    open_landing(tab, sites["indexed"])
    count, _ = search(tab, "以旧换新")
    assert loaded(tab, "data") == ids()[:12]
    more = tab.locator(".search-more")
    assert more.inner_text() == "再搜索 2 份报告（另有 2 份可能含有）\nSearch 2 more reports (2 may contain it)"
    assert more.locator("span").evaluate_all("s => s.map(e => e.lang)") == ["zh-Hans", "en"]
    tab.keyboard.press("ArrowDown")
    for _ in range(10):
        tab.keyboard.press("ArrowDown")
    assert tab.evaluate("document.activeElement.className") == "search-more"  # reached by the keyboard too
    tab.keyboard.press("Enter")
    tab.wait_for_function("() => !document.querySelector('.search-more')")
    assert loaded(tab, "data") == ids()
    assert int(re.search(r"\d+", tab.locator(".search-count").inner_text()).group()) > int(re.search(r"\d+", count).group())
    # a new query begins again with the first 12 of the reports that may hold it
    search(tab, "811亿")
    assert tab.locator(".search-more").inner_text().startswith("再搜索 2 份报告（另有 2 份可能含有）")


def test_a_shard_that_fails_to_load_rules_no_report_out(tab, sites, tmp_path):
    """A host that lost one of the index's files: the search still finds the word, from the data of the
    reports it loads, and does not wait for ever."""
    site = tmp_path / "site"
    shutil.copytree(sites["folder"], site)
    folder = site / "search-index"
    shards = len(list(folder.glob("*.js"))) - 1
    bit = siteindex.key_hash("z蓝鲸") & ((1 << siteindex.BITS) - 1)
    [shard] = folder.glob(f"{bit // ((1 << siteindex.BITS) // shards)}.*.js")
    shard.unlink()
    open_landing(tab, site.as_uri() + "/")
    count, hrefs = search(tab, "蓝鲸")
    assert count == "共 1 条结果" and RID.search(hrefs[0]).group() == PLANTED


def test_the_landing_page_with_results_and_the_button_passes_axe(browser, sites):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.add_init_script(path=AXE)
    pg = context.new_page()
    open_landing(pg, sites["http"])
    search(pg, "以旧换新")
    assert pg.locator(".search-more").is_visible()
    violations = run_axe(pg, {"type": "tag", "values": TAGS})
    assert not violations, describe("index.html", "light", violations)
    context.close()


def test_keys_are_the_searchs_own():
    """What a unit holds gives the keys the page looks up for it (siteindex.py's docstring)."""
    data = {"u": [["a", "p.html", "", "推进以旧换新", "Promote trade-ins of e-bikes", 0, 0, "#811 SSDI"]]}
    keys = siteindex.keys_of(data)
    assert {"z推进", "z进以", "z以旧", "z旧换", "z换新", "ep", "epr", "epro", "et", "etr", "etra", "ei", "ein", "eins",
            "ee", "eb", "ebi", "ebik", "es", "ess", "essd", "e8", "e81", "e811", "n#811 "} <= keys
    assert not {"etrad", "ee-", "e-b", "n#81 ", "z新 "} & keys  # three letters or digits at most; whole tokens
    assert siteindex.shard_count(14) == 16 and siteindex.shard_count(1000) == 1024
    assert siteindex.shard_count(10 ** 6) == 2048  # 32 bits of each report in each shard
