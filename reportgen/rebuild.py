"""What `build.py serve` runs on every save: the build's own stages, keeping what the last build in
this process made. Only an edit to paragraphs is handled page by page (incremental.py says what it
changed); the fragments it left valid are kept (speed.FragmentCache.after_edit), only the files that
differ are replaced, and the offline copies and the zip follow in `finish()`, after the browser has
reloaded. Anything else renders every page again. A rebuild writes the same bytes as a fresh build
(tests/test_incremental.py)."""

from typing import NamedTuple

from .content import load_site
from .inputs import check_folders
from .incremental import changes, pages_to_render, snapshot
from .linking import link
from .output import SiteZip, check_target, packed, remove_files, replace_files, staged_site, write_files
from .plan import check_base_url, plan_site
from .render import renderer
from .search import data_files, renamed_in
from .speed import FragmentCache, Speed
from .urls import SITE_ZIP
from .validate import enforce, validate
from .workers import render_all
from .write import render_into
from .yamlio import cache_folder, keeping_reader


class Record(NamedTuple):
    """What a build leaves for the next rebuild: its fingerprint, every file it wrote, the zip's
    entries, the parsed content files, the fragments, and the links an edit may change."""
    snapshot: dict
    files: dict
    site_zip: SiteZip
    sources: dict
    cache: FragmentCache
    uses: dict
    directives: dict


class Rebuild:
    """Builds into `out` again and again; `run()` returns build()'s result with the pages it rendered
    and `finish` (None, or what brings the offline copies and the zip up to date)."""

    def __init__(self, content_dir, templates_dir, static_dir, out, base_url=None, strict=False, speed=Speed()):
        self.content_dir, self.templates_dir, self.static_dir, self.out = content_dir, templates_dir, static_dir, out
        self.base_url, self.strict, self.speed = base_url, strict, speed
        self.record = None

    def run(self):
        previous = self.record
        check_target(self.out)
        check_folders(self.content_dir, self.templates_dir, self.static_dir, self.out)
        check_base_url(self.base_url)
        sources = dict(previous.sources) if previous else {}
        site = load_site(self.content_dir, read=keeping_reader(sources, cache_folder()), templates_dir=self.templates_dir)
        warnings = validate(site, self.content_dir)
        linked = link(site)
        warnings = enforce(warnings, linked, self.strict, self.content_dir)
        plan = plan_site(site, linked, self.static_dir, self.out, self.base_url, self.content_dir)
        current = snapshot(site, self.templates_dir, plan.assets, self.base_url, plan.terms)
        changed = changes(previous, current, site, linked)
        cache = previous.cache.after_edit(changed) if previous else FragmentCache(self.speed.fragments, keep=True)
        render = renderer(plan, self.templates_dir, cache, self.speed)
        todo = pages_to_render(changed, plan.pages)
        later = [p for p in todo if p["kind"] == "offline"] if previous else []  # after the reload
        write = self._write_all if changed is None else self._write_changes
        files, site_zip = write(plan, todo, later, render, cache)
        self.record = Record(current, files, site_zip, sources, cache, {rid: r.uses for rid, r in linked.items()},
                             {rid: r.figures["directives"] for rid, r in linked.items()})
        return {"pages": len(plan.pages), "rendered": len(todo), "reports": len(site["reports"]),
                "warnings": warnings, "finish": self._finish(later, render, cache, files, site_zip) if later else None}

    def _write_all(self, plan, todo, later, render, cache):
        """Every page but those `later` brings (the previous build's until then), into a new folder."""
        postponed = {p["path"] for p in later}
        site_zip, others = SiteZip(), dict(plan.files)
        if postponed:
            site_zip.carry(self.record.site_zip, postponed)
            others.update({path: self.record.files[path] for path in postponed})
        with staged_site(self.out) as folder:
            pages = render_into(folder, [p for p in todo if p["path"] not in postponed], render, cache,
                                self.speed.workers, site_zip, keep=True)
            others[SITE_ZIP] = self.record.files[SITE_ZIP] if postponed else site_zip.build({**others, **pages})
            write_files(folder, others)
        return {**others, **pages}, site_zip

    def _write_changes(self, plan, todo, later, render, cache):
        """The pages the edit changed are rendered; only the files that differ from out/ are replaced."""
        previous = self.record
        rendering = {p["path"] for p in todo} - {p["path"] for p in later}
        kept = [p["path"] for p in plan.pages if p["path"] not in rendering]
        files = {**plan.files, **{path: previous.files[path] for path in kept}}
        site_zip = SiteZip()
        site_zip.carry(previous.site_zip, kept)
        # every page names its report's search data, whose fingerprint an edit changes: no need to render
        # the page again for that, only to write the new name in it
        renamed = renamed_in({path: files[path] for path in kept}, previous.files, files)
        files.update(renamed)
        site_zip.entries.update({path: packed(data)[1] for path, data in renamed.items()})
        stale = [path for path in data_files(previous.files) if path not in files]  # the old names
        files.update(site_zip.add_rendered(_render(render, [p for p in todo if p["path"] in rendering], cache,
                                                   self.speed.workers)))
        files[SITE_ZIP] = previous.files[SITE_ZIP] if later else site_zip.build(files)
        replace_files(self.out, {path: data for path, data in files.items() if previous.files.get(path) != data})
        remove_files(self.out, stale)
        return files, site_zip

    def _finish(self, later, render, cache, files, site_zip):
        """The pages left for later (the offline copies) and the zip, brought up to date in place."""
        def finish():
            fresh = site_zip.add_rendered(_render(render, later, cache, self.speed.workers))
            files.update(fresh)
            files[SITE_ZIP] = site_zip.build(files)
            replace_files(self.out, {**fresh, SITE_ZIP: files[SITE_ZIP]})
        return finish


def _render(render, pages, cache, workers):
    return render_all(render, pages, cache=cache, workers=workers)
