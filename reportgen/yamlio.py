"""YAML in and out: the C loader when present, readable block style out, errors with file and line."""

import marshal
import os
import re
import tempfile

import yaml

from .errors import ReportError

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_Dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def load(path, for_pages=False):
    """A YAML file's data. `for_pages`: as the build shows it, its strings made safe to put in a page."""
    with open(path, "rb") as f:
        return parse(path, f.read(), for_pages)


def parse(path, raw, for_pages=False):
    try:
        data = yaml.load(raw.decode("utf-8"), Loader=_Loader)
        return _clean(path, data) if for_pages and isinstance(data, (dict, list)) else data
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        line = mark.line + 1 if mark else None
        problem = getattr(e, "problem", None) or str(e)
        raise ReportError(path, line, f"YAML syntax error: {problem}") from None
    except UnicodeDecodeError:
        raise ReportError(path, None, "is not UTF-8; content files are expected in UTF-8") from None


def keeping_reader(known):
    """load(path, for_pages=True) that parses a file only when its bytes differ from the last time:
    `known` (path → (bytes, data)) is kept between the dev server's rebuilds. The data is stored with
    marshal, and every read returns a fresh copy, so the build may change what it gets."""
    def read(path):
        with open(path, "rb") as f:
            raw = f.read()
        if path in known and known[path][0] == raw:
            return marshal.loads(known[path][1])
        data = parse(path, raw, for_pages=True)
        try:
            known[path] = (raw, marshal.dumps(data))
        except ValueError:  # a type marshal cannot store (a YAML date): parsed again next time
            known.pop(path, None)
        return data
    return read


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


def close_bidi(value):
    """A string that opens a directional embedding, override or isolate and leaves it open gets the
    closing marks appended, so the override ends with the string. The text itself is kept."""
    if not _SUSPECT.search(value):
        return value
    stack = []
    for ch in value:
        if ch in "\u202a\u202b\u202d\u202e":
            stack.append("\u202c")
        elif ch in "\u2066\u2067\u2068":
            stack.append("\u2069")
        elif ch == "\u202c" and stack and stack[-1] == "\u202c":
            stack.pop()  # PDF closes the latest embedding, never an isolate
        elif ch == "\u2069" and "\u2069" in stack:
            while stack.pop() != "\u2069":
                pass  # PDI closes its isolate and every embedding opened inside it
    return value + "".join(reversed(stack))


def dump(data):
    return yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=10**6,
                     default_flow_style=False, indent=2)


def write_atomic(path, text):
    """Write a file so that a crash leaves either the old or the new version, never half of one."""
    folder = os.path.dirname(path) or "."
    os.makedirs(folder, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=".tmp-", suffix=".yaml")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as f:
            f.write(text)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
