"""The build record: what a build into an output folder made of each report, so that the next build
into it renders only the reports whose files changed (or whose rows from other reports did), and
leaves every other report's files untouched.

A report's files are known unchanged by their names, sizes and modification times (as make, git and
most site generators tell): `stamp()`. Everything else a page depends on (site.yaml, terms.yaml, the
templates, the static files, the code, the base URL) is one digest, `inputs()`: when it differs, every
report is rendered again. The record is kept in the user's private cache folder (never in the site,
which is published), and it is trusted only for the very folder the build made (a copy, or a folder
put in its place, gets a full build); it is dropped before a build changes out/ in place, so a build
stopped half way makes the next one a full build.
A test holds a build from the record to the same bytes as a build from scratch."""

import hashlib
import marshal
import os

from .output import MARKER
from .yamlio import cache_folder

VERSION = 1


def stamp(folder):
    """(name, size, modification time) of every file of a report's folder, as one short digest."""
    h = hashlib.blake2b(digest_size=16)
    for root, dirs, files in os.walk(folder):
        dirs.sort()
        for name in sorted(files):
            st = os.lstat(os.path.join(root, name))
            h.update(f"{os.path.relpath(os.path.join(root, name), folder)}\0{st.st_size}\0{st.st_mtime_ns}\n".encode())
    return h.hexdigest()


def inputs(content_dir, templates_dir, static_dir, base_url, strict):
    """One digest of what every page depends on besides its own report."""
    import jinja2
    import markdown
    h = hashlib.blake2b(digest_size=16)
    h.update(repr((VERSION, base_url, strict, jinja2.__version__, markdown.__version__)).encode())
    for name in ("site.yaml", "terms.yaml"):
        _file(h, os.path.join(content_dir, name))
    code = os.path.dirname(os.path.abspath(__file__))
    for folder in (templates_dir, static_dir, code):
        for root, dirs, files in os.walk(folder):
            dirs.sort()
            for name in sorted(files):
                if not name.endswith(".pyc"):
                    _file(h, os.path.join(root, name))
    return h.hexdigest()


def _file(h, path):
    h.update(path.encode("utf-8", "surrogateescape") + b"\0")
    try:
        with open(path, "rb") as f:
            h.update(f.read())
    except OSError:
        h.update(b"\1missing")


def _path(out):
    folder = cache_folder()
    if folder is None:
        return None
    name = hashlib.blake2b(os.path.realpath(out).encode("utf-8", "surrogateescape"), digest_size=16).hexdigest()
    return os.path.join(folder, f"record-{name}")


def _identity(out):
    """out/ as the file system knows it: a build from scratch puts a new folder there, with a new marker
    file in it (output.MARKER; a folder made again in its place may get the same inode number, never
    the same marker written at the same nanosecond)."""
    try:
        st, marker = os.stat(out), os.stat(os.path.join(out, MARKER))
    except OSError:
        return None
    return [st.st_dev, st.st_ino, marker.st_ino, marker.st_mtime_ns, marker.st_size]


def last(out, digest):
    """The record of the build that made out/, if out/ is the folder it made and the inputs are the
    same; else None (build everything)."""
    path = _path(out)
    if path is None or _identity(out) is None:
        return None
    try:
        with open(path, "rb") as f:
            record = marshal.loads(f.read())
    except (OSError, ValueError, EOFError, TypeError):
        return None
    if not isinstance(record, dict) or record.get("version") != VERSION or record.get("folder") != _identity(out) \
            or record.get("inputs") != digest:
        return None
    return record


def kept_summaries(last):
    """report id → (stamp, summary) from the last build's record (gather.py uses a summary whose stamp
    is the report's now)."""
    return {rid: (entry["summary"]["stamp"], entry["summary"]) for rid, entry in (last or {}).get("reports", {}).items()}


def save(out, digest, reports, shared):
    """Keep the record of this build (`reports`: id → what record_of_report gave; `shared`: the paths
    of the files outside any report). A record that cannot be kept only makes the next build a full one."""
    path = _path(out)
    if path is None:
        return
    try:
        data = marshal.dumps({"version": VERSION, "folder": _identity(out), "inputs": digest, "reports": reports,
                              "shared": sorted(shared)})
    except ValueError:  # content marshal cannot hold (a YAML date in a summary): no record
        return
    tmp = f"{path}.{os.getpid()}.tmp"
    try:
        with open(tmp, "wb") as f:
            f.write(data)
        os.replace(tmp, path)
    except OSError:
        try:
            os.remove(tmp)
        except OSError:
            pass


def forget(out):
    """Drop the record, before out/ is changed in place: a build stopped half way leaves none, and the
    next build is a full one."""
    path = _path(out)
    if path and os.path.exists(path):
        try:
            os.remove(path)
        except OSError:
            pass
