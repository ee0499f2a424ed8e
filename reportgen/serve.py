"""`build.py serve`: build, serve on 127.0.0.1, rebuild and reload the browser on every save.

livereload injects its reload script into the pages it serves, never into the files in site/.
A failed rebuild prints every problem and the last good site keeps being served (the build is atomic).
"""

import sys
import time

from .errors import ContentErrors, ReportError
from .pipeline import build


def rebuild(args):
    start = time.perf_counter()
    try:
        result = build(args.content, args.templates, args.static, args.out, base_url=args.base_url,
                       strict=args.strict)
    except (ContentErrors, ReportError) as e:
        print(f"rebuild failed; still serving the last good site:\n{e}", file=sys.stderr, flush=True)
        return False
    for w in result["warnings"]:
        print(f"warning: {w}", file=sys.stderr)
    print(f"rebuilt {result['pages']} pages in {(time.perf_counter() - start) * 1000:.0f} ms", flush=True)
    return True


def serve(args):
    from livereload import Server

    if not rebuild(args):
        return 1
    server = Server()
    # One rebuild for a burst of saves: livereload waits `delay` seconds after the last change.
    for folder in (args.content, args.templates, args.static, "seeds", "content/site.yaml"):
        server.watch(folder, lambda: rebuild(args), delay=0.2)
    print(f"serving {args.out}/ on http://{args.host}:{args.port}/ (Ctrl+C stops)", flush=True)
    server.serve(root=args.out, host=args.host, port=args.port, open_url_delay=None, restart_delay=0)
    return 0
