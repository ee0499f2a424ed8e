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
from reportgen.errors import ReportError
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
    assert len(normal) == 79 and files_of(out) == normal  # 68 pages, 11 files (2 the search's: data and code)


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
