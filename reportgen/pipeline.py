"""The build, stage by stage: load, validate, link, render, write."""

import os
import re
import sys
from urllib.parse import quote

from .about import check_about
from .content import load_site
from .errors import ContentErrors, ReportError
from .figures import check_shown_figures, format_figure
from .glossary import entries, glossary_report, mark, uses
from .inputs import check_folders
from .incremental import changes, fragments_to_keep, pages_to_render, snapshot
from .keyfigures import figure_words, key_figures, rows, text_directive, to_csv, to_json
from .links import site_pages
from .localise import localised_report
from .output import check_target, packed, replace_files, staged_site, write_files, zip_of
from .pairs import check_decisions, promises
from .promisetable import promise_files
from .render import environment, inline_assets, render_page, ui_strings
from .seo import robots, sitemap
from .termbase import warnings as termbase_warnings
from .translation import alignment_report
from .urls import ROBOTS, SITE_ZIP, SITEMAP, SiteUrls, asset_path, check_collisions, dataset_path, views_for
from .workers import render_all
from .yamlio import cache_folder, keeping_reader


def build(content_dir, templates_dir, static_dir, out, base_url=None, strict=False, previous=None, defer=False,
          keep_record=True):
    """Build the site into `out`. With `previous` (the record of the last build in this process) only the
    pages an edit changed are rendered again; with `defer`, the offline copies and the zip are left as
    they were and the returned `finish()` brings them up to date (the dev server reloads in between).
    `keep_record=False` (a one-off build) skips gathering what a rebuild would need."""
    check_target(out)
    check_folders(content_dir, templates_dir, static_dir, out)
    check_base_url(base_url)
    sources = dict(previous["sources"]) if previous else {}
    site = load_site(content_dir, read=keeping_reader(sources, cache_folder()), templates_dir=templates_dir)
    warnings = validate(site) + termbase_warnings(content_dir, site)
    linked = link(site)
    warnings += [w for r in linked.values() for w in r["warnings"]]
    if strict and warnings:
        raise ContentErrors([_located(w, "(strict) ", content_dir) for w in warnings])
    assets, static_files = static_assets(static_dir)
    urls = SiteUrls(site["reports"], assets)
    files = datasets(site, urls, base_url)
    files.update(promise_files(site, linked, urls, base_url))   # and the targets-results section's rows
    pages = site_pages(site)
    if base_url:
        files[SITEMAP] = sitemap(pages, base_url, {lang["code"]: lang["html_lang"]
                                                   for lang in site["config"]["languages"]})
        files[ROBOTS] = robots(base_url)
    check_collisions(out, [(p["path"], page_name(p)) for p in pages] + [(path, "a generated file") for path in files]
                     + [(SITE_ZIP, "the site's zip")]
                     + [(path, os.path.join(static_dir, name)) for name, path in assets.items()])
    files.update(static_files)
    current = snapshot(site, templates_dir, assets, base_url) if keep_record or previous else None
    changed = changes(previous, current, site, linked)
    fragments = fragments_to_keep(changed, previous["fragments"]) if previous else {}
    context = page_context(site, linked, urls, base_url, inline_assets(assets, files), fragments)
    env = environment(templates_dir)
    render = lambda page: packed(render_page(env, page, context))  # noqa: E731  (bytes, zip entry)
    todo = pages_to_render(changed, pages)
    # with `defer` (the dev server), the offline copies and the zip wait for finish(), after the reload
    later = [p for p in todo if p["kind"] == "offline"] if defer and previous else []
    if changed is None:
        files, entries = write_all(out, pages, later, render, files, fragments, keep_record, previous)
    else:
        files, entries = write_changes(out, pages, todo, later, render, files, fragments, previous)
    finish = deferred(out, later, render, files, entries, fragments) if later else None
    record = {"snapshot": current, "files": files, "entries": entries, "sources": sources, "fragments": fragments,
              "uses": {rid: r["uses"] for rid, r in linked.items()},
              "directives": {rid: r["figures"]["directives"] for rid, r in linked.items()}}
    return {"pages": len(pages), "rendered": len(todo), "reports": len(site["reports"]), "warnings": warnings,
            "record": record if keep_record else None, "finish": finish}


