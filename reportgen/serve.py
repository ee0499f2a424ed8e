"""`build.py serve`: build, serve on 127.0.0.1, rebuild and reload the browser on every save.

livereload injects its reload script into the pages it serves, never into the files in site/.
A failed rebuild prints every problem and the last good site keeps being served (the build is atomic).
"""

import errno
import os
import sys
import time
from urllib.parse import urlsplit

from .errors import ReportError
from .output import serving
from .pipeline import build_reporting
from .rebuild import Rebuild


def _report_folders(content_dir):
    try:
        return sorted(name for name in os.listdir(content_dir) if os.path.isdir(os.path.join(content_dir, name)))
    except OSError:
        return None


class Preview:
    """The dev server's builds. Each renders only what the last edit changed (the first renders all);
    the offline copies and the zip are brought up to date a moment after the browser has reloaded."""

    FINISH_AFTER = 0.25  # seconds: the browser fetches the reloaded page first
    served = False  # True once a build succeeded: from then on a failed rebuild leaves that site served

    def __init__(self, args):
        self.args, self.pending, self.reports = args, None, None
        self.builds = Rebuild(args.content, args.templates, args.static, args.out, base_url=args.base_url,
                              strict=args.strict)

    def rebuild(self):
        from tornado.ioloop import IOLoop

        start = time.perf_counter()
        if self.pending:  # a newer edit: its own finish will bring the offline copies up to date
            IOLoop.current().remove_timeout(self.pending)
            self.pending = None
        reports = _report_folders(self.args.content)
        if reports != self.reports:  # a report added or removed: the build record renders it, or takes it out
            self.reports = reports
        headline = ("rebuild failed; still serving the last good site:" if self.served else
                    f"build failed; {self.args.out}/ was left as it was, and nothing is served:")
        result = build_reporting(self.args, headline, run=self.builds.run)
        if result is None:
            self.reports = None  # the next rebuild starts afresh
            return False
        self.served = True
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

        def is_file_changed(self, path, ignore=None):
            # livereload counts a new file only if it is newer than the server: a report folder copied
            # in (its files keep their times) would go unseen
            fresh = bool(self._task_mtimes) and path not in self._task_mtimes
            return super().is_file_changed(path, ignore) or (fresh and path in self._new_mtimes)

        def examine(self):
            # once the burst settles, each task whose files changed runs once (a save in content/ and one
            # in seeds/ in the same burst each get theirs; content/ and templates/ share one rebuild)
            changed = []
            for path, item in self._tasks.items():
                self._task_mtimes = item["mtimes"]
                if self.is_changed(path, item["ignore"]):
                    changed.append(item)
            now = time.monotonic()
            pending = getattr(self, "pending", None) or []
            if changed:
                self.pending = pending + [c for c in changed if not any(c is p for p in pending)]
                self.last_change = now
                return None, None
            if pending and now - self.last_change >= QUIET:
                self.pending, funcs = None, []
                for task in pending:
                    if task["func"] not in funcs:  # bound methods of one object are equal, not identical
                        funcs.append(task["func"])
                for func in funcs:
                    func()
                return self.filepath or "*", None
            return None, None

    return Settled()


def _same_origin_only(host, port):
    """The live-reload WebSocket tells whoever connects the path of every file saved, and /forcereload
    reloads every open page: both answer only pages of the served origin (a page of another site open in
    the same browser could otherwise connect). Requests for names with a NUL get 400, not a traceback."""
    from livereload.handlers import ForceReloadHandler, LiveReloadHandler, StaticFileHandler
    from tornado import web

    loopback = {"127.0.0.1", "localhost", "[::1]", "::1"}
    hosts = loopback if host in loopback else {host}

    def allowed(origin):
        parts = urlsplit(origin or "")
        return parts.scheme == "http" and parts.hostname in {h.strip("[]") for h in hosts} and parts.port == port

    LiveReloadHandler.check_origin = lambda self, origin: allowed(origin)
    force = getattr(ForceReloadHandler.get, "unchecked", ForceReloadHandler.get)

    def checked_force(self):
        site = self.request.headers.get("Sec-Fetch-Site")
        origin = self.request.headers.get("Origin")
        if (site and site not in ("same-origin", "none")) or (origin and not allowed(origin)):
            raise web.HTTPError(403)
        return force(self)
    checked_force.unchecked = force
    ForceReloadHandler.get = checked_force

    get = getattr(StaticFileHandler.get, "unchecked", StaticFileHandler.get)

    def checked_get(self, path, include_body=True):
        if "\x00" in path or "\x00" in self.request.path:
            raise web.HTTPError(400)
        return get(self, path, include_body)
    checked_get.unchecked = get
    StaticFileHandler.get = checked_get


class SeedWatch:
    """The site is built from content/, never from seeds/: a saved seed changes nothing on the pages until
    it is ingested. Rather than rebuild as if it counted, say so, naming each seed saved, once per save."""

    def __init__(self, folder):
        self.folder = folder
        self.seen = self._times()

    def _times(self):
        try:
            names = os.listdir(self.folder)
        except OSError:
            return {}
        times = {}
        for name in names:
            try:
                times[name] = os.stat(os.path.join(self.folder, name)).st_mtime_ns
            except OSError:
                pass
        return times

    def __call__(self):
        now = self._times()
        changed = sorted(name for name, t in now.items() if self.seen.get(name) != t)
        self.seen = now
        for name in changed:
            path = os.path.join(self.folder, name)
            print(f"{path}: changed, but the site is built from content/, so the pages stay as they were: run "
                  f"`python build.py ingest {path}` to bring the change in", flush=True)


def serve(args):
    try:
        with serving(args.out):
            return _serve(args)
    except ReportError as e:
        print(f"serve failed:\n{e}", file=sys.stderr)
        return 1


def _serve(args):
    from livereload import Server

    preview = Preview(args)
    if not preview.rebuild():
        return 1
    _external_reload_script(args.port)
    _same_origin_only(args.host, args.port)
    from livereload.handlers import LiveReloadHandler
    LiveReloadHandler.DEFAULT_RELOAD_TIME = 0  # reload after every rebuild, however soon after the last
    server = Server(watcher=settled_watcher())
    for folder in (args.content, args.templates, args.static):
        server.watch(folder, preview.rebuild)
    if os.path.isdir("seeds"):
        server.watch("seeds", SeedWatch("seeds"))
    print(f"serving {args.out}/ on http://{args.host}:{args.port}/ (Ctrl+C stops)", flush=True)
    try:
        server.serve(root=args.out, host=args.host, port=args.port, open_url_delay=None, restart_delay=0)
    except OSError as e:
        print(_bind_problem(args.host, args.port, e), file=sys.stderr)
        return 1
    return 0


def _bind_problem(host, port, e):
    if e.errno in (errno.EADDRINUSE, errno.EACCES):
        return f"cannot serve on {host}:{port}: {e.strerror}; choose another with --port"
    return (f"cannot serve on {host}:{port}: {e.strerror or e}; expected --host to be an address of this machine "
            "such as 127.0.0.1")
