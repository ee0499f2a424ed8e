"""Edits to a translation file (`unit id → {field: value}`) that keep everything else as it was: the
comments, the order of units and fields, blank lines, quoting of untouched values. Only the lines of a
changed field are rewritten; a new field goes after the unit's last one, a new unit at the end of the file.
Every result is parsed again and compared with the intended data, so an edit that would change
anything else is refused instead of written."""

import re

from . import yamlio
from .errors import ReportError

TOP_KEY = re.compile(r"^([^\s#:'\"-][^:]*|'[^']*'|\"[^\"]*\"):(\s.*)?$")
FIELD = re.compile(r"^( +)([A-Za-z_][\w-]*):(.*)$")


def _parse_yaml(path, text):
    return yamlio.parse(path, text.encode("utf-8")) or {}


def _blocks(lines):
    """unit id → (first line, end line) of its block; the block ends at its last indented line."""
    starts = [(i, m.group(1).strip().strip("'\"")) for i, line in enumerate(lines) if (m := TOP_KEY.match(line))]
    blocks = {}
    for n, (i, key) in enumerate(starts):
        stop = starts[n + 1][0] if n + 1 < len(starts) else len(lines)
        end = i + 1
        for j in range(i + 1, stop):
            if lines[j].startswith(" ") and lines[j].strip():
                end = j + 1
        blocks[key] = (i, end)
    return blocks


def _fields(lines, start, end):
    """field → (first line, end line) inside a unit's block, with the fields' indent."""
    found, indent = {}, None
    for i in range(start + 1, end):
        m = FIELD.match(lines[i])
        if m and (indent is None or len(m.group(1)) == len(indent)) and not lines[i].lstrip().startswith("#"):
            indent = m.group(1)
            found[m.group(2)] = [i, i + 1]
        elif found and lines[i].strip() and not lines[i].lstrip().startswith("#") and \
                len(lines[i]) - len(lines[i].lstrip()) > len(indent):
            last = max(found.values(), key=lambda r: r[0])
            last[1] = i + 1  # a continuation of the field above (a folded or block scalar, a list)
    return found, indent or "  "


def _render(field, value, indent):
    dumped = yamlio.dump({field: value}).rstrip("\n").split("\n")
    return [indent + line for line in dumped]


def _edit_block(block, fields):
    """A unit's lines with `fields` set: a field it has is rewritten where it stands (bottom-up, so the
    line numbers above stay right); a new one goes before `source:`, or after the last field."""
    spans, indent = _fields(block, 0, len(block))
    for field in sorted((f for f in fields if f in spans), key=lambda f: -spans[f][0]):
        a, b = spans[field]
        block[a:b] = _render(field, fields[field], indent)
    for field in (f for f in fields if f not in spans):
        spans, indent = _fields(block, 0, len(block))
        if field != "source" and "source" in spans:
            at = spans["source"][0]
        else:
            at = max((r[1] for r in spans.values()), default=len(block))
        block[at:at] = _render(field, fields[field], indent)
    return block


def edit(path, text, updates, removals=()):
    """`text` with `updates` ({uid: {field: value}}) applied and `removals` ((uid, field), …) dropped."""
    lines = text.split("\n")
    trailing = lines and lines[-1] == ""
    if trailing:
        lines.pop()
    expected = _parse_yaml(path, text)
    appended = []
    # work from the bottom of the file up, so earlier line numbers stay right
    blocks = _blocks(lines)
    for uid in sorted(updates, key=lambda u: -blocks.get(u, (len(lines) + 1,))[0]):
        fields = updates[uid]
        expected.setdefault(uid, {}).update(fields)
        if uid not in blocks:
            appended.append(uid)
            continue
        start, end = blocks[uid]
        if lines[start].split(":", 1)[1].strip() not in ("",) and not lines[start].split(":", 1)[1].strip().startswith("#"):
            raise ReportError(path, uid, "is written on one line; expected the block layout (uid:, then one "
                              "field per line) to edit it in place")
        lines[start:end] = _edit_block(lines[start:end], fields)
    for uid, field in removals:
        expected.get(uid, {}).pop(field, None)
        blocks = _blocks(lines)
        if uid in blocks:
            spans, _ = _fields(lines, *blocks[uid])
            if field in spans:
                a, b = spans[field]
                del lines[a:b]
    for uid in sorted(appended, key=lambda u: list(updates).index(u)):
        lines += yamlio.dump({uid: updates[uid]}).rstrip("\n").split("\n")
    result = "\n".join(lines) + ("\n" if trailing or appended else "")
    if _parse_yaml(path, result) != expected:
        raise ReportError(path, None, "could not be edited in place without changing other content; nothing "
                          "was written (edit the unit by hand, or give the file the usual layout)")
    return result
