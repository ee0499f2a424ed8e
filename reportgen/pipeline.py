"""The build, stage by stage. `build()` is the table of contents, each stage one named call in its own
module: gather (gather.py: load and check every report, keep a summary of each) → for each batch of
reports to render: load again, link (linking.py), plan (plan.py, urls.py), render (render.py, speed.py,
workers.py) and write (write.py) → the pages outside any report → the build record (record.py).

Reports are rendered a batch at a time and let go, so memory stays flat however many reports the site
holds. With the record of the last build into the same folder, only the reports whose files changed are
rendered, and every other report's files are left untouched. `build.py serve` runs its rebuilds through
rebuild.py, which keeps more between builds in memory."""

import sys

from . import record
from .content import load_report
from .errors import ContentErrors, ReportError
from .gather import gather, warning_of
from .inputs import check_folders
from .linking import link_reports
from .output import check_target
from .plan import check_base_url, governments, plan_reports, plan_shared, site_urls, static_assets
from .render import renderer
from .search import termbase_pairs
from .siteindex import uses_index
from .speed import FragmentCache, Speed
from .validate import enforce, located
from .workers import each_batch
from .write import cross_inputs, site_output, whole, write_reports, write_shared
from .yamlio import cache_folder, keeping_reader, prune_cache

BATCH_PAGES = 600  # pages rendered per batch: enough to keep every core busy, few enough to keep memory low


def build(content_dir, templates_dir, static_dir, out, base_url=None, strict=False, speed=Speed(), session=None):
    """Build the site into `out`: in a new folder that replaces it in one step, or, with the record of
    the last build, the reports that changed swapped into it. `speed` turns speed-ups off (the site is
    the same bytes either way). `session`: what `serve` keeps between its rebuilds (session.py)."""
    check_target(out)
    check_folders(content_dir, templates_dir, static_dir, out)
    check_base_url(base_url)
    read = keeping_reader({}, cache_folder(), keep=False)
    digest = record.inputs(content_dir, templates_dir, static_dir, base_url, strict)
    last = record.last(out, digest) if speed.record else None
    gathered = gather(content_dir, read, templates_dir, kept=record.kept_summaries(last), workers=speed.workers)
    statics = static_assets(static_dir)
    urls = site_urls(gathered, statics)
    govs = governments(gathered, urls)
    cross = cross_inputs(gathered, govs)
    terms = termbase_pairs(content_dir)
    with site_output(out, last) as output:
        todo = list(batches(gathered, to_render(gathered, cross, last)))
        workers_per_batch, workers = batch_workers(todo, speed, session)

        def render_batch(i):
            loaded = [reload(summary, gathered, read) for summary in todo[i]]
            linked = link_reports(loaded, gathered.config, gathered.languages)
            plan = plan_reports(loaded, linked, gathered, govs, urls, statics, base_url, terms)
            split = session.split(plan, templates_dir, terms) if session else whole(plan, speed)
            render = renderer(plan, templates_dir, split.cache, speed)
            write_reports(output, plan, split, render, workers_per_batch, cross, session)
            urls.release(plan.linked)  # the next batch, or the shared pages, need none of it
            return output.taken(plan)
        output.add(each_batch(render_batch, len(todo), workers))
        reports = output.reports(gathered, last)
        warnings = enforce(gathered.warnings + link_warnings(reports), strict, content_dir)
        urls.search_data.update({rid: entry["search"] for rid, entry in reports.items()})
        shared = plan_shared(gathered, govs, urls, statics, static_dir, out, base_url,
                             [entry["sitemap"] for entry in reports.values()],
                             [entry.get("index") for entry in reports.values()])
        write_shared(output, shared, renderer(shared, templates_dir, FragmentCache(False), speed))
        output.finish(reports, last, lambda: record.forget(out))
    record.save(out, digest, reports, output.shared)
    prune_cache(cache_folder())
    return {"pages": len(shared.pages) + sum(e["pages"] for e in reports.values()),
            "rendered": len(shared.pages) + output.rendered,
            "reports": len(reports), "warnings": warnings, "finish": finisher(output.later)}


def batch_workers(todo, speed, session):
    """(processes within a batch, processes taking batches): a site of several batches renders whole
    batches on every core; one batch, or serve's rebuilds (which keep pages in memory), split the
    pages of the batch between the cores instead."""
    if len(todo) > 1 and session is None and speed.workers != 1:
        return 1, speed.workers
    return speed.workers, 1


def finisher(later):
    """What serve runs after the browser's reload (None: nothing is left to do)."""
    if not later:
        return None
    return lambda: [finish() for finish in later]


def to_render(gathered, cross, last):
    """The reports to render: every one without a record; else those the last build did not make as
    they are now (new, changed files, or other reports' rows changed), and, once the site is large
    enough to be searched through its index, those made without their bit set (siteindex.py)."""
    if last is None:
        return {s["id"] for s in gathered.summaries}
    made, index = last["reports"], uses_index(gathered.summaries)
    return {s["id"] for s in gathered.summaries
            if s["id"] not in made or made[s["id"]]["summary"] != s or made[s["id"]]["cross"] != cross[s["id"]]
            or (index and not made[s["id"]].get("index"))}


def batches(gathered, todo):
    """The summaries of the reports to render, in id order, in batches of about BATCH_PAGES pages."""
    batch, pages = [], 0
    for s in gathered.summaries:
        if s["id"] not in todo:
            continue
        batch.append(s)
        pages += 3 * (s["pages"] + 5)
        if pages >= BATCH_PAGES:
            yield batch
            batch, pages = [], 0
    if batch:
        yield batch


def reload(summary, gathered, read):
    """A report loaded whole again, for rendering (checked when gathered; changed since: an error)."""
    errors = []
    report = load_report(summary["folder"], gathered.languages, errors, read, gathered.config["ui"])
    if errors or report is None:
        raise ContentErrors(errors or [ReportError(summary["folder"], None, "changed during the build; build again")])
    return report


def link_warnings(reports):
    return [warning_of(w) for entry in reports.values() for w in entry["link_warnings"]]


def build_reporting(args, failed_headline, run=None):
    """Build with the command line's options (or `run()`: a serve rebuild), printing every problem and
    warning; None on failure."""
    try:
        result = run() if run else build(args.content, args.templates, args.static, args.out,
                                         base_url=args.base_url, strict=args.strict)
    except (ContentErrors, ReportError) as e:
        print(f"{failed_headline}\n{e}", file=sys.stderr, flush=True)
        return None
    for w in result["warnings"]:
        print(f"warning: {located(w, '', args.content)}", file=sys.stderr)
    return result

