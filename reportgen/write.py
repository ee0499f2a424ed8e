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
from .session import Split
from .sitezip import packed, zip_of
from .speed import FragmentCache
from .urls import LANDING, report_zip_path
from .workers import render_all


class Output:
    """The folder a build writes into, and what it has written there: `made`, report id → what the
    record keeps of each report rendered; `shared`, the paths outside any report."""

    def __init__(self, folder, commit=None):
        self.folder, self.commit, self.made, self.shared, self.later = folder, commit, {}, [], []
        self.rendered = 0  # pages of reports rendered (the others were kept)
        self._static_entries = None

    def reports(self, gathered, last):
        """report id → its record entry, for every report of the site: made now, or kept from the last build."""
        return {s["id"]: dict(self.made[s["id"]] if s["id"] in self.made else last["reports"][s["id"]], summary=s)
                for s in gathered.summaries}

    def taken(self, plan):
        """What this batch made (its reports' record entries, its pages rendered), taken out to travel
        back from a worker process; `add` puts it in again."""
        made = {r["id"]: self.made.pop(r["id"]) for r in plan.site["reports"]}
        rendered, self.rendered = self.rendered, 0
        return made, rendered

    def add(self, taken):
        for made, rendered in taken:
            self.made.update(made)
            self.rendered += rendered

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


def whole(plan, speed):
    """Every page of a batch rendered now (a build without serve's memory: session.py)."""
    return Split(list(plan.pages), {}, [], FragmentCache(speed.fragments, keep=False))


def write_reports(output, plan, split, render, workers, cross, session=None):
    """Render a batch's pages (`split.todo`) on every core into the folder, write the ones kept from the
    last rebuild (`split.kept`), then each report's other files and its zip. What the record keeps of
    each report goes into `output.made`; with serve's `session`, what it keeps in memory into it."""
    folder, keep = output.folder, session is not None

    def render_and_write(page):
        data, entry = render(page)
        write_files(folder, {page["path"]: data})
        return (data if keep else None), entry
    rendered = render_all(render_and_write, split.todo, cache=split.cache, workers=workers)
    output.rendered += len(rendered) + len(split.later)  # the single-file copies too, after the reload
    entries = {path: entry for path, (_, entry) in rendered.items()}
    own = {path: data for path, data in plan.files.items() if path not in plan.assets.values()}
    earlier = {p["path"]: session.last.files[p["path"]] for p in split.later} if split.later else {}
    write_files(folder, {**own, **split.kept, **earlier})  # the single-file copies as they were, until `finish`
    entries.update((path, packed(data)[1]) for path, data in {**own, **split.kept}.items())
    entries.update((path, session.last.entries[path]) for path in earlier)
    statics = output.static_entries({path: plan.files[path] for path in plan.assets.values()})
    members = {}
    for report in plan.site["reports"]:
        rid = report["id"]
        members[rid] = {path: entry for path, entry in entries.items() if path.startswith(rid + "/")}
        members[rid][LANDING] = render(landing_of(report, plan))[1]
        output.made[rid] = {"cross": cross[rid], "sitemap": report_sitemap(plan, rid, plan.base_url) if plan.base_url else "",
                            "search": plan.urls.search_data[rid], "index": plan.index.get(rid),
                            "pages": sum(1 for p in plan.pages if p["report"]["id"] == rid),
                            "link_warnings": [plain_warning(w) for w in plan.linked[rid].warnings]}
        if split.later:  # its single-file copies follow after the reload: until then the record does not vouch for it
            output.made[rid]["cross"] = None
    zips = lambda members: {report_zip_path(rid): report_zip(rid, entries, statics)  # noqa: E731
                            for rid, entries in members.items()}
    write_files(folder, session.last.zips if split.later else zips(members))
    if keep:
        files = {**{path: data for path, (data, _) in rendered.items()}, **own, **split.kept, **earlier}
        session.remember(plan, split, files, entries, members, zips(members) if not split.later else session.last.zips)
        if split.later:
            output.later.append(session.later(render, split, lambda: zips(session.last.members)))


def report_zip(rid, members, statics):
    """A report's zip: its files, the static files and a landing page of its own, under <id>-site/."""
    everything = {**members, **statics}
    return zip_of(dict.fromkeys(everything), everything, folder=f"{rid}-site")


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
