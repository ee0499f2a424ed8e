"""Writing site/: into a temporary folder first, moved into place only when everything succeeded."""

import contextlib
import ctypes
import glob
import os
import shutil
import sys
import tempfile

from .errors import ReportError
from .lock import locked as _locked  # one build at a time into a folder, on every OS

MARKER = ".reportgen-site"  # marks a folder this tool made, so it never deletes anyone else's folder


def check_target(out):
    """Refuse output folders that would put other files at risk."""
    target = os.path.realpath(out)
    cwd = os.path.realpath(os.getcwd())
    home = os.path.realpath(os.path.expanduser("~"))
    if target in ("/", home) or cwd.startswith(target.rstrip(os.sep) + os.sep) or target == cwd:
        raise ReportError(out, None, "refusing to build here: the output folder would contain the project or your "
                          "home folder; expected a folder of its own such as site/")
    _refuse_if_served(out, target)
    above = os.path.dirname(target)
    while above and not os.path.exists(above):
        above = os.path.dirname(above)
    if above and not os.path.isdir(above):
        raise ReportError(out, None, f"{above} is a file; expected the output folder's path to go through folders only")
    if os.path.exists(target):
        if not os.path.isdir(target):
            raise ReportError(out, None, "exists and is not a folder; expected an output folder")
        if os.listdir(target) and not os.path.exists(os.path.join(target, MARKER)):
            raise ReportError(out, None, f"refusing to replace a folder build.py did not create (no {MARKER} in "
                              "it); expected an empty or earlier output folder")
    return target


def _serve_file(target):
    return os.path.join(os.path.dirname(target), f".{os.path.basename(target)}.serving")


def _serving_pid(target):
    """The process of a `build.py serve` writing this folder, if one is running."""
    try:
        with open(_serve_file(target)) as f:
            pid = int(f.read().strip() or 0)
        os.kill(pid, 0)
        return pid
    except (OSError, ValueError):
        return None  # none, or left by a server that was killed


def _refuse_if_served(out, target):
    pid = _serving_pid(target)
    if pid and pid != os.getpid():
        raise ReportError(out, None, f"is being written by `build.py serve` (process {pid}); expected another --out, "
                          "or stop the server first (a build alongside would leave a site mixing both)")


@contextlib.contextmanager
def serving(out):
    """Marks `out` as the dev server's while it runs, so a one-off build into it is refused."""
    target = os.path.realpath(out)
    _refuse_if_served(out, target)
    os.makedirs(os.path.dirname(target), exist_ok=True)
    marker = _serve_file(target)
    with open(marker, "w") as f:
        f.write(str(os.getpid()))
    try:
        yield
    finally:
        try:
            os.unlink(marker)
        except OSError:
            pass


def _exchange(a, b):
    """Swap two folders in one step (Linux renameat2), so no moment exists without a site."""
    if not sys.platform.startswith("linux"):  # elsewhere (Windows, macOS) the two-rename fallback serves
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return libc.renameat2(-100, a.encode(), -100, b.encode(), 2) == 0  # AT_FDCWD, RENAME_EXCHANGE
    except (OSError, AttributeError, TypeError):
        return False


@contextlib.contextmanager
def staged_site(out):
    """A new folder to write the site into (forked workers may write there too). When the block ends
    without an error it replaces `out` in one step; otherwise it is removed and `out` is left as it was.
    One build at a time: a second one into the same folder waits."""
    target = check_target(out)
    parent = os.path.dirname(target)
    os.makedirs(parent, exist_ok=True)
    with _locked(target):
        _remove_stale(target, parent)
        tmp = tempfile.mkdtemp(dir=parent, prefix=f".{os.path.basename(target)}.tmp-")
        # mkdtemp makes the folder 0700: the site gets the mode of the folder it replaces, or what the
        # umask gives a new folder (0755 under 022), so a web server running as another user can read it
        os.chmod(tmp, os.stat(target).st_mode & 0o7777 if os.path.isdir(target) else 0o777 & ~_umask())
        try:
            mark(tmp)
            yield tmp
            _swap_in(tmp, target, parent)
        except BaseException:
            _rmtree(tmp)
            raise


def mark(folder):
    """The file that says build.py made this folder."""
    with open(os.path.join(folder, MARKER), "w") as f:
        f.write("made by build.py; safe for it to replace\n")


@contextlib.contextmanager
def staged_changes(out):
    """A new folder beside out/ for the reports that changed and the files outside any report. When the
    block ends without an error, `commit(reports, removed, shared, gone)` has put them in place: each
    report's folder swapped into out/ in one step, each file outside any report replaced (in one step)
    only where its bytes differ, removed reports and files no longer made taken out. Every other file
    of out/ is left untouched."""
    target = check_target(out)
    parent = os.path.dirname(target)
    with _locked(target):
        _remove_stale(target, parent)
        tmp = tempfile.mkdtemp(dir=parent, prefix=f".{os.path.basename(target)}.tmp-")
        try:
            mark(tmp)
            yield tmp, lambda *args: _commit(tmp, target, *args)
        finally:
            _rmtree(tmp)