def write_all(out, pages, later, render, files, fragments, keep, previous):
    """Every page (but those `later` brings), each written into the new site's folder as soon as it is
    rendered, by whichever worker rendered it; then the other files and the zip. The folder replaces
    `out` only when all went well. Returns every file (pages only if `keep`: a one-off build does not
    hold the site in memory) and the zip's entries."""
    postponed = {p["path"] for p in later}
    with staged_site(out) as folder:
        def render_and_write(page):
            data, entry = render(page)
            write_files(folder, {page["path"]: data})
            return (data if keep else None), entry
        entries = {path: previous["entries"][path] for path in postponed}
        written = unpack(render_all(render_and_write, [p for p in pages if p["path"] not in postponed],
                                    group=fragment_group, memo=fragments, keep_memo=keep), entries)
        files.update({path: previous["files"][path] for path in postponed})
        files[SITE_ZIP] = previous["files"][SITE_ZIP] if later else zip_of({**files, **written}, entries)
        write_files(folder, files)
    return ({**files, **written} if keep else files), entries


def write_changes(out, pages, todo, later, render, files, fragments, previous):
    """A rebuild after an edit to paragraphs: the pages it changed are rendered, and only the files that
    differ from the site in `out` are replaced."""
    rendering = {p["path"] for p in todo} - {p["path"] for p in later}
    kept = [p["path"] for p in pages if p["path"] not in rendering]
    files.update({path: previous["files"][path] for path in kept})
    entries = {path: previous["entries"][path] for path in kept}
    files.update(unpack(render_all(render, [p for p in todo if p["path"] in rendering], group=fragment_group,
                                   memo=fragments), entries))
    files[SITE_ZIP] = previous["files"][SITE_ZIP] if later else zip_of(files, entries)
    replace_files(out, {path: data for path, data in files.items() if previous["files"].get(path) != data})
    return files, entries


def deferred(out, later, render, files, entries, fragments):
    """finish(): the pages left for later (the offline copies) and the zip, brought up to date in place."""
    def finish():
        fresh = unpack(render_all(render, later, group=fragment_group, memo=fragments), entries)
        files.update(fresh)
        files[SITE_ZIP] = zip_of(files, entries)
        replace_files(out, {**fresh, SITE_ZIP: files[SITE_ZIP]})
    return finish


def build_reporting(args, failed_headline, **incremental):
    """Build with the command line's options, printing every problem and warning; None on failure.
    `incremental`: build()'s previous, defer and keep_record."""
    try:
        result = build(args.content, args.templates, args.static, args.out, base_url=args.base_url,
                       strict=args.strict, **incremental)
    except (ContentErrors, ReportError) as e:
        print(f"{failed_headline}\n{e}", file=sys.stderr, flush=True)
        return None
    for w in result["warnings"]:
        print(f"warning: {_located(w, '', args.content)}", file=sys.stderr)
    return result


def _located(warning, prefix, content_dir):
    """A warning as a problem naming its file and field (a warning without a place names the content folder)."""
    if hasattr(warning, "located"):
        return warning.located(prefix)
    return ReportError(content_dir, None, f"{prefix}{warning}")


def unpack(rendered, entries):
    """{path: bytes} of rendered pages; their zip entries go into `entries`."""
    entries.update({path: entry for path, (_, entry) in rendered.items()})
    return {path: data for path, (data, _) in rendered.items()}


def fragment_group(page):
    """Pages that show the same rendered fragments: one report in one view."""
    return (page["report"]["id"] if page["report"] else None, page["view"])


