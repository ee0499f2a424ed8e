"""The speed layer changes nothing but speed: a build with the fragment cache off, with one worker, or
with Jinja's plain Environment writes the same bytes as the normal build; and a fragment that every
page of a view shares can never hold a value of one page."""
import os
import re
import shutil

import pytest
from hypothesis import given, settings, strategies as st

from markupsafe import escape

from conftest import ROOT, build_site
from reportgen.errors import ContentErrors, ReportError
from reportgen.links import current_mark, link_mark, resolve_links
from reportgen.search import Bridges
from reportgen.speed import Speed
from reportgen.urls import Link


def files_of(folder):
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


@pytest.fixture(scope="module")
def normal(tmp_path_factory):
    out = tmp_path_factory.mktemp("normal") / "site"
    build_site(out, base_url="https://example.org/report/")
    return files_of(out)


@pytest.mark.parametrize("speed", [Speed(fragments=False), Speed(workers=1), Speed(fast_lookup=False),
                                   Speed(fragments=False, workers=1, fast_lookup=False)],
                         ids=["fragment cache off", "one worker", "plain jinja Environment", "all three off"])
def test_a_build_without_a_speed_up_writes_the_same_bytes(normal, tmp_path, speed):
    out = tmp_path / "site"
    result = build_site(out, base_url="https://example.org/report/", speed=speed)
    assert result["pages"] == 68
    # 68 pages, 12 files (3 the search's: the report's data, the code, the reader of a large site's index)
    assert len(normal) == 80 and files_of(out) == normal


@pytest.fixture
def four_reports(tmp_path, monkeypatch):
    """Four reports, each a batch of its own and loaded in a turn of its own, so that a build with
    workers gathers and renders them on every core (workers.each_batch)."""
    from reportgen import gather, pipeline
    content = tmp_path / "content"
    content.mkdir()
    for name in ("site.yaml", "terms.yaml"):
        shutil.copy(os.path.join(ROOT, "content", name), content / name)
    for rid in ("a-2025", "b-2025", "c-2025", "d-2025"):
        shutil.copytree(os.path.join(ROOT, "content", "jianghan-2025"), content / rid)
    monkeypatch.setattr(pipeline, "BATCH_PAGES", 1)
    monkeypatch.setattr(gather, "SUMMARISED_TOGETHER", 1)
    return content


def test_reports_gathered_and_rendered_on_every_core_are_the_same_bytes(four_reports, tmp_path, monkeypatch):
    forks = []
    fork = os.fork
    monkeypatch.setattr(os, "fork", lambda: forks.append(1) or fork())
    on_cores = build_site(tmp_path / "cores", content=str(four_reports), speed=Speed(workers=2, record=False))
    assert len(forks) == 4  # two to gather, two to render: each taking the reports in turn
    forks.clear()
    here = build_site(tmp_path / "here", content=str(four_reports), speed=Speed(workers=1, record=False))
    assert not forks
    assert on_cores["pages"] == here["pages"] == 4 * 66 + 2  # each report's pages, the landing and 404 pages
    assert files_of(tmp_path / "cores") == files_of(tmp_path / "here")


def test_problems_found_on_every_core_are_reported_together_in_order(four_reports, tmp_path):
    for rid, line in (("b-2025", 3), ("d-2025", 5)):
        path = four_reports / rid / "zh.yaml"
        lines = path.read_text(encoding="utf-8").split("\n")
        lines[line - 1] = "- a list where a field is expected"
        path.write_text("\n".join(lines), encoding="utf-8")
    with pytest.raises(ContentErrors) as e:
        build_site(tmp_path / "site", content=str(four_reports), speed=Speed(workers=2))
    assert [(os.path.relpath(err.path, four_reports), err.place) for err in e.value.errors] == [
        ("b-2025/zh.yaml", 3), ("d-2025/zh.yaml", 5)]
    assert not (tmp_path / "site").exists()


def test_a_template_mistake_in_a_worker_taking_reports_names_its_template(four_reports, tmp_path):
    templates = tmp_path / "templates"
    shutil.copytree(os.path.join(ROOT, "templates"), templates)
    path = templates / "glossary.html"
    text = path.read_text(encoding="utf-8")
    assert text.count("{% block main %}") == 1
    path.write_text(text.replace("{% block main %}", "{% block main %}{{ 1 // 0 }}"), encoding="utf-8")
    with pytest.raises(ReportError) as e:
        build_site(tmp_path / "site", content=str(four_reports), templates=str(templates), speed=Speed(workers=2))
    assert e.value.path == str(path)
    # the first worker to fail is heard: which report it had taken is up to the order they ran in
    assert re.match(r"ZeroDivisionError: integer division or modulo by zero \(rendering [a-d]-2025/", e.value.message)
    assert not (tmp_path / "site").exists()


