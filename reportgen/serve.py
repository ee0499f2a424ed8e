"""`build.py serve`: build, serve on 127.0.0.1, rebuild and reload the browser on every save.

livereload injects its reload script into the pages it serves, never into the files in site/.
A failed rebuild prints every problem and the last good site keeps being served (the build is atomic).
"""

import sys
import time

from .errors import ReportError
from .pipeline import build_reporting
from .rebuild import Rebuild


class Preview:
    """The dev server's builds. Each renders only what the last edit changed (the first renders all);
    the offline copies and the zip are brought up to date a moment after the browser has reloaded."""

    FINISH_AFTER = 0.25  # seconds: the browser fetches the reloaded page first

    def __init__(self, args):
        self.args, self.pending = args, None
        self.builds = Rebuild(args.content, args.templates, args.static, args.out, base_url=args.base_url,
                              strict=args.strict)

    def rebuild(self):
        from tornado.ioloop import IOLoop

        start = time.perf_counter()
        if self.pending:  # a newer edit: its own finish will bring the offline copies up to date
            IOLoop.current().remove_timeout(self.pending)
            self.pending = None
        result = build_reporting(self.args, "rebuild failed; still serving the last good site:", run=self.builds.run)
        if result is None:
            return False
        print(f"rebuilt {result['pages']} pages ({result['rendered']} rendered) in "
              f"{(time.perf_counter() - start) * 1000:.0f} ms", flush=True)
        if result["finish"]:
            self.pending = IOLoop.current().call_later(self.FINISH_AFTER, self.finish, result["finish"])
        return True

    def finish(self, finish):
        self.pending = None
        try:
            finish()
        except (ReportError, OSError) as e:
            print(f"the offline copies could not be updated: {e}", file=sys.stderr, flush=True)


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


QUIET = 0.02  # seconds without a further save before a burst of saves is rebuilt, once
POLL_MS = 20


def settled_watcher():
    """livereload's watcher rebuilds as soon as it sees a change and polls every 800 ms (without
    pyinotify); this one polls every 20 ms and rebuilds once a burst of saves has settled."""
    from livereload.watcher import Watcher
    from tornado import ioloop

    class Settled(Watcher):
        pending_since = None
        last_change = 0.0

        def start(self, callback):
            ioloop.PeriodicCallback(callback, POLL_MS).start()
            return True

        def examine(self):
            changed = None
            for path, item in self._tasks.items():
                self._task_mtimes = item["mtimes"]
                if self.is_changed(path, item["ignore"]):
                    changed = item
            now = time.monotonic()
            if changed:
                self.pending, self.last_change = changed, now
                return None, None
            if getattr(self, "pending", None) and now - self.last_change >= QUIET:
                task, self.pending = self.pending, None
                task["func"]()
                return self.filepath or "*", None
            return None, None

    return Settled()


def serve(args):
    from livereload import Server

    preview = Preview(args)
    if not preview.rebuild():
        return 1
    _external_reload_script(args.port)
    from livereload.handlers import LiveReloadHandler
    LiveReloadHandler.DEFAULT_RELOAD_TIME = 0  # reload after every rebuild, however soon after the last
    server = Server(watcher=settled_watcher())
    for folder in (args.content, args.templates, args.static, "seeds"):
        server.watch(folder, preview.rebuild)
    print(f"serving {args.out}/ on http://{args.host}:{args.port}/ (Ctrl+C stops)", flush=True)
    try:
        server.serve(root=args.out, host=args.host, port=args.port, open_url_delay=None, restart_delay=0)
    except OSError as e:  # the port is taken, or the address is not this machine's
        print(f"cannot serve on {args.host}:{args.port}: {e.strerror}; choose another with --port", file=sys.stderr)
        return 1
    return 0
