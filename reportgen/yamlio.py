"""YAML in and out: the C loader when present, readable block style out, errors with file and line."""

import functools
import hashlib
import importlib.util
import marshal
import os
import re
import tempfile
import time

from .errors import ReportError
from .text import close_bidi

# PyYAML is imported where a file is parsed or written, not before: a build whose content files are all
# in the parse cache (keeping_reader) never needs it, and importing it takes longer than reading them.


def load(path, for_pages=False):
    """A YAML file's data. `for_pages`: as the build shows it, its strings made safe to put in a page."""
    with open(path, "rb") as f:
        return parse(path, f.read(), for_pages)


MAX_BYTES = 16 * 1024 * 1024  # the largest real content file is ~100 KB


def parse(path, raw, for_pages=False):
    if len(raw) > MAX_BYTES:
        raise ReportError(path, None, f"is {len(raw):,} bytes; a content file is expected to be under "
                          f"{MAX_BYTES:,} bytes")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        raise ReportError(path, raw[:e.start].count(b"\n") + 1,
                          "is not UTF-8; content files are expected in UTF-8") from None
    from .yamlsafe import load_text
    data = load_text(path, text)
    return _clean(path, data) if for_pages and isinstance(data, (dict, list)) else data


def keeping_reader(known, cache_dir=None, keep=True):
    """load(path, for_pages=True) that parses a file only when its bytes changed since it was last read:
    in this process (`known`, kept between the dev server's rebuilds) or in an earlier build (a file per
    content file in `cache_dir`, private to the user, as Jinja keeps compiled templates). The data is
    kept with marshal, which stores plain data and runs nothing; every read returns a fresh copy, so
    the build may change what it gets. `keep=False`: nothing is kept in `known` (a one-off build reads
    each file once or twice, and holding a thousand reports' files would only cost memory)."""
    def read(path):
        with open(path, "rb") as f:
            raw = f.read()
        digest = hashlib.blake2b(raw, key=_parser_key(), digest_size=16).digest()
        if path in known and known[path][0] == digest:
            return marshal.loads(known[path][1])
        stored = _from_cache(cache_dir, path, digest)
        if stored is None:
            data = parse(path, raw, for_pages=True)
            try:
                stored = marshal.dumps(data)
            except ValueError:  # a type marshal cannot keep (a YAML date): parsed every time
                known.pop(path, None)
                return data
            _to_cache(cache_dir, path, digest + hashlib.blake2b(stored, digest_size=len(digest)).digest() + stored)
        if keep:
            known[path] = (digest, stored)
        return marshal.loads(stored)
    return read


def cache_folder():
    """The user's own folder for parsed content, or None where it cannot be made private."""
    folder = os.path.join(tempfile.gettempdir(), f"reportgen-{os.getuid()}" if hasattr(os, "getuid") else "reportgen")
    try:
        os.makedirs(folder, mode=0o700, exist_ok=True)
        st = os.lstat(folder)
        if hasattr(os, "getuid") and (st.st_uid != os.getuid() or st.st_mode & 0o077 or not os.path.isdir(folder)):
            return None  # someone else's, or open to others: not to be trusted
        return folder
    except OSError:
        return None


CACHE_MOST = 1 << 30  # bytes the cache folder may hold; past them, the oldest entries go
PRUNE_EVERY = 3600    # seconds between two looks at its size (the time of the last is a file's)
DAY = 86400


def prune_cache(folder, most=CACHE_MOST, now=None):
    """Keep the cache folder (parsed content, build records) from growing without end, as it would for
    someone who builds into many folders (a test suite does): past `most` bytes, the entries written
    (or, for parsed files, last used) longest ago go until it holds half. Looked at once an hour at most,
    so a build does not list thousands of entries every time; a pruned entry only means work again."""
    if folder is None:
        return
    now = time.time() if now is None else now
    mark = os.path.join(folder, ".pruned")
    try:
        if now - os.stat(mark).st_mtime < PRUNE_EVERY:
            return
    except OSError:
        pass
    try:
        with os.scandir(folder) as found:
            entries = sorted((e.stat(follow_symlinks=False).st_mtime, e.stat(follow_symlinks=False).st_size, e.path)
                             for e in found if e.name != ".pruned" and e.is_file(follow_symlinks=False))
        total = sum(size for _, size, _ in entries)
        for _, size, path in entries if total > most else ():
            if total <= most // 2:
                break
            os.remove(path)
            total -= size
        with open(mark, "w"):
            pass
        os.utime(mark, (now, now))
    except OSError:
        pass  # another build pruning alongside, or a file gone meanwhile: next time


