"""The one owner of addresses: every output path, every anchor a link points at, every absolute URL.

Paths name files relative to the site's root (`jianghan-2025/zh/p1-s1.html`). A link is a `Link`: a
path and, optionally, an anchor in it. Templates ask for links by name (`ctx.urls.section(s.id)`,
`urls.home(r.id, "zh")`) and write the ids those links land on through the same names (`anchor.toc`,
`anchor.figure(f.id)`), so a link and its target cannot drift apart. How a page finally writes a link
(relative, absolute, or an #anchor inside a single-file copy) is `links.linker()`.
"""

import functools
import hashlib
import posixpath
from typing import NamedTuple, Optional

BILINGUAL = "bi"   # the side-by-side view: same paths, its own segment
LANDING, NOT_FOUND = "index.html", "404.html"
SITEMAP, ROBOTS = "sitemap.xml", "robots.txt"
HOME, FULL, GLOSSARY_PAGE, FIGURES_PAGE = "index", "full", "glossary", "figures"  # page names of a report
ABOUT_PAGE = "about"  # the editors' page (content/<id>/about.<lang>.md), where a report has one


class Link(NamedTuple):
    """Where a link goes: an output path and, optionally, an anchor (a fragment) in it."""
    path: str
    fragment: Optional[str] = None


# --- anchors: the ids links land on, written by the templates through these same names --------------

class Anchors:
    """Ids a page carries for links from elsewhere (`anchor.…` in templates)."""
    top = "top"            # the full text's title: where the report home lands in a single-file copy
    toc = "toc"            # the contents list
    main = "main"          # the main text (skip link)
    glossary = "glossary"  # the glossary's heading: where the glossary page lands in a single-file copy
    figures = "figures"    # the key figures' heading: likewise for the key-figures page
    about = "about"        # the editors' page's heading: likewise for the about page

    @staticmethod
    def unit(uid):
        """A part, section, paragraph or appendix entry: its id (the same in every language and view)."""
        return uid

    @staticmethod
    def figure(figure_id):
        return f"fig-{figure_id}"

    @staticmethod
    def entry(source, entry_id):
        """A glossary entry: the appendix's own by its id, an editors' note apart from those."""
        return entry_id if source == "appendix" else f"note-{entry_id}"


anchor = Anchors()


# --- paths ---------------------------------------------------------------------------------------

def views_for(languages):
    return list(languages) + [BILINGUAL]


def part_end_name(part_id):
    """The page of a part's closing paragraphs."""
    return f"{part_id}-end"


def page_path(report_id, view, name):
    return f"{report_id}/{view}/{name}.html"


def offline_path(report_id, view):
    """The single-file copy of a report in one view, named so that a downloaded copy says what it is."""
    return f"{report_id}/download/{report_id}-{view}.html"


def report_zip_path(report_id):
    """A report's website in one zip (its pages in every view, the assets, a landing page of its own),
    for a USB stick or an archive. One per report, not one for the whole site: a reader takes one report
    offline, and a site of a thousand reports stays a site where an edit rewrites one report's files."""
    return f"{report_id}/download/{report_id}-site.zip"


def dataset_path(report_id, fmt):
    """A report's key figures as data (`csv`, `json`), beside its language folders."""
    return f"{report_id}/figures.{fmt}"


def promises_dataset_path(report_id, fmt):
    """A report's targets and results across years as data (`csv`, `json`), beside its key figures."""
    return f"{report_id}/targets-results.{fmt}"


def government_path(slug):
    """A government's targets and results over every year the site holds, one bilingual page."""
    return f"governments/{slug}.html"


def dataset_download_name(report_id, fmt):
    """The file name a browser saves a dataset under."""
    return f"{report_id}-figures.{fmt}"


def asset_path(name, data):
    """CSS and JS under a content hash in their names, so hosts may cache them for ever; the favicon
    and the like keep their names."""
    stem, _, ext = name.rpartition(".")
    if ext in ("css", "js"):
        return f"assets/{stem}.{hashlib.sha256(data).hexdigest()[:10]}.{ext}"
    return name


def search_data_path(report_id, data):
    """A report's search data, under a content hash like the assets (every page of the report names it)."""
    return f"{report_id}/search.{hashlib.sha256(data).hexdigest()[:10]}.js"


def unpack(data):
    import marshal
    import zlib
    return marshal.loads(zlib.decompress(data))


def page_of_units(doc):
    """unit id → the name of the page of this report that holds it."""
    from .model import walk  # the model names each unit's page with this module's names
    return {placed.unit["id"]: placed.page for placed in walk(doc)}


def absolute(base_url, path, fragment=None):
    return base_url.rstrip("/") + "/" + path + (f"#{fragment}" if fragment else "")


def relative(from_path, to_path, fragment=None):
    """A link from one output file to another, relative, always naming a file (works from file://)."""
    return relative_to(posixpath.dirname(from_path), to_path, fragment)


def relative_to(folder, to_path, fragment=None):
    """The same from a file in `folder` (a page's links all start from its folder)."""
    rel = _relpath(folder, to_path)
    return f"{rel}#{fragment}" if fragment else rel


