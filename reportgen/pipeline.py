"""The build, stage by stage. `build()` is the table of contents: each stage one named call, in its
own module: load (content.py) → validate (validate.py) → link (linking.py) → plan the outputs and
their addresses (plan.py, urls.py) → render (render.py, speed.py, workers.py) → write (write.py).
`build.py serve` runs the same stages through rebuild.py, which keeps what an edit left unchanged."""

import sys

from .content import load_site
from .errors import ContentErrors, ReportError
from .inputs import check_folders
from .linking import link
from .output import check_target
from .plan import check_base_url, plan_site
from .render import renderer
from .speed import FragmentCache, Speed
from .validate import enforce, located, validate
from .write import write_site
from .yamlio import cache_folder, keeping_reader


def build(content_dir, templates_dir, static_dir, out, base_url=None, strict=False, speed=Speed()):
    """Build the site into `out`, replacing it in one step only when everything succeeded. `speed`
    turns speed-ups off (the site is the same bytes either way)."""
    check_target(out)
    check_folders(content_dir, templates_dir, static_dir, out)
    check_base_url(base_url)
    site = load_site(content_dir, read=keeping_reader({}, cache_folder()), templates_dir=templates_dir)
    warnings = validate(site, content_dir)
    linked = link(site)
    warnings = enforce(warnings, linked, strict, content_dir)
    plan = plan_site(site, linked, static_dir, out, base_url, content_dir)
    cache = FragmentCache(enabled=speed.fragments, keep=False)
    render = renderer(plan, templates_dir, cache, speed)
    write_site(out, plan, render, cache, speed.workers)
    return {"pages": len(plan.pages), "rendered": len(plan.pages), "reports": len(site["reports"]),
            "warnings": warnings}


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
