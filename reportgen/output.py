"""Writing site/: into a temporary folder first, moved into place only when everything succeeded."""

import contextlib
import ctypes
import glob
import os
import shutil
import sys
import tempfile
import struct
import zlib

from .errors import ReportError
from .lock import locked as _locked  # one build at a time into a folder, on every OS
from .urls import SITE_ZIP

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
            with open(os.path.join(tmp, MARKER), "w") as f:
                f.write("made by build.py; safe for it to replace\n")
            yield tmp
            _swap_in(tmp, target, parent)
        except BaseException:
            _rmtree(tmp)
            raise


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


def packed(data):
    """A file's bytes and its zip entry (CRC-32, size, raw deflate at level 1: a third of level 9's time,
    for a zip some 13% larger). Workers pack the pages they render, so compressing runs on every core."""
    data = data.encode("utf-8") if isinstance(data, str) else data
    deflate = zlib.compressobj(1, zlib.DEFLATED, -15)
    return data, (zlib.crc32(data), len(data), deflate.compress(data) + deflate.flush())


class SiteZip:
    """The whole site in one zip, accumulated as the site is made: each file's entry is packed when
    the file is (workers pack the pages they render, so compressing runs on every core), and the zip is
    put together last. Byte for byte the same for the same site."""

    def __init__(self, entries=None):
        self.entries = dict(entries or {})  # path → packed(data)[1]

    def add_rendered(self, rendered):
        """{path: (bytes, entry)} from the workers → {path: bytes}; the entries kept for the zip."""
        self.entries.update({path: entry for path, (_, entry) in rendered.items()})
        return {path: data for path, (data, _) in rendered.items()}

    def carry(self, previous, paths):
        """Entries of files the previous build packed and this one keeps as they were."""
        self.entries.update({path: previous.entries[path] for path in paths})

    def build(self, files):
        """The zip of `files` (the zip itself left out); files not packed yet are packed here."""
        return zip_of(files, self.entries)


def zip_of(files, entries):
    """Every file of the site in a zip under site/, byte for byte the same for the same site. `entries`
    holds files already packed (path → packed(data)[1]); the others are packed here. Past 65,535 files
    or 4 GiB the zip gets ZIP64 records (as zipfile writes them); below, none."""
    local, central, offset = [], [], 0
    for path in sorted(p for p in files if p != SITE_ZIP):  # never the zip inside itself
        crc, size, deflated = entries.get(path) or packed(files[path])[1]
        name = f"site/{path}".encode("utf-8")
        header, record = _zip_headers(name, crc, size, len(deflated), offset)
        central.append(record)
        local += [header, deflated]
        offset += len(header) + len(deflated)
    directory = b"".join(central)
    return b"".join(local) + directory + _zip_end(len(central), len(directory), offset)


_MAX16, _MAX32 = 0xFFFF, 0xFFFFFFFF


def _zip_headers(name, crc, size, compressed, offset):
    """A file's local header and central directory record, with a ZIP64 extra field where a size or
    the offset does not fit in 32 bits."""
    flags = 0 if name.isascii() else 0x800  # bit 11: the name is UTF-8
    big_sizes = size >= _MAX32 or compressed >= _MAX32
    version = 45 if big_sizes or offset >= _MAX32 else 20
    shown = (_MAX32, _MAX32) if big_sizes else (compressed, size)
    common = struct.pack("<HHHHHIII", version, flags, 8, 0, _DOS_1980, crc, *shown)
    local_extra = struct.pack("<HHQQ", 1, 16, size, compressed) if big_sizes else b""
    header = (struct.pack("<I", 0x04034B50) + common + struct.pack("<HH", len(name), len(local_extra)) + name
              + local_extra)
    wide = ([size, compressed] if big_sizes else []) + ([offset] if offset >= _MAX32 else [])
    extra = struct.pack(f"<HH{len(wide)}Q", 1, 8 * len(wide), *wide) if wide else b""
    record = (struct.pack("<IH", 0x02014B50, 0x0300 | version) + common
              + struct.pack("<HHHHHII", len(name), len(extra), 0, 0, 0, 0o100644 << 16, min(offset, _MAX32))
              + name + extra)
    return header, record


def _zip_end(count, size, offset):
    """The end of central directory record, preceded by the ZIP64 end record and locator when needed."""
    if count < _MAX16 and size < _MAX32 and offset < _MAX32:
        return struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, count, count, size, offset, 0)
    zip64_end = struct.pack("<IQHHIIQQQQ", 0x06064B50, 44, 45, 45, 0, 0, count, count, size, offset)
    locator = struct.pack("<IIQI", 0x07064B50, 0, offset + size, 1)
    return zip64_end + locator + struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, min(count, _MAX16), min(count, _MAX16),
                                             min(size, _MAX32), min(offset, _MAX32), 0)


_DOS_1980 = (0 << 9) | (1 << 5) | 1  # 1980-01-01, the earliest date a zip can hold: no build time inside


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
