"""Every link in site/ resolves to a file and fragment; nothing loads from another origin."""
import html.parser
import os
import posixpath
from urllib.parse import unquote, urlsplit

import pytest

from conftest import build_site


class Links(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.refs, self.ids = [], set()

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if "id" in a:
            self.ids.add(a["id"])
        for key in ("href", "src"):
            if key in a and not (tag == "link" and a.get("rel") == "canonical"):
                self.refs.append((tag, key, a[key]))


def parse(path):
    p = Links()
    p.feed(path.read_text(encoding="utf-8"))
    return p


def fragment(parts):
    """The element id a link points at; a text directive (#id:~:text=…) only highlights words in it."""
    return parts.fragment.split(":~:")[0]


def check_site(site):
    pages = {p.relative_to(site).as_posix(): parse(p) for p in site.rglob("*.html")}
    broken, missing_fragments, external, checked = [], [], [], 0
    for rel, parsed in pages.items():
        for tag, key, ref in parsed.refs:
            checked += 1
            parts = urlsplit(ref)
            if parts.scheme == "data":
                continue  # inside the file itself (the single-file copies)
            if parts.scheme or parts.netloc:
                external.append((rel, ref))
                continue
            target = rel if not parts.path else posixpath.normpath(posixpath.join(posixpath.dirname(rel), unquote(parts.path)))
            if parts.path.endswith("/") or not os.path.isfile(site / target):
                broken.append((rel, ref))
            elif fragment(parts) and target.endswith(".html") and fragment(parts) not in pages[target].ids:
                missing_fragments.append((rel, ref))
    return checked, broken, missing_fragments, external


def test_link_check_over_the_whole_site(site_dir):
    checked, broken, missing, external = check_site(site_dir)
    assert checked > 2000
    assert broken == [] and missing == [] and external == []


def test_link_check_can_fail(tmp_path, site_dir):
    """The checker sees a broken link, a missing fragment and an external load when they are there."""
    import shutil
    site = tmp_path / "s"
    shutil.copytree(site_dir, site)
    page = site / "jianghan-2025" / "zh" / "p1-s1.html"
    page.write_text(page.read_text(encoding="utf-8").replace(
        "</main>", '<a href="nope.html">x</a><a href="p1-s2.html#nope">y</a>'
                   '<img alt="" src="https://cdn.example.com/x.png"></main>'), encoding="utf-8")
    _, broken, missing, external = check_site(site)
    assert len(broken) == 1 and len(missing) == 1 and len(external) == 1


# --- several reports in one site: every link resolves within its own report ----------------------

def _rotate(lists):
    """Each list's units moved to the next list: the same ids, each on another page."""
    return lists[1:] + lists[:1]


def _restructure_sections(doc):
    """Within each part, every section's paragraphs moved to the next section; part intros swapped."""
    for part in doc["parts"]:
        sections = part["sections"]
        for s, paragraphs in zip(sections, _rotate([s["paragraphs"] for s in sections])):
            s["paragraphs"] = paragraphs
    intros = _rotate([p.get("intro") or [] for p in doc["parts"]])
    for part, intro in zip(doc["parts"], intros):
        part["intro"] = intro


def _restructure_across_parts(doc):
    """The sections' paragraph lists in reverse order across the whole report; the opening moved into
    the first part's closing."""
    sections = [s for p in doc["parts"] for s in p["sections"]]
    for s, paragraphs in zip(sections, [s["paragraphs"] for s in reversed(sections)]):
        s["paragraphs"] = paragraphs
    doc["parts"][0]["closing"] = doc["opening"] + (doc["parts"][0].get("closing") or [])
    doc["opening"] = []


@pytest.fixture(scope="module")
def three_reports(tmp_path_factory):
    """A site of three reports with the same ids: one as it is, two with their paragraphs on other pages."""
    import shutil
    import yaml
    from conftest import ROOT
    content = tmp_path_factory.mktemp("multi") / "content"
    shutil.copytree(os.path.join(ROOT, "content"), content)
    seed = content / "jianghan-2025"
    for rid, restructure in (("a-sections-moved", _restructure_sections), ("b-parts-moved", _restructure_across_parts)):
        shutil.copytree(seed, content / rid)
        doc = yaml.safe_load((seed / "zh.yaml").read_text(encoding="utf-8"))
        restructure(doc)
        (content / rid / "zh.yaml").write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False),
                                               encoding="utf-8")
    out = content.parent / "site"
    build_site(out, content=str(content))
    return content, out


