"""Rendering pages on every core. The build forks once everything is loaded, validated and linked, so
each worker starts with the same data and compiled templates, renders its share of the pages and
sends the HTML back through a pipe. Where fork is missing, or the site is small, pages render here.

Pages that share rendered fragments (one report in one view: its paragraphs, contents, full text) go
to the same worker, which renders those fragments once and sends them back with the pages, for the
next rebuild to keep."""

import os
import pickle

MAX_WORKERS = 4
MIN_PAGES = 16  # below this (a rebuild after an edit), starting workers costs more than it saves


def render_all(render, pages, group=lambda page: None, memo=None, workers=None):
    """{path: html} for every page, rendered by `render(page)`; pages of one `group(page)` stay together.
    `memo` is what `render` keeps per group (a dict by group); given, the workers' entries come back
    into it."""
    workers = min(workers or os.cpu_count() or 1, MAX_WORKERS)
    if workers < 2 or not hasattr(os, "fork") or len(pages) < MIN_PAGES:
        return {p["path"]: render(p) for p in pages}
    shares = _shares(pages, group, workers, MAX_WORKERS)
    children = [_fork(render, share, group, memo) for share in shares[1:]]
    out, failure = {}, None
    try:
        out = {p["path"]: render(p) for p in shares[0]}
    except BaseException as e:  # noqa: BLE001 - raised below, once every worker has been collected
        failure = e
    for pid, reader in children:  # always collect every worker, so none is left waiting on its pipe
        with os.fdopen(reader, "rb") as f:
            status, data = pickle.loads(f.read())
        os.waitpid(pid, 0)
        if status == "ok":
            out.update(data[0])
            if memo is not None:
                memo.update(data[1])
        else:
            failure = failure or data
    if failure:
        raise failure
    return out


def _shares(pages, group, workers, most):
    """The pages in shares of about equal size, largest groups placed first. A group is never split,
    so where there are a few more groups than cores (one report in three views on two cores) each
    group gets a process of its own, up to `most`: a core left idle would cost more than the extra one."""
    groups = {}
    for p in pages:
        groups.setdefault(group(p), []).append(p)
    shares = [[] for _ in range(len(groups) if len(groups) <= most else workers)]
    for members in sorted(groups.values(), key=len, reverse=True):
        min(shares, key=len).extend(members)
    return shares


def _fork(render, share, group, memo):
    reader, writer = os.pipe()
    pid = os.fork()
    if pid:
        os.close(writer)
        return pid, reader
    os.close(reader)  # the worker: render, send, and leave without running the parent's exit handlers
    try:
        try:
            html = {p["path"]: render(p) for p in share}
            mine = {g: memo[g] for g in {group(p) for p in share} if g in memo} if memo is not None else {}
            payload = pickle.dumps(("ok", (html, mine)))
        except BaseException as e:  # noqa: BLE001 - the parent re-raises it
            try:
                payload = pickle.dumps(("error", e))
            except Exception:
                payload = pickle.dumps(("error", RuntimeError(f"{type(e).__name__}: {e}")))
        with os.fdopen(writer, "wb") as f:
            f.write(payload)
    finally:
        os._exit(0)