def _commit(tmp, target, reports, removed, shared, gone):
    for rid in reports:
        new, old = os.path.join(tmp, rid), os.path.join(target, rid)
        if os.path.exists(old) and _exchange(new, old):
            continue  # the previous version is now in tmp, removed with it
        if os.path.exists(old):
            os.rename(old, os.path.join(tmp, f".old-{rid}"))
        os.rename(new, old)
    for rid in removed:
        if os.path.isdir(os.path.join(target, rid)):
            os.rename(os.path.join(target, rid), os.path.join(tmp, f".removed-{rid}"))
    # files in folders first: a page is replaced only once what it names (the search index) is in place
    for rel in sorted(shared, key=lambda rel: ("/" not in rel, rel)):
        new, old = os.path.join(tmp, rel), os.path.join(target, rel)
        if os.path.isfile(old) and _same_bytes(new, old):
            continue
        os.makedirs(os.path.dirname(old), exist_ok=True)
        os.replace(new, old)
    for rel in gone:
        if os.path.isfile(os.path.join(target, rel)):
            os.remove(os.path.join(target, rel))
        _remove_if_empty(target, os.path.dirname(rel))


def _remove_if_empty(target, folder):
    """A folder a removed file leaves empty (an earlier search index's), and its parents so left."""
    while folder and os.path.isdir(os.path.join(target, folder)) and not os.listdir(os.path.join(target, folder)):
        os.rmdir(os.path.join(target, folder))
        folder = os.path.dirname(folder)


def _same_bytes(a, b):
    if os.path.getsize(a) != os.path.getsize(b):
        return False
    with open(a, "rb") as fa, open(b, "rb") as fb:
        return fa.read() == fb.read()


def write_files(folder, files):
    for rel, data in files.items():
        path = os.path.normpath(os.path.join(folder, rel))
        if not path.startswith(folder + os.sep):
            raise ReportError(rel, None, "refusing to write outside the output folder")
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as f:
            f.write(data.encode("utf-8") if isinstance(data, str) else data)


def _remove_stale(target, parent):
    for stale in glob.glob(os.path.join(parent, f".{os.path.basename(target)}.tmp-*")):
        if os.path.exists(os.path.join(stale, MARKER)):
            _rmtree(stale)  # left by a build that was killed
        elif os.path.isdir(stale) and not os.listdir(stale):
            try:
                os.rmdir(stale)  # killed between making the folder and marking it
            except OSError:
                pass


def _swap_in(tmp, target, parent):
    if os.path.exists(target) and _exchange(tmp, target):
        _rmtree(tmp)  # now holds the previous site
    elif os.path.exists(target):
        old = tempfile.mkdtemp(dir=parent, prefix=f".{os.path.basename(target)}.tmp-old-")
        os.rmdir(old)
        os.rename(target, old)
        os.rename(tmp, target)
        _rmtree(old)
    else:
        os.rename(tmp, target)


def replace_files(out, files):
    """Bring some files of a built site up to date, each replaced in one step (never half written)."""
    target = check_target(out)
    if not os.path.exists(os.path.join(target, MARKER)):
        raise ReportError(out, None, "is not a site build.py made; expected the folder of the last build")
    with _locked(target):
        for rel, data in files.items():
            _replace_file(os.path.join(target, rel), data)


def remove_files(out, paths):
    """Take out of a built site the files a rebuild no longer makes (a fingerprinted file renamed)."""
    target = check_target(out)
    with _locked(target):
        for rel in paths:
            if os.path.exists(os.path.join(target, rel)):
                os.remove(os.path.join(target, rel))


def _replace_file(path, data):
    fd, tmp = tempfile.mkstemp(dir=os.path.dirname(path), prefix=".part-")
    with os.fdopen(fd, "wb") as f:
        f.write(data.encode("utf-8") if isinstance(data, str) else data)
    os.chmod(tmp, 0o666 & ~_umask())  # as a file written the ordinary way (mkstemp makes it 0600)
    os.replace(tmp, path)


def _umask():
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _rmtree(folder):
    """Remove a folder this tool made, even where a previous site was made read-only."""
    def writable_then_retry(func, path, _):
        try:
            os.chmod(os.path.dirname(path), 0o700)
            if os.path.isdir(path) and not os.path.islink(path):
                os.chmod(path, 0o700)
            func(path)
        except OSError:
            pass
    shutil.rmtree(folder, onerror=writable_then_retry)