def test_the_same_ids_sit_on_different_pages_in_each_report(three_reports):
    """The premise of the test below: a unit's page differs between the reports of the site."""
    import yaml
    from reportgen.urls import page_of_units
    content, _ = three_reports
    maps = [page_of_units(yaml.safe_load((content / rid / "zh.yaml").read_text(encoding="utf-8")))
            for rid in ("a-sections-moved", "b-parts-moved", "jianghan-2025")]
    assert maps[0].keys() == maps[1].keys() == maps[2].keys()
    differ = [uid for uid in maps[0] if len({m[uid] for m in maps}) == 3]
    assert len(differ) > 20


def test_link_check_over_a_site_of_three_reports(three_reports):
    content, site = three_reports
    assert sorted(p.name for p in site.iterdir() if p.is_dir()) == [
        "a-sections-moved", "assets", "b-parts-moved", "jianghan-2025"]
    checked, broken, missing, external = check_site(site)
    assert checked > 6000
    assert broken == [] and missing == [] and external == []


# --- the URL owner (reportgen/urls.py) ----------------------------------------------------------------

def _doc():
    return {"opening": [{"id": "o1"}],
            "parts": [{"id": "p1", "intro": [{"id": "p1-1"}], "closing": [{"id": "p1-c1"}],
                       "sections": [{"id": "p1-s1", "paragraphs": [{"id": "p1-s1-1"}]}]}],
            "appendix": {"entries": [{"id": "g1"}]}}


def test_each_report_finds_its_units_on_its_own_pages():
    from reportgen.urls import Link, SiteUrls
    moved = _doc()
    moved["parts"][0]["sections"][0]["paragraphs"], moved["parts"][0]["intro"] = [{"id": "p1-1"}], [{"id": "p1-s1-1"}]
    urls = SiteUrls([{"id": "a", "doc": _doc()}, {"id": "b", "doc": moved}], {"style.css": "assets/style.0.css"})
    a, b = urls.report("a").view("en"), urls.report("b").view("en")
    assert a.unit("p1-s1-1") == Link("a/en/p1-s1.html", "p1-s1-1")
    assert b.unit("p1-s1-1") == Link("b/en/p1.html", "p1-s1-1")
    assert a.unit("p1-c1") == Link("a/en/p1-end.html", "p1-c1") and a.unit("o1") == Link("a/en/index.html", "o1")
    assert a.unit("g1") == Link("a/en/glossary.html", "g1")
    assert a.unit("p1-s1-1", ":~:text=x") == Link("a/en/p1-s1.html", "p1-s1-1:~:text=x")
    assert a.part_end("p1") == Link("a/en/p1-end.html") and a.contents() == Link("a/en/index.html", "toc")
    assert a.entry({"source": "editors", "id": "x"}) == Link("a/en/glossary.html", "note-x")
    assert a.entry({"source": "appendix", "id": "g1"}) == Link("a/en/glossary.html", "g1")
    assert a.figure({"id": "grp"}) == Link("a/en/figures.html", "fig-grp")
    assert a.offline() == Link("a/download/a-en.html") == urls.offline("a", "en")
    assert urls.report("a").dataset("csv") == Link("a/figures.csv")
    assert urls.report_zip("a") == Link("a/download/a-site.zip") and urls.asset("style.css") == Link("assets/style.0.css")


def test_dataset_links_are_relative_to_the_file_or_absolute_with_a_base_url():
    from reportgen.urls import ReportUrls, page_of_units
    r = ReportUrls("a", page_of_units(_doc()))
    assert r.unit_link_from_dataset("zh", "p1-s1-1", None) == "zh/p1-s1.html#p1-s1-1"
    assert r.unit_link_from_dataset("en", "p1-s1-1", "https://x.org/r/") == "https://x.org/r/a/en/p1-s1.html#p1-s1-1"