def test_a_worker_killed_mid_build_is_one_clear_line_and_the_site_is_left_as_it_was(four_reports, tmp_path, monkeypatch):
    """Killed (by the out-of-memory killer, say) while it renders a batch: the build stops with one line,
    waits for nothing, and out/ keeps the last good site."""
    import signal
    from reportgen import pipeline
    out = tmp_path / "site"
    build_site(out, content=str(four_reports), speed=Speed(workers=2, record=False))
    before = files_of(out)
    main, write = os.getpid(), pipeline.write_reports

    def killed_in_a_worker(output, plan, *args):
        if os.getpid() != main and plan.site["reports"][0]["id"] == "c-2025":
            os.kill(os.getpid(), signal.SIGKILL)
        return write(output, plan, *args)
    monkeypatch.setattr(pipeline, "write_reports", killed_in_a_worker)
    with pytest.raises(ReportError) as e:
        build_site(out, content=str(four_reports), speed=Speed(workers=2, record=False))
    assert re.fullmatch(r"build: a worker process \(\d+\) stopped before it finished \(killed, or out of memory\?\); "
                        r"expected it to render its reports: build again", str(e.value))
    assert files_of(out) == before


def test_more_batches_than_a_pipe_holds_are_all_taken_in_order():
    """100,000 batches (400 KB of tasks, where a pipe holds 64 KiB) on two workers: each taken once,
    the results in order, nothing waiting on a full pipe."""
    from reportgen.workers import each_batch
    results = each_batch(lambda i: (i, os.getpid()), 100_000, 2)
    assert [i for i, _ in results] == list(range(100_000))
    assert os.getpid() not in {pid for _, pid in results}  # every one run by a worker


def test_the_fragment_cache_renders_each_fragment_once_per_view(monkeypatch, tmp_path):
    """What the cache saves: with it, a paragraph is rendered once per view; without, once per page
    that shows it (its section page, the full text, the single-file copy)."""
    from reportgen import speed as speed_module
    calls = {True: 0, False: 0}
    once = speed_module.ViewFragments._once

    def counting(self, key, caller, *args):
        if key[0] == speed_module.UNIT and self.rendered_unit(key[1]) is None:
            calls[self._enabled] += 1
        return once(self, key, caller, *args)
    monkeypatch.setattr(speed_module.ViewFragments, "_once", counting)
    for enabled in (True, False):
        build_site(tmp_path / f"site-{enabled}", speed=Speed(fragments=enabled, workers=1))
    assert calls[False] >= 3 * calls[True] > 0


PLANTS = {
    "page.name in the contents": ("macros.html", '<h2 class="toc-title">{{ t.contents }}</h2>',
                                  '<h2 class="toc-title">{{ t.contents }} {{ page.name }}</h2>', "page.name"),
    "page['path'] in a paragraph": ("macros.html", '{{ permalink(u.id, t, page_lang) }}</p>',
                                    "{{ permalink(u.id, t, page_lang) }}{{ page['path'] }}</p>", "page.path"),
    "seo.canonical in the key figures": ("figures_body.html", '<p class="intro">{{ t.figures_intro }}</p>',
                                         '<p class="intro">{{ t.figures_intro }}{{ seo.canonical }}</p>',
                                         "seo.canonical"),
}


@pytest.mark.parametrize("speed", [Speed(), Speed(fragments=False)], ids=["cache on", "cache off"])
@pytest.mark.parametrize("plant", list(PLANTS))
def test_a_page_level_value_inside_a_fragment_is_an_error(tmp_path, plant, speed):
    """Planted in a fragment, a value of one page would be frozen into every page of the view (every
    page's contents list would name the first page rendered): the build fails, naming template and line."""
    name, before, after, what = PLANTS[plant]
    templates = tmp_path / "templates"
    shutil.copytree(os.path.join(ROOT, "templates"), templates)
    path = templates / name
    text = path.read_text(encoding="utf-8")
    assert text.count(before) == 1
    path.write_text(text.replace(before, after), encoding="utf-8")
    line = text[:text.index(before)].count("\n") + 1
    out = tmp_path / "site"
    with pytest.raises(ReportError) as e:
        build_site(out, speed=speed, templates=str(templates), base_url="https://example.org/")
    assert (e.value.path, e.value.place) == (str(path), line)
    assert e.value.message.startswith(f"{what} is read inside a fragment shared by every page of its view "
                                      "(ctx.fragment.…); expected only view-level data there (rendering ")
    assert not out.exists()


