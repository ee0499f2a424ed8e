"""Every link in site/ resolves to a file and fragment; nothing loads from another origin."""
import html.parser
import os
import posixpath
from urllib.parse import unquote, urlsplit

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
