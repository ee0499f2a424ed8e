"""Planning the site: every output it will have, before anything is rendered. The pages, the static
files under their published names, the key-figure datasets, each report's search data, the sitemap;
their addresses from urls.py; and no two outputs at one path."""

import os
import posixpath
import re
from typing import NamedTuple, Optional

from .errors import ReportError
from .keyfigures import rows, to_csv, to_json
from .links import site_pages
from .promisetable import promise_files
from .search import search_files, termbase_pairs
from .seo import robots, sitemap
from .urls import ROBOTS, SITE_ZIP, SITEMAP, SiteUrls, asset_path, dataset_path


class Plan(NamedTuple):
    """What the build will write. `files`: path → bytes of everything but the pages and the zip;
    `assets`: static file name → its published path; `search`: report id → its search data as JSON (a
    single-file copy carries it inside); `terms`: the termbase's term pairs the search data bridges."""
    site: dict
    linked: dict
    urls: SiteUrls
    pages: list
    files: dict
    assets: dict
    base_url: Optional[str]
    search: dict
    terms: list


def plan_site(site, linked, static_dir, out, base_url, content_dir):
    assets, static_files = static_assets(static_dir)
    urls = SiteUrls(site["reports"], assets)
    files = datasets(site, urls, base_url)
    files.update(promise_files(site, linked, urls, base_url))   # and the targets-results section's rows
    terms = termbase_pairs(content_dir)
    search_data, search_json = search_files(site, linked, urls, terms)
    files.update(search_data)
    urls.search_data.update({path.split("/", 1)[0]: path for path in search_data})
    pages = site_pages(site)
    if base_url:
        files[SITEMAP] = sitemap(pages, base_url, {lang["code"]: lang["html_lang"]
                                                   for lang in site["config"]["languages"]})
        files[ROBOTS] = robots(base_url)
    check_collisions(out, [(p["path"], page_name(p)) for p in pages] + [(path, "a generated file") for path in files]
                     + [(SITE_ZIP, "the site's zip")]
                     + [(path, os.path.join(static_dir, name)) for name, path in assets.items()])
    files.update(static_files)
    return Plan(site, linked, urls, pages, files, assets, base_url, search_json, terms)


def check_collisions(out, outputs):
    """`outputs`: (path, what writes it) in order. Two outputs at one path, or a file where another
    output needs a folder, is an error naming the later one (a static file, most likely)."""
    owners, folders = {}, {}
    for path, what in outputs:
        clash = owners.get(path) or folders.get(path)
        if clash is None:
            parent = posixpath.dirname(path)
            while parent and clash is None:
                clash = owners.get(parent)
                parent = posixpath.dirname(parent)
        if clash is not None:
            raise ReportError(what, None, f"would be written to {out}/{path}, where {clash} goes; "
                              "expected a name no other output of the site uses")
        owners[path] = what
        parent = posixpath.dirname(path)
        while parent and parent not in folders:
            folders[parent] = f"the folder of {what}"
            parent = posixpath.dirname(parent)


_BASE_URL = re.compile(r"https?://[^/?#\s\x00-\x1f\x7f-\x9f\ufdd0-\ufdef]+(/[^?#\s\x00-\x1f\x7f-\x9f\ufdd0-\ufdef]*)?")


def check_base_url(base_url):
    # fullmatch: `$` would let a final newline through; no query, fragment, control or noncharacter, which
    # would break every address made by appending a page's path
    if base_url is not None and not _BASE_URL.fullmatch(base_url):
        raise ReportError("--base-url", None, f"{base_url!r} is not an absolute http(s) address; expected "
                          "something like https://example.org/report/")


def static_assets(static_dir):
    """The static files by name, and by the path each is published at (urls.asset_path)."""
    assets, files = {}, {}
    for name in sorted(os.listdir(static_dir)):
        with open(os.path.join(static_dir, name), "rb") as f:
            data = f.read()
        if name.endswith(".js"):
            data = compact_js(data)
        assets[name] = path = asset_path(name, data)
        files[path] = data
    return assets, files


def compact_js(data):
    """A script without its comment lines and indentation: the comments are for whoever reads static/,
    and a reader's phone downloads a fifth less (line breaks stay, so the code means the same)."""
    lines = (line.strip() for line in data.decode("utf-8").split("\n"))
    return "\n".join(line for line in lines if line and not line.startswith("//")).encode("utf-8") + b"\n"


def page_name(page):
    """A page as a collision names it."""
    return {"landing": "the landing page", "404": "the 404 page"}.get(page["kind"], f"the page {page['path']}")


def datasets(site, urls, base_url):
    """Each report's key figures as CSV and JSON beside its language folders, with deep links."""
    files = {}
    for report in site["reports"]:
        rid, to = report["id"], urls.report(report["id"])
        if not report["figures"]:
            continue
        records = rows(report["figures"], lambda view, f: to.unit_link_from_dataset(view, f["paragraph"], base_url))
        meta = {"id": rid, "title": report["meta"].get("title"), "source": to.view("zh").full().path,
                "figures": len(records)}
        files[dataset_path(rid, "csv")] = to_csv(records).encode("utf-8")
        files[dataset_path(rid, "json")] = to_json(meta, records).encode("utf-8")
    return files