def validate(site):
    """Cross-file checks; errors stop the build, warnings are returned."""
    errors, warnings = [], []
    for report in site["reports"]:
        figure_errors, waiting = check_shown_figures(report)
        errors.extend(figure_errors)
        warnings.extend([waiting] if waiting else [])
        errors.extend(check_about(report))
        warnings.extend(alignment_report(report, site["languages"]))
    site["pair_decisions"], pair_errors = check_decisions(*site["pairs"], site["reports"])
    errors.extend(pair_errors)
    if errors:
        raise ContentErrors(errors)
    unconfirmed = promises(site["reports"], site["pair_decisions"])[2]
    if unconfirmed:
        warnings.append(f"{unconfirmed} target/result pair(s) across years not yet confirmed (confirm the "
                        f"figures, or the pairs in {site['pairs'][0]})")
    return warnings


def static_assets(static_dir):
    """The static files by name, and by the path each is published at (urls.asset_path)."""
    assets, files = {}, {}
    for name in sorted(os.listdir(static_dir)):
        with open(os.path.join(static_dir, name), "rb") as f:
            data = f.read()
        assets[name] = path = asset_path(name, data)
        files[path] = data
    return assets, files


def page_name(page):
    """A page as a collision names it."""
    return {"landing": "the landing page", "404": "the 404 page"}.get(page["kind"], f"the page {page['path']}")


def link(site):
    """Per report: the text in every language with its glossary terms marked, and the glossary."""
    html_langs = {lang["code"]: lang["html_lang"] for lang in site["config"]["languages"]}
    linked = {}
    for report in site["reports"]:
        trees = {lang: localised_report(report, lang, html_langs) for lang in site["languages"]}
        glossary = entries(report, trees)
        marks = {lang: mark(tree, glossary, lang) for lang, tree in trees.items()}
        for lang, tree in trees.items():
            for uid, fields in marks[lang].items():
                tree["by_id"][uid]["marks"] = fields
        figures = key_figures(report["figures"])
        figures["words"] = figure_words(report["figures"], site["config"]["ui"])
        figures["directives"] = {lang: figure_directives(report["figures"], tree, lang) for lang, tree in trees.items()}
        figures["waiting"] = len(report.get("waiting_figures") or [])   # proposed, not yet confirmed
        figures["in_unit"] = {}
        for f in report["figures"]:
            figures["in_unit"].setdefault(f["paragraph"], []).append(f)
        linked[report["id"]] = {"trees": trees, "glossary": glossary, "marks": marks, "figures": figures,
                                "uses": {lang: uses(lang_marks) for lang, lang_marks in marks.items()},
                                "warnings": glossary_report(report["id"], glossary, marks, trees["zh"], report["folder"])}
    return linked


def figure_directives(figures, tree, lang):
    """figure id → a text fragment that highlights its number in the source paragraph, where one is sure."""
    out = {}
    for f in figures:
        unit = tree["by_id"][f["paragraph"]]
        text = None if lang == "zh" or unit["state"] == "missing" else (unit.get("lead") or "") + " " + unit["text"]
        directive = text_directive(f, text)
        if directive:
            out[f["id"]] = ":~:text=" + quote(directive, safe="")
    return out


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


_BASE_URL = re.compile(r"https?://[^/?#\s\x00-\x1f\x7f-\x9f\ufdd0-\ufdef]+(/[^?#\s\x00-\x1f\x7f-\x9f\ufdd0-\ufdef]*)?")


def check_base_url(base_url):
    # fullmatch: `$` would let a final newline through; no query, fragment, control or noncharacter, which
    # would break every address made by appending a page's path
    if base_url is not None and not _BASE_URL.fullmatch(base_url):
        raise ReportError("--base-url", None, f"{base_url!r} is not an absolute http(s) address; expected "
                          "something like https://example.org/report/")


def page_context(site, linked, urls, base_url, offline, fragments):
    langs = {lang["code"]: lang for lang in site["config"]["languages"]}
    html_langs = {code: lang["html_lang"] for code, lang in langs.items()}
    views = [None] + views_for(site["languages"])  # None: the pages outside any report (landing, 404)
    return {"config": site["config"], "site": site, "langs": langs, "html_langs": html_langs,
            "ui_views": {view: ui_strings(site["config"], view) for view in views},
            "linked": linked, "urls": urls, "fragments": fragments, "base_url": base_url, "inline": offline,
            "format_figure": format_figure}
