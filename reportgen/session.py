"""What `build.py serve` keeps in memory between its rebuilds, on top of the build record (record.py,
which says which reports an edit changed): for the batch of reports it rendered last, a fingerprint of
them (incremental.py), every file's bytes and zip entry, and their rendered fragments. So when the next
edit is to paragraphs of those reports, only the pages it changed are rendered; the other pages are
written from memory (a page that names the report's search data gets its new name written in), and the
single-file copies and the report's zip follow a moment later, after the browser has reloaded
(`finish`). Anything else renders the report whole. A test holds every rebuild to the bytes of a build
from scratch (tests/test_incremental.py)."""

from typing import NamedTuple

from .incremental import changes, pages_to_render, snapshot
from .output import replace_files
from .search import renamed_in
from .speed import FragmentCache


class Last(NamedTuple):
    """The last render of a batch of reports: what incremental.changes compares with."""
    ids: tuple
    snapshot: dict
    files: dict      # path → bytes of every file of these reports but their zips
    entries: dict    # path → zip entry (sitezip.packed) of each of those files
    members: dict    # report id → its zip's entries but the static files
    zips: dict       # path → bytes of each report's zip
    cache: FragmentCache
    uses: dict
    directives: dict


class Split(NamedTuple):
    """How a batch is written: `todo` rendered now, `kept` written from memory, `later` (the single-file
    copies) rendered after the reload; `cache` the fragments to render with."""
    todo: list
    kept: dict
    later: list
    cache: FragmentCache


class Session:
    def __init__(self, out, speed):
        self.out, self.speed, self.last = out, speed, None

    def split(self, plan, templates_dir, terms):
        """The batch's pages as this rebuild renders them."""
        ids = tuple(r["id"] for r in plan.site["reports"])
        current = snapshot(plan.site, templates_dir, plan.assets, plan.base_url, terms)
        previous = self.last if self.last is not None and self.last.ids == ids else None
        changed = changes(previous, current, plan.site, plan.linked) if previous else None
        self.current = (ids, current)
        if previous is None:
            return Split(list(plan.pages), {}, [], FragmentCache(self.speed.fragments, keep=True))
        if changed is None:  # every page again; the single-file copies still after the reload
            later = [p for p in plan.pages if p["kind"] == "offline"]
            return Split([p for p in plan.pages if p not in later], {}, later, FragmentCache(self.speed.fragments, keep=True))
        todo = pages_to_render(changed, plan.pages)
        later = [p for p in todo if p["kind"] == "offline"]
        rendering = {p["path"] for p in todo} - {p["path"] for p in later}
        kept = {p["path"]: previous.files[p["path"]] for p in plan.pages if p not in todo}
        # every page names its report's search data, whose fingerprint an edit changes: no need to render
        # the page again for that, only to write the new name in it
        kept.update(renamed_in(kept, previous.files, plan.files))
        return Split([p for p in todo if p["path"] in rendering], kept, later, previous.cache.after_edit(changed))

    def remember(self, plan, split, files, entries, members, zips):
        """After the batch is written: its files (but the zips), their entries, each zip's entries and
        the zips."""
        ids, current = self.current
        self.last = Last(ids, current, files, entries, members, zips, split.cache,
                         {rid: r.uses for rid, r in plan.linked.items()},
                         {rid: r.figures["directives"] for rid, r in plan.linked.items()})

    def later(self, render, split, zips):
        """What brings the single-file copies and the zips up to date once the browser has reloaded
        (`zips()`: the zips from `self.last.members`)."""
        last = self.last

        def finish():
            fresh = {p["path"]: render(p) for p in split.later}
            last.files.update({path: data for path, (data, _) in fresh.items()})
            for path, (_, entry) in fresh.items():
                last.entries[path] = last.members[path.split("/", 1)[0]][path] = entry
            last.zips.update(zips())
            replace_files(self.out, {**{path: data for path, (data, _) in fresh.items()}, **last.zips})
        return finish
