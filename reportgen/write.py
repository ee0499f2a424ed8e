"""Writing the site. Each page is written as soon as a worker has rendered it; then each report's other
files and its zip, and last the pages and files outside any report. Everything goes into a new folder
beside out/: a build from scratch replaces out/ with it in one step; a build from the record moves in
only what it made (output.staged_changes), leaving every other report's files untouched."""

import contextlib
import hashlib
import marshal

from .gather import plain_warning
from .output import staged_changes, staged_site, write_files
from .plan import report_sitemap
from .sitezip import packed, zip_of
from .urls import LANDING, report_zip_path
from .workers import render_all


class Output:
    """The folder a build writes into, and what it has written there: `made`, report id → what the
    record keeps of each report rendered; `shared`, the paths outside any report."""

    def __init__(self, folder, commit=None):
        self.folder, self.commit, self.made, self.shared = folder, commit, {}, []
        self._static_entries = None

    def reports(self, gathered, last):
        """report id → its record entry, for every report of the site: made now, or kept from the last build."""
        return {s["id"]: dict(self.made[s["id"]] if s["id"] in self.made else last["reports"][s["id"]], summary=s)
                for s in gathered.summaries}

    def static_entries(self, statics):
        """The static files packed for the zips, once per build."""
        if self._static_entries is None:
            self._static_entries = {path: packed(data)[1] for path, data in statics.items()}
        return self._static_entries

    def finish(self, reports, last, forget):
        """With the record of the last build: `forget` it, then move what this one made into out/
        (`reports`: the site's)."""
        if self.commit:
            forget()
            removed = [rid for rid in last["reports"] if rid not in reports]
            gone = [path for path in last["shared"] if path not in set(self.shared)]
            self.commit(sorted(self.made), removed, self.shared, gone)


@contextlib.contextmanager
def site_output(out, last):
    """An Output to write into; out/ brought up to date when the block ends without an error."""
    if last is None:
        with staged_site(out) as folder:
            yield Output(folder)
    else:
        with staged_changes(out) as (folder, commit):
            yield Output(folder, commit)


def cross_inputs(gathered, govs):
    """report id → a digest of what its pages show of other reports: its rows of targets and results
    across years, and its government's page."""
    gov_of = {r["id"]: g["slug"] for g in govs for r in g["reports"]}
    return {s["id"]: hashlib.blake2b(marshal.dumps((gathered.promises.get(s["id"], []), gov_of.get(s["id"]))),
                                     digest_size=16).hexdigest()
            for s in gathered.summaries}


def write_reports(output, plan, render, cache, workers, cross):
    """Render a batch's pages on every core into the folder, then each report's other files and its zip;
    what the record keeps of each goes into `output.made`."""
    folder = output.folder

    def render_and_write(page):
        data, entry = render(page)
        write_files(folder, {page["path"]: data})
        return entry
    entries = render_all(render_and_write, plan.pages, cache=cache, workers=workers)
    own = {path: data for path, data in plan.files.items() if path not in plan.assets.values()}
    write_files(folder, own)
    statics = output.static_entries({path: plan.files[path] for path in plan.assets.values()})
    for report in plan.site["reports"]:
        rid = report["id"]
        mine = {path: entry for path, entry in entries.items() if path.startswith(rid + "/")}
        mine.update((path, packed(data)[1]) for path, data in own.items() if path.startswith(rid + "/"))
        mine[LANDING] = render(landing_of(report, plan))[1]
        write_files(folder, {report_zip_path(rid): zip_of(dict.fromkeys({**mine, **statics}), {**mine, **statics},
                                                          folder=f"{rid}-site")})
        output.made[rid] = {"cross": cross[rid], "sitemap": report_sitemap(plan, rid, plan.base_url) if plan.base_url else "",
                     "search": plan.urls.search_data[rid], "pages": sum(1 for p in plan.pages if p["report"]["id"] == rid),
                     "link_warnings": [plain_warning(w) for w in plan.linked[rid].warnings]}


def landing_of(report, plan):
    """The landing page a report's zip opens with: the site's landing page with this report alone."""
    summary = {"id": report["id"], "meta": report["meta"]}
    site = {**plan.site, "reports": [summary], "governments": []}
    return {"kind": "landing", "name": "index", "path": LANDING, "view": None, "report": None, "alternates": {},
            "in_zip": True, "site": site}


def write_shared(output, plan, render):
    """The pages and files outside any report."""
    pages = {page["path"]: render(page)[0] for page in plan.pages}
    write_files(output.folder, {**pages, **plan.files})
    output.shared = sorted({**pages, **plan.files})
