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
    from reportgen.links import page_of_units
    content, _ = three_reports
    maps = [page_of_units(yaml.safe_load((content / rid / "zh.yaml").read_text(encoding="utf-8")))
            for rid in ("a-sections-moved", "b-parts-moved", "jianghan-2025")]
    assert maps[0].keys() == maps[1].keys() == maps[2].keys()
    differ = [uid for uid in maps[0] if len({m[uid] for m in maps}) == 3]
    assert len(differ) > 20


def test_link_check_over_a_site_of_three_reports(three_reports):
    content, site = three_reports
    assert sorted(p.name for p in site.iterdir() if p.is_dir()) == [
        "a-sections-moved", "assets", "b-parts-moved", "download", "jianghan-2025"]
    checked, broken, missing, external = check_site(site)
    assert checked > 6000
    assert broken == [] and missing == [] and external == []