def test_a_page_writes_links_relative_absolute_on_404_and_as_anchors_offline():
    from reportgen.links import linker
    section = {"kind": "section", "path": "a/en/p1-s1.html"}
    assert linker(section, None, {})("a/zh/p1.html", "p1-1") == "../zh/p1.html#p1-1"
    assert linker(section, None, {})("a/download/a-site.zip", None) == "../download/a-site.zip"
    assert linker({"kind": "404", "path": "404.html"}, "https://x.org/r", {})("a/en/index.html", None) \
        == "https://x.org/r/a/en/index.html"
    offline = linker({"kind": "offline", "path": "a/download/a-en.html", "report": {"doc": _doc()}},
                     None, {"a/figures.csv": "data:text/csv;base64,"})
    assert [offline(t, f) for t, f in (("a/en/index.html", None), ("a/en/full.html", None),
                                       ("a/en/glossary.html", None), ("a/en/figures.html", None),
                                       ("a/en/p1-end.html", None), ("a/en/p1-s1.html", None),
                                       ("a/en/p1-s1.html", "p1-s1-1"), ("a/figures.csv", None))] == \
        ["#top", "#top", "#glossary", "#figures", "#p1-c1", "#p1-s1", "#p1-s1-1", "data:text/csv;base64,"]


def test_every_page_a_single_file_copy_stands_for_lands_on_an_id_it_holds(site_dir):
    """The anchors `offline_anchor` names are the ids the templates write (anchor.top, .glossary, …)."""
    import yaml
    from conftest import ROOT
    from reportgen.links import offline_anchor
    doc = yaml.safe_load(open(os.path.join(ROOT, "content", "jianghan-2025", "zh.yaml"), encoding="utf-8"))
    for view in ("zh", "en", "bi"):
        ids = parse(site_dir / "jianghan-2025" / "download" / f"jianghan-2025-{view}.html").ids
        names = [p.name for p in (site_dir / "jianghan-2025" / view).glob("*.html")]
        assert len(names) == 21  # every page of a view, the editors' about page included
        assert [n for n in names if offline_anchor(doc, f"jianghan-2025/{view}/{n}") not in ids] == []


def test_templates_put_no_path_or_anchor_together():
    """Links and the ids they land on come from reportgen/urls.py: no template joins a path or an id."""
    import re
    from conftest import ROOT
    joined = re.compile(r"""~\s*['"][^'"]*(?:/|\.html|\.csv|\.json|-end)|['"](?:fig-|note-)['"]?\s*~|"""
                        r"""href="#(?!\{\{ anchor\.)|id="(?:top|toc|main|glossary|figures|fig-)|url\((?!urls\.|ctx\.urls\.|link\)|target\)|page\.)""")
    found = [(name, m.group()) for name in sorted(os.listdir(os.path.join(ROOT, "templates")))
             for m in joined.finditer(open(os.path.join(ROOT, "templates", name), encoding="utf-8").read())]
    assert found == []
    assert joined.search("""{{ url(report.id ~ '/figures.csv') }}""") and joined.search("""href="#fig-{{ f.id }}\"""")


def test_two_outputs_at_one_path_are_a_build_error(tmp_path):
    """A static file named like a page would replace it: one line naming the file, exit 1, site/ untouched."""
    import shutil
    import subprocess
    import sys
    from conftest import ROOT
    static = tmp_path / "static"
    shutil.copytree(os.path.join(ROOT, "static"), static)
    (static / "index.html").write_text("<p>mine</p>", encoding="utf-8")
    out = tmp_path / "site"
    proc = subprocess.run([sys.executable, "build.py", "--quiet", "--static", str(static), "--out", str(out)],
                          cwd=ROOT, capture_output=True, text=True)
    assert proc.returncode == 1 and not out.exists()
    assert proc.stderr.splitlines()[1:] == [
        f"{static}/index.html: would be written to {out}/index.html, where the landing page goes; "
        "expected a name no other output of the site uses"]


def test_a_file_where_the_site_needs_a_folder_is_a_build_error():
    from reportgen.errors import ReportError
    from reportgen.plan import check_collisions
    with pytest.raises(ReportError) as e:
        check_collisions("site", [("download/site.zip", "the site's zip"), ("download", "static/download")])
    assert str(e.value) == ("static/download: would be written to site/download, where the folder of the site's "
                            "zip goes; expected a name no other output of the site uses")
    check_collisions("site", [("a/zh/index.html", "x"), ("a/en/index.html", "y"), ("index.html", "z")])
