"""`build.py serve`: build, serve on 127.0.0.1, rebuild and reload the browser on every save.

livereload injects its reload script into the pages it serves, never into the files in site/.
A failed rebuild prints every problem and the last good site keeps being served (the build is atomic).
"""

import sys
import time

from .pipeline import build_reporting


def rebuild(args):
    start = time.perf_counter()
    result = build_reporting(args, "rebuild failed; still serving the last good site:")
    if result is None:
        return False
    print(f"rebuilt {result['pages']} pages in {(time.perf_counter() - start) * 1000:.0f} ms", flush=True)
    return True


def _external_reload_script(port):
    """livereload injects an inline <script>, which the pages' Content-Security-Policy (script-src 'self')
    blocks; inject a same-origin <script src> in its place (its WebSocket is allowed by connect-src 'self')."""
    from livereload.server import LiveScriptInjector

    inject = getattr(LiveScriptInjector.transform_first_chunk, "inline", LiveScriptInjector.transform_first_chunk)
    script = f'<script src="/livereload.js?port={int(port)}"></script>'.encode()

    def transform_first_chunk(self, status_code, headers, chunk, finishing):
        self.script = script  # the instance's script wins over the inline one livereload sets on the class
        return inject(self, status_code, headers, chunk, finishing)
    transform_first_chunk.inline = inject
    LiveScriptInjector.transform_first_chunk = transform_first_chunk


def serve(args):
    from livereload import Server

    if not rebuild(args):
        return 1
    _external_reload_script(args.port)
    server = Server()
    # One rebuild for a burst of saves: livereload waits `delay` seconds after the last change.
    for folder in (args.content, args.templates, args.static, "seeds", "content/site.yaml"):
        server.watch(folder, lambda: rebuild(args), delay=0.2)
    print(f"serving {args.out}/ on http://{args.host}:{args.port}/ (Ctrl+C stops)", flush=True)
    try:
        server.serve(root=args.out, host=args.host, port=args.port, open_url_delay=None, restart_delay=0)
    except OSError as e:  # the port is taken, or the address is not this machine's
        print(f"cannot serve on {args.host}:{args.port}: {e.strerror}; choose another with --port", file=sys.stderr)
        return 1
    return 0
