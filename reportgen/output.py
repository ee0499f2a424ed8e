"""Writing site/: into a temporary folder first, moved into place only when everything succeeded."""

import contextlib
import ctypes
import fcntl
import glob
import io
import os
import shutil
import tempfile
import zipfile

from .errors import ReportError

SITE_ZIP = "download/site.zip"  # the whole site in one file, for a USB stick or an archive
MARKER = ".reportgen-site"  # marks a folder this tool made, so it never deletes anyone else's folder


def check_target(out):
    """Refuse output folders that would put other files at risk."""
    target = os.path.realpath(out)
    cwd = os.path.realpath(os.getcwd())
    home = os.path.realpath(os.path.expanduser("~"))
    if target in ("/", home) or cwd.startswith(target.rstrip(os.sep) + os.sep) or target == cwd:
        raise ReportError(out, None, "refusing to build here: the output folder would contain the project or your "
                          "home folder; expected a folder of its own such as site/")
    if os.path.exists(target):
        if not os.path.isdir(target):
            raise ReportError(out, None, "exists and is not a folder; expected an output folder")
        if os.listdir(target) and not os.path.exists(os.path.join(target, MARKER)):
            raise ReportError(out, None, f"refusing to replace a folder build.py did not create (no {MARKER} in "
                              "it); expected an empty or earlier output folder")
    return target


def _exchange(a, b):
    """Swap two folders in one step (Linux renameat2), so no moment exists without a site."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return libc.renameat2(-100, a.encode(), -100, b.encode(), 2) == 0  # AT_FDCWD, RENAME_EXCHANGE
    except (OSError, AttributeError):
        return False


@contextlib.contextmanager
def _locked(target):
    """One build at a time writes a given output folder; a second one waits for the first to finish
    (its clean-up would otherwise remove the other's folder in the making)."""
    fd = os.open(os.path.join(os.path.dirname(target), f".{os.path.basename(target)}.lock"), os.O_RDWR | os.O_CREAT,
                 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing releases the lock


def write_site(out, files):
    """files: {relative path: bytes or str}. Replaces `out` whole, or leaves it exactly as it was."""
    target = check_target(out)
    parent = os.path.dirname(target)
    os.makedirs(parent, exist_ok=True)
    with _locked(target):
        _write_site(target, parent, files)


def _write_site(target, parent, files):
    for stale in glob.glob(os.path.join(parent, f".{os.path.basename(target)}.tmp-*")):
        if os.path.exists(os.path.join(stale, MARKER)):
            shutil.rmtree(stale, ignore_errors=True)  # left by a build that was killed
        elif os.path.isdir(stale) and not os.listdir(stale):
            try:
                os.rmdir(stale)  # killed between making the folder and marking it
            except OSError:
                pass
    tmp = tempfile.mkdtemp(dir=parent, prefix=f".{os.path.basename(target)}.tmp-")
    try:
        with open(os.path.join(tmp, MARKER), "w") as f:
            f.write("made by build.py; safe for it to replace\n")
        for rel, data in files.items():
            path = os.path.normpath(os.path.join(tmp, rel))
            if not path.startswith(tmp + os.sep):
                raise ReportError(rel, None, "refusing to write outside the output folder")
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "wb") as f:
                f.write(data.encode("utf-8") if isinstance(data, str) else data)
        if os.path.exists(target) and _exchange(tmp, target):
            shutil.rmtree(tmp, ignore_errors=True)  # now holds the previous site
        elif os.path.exists(target):
            old = tempfile.mkdtemp(dir=parent, prefix=f".{os.path.basename(target)}.tmp-old-")
            os.rmdir(old)
            os.rename(target, old)
            os.rename(tmp, target)
            shutil.rmtree(old, ignore_errors=True)
        else:
            os.rename(tmp, target)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


def zip_of(files):
    """Every file of the site in a zip under site/, byte for byte the same for the same site."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for path in sorted(p for p in files if p != SITE_ZIP):  # never the zip inside itself
            info = zipfile.ZipInfo(f"site/{path}", date_time=(1980, 1, 1, 0, 0, 0))
            info.external_attr = 0o644 << 16
            data = files[path]
            # level 1: a third of level 9's time, for a zip some 13% larger
            z.writestr(info, data.encode("utf-8") if isinstance(data, str) else data,
                       compress_type=zipfile.ZIP_DEFLATED, compresslevel=1)
    return buf.getvalue()


def replace_files(out, files):
    """Bring some files of a built site up to date, each replaced in one step (never half written)."""
    target = check_target(out)
    if not os.path.exists(os.path.join(target, MARKER)):
        raise ReportError(out, None, "is not a site build.py made; expected the folder of the last build")
    with _locked(target):
        for rel, data in files.items():
            _replace_file(os.path.join(target, rel), data)


def _replace_file(path, data):
    fd, tmp = tempfile.mkstemp(dir=os.path.dirname(path), prefix=".part-")
    with os.fdopen(fd, "wb") as f:
        f.write(data.encode("utf-8") if isinstance(data, str) else data)
    os.chmod(tmp, 0o644)
    os.replace(tmp, path)
