"""Rendering pages on every core. The build forks once everything is loaded, validated and linked, so
each worker starts with the same data and compiled templates, renders its share of the pages and
sends the HTML back through a pipe. Where fork is missing, or the site is small, pages render here.

Pages that share rendered fragments (one report in one view: its paragraphs, contents, full text) go
to the same worker, which renders those fragments once and sends them back with the pages when the
fragment cache keeps them for the next rebuild (speed.FragmentCache).

A site of many reports renders whole batches of reports on every core instead (`each_batch`): each
worker loads, links, plans, renders and writes the batches it takes, and sends back only what the build
record keeps of each report, so nothing of the pages crosses a pipe and the build's serial part is the
gathering alone."""

import os
import pickle
import struct

from .errors import ReportError

MAX_WORKERS = 4
MIN_PAGES = 16  # below this (a rebuild after an edit), starting workers costs more than it saves


def render_all(render, pages, cache=None, workers=None):
    """{path: render(page)} for every page; the pages of one fragment group (`cache.group`) stay
    together, and the cache hears when a group is done and gets back what the workers rendered."""
    group = cache.group if cache is not None else (lambda page: None)
    workers = min(workers or os.cpu_count() or 1, MAX_WORKERS)
    if workers < 2 or not hasattr(os, "fork") or len(pages) < MIN_PAGES:
        return _render_share(render, pages, group, cache)
    shares = _shares(pages, group, workers, MAX_WORKERS)
    children = [_fork(render, share, group, cache) for share in shares[1:]]
    out, failure = {}, None
    try:
        out = _render_share(render, shares[0], group, cache)
    except BaseException as e:  # noqa: BLE001 - raised below, once every worker has been collected
        failure = e
    for pid, reader in children:  # always collect every worker, so none is left waiting on its pipe
        with os.fdopen(reader, "rb") as f:
            status, data = pickle.loads(f.read())
        os.waitpid(pid, 0)
        if status == "ok":
            out.update(data[0])
            if cache is not None:
                cache.merge(data[1])
        else:
            failure = failure or data
    if failure:
        raise failure
    return out


def _shares(pages, group, workers, most):
    """The pages in shares of about equal size, largest groups placed first. A group is never split,
    so where there are a few more groups than cores (one report in three views on two cores) each
    group of some size gets a process of its own, up to `most`: a core left idle would cost more than
    the extra one. Small groups (the landing page and the 404 page) join a share."""
    groups = _groups(pages, group)
    sizeable = sum(1 for members in groups.values() if len(members) >= MIN_PAGES)
    shares = [[] for _ in range(max(sizeable, 1) if sizeable <= most else workers)]
    for members in sorted(groups.values(), key=len, reverse=True):
        min(shares, key=len).extend(members)
    return shares


def _render_share(render, share, group, cache):
    out = {}
    for g, members in _groups(share, group).items():
        out.update((p["path"], render(p)) for p in members)
        if cache is not None:
            cache.release(g)
    return out


def _groups(pages, group):
    """The pages by group, in the order groups first appear."""
    out = {}
    for p in pages:
        out.setdefault(group(p), []).append(p)
    return out


def _fork(render, share, group, cache):
    def work():
        html = _render_share(render, share, group, cache)
        return html, cache.export({group(p) for p in share}) if cache is not None else {}
    return _worker(work)


def _worker(work, close=()):
    """(pid, the read end of its pipe) of a forked process that runs `work()` and sends back, pickled,
    ("ok", its result) or ("error", what it raised), then leaves without running the parent's exit
    handlers. `close`: descriptors of the parent's that the worker must not hold open."""
    reader, writer = os.pipe()
    pid = os.fork()
    if pid:
        os.close(writer)
        return pid, reader
    os.close(reader)
    try:
        for fd in close:
            os.close(fd)
        try:
            payload = pickle.dumps(("ok", work()))
        except BaseException as e:  # noqa: BLE001 - the parent re-raises it
            try:
                payload = pickle.dumps(("error", e))
            except Exception:
                payload = pickle.dumps(("error", RuntimeError(f"{type(e).__name__}: {e}")))
        with os.fdopen(writer, "wb") as f:
            f.write(payload)
    finally:
        os._exit(0)


def each_batch(run, count, workers=None):
    """[run(0), …, run(count - 1)], each run in a worker process taking the next batch as it gets free
    (one fork per worker, not per batch); here, in order, where fork is missing or one worker is asked.
    The first failure is raised once every worker has stopped."""
    workers = min(workers or os.cpu_count() or 1, MAX_WORKERS, count)
    if workers < 2 or not hasattr(os, "fork"):
        return [run(i) for i in range(count)]
    tasks_r, tasks_w = os.pipe()
    try:
        children = [_fork_taker(run, tasks_r, tasks_w) for _ in range(workers)]
    finally:
        os.close(tasks_r)
    try:  # written as the workers take them (a pipe holds 64 KiB); 4 bytes a batch, each read whole
        with os.fdopen(tasks_w, "wb") as f:
            f.write(b"".join(struct.pack("<I", i) for i in range(count)))
    except BrokenPipeError:
        pass  # every worker has stopped: each says why below
    # closed: once empty, the pipe reads as the end, and a worker stops
    results, failure = {}, None
    for pid, reader in children:
        with os.fdopen(reader, "rb") as f:
            payload = f.read()
        os.waitpid(pid, 0)
        status, data = pickle.loads(payload) if payload else ("error", _stopped(pid))
        if status == "ok":
            results.update(data)
        else:
            failure = failure or data
    if failure:
        raise failure
    return [results[i] for i in range(count)]


def _stopped(pid):
    return ReportError("build", None, f"a worker process ({pid}) stopped before it finished (killed, or out of "
                       "memory?); expected it to render its reports: build again")


def _fork_taker(run, tasks, tasks_writer):
    """A worker taking batch numbers from `tasks` until there are none; only the main process writes
    them (`tasks_writer`, closed in the worker): the end of them is its closing."""
    def work():
        done = {}
        while len(task := os.read(tasks, 4)) == 4:  # reads of 4 bytes from a pipe never interleave
            i = struct.unpack("<I", task)[0]
            done[i] = run(i)
        return done
    return _worker(work, close=(tasks_writer,))
