"""Writing the site: each page written into a new folder as soon as a worker has rendered it, then the
other files and the zip; the folder replaces out/ in one step only when all went well (output.py)."""

from .output import SiteZip, staged_site, write_files
from .urls import SITE_ZIP
from .workers import render_all


def render_into(folder, pages, render, cache, workers, site_zip, keep=False):
    """Render `pages` on every core, each written into `folder` by the worker that rendered it; their
    zip entries go into `site_zip`. {path: bytes} (None for each page unless `keep`: a one-off build
    does not hold the site in memory)."""
    def render_and_write(page):
        data, entry = render(page)
        write_files(folder, {page["path"]: data})
        return (data if keep else None), entry
    return site_zip.add_rendered(render_all(render_and_write, pages, cache=cache, workers=workers))


def write_site(out, plan, render, cache, workers=None):
    """A whole build into `out`: every page, the planned files, the zip of them all."""
    site_zip = SiteZip()
    with staged_site(out) as folder:
        pages = render_into(folder, plan.pages, render, cache, workers, site_zip)
        files = {**plan.files, SITE_ZIP: site_zip.build({**plan.files, **pages})}
        write_files(folder, files)
    return files