def test_the_same_value_outside_a_fragment_is_fine(tmp_path):
    """The guard is about fragments only: the page's own name in its footer renders."""
    templates = tmp_path / "templates"
    shutil.copytree(os.path.join(ROOT, "templates"), templates)
    path = templates / "report_base.html"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("{% block footer %}\n", "{% block footer %}\n<p>[{{ page.name }}]</p>\n"),
                    encoding="utf-8")
    build_site(tmp_path / "site", templates=str(templates))
    assert "<p>[p1-s2]</p>" in (tmp_path / "site" / "jianghan-2025" / "zh" / "p1-s2.html").read_text(encoding="utf-8")


def extra_words(zh, en, pairs):
    """The definition of what a unit may be found by beyond its text: for each term pair, in order, the
    other language's forms when the unit holds the term in one language only (any case in English)."""
    extra = []
    for zh_forms, en_forms in pairs:
        has_zh = any(f in zh for f in zh_forms)
        has_en = any(f.lower() in en.lower() for f in en_forms)
        if has_zh and not has_en:
            extra += en_forms
        elif has_en and not has_zh:
            extra += zh_forms
    return extra


FORMS = st.text(alphabet="以旧换新政策ab AB-", min_size=1, max_size=4)


@settings(max_examples=300, deadline=None)
@given(pairs=st.lists(st.tuples(st.lists(FORMS, min_size=1, max_size=3), st.lists(FORMS, min_size=1, max_size=3)),
                      max_size=8),
       zh=st.text(alphabet="以旧换新政策ab", max_size=12), en=st.text(alphabet="abAB -", max_size=12),
       other_zh=st.text(alphabet="以旧换新政策ab", max_size=12), other_en=st.text(alphabet="abAB -", max_size=12))
def test_the_search_datas_term_bridges_agree_with_their_definition(pairs, zh, en, other_zh, other_en):
    """search.Bridges finds a unit's bridged terms form by form, not pair by pair, and only the forms the
    whole report holds (here: this unit and one other): the same words, in the same order, for any
    pairs (shared forms, forms inside forms, repeats, any case)."""
    expected = extra_words(zh, en, pairs)
    assert Bridges(pairs).extra_words(zh, en) == expected
    assert Bridges(pairs, f"{other_zh}\n{zh}", f"{en}\n{other_en}").extra_words(zh, en) == expected


def resolved_by_definition(html, here, linker):
    """links.resolve_links as its marks are defined: each link mark becomes its escaped href, the
    "this page" mark of `here` becomes aria-current and every other one nothing."""
    def one(m):
        if m.group("current") is not None:
            return ' aria-current="page"' if m.group("current") == here else ""
        return str(escape(linker(m.group("target"), m.group("fragment") or None)))
    return re.sub("\ufdd3(?P<current>[^\ufdd2]*)\ufdd2|\ufdd0(?P<target>[^\ufdd1]*)\ufdd1(?P<fragment>[^\ufdd2]*)\ufdd2",
                  one, html)


PATHS = st.sampled_from(["a/zh/p1.html", "a/zh/p1-s1.html", "a/en/p1.html", "index.html", "a/zh/x&y.html"])


@settings(max_examples=300, deadline=None)
@given(pieces=st.lists(st.one_of(
    st.text(alphabet="ab<&\" \n", max_size=6),
    st.builds(lambda p, f: link_mark(Link(p, f)), PATHS, st.one_of(st.none(), st.sampled_from(["s1", "t&1"]))),
    st.builds(lambda p: current_mark(Link(p)), PATHS)), max_size=12), here=PATHS, shared=st.booleans())
def test_links_resolve_as_their_marks_say(pieces, here, shared):
    """resolve_links (split on marks; the "this page" marks first; hrefs shared between the pages of a
    folder) gives what each mark says, for any mix of text, links and "this page" marks."""
    html = "".join(pieces)
    linker = lambda target, fragment: f"../{target}" + (f"#{fragment}" if fragment else "")  # noqa: E731
    resolved = {} if shared else None
    assert resolve_links(html, here, linker, escape, resolved) == resolved_by_definition(html, here, linker)
    if shared:  # a second page of the same folder, using what the first one worked out
        assert resolve_links(html, "a/zh/p1-s1.html", linker, escape, resolved) == \
            resolved_by_definition(html, "a/zh/p1-s1.html", linker)