@functools.lru_cache(maxsize=4096)  # a site's pages live in a few folders and link to the same few files
def _relpath(folder, to_path):
    return posixpath.relpath(to_path, folder or ".")


# --- the objects templates ask -----------------------------------------------------------------------

class SiteUrls:
    """Addresses outside any one report's view: the landing page, report homes, copies, assets, the zip."""

    def __init__(self, reports, assets):
        """`reports`: loaded reports or their summaries (gather.py), each with its units' pages."""
        self._reports = {r["id"]: ReportUrls(r["id"], r.get("page_of") or page_of_units(r["doc"])) for r in reports}
        self._assets = assets
        self.search_data = {}  # report id → its search data's path, known once the data is made
        self.search_index = None  # the index's first file (siteindex.py), in a site of many reports

    def report(self, report_id):
        return self._reports[report_id]

    def release(self, report_ids):
        """Drop the addresses kept for these reports' pages (their batch is written)."""
        for rid in report_ids:
            self._reports[rid].release()

    def landing(self):
        return Link(LANDING)

    def home(self, report_id, view):
        return Link(page_path(report_id, view, HOME))

    def offline(self, report_id, view):
        return Link(offline_path(report_id, view))

    def report_zip(self, report_id):
        return Link(report_zip_path(report_id))

    def government(self, slug):
        return Link(government_path(slug))

    def asset(self, name):
        return Link(self._assets[name])

    def search(self, report_id):
        return Link(self.search_data[report_id])

    def index(self, reports):
        """The index a page listing these reports searches them through; None: it loads their data."""
        return Link(self.search_index) if self.search_index and len(reports) > 1 else None


class ReportUrls:
    """One report's addresses; its units are found on its own pages (ids repeat across reports)."""

    def __init__(self, report_id, page_of):
        """`page_of`: unit id → the page that holds it, or that mapping packed (gather.pack: a site of a
        thousand reports keeps each one's packed, and unpacks it while the report's pages are made)."""
        self.id, self._page_of = report_id, page_of
        self._views = {}
        self._datasets = posixpath.dirname(dataset_path(report_id, "csv"))  # the folder the datasets link from

    @property
    def page_of(self):
        if isinstance(self._page_of, bytes):
            self._packed, self._page_of = self._page_of, unpack(self._page_of)
        return self._page_of

    def release(self):
        self._views = {}
        if getattr(self, "_packed", None) is not None:
            self._page_of = self._packed

    def view(self, view):
        if view not in self._views:
            self._views[view] = ViewUrls(self, view)
        return self._views[view]

    def dataset(self, fmt):
        return Link(dataset_path(self.id, fmt))

    def dataset_name(self, fmt):
        return dataset_download_name(self.id, fmt)

    def promises_dataset(self, fmt):
        return Link(promises_dataset_path(self.id, fmt))

    def unit_link_from(self, from_path, view, uid, base_url):
        """A paragraph's deep link as a file at `from_path` (of any report) gives it: absolute with a base URL."""
        target = page_path(self.id, view, self.page_of[uid])
        return absolute(base_url, target, uid) if base_url else relative(from_path, target, uid)

    def unit_link_from_dataset(self, view, uid, base_url):
        """A paragraph's deep link as a dataset gives it: absolute with a base URL, else relative to the file."""
        target = page_path(self.id, view, self.page_of[uid])
        return absolute(base_url, target, uid) if base_url else relative_to(self._datasets, target, uid)


class ViewUrls:
    """One report in one view: its pages, and where each unit, entry and figure of it is found."""

    def __init__(self, report, view):
        self.report, self.view = report, view
        self._pages, self._entries = {}, {}

    def page(self, name):
        link = self._pages.get(name)
        if link is None:
            link = self._pages[name] = Link(page_path(self.report.id, self.view, name))
        return link

    def home(self):
        return self.page(HOME)

    def part(self, part_id):
        return self.page(part_id)

    def section(self, section_id):
        return self.page(section_id)

    def attachment(self, appendix_id):
        return self.page(appendix_id)

    def part_end(self, part_id):
        return self.page(part_end_name(part_id))

    def full(self):
        return self.page(FULL)

    def glossary(self):
        return self.page(GLOSSARY_PAGE)

    def figures(self):
        return self.page(FIGURES_PAGE)

    def about(self):
        return self.page(ABOUT_PAGE)

    def contents(self):
        return Link(self.home().path, anchor.toc)

    def offline(self):
        return Link(offline_path(self.report.id, self.view))

    def dataset(self, fmt):
        return self.report.dataset(fmt)

    def dataset_name(self, fmt):
        return self.report.dataset_name(fmt)

    def unit(self, uid, directive=""):
        """A unit where its page shows it; `directive` (a text fragment) highlights words in it."""
        return Link(self.page(self.report.page_of[uid]).path, anchor.unit(uid) + directive)

    def entry(self, entry):
        key = (entry["source"], entry["id"])  # asked for by every tooltip and page's list of terms
        link = self._entries.get(key)
        if link is None:
            link = self._entries[key] = Link(self.glossary().path, anchor.entry(*key))
        return link

    def figure(self, figure):
        return Link(self.figures().path, anchor.figure(figure["id"]))
