"""Planning: every output before anything is rendered, for one batch of reports at a time and for
the pages outside any report. The pages, the static files under their published names, the key-figure
datasets, each report's search data and sitemap entries; their addresses from urls.py; and no two
outputs at one path."""

import os
import posixpath
import re
from typing import NamedTuple, Optional

from .errors import ReportError
from .keyfigures import rows, to_csv, to_json
from .links import report_and_copies, shared_pages
from .promisetable import government_pages, present, promise_files
from .search import search_files
from .siteindex import index_files, simplified_pairs, uses_index
from .seo import robots, sitemap_entries, sitemap_index, sitemap_of
from .urls import ROBOTS, SITEMAP, SiteUrls, absolute, asset_path, dataset_path, report_zip_path


class Plan(NamedTuple):
    """What one render writes: `site` (config, languages, the reports rendered: loaded whole, or their
    summaries for the pages outside any report, and the governments); `pages`; `files`: path → bytes of
    everything but the pages (the static files among them, which single-file copies carry inside);
    `assets`: static file name → its published path; `search`: report id → its search data as JSON;
    `coverage`: report id → language → its share shown."""
    site: dict
    linked: dict
    urls: SiteUrls
    pages: list
    files: dict
    assets: dict
    base_url: Optional[str]
    search: dict
    coverage: dict
    index: dict = {}  # report id → (its bit set, its Traditional→Simplified pairs): siteindex.py


class Statics(NamedTuple):
    """The static files: name → published path, and published path → bytes."""
    assets: dict
    files: dict


def site_urls(gathered, statics):
    return SiteUrls(gathered.summaries, statics.assets)


def governments(gathered, urls):
    """One page per government with reports of two or more years (promisetable.government_pages)."""
    return government_pages(gathered.summaries, gathered.per_government, urls)


def plan_reports(reports, linked, gathered, govs, urls, statics, base_url, terms):
    """The outputs of a batch of loaded, linked reports."""
    site = {"config": gathered.config, "languages": gathered.languages, "reports": reports, "governments": govs}
    files = datasets(reports, urls, base_url)
    page_of_gov = {r["id"]: urls.government(g["slug"]) for g in govs for r in g["reports"]}
    rows_of = {r["id"]: present(gathered.promises.get(r["id"], []), urls) for r in reports}
    files.update(promise_files(reports, linked, rows_of, page_of_gov, urls, base_url))
    search_data, search_json, bits = search_files(reports, linked, urls, terms, index=uses_index(gathered.summaries))
    files.update(search_data)
    urls.search_data.update({path.split("/", 1)[0]: path for path in search_data})
    pages = [p for r in reports for p in report_and_copies(r, gathered.languages)]
    check_collisions(None, [(p["path"], page_name(p)) for p in pages] + [(path, "a generated file") for path in files]
                     + [(report_zip_path(r["id"]), "the report's zip") for r in reports])
    return Plan(site, linked, urls, pages, {**files, **statics.files}, statics.assets, base_url, search_json,
                coverage(gathered), bits)


def plan_shared(gathered, govs, urls, statics, static_dir, out, base_url, sitemap_parts, index_parts):
    """The pages outside any report, the static files, the index the landing page searches in a site
    of many reports (`index_parts`: each report's bit set and pairs, in id order), and (with a base URL)
    the sitemap of every page (`sitemap_parts`: each report's entries, in id order) and robots.txt."""
    site = {"config": gathered.config, "languages": gathered.languages, "reports": gathered.summaries,
            "governments": govs}
    pages = shared_pages(govs)
    files = dict(statics.files)
    if uses_index(gathered.summaries):
        index, urls.search_index = index_files([bits for bits, _ in index_parts],
                                               simplified_pairs([t for _, t in index_parts]))
        files.update(index)
    if base_url:
        html_langs = {lang["code"]: lang["html_lang"] for lang in gathered.config["languages"]}
        head, governments_part = sitemap_entries(pages[:1], base_url, html_langs), sitemap_entries(pages[2:], base_url, html_langs)
        files.update(sitemap_files([head] + list(sitemap_parts) + [governments_part], base_url))
        files[ROBOTS] = robots(base_url)
    ids = {s["id"]: f"the report {s['id']}" for s in gathered.summaries}
    check_collisions(out, [(p["path"], page_name(p)) for p in pages] + [(path, "a generated file") for path in files
                                                                     if path not in statics.files]
                     + [(path, os.path.join(static_dir, name)) for name, path in statics.assets.items()]
                     + [(rid, what) for rid, what in ids.items()])
    return Plan(site, {}, urls, pages, files, statics.assets, base_url, {}, coverage(gathered))


MAX_SITEMAP_URLS = 50_000  # the sitemap protocol's limit for one file


def sitemap_files(parts, base_url, most=MAX_SITEMAP_URLS):
    """sitemap.xml of every part's entries; past `most` pages, sitemap.xml is an index of sitemap-1.xml,
    sitemap-2.xml, …, each of whole parts (a report's pages stay in one file) and at most `most` pages."""
    if sum(part.count("<url>") for part in parts) <= most:
        return {SITEMAP: sitemap_of(parts)}
    files, chunk, count = {}, [], 0
    for part in parts + [None]:
        n = part.count("<url>") if part is not None else 0
        if chunk and (part is None or count + n > most):
            files[f"sitemap-{len(files) + 1}.xml"] = sitemap_of(chunk)
            chunk, count = [], 0
        if part is not None:
            chunk.append(part)
            count += n
    files[SITEMAP] = sitemap_index([absolute(base_url, name) for name in files])
    return files


def report_sitemap(plan, report_id, base_url):
    """The sitemap entries of one report's pages (kept between builds with the report's record)."""
    html_langs = {lang["code"]: lang["html_lang"] for lang in plan.site["config"]["languages"]}
    return sitemap_entries([p for p in plan.pages if p["report"]["id"] == report_id], base_url, html_langs)


def coverage(gathered):
    return {s["id"]: s["coverage"] for s in gathered.summaries}


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
            raise ReportError(what, None, f"would be written to {out or 'site'}/{path}, where {clash} goes; "
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
    return Statics(assets, files)


def compact_js(data):
    """A script without its comment lines and indentation: the comments are for whoever reads static/,
    and a reader's phone downloads a fifth less (line breaks stay, so the code means the same)."""
    lines = (line.strip() for line in data.decode("utf-8").split("\n"))
    return "\n".join(line for line in lines if line and not line.startswith("//")).encode("utf-8") + b"\n"


def page_name(page):
    """A page as a collision names it."""
    return {"landing": "the landing page", "404": "the 404 page"}.get(page["kind"], f"the page {page['path']}")


def datasets(reports, urls, base_url):
    """Each report's key figures as CSV and JSON beside its language folders, with deep links."""
    files = {}
    for report in reports:
        rid, to = report["id"], urls.report(report["id"])
        if not report["figures"]:
            continue
        records = rows(report["figures"], lambda view, f: to.unit_link_from_dataset(view, f["paragraph"], base_url))
        meta = {"id": rid, "title": report["meta"].get("title"), "source": to.view("zh").full().path,
                "figures": len(records)}
        files[dataset_path(rid, "csv")] = to_csv(records).encode("utf-8")
        files[dataset_path(rid, "json")] = to_json(meta, records).encode("utf-8")
    return files

