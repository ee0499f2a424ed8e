"""The source-language document (zh.yaml): its structure and ids checked, and its units with ids listed
by kind and indexed by id. Ids become folder and file names, and parts of URLs."""

import re

from .content_schema import DOCUMENT
from .errors import ReportError
from .model import walk
from .schema import problems

ID_RE = re.compile(r"\A[a-z0-9][a-z0-9-]*\Z")
MAX_ID = 100
SOURCE_LANG = "zh"


def check_document(path, doc, errors):
    """Structure and types of zh.yaml, and unique ASCII ids."""
    errors.extend(ReportError(path, place or None, message) for place, message in problems(DOCUMENT, doc, [SOURCE_LANG]))
    check_ids(path, doc, errors)


def check_ids(path, doc, errors):
    """Every unit's id: lowercase ASCII, at most MAX_ID characters, used once. Units of the wrong shape
    (reported by the schema) are passed over."""
    seen = {}
    for where, unit in _placed_units(doc):
        uid = unit.get("id")
        if not isinstance(uid, str) or not uid.strip():
            continue
        if not ID_RE.fullmatch(uid) or len(uid) > MAX_ID:
            errors.append(ReportError(path, f"{where}.id", f"bad id {uid!r:.60}; expected lowercase ASCII letters, "
                                      f"digits and hyphens, at most {MAX_ID} characters"))
        elif uid in seen:
            errors.append(ReportError(path, f"{where}.id", f"duplicate id {uid!r}; already used at {seen[uid]}"))
        else:
            seen[uid] = where


def _items(obj, key):
    value = obj.get(key) if isinstance(obj, dict) else None
    return [(i, x) for i, x in enumerate(value) if isinstance(x, dict)] if isinstance(value, list) else []


def _placed_units(doc):
    """(field path, unit) for every mapping that stands where a unit with an id belongs, in document order."""
    yield from _under(doc, "", ("opening",))
    for i, part in _items(doc, "parts"):
        w = f"parts[{i}]"
        yield w, part
        yield from _under(part, w, ("intro", "closing"))
        for j, s in _items(part, "sections"):
            ws = f"{w}.sections[{j}]"
            yield ws, s
            yield from _under(s, ws, ("lead_in", "paragraphs"))
    yield from _under(doc.get("appendix") if isinstance(doc, dict) else None, "appendix", ("entries",))
    for i, a in _items(doc, "appendices"):
        yield f"appendices[{i}]", a
        yield from _under(a, f"appendices[{i}]", ("paragraphs",))


def _under(obj, where, keys):
    """(field path, unit) for the mappings in each of `obj`'s lists `keys`, `where` being obj's path."""
    for key in keys:
        for i, p in _items(obj, key):
            yield f"{where}.{key}[{i}]" if where else f"{key}[{i}]", p


def units(doc):
    """Every unit that carries an id, by kind, in document order."""
    kinds = {"part": [], "section": [], "paragraph": [], "entry": [], "appendix": []}
    for placed in walk(doc):
        kinds[placed.kind].append(placed.unit)
    return kinds


def unit_index(doc):
    """id → unit, for every unit of the document."""
    return {u["id"]: u for items in units(doc).values() for u in items}  # by kind, as warnings list them