@functools.lru_cache(maxsize=None)
def _parser_key():
    """What parsing gives depends on this module (the cleaning above) and on the installed PyYAML
    (known by its files, without importing it): both key the cache."""
    with open(__file__, "rb") as f:
        key = f.read()
    spec = importlib.util.find_spec("yaml")
    for name in ("__init__.py", "_yaml.py", "constructor.py"):
        try:
            st = os.stat(os.path.join(os.path.dirname(spec.origin), name))
            key += f"{name}:{st.st_size}:{st.st_mtime_ns}".encode()
        except OSError:
            pass
    return hashlib.blake2b(key, digest_size=32).digest()


def _cache_path(cache_dir, path):
    return os.path.join(cache_dir, hashlib.blake2b(os.path.abspath(path).encode(), digest_size=16).hexdigest())


def _from_cache(cache_dir, path, digest):
    """The stored data for these exact bytes, or None. An entry is the file's digest, the data's own
    checksum and the data, so a damaged entry is parsed again, never used."""
    if cache_dir is None:
        return None
    try:
        with open(_cache_path(cache_dir, path), "rb") as f:
            entry = f.read()
            if time.time() - os.fstat(f.fileno()).st_mtime > DAY:
                os.utime(f.fileno())  # still in use: the last to go when the folder is pruned
    except OSError:
        return None
    n = len(digest)
    stored = entry[2 * n:]
    if entry[:n] != digest or entry[n:2 * n] != hashlib.blake2b(stored, digest_size=n).digest():
        return None
    return stored


def _to_cache(cache_dir, path, data):
    """Written aside and renamed, so a build running alongside never reads half a file."""
    if cache_dir is None:
        return
    target = _cache_path(cache_dir, path)
    try:
        fd, tmp = tempfile.mkstemp(dir=cache_dir)
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(tmp, target)
    except OSError:
        pass  # a cache that cannot be written only means parsing again next time


# Directional embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2068) that a string leaves open
# would reorder whatever the page shows after it; Unicode noncharacters (U+FDD0–U+FDEF) are what the
# renderer marks its links with (reportgen.links) and have no place in a text.
_SUSPECT = re.compile("[\u202a-\u202e\u2066-\u2068\ufdd0-\ufdef]")
_NONCHARACTER = re.compile("[\ufdd0-\ufdef]")


def _clean(path, data):
    """Every string of a loaded file with its open directional controls closed; noncharacters refused.
    Containers are changed in place; a quick search skips the strings with nothing to do."""
    stack = [(data, "")]
    while stack:
        node, where = stack.pop()
        items = node.items() if isinstance(node, dict) else enumerate(node)
        for key, value in items:
            place = (f"{where}.{key}" if where else str(key)) if isinstance(node, dict) else f"{where}[{key}]"
            if isinstance(value, str):
                if _SUSPECT.search(value):
                    node[key] = _closed(path, place, value)
            elif isinstance(value, (dict, list)):
                stack.append((value, place))
    return data


def _closed(path, place, text):
    bad = _NONCHARACTER.search(text)
    if bad:
        raise ReportError(path, place, f"contains U+{ord(bad.group()):04X}, a Unicode noncharacter; expected "
                          "text without noncharacters (U+FDD0–U+FDEF)")
    return close_bidi(text)


def dump(data):
    import yaml
    return yaml.dump(data, Dumper=getattr(yaml, "CSafeDumper", yaml.SafeDumper), allow_unicode=True, sort_keys=False, width=10**6,
                     default_flow_style=False, indent=2)


def _mode_for(path):
    """The mode `path` has, or what the umask gives a new file (0644 under 022)."""
    try:
        return os.stat(path).st_mode & 0o7777
    except OSError:
        mask = os.umask(0o022)
        os.umask(mask)
        return 0o666 & ~mask


def write_atomic(path, text):
    """Write a file so that a crash leaves either the old or the new version, never half of one."""
    os.replace(stage(path, text), path)


def stage(path, text):
    """Write `text` into a new temporary file beside `path`, with the mode `path` has or would get, and
    return its name; the caller moves it into place (os.replace) or removes it. Nothing is left behind
    when writing fails (a full disk)."""
    folder = os.path.dirname(path) or "."
    os.makedirs(folder, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=".tmp-", suffix=".yaml")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as f:
            f.write(text)
        os.chmod(tmp, _mode_for(path))  # mkstemp makes it 0600: keep the file's own mode
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
    return tmp
