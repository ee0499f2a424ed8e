"""Report text → content/<report-id>/zh.yaml, keeping ids and editors' additions on re-ingest."""

import difflib
import os
import re

from . import yamlio
from .content import units
from .errors import ReportError
from .parse import parse_report
from .source import read_text

# Keys ingest owns; every other key an editor adds to a unit is carried over on re-ingest.
OWNED = {"id", "number", "title", "summary", "lead", "text", "label", "terms", "definition",
         "intro", "sections", "paragraphs", "closing", "entries", "heading"}


def report_id_for(path):
    """seeds/jianghan-2025.zh.txt → jianghan-2025."""
    name = os.path.basename(str(path))
    stem = re.sub(r"(\.zh)?\.(txt|text)$", "", name, flags=re.I)
    rid = re.sub(r"[^a-z0-9]+", "-", stem.lower()).strip("-")
    if not rid:
        raise ReportError(path, None, "cannot make a report id from the file name; expected a name such as "
                          "place-2025.zh.txt (ASCII letters, digits and hyphens)")
    return rid


def ingest(source_path, content_dir, report_id=None):
    """Parse, give ids, merge with what exists, write. Returns (report_id, summary lines)."""
    text, encoding = read_text(source_path)
    parsed = parse_report(source_path, text)
    report_id = report_id or report_id_for(source_path)
    target = os.path.join(content_dir, report_id, "zh.yaml")
    old = yamlio.load(target) if os.path.exists(target) else None
    if old is not None:
        from .content import check_document  # content imports this module
        problems = []
        check_document(target, old, problems)  # a hand-broken zh.yaml is named, not merged
        if problems:
            raise problems[0]
    doc = give_ids(parsed)
    changes = merge(old, doc) if old else []
    out = {"id": report_id, "lang": "zh", "source": _rel(source_path), "encoding": encoding}
    if old:
        out.update({k: v for k, v in old.items() if k not in out and k not in doc and k not in OWNED})
    out.update(doc)
    yamlio.write_atomic(target, yamlio.dump(out))
    return report_id, encoding, _summary(out), changes


def _rel(path):
    return os.path.relpath(os.path.abspath(path)).replace(os.sep, "/")


def give_ids(parsed):
    """Positional ids for a first ingest: opening-1, p1, p1-1, p1-s1, p1-s1-1, p1-c1, g1."""
    doc = {"meta": parsed["meta"], "opening": [_unit(f"opening-{i}", p) for i, p in enumerate(parsed["opening"], 1)]}
    parts = []
    for part in parsed["parts"]:
        pid = f"p{part['number']}"
        parts.append({
            "id": pid, "number": part["number"], "title": part["title"],
            "intro": [_unit(f"{pid}-{i}", p) for i, p in enumerate(part["intro"], 1)],
            "sections": [{
                "id": f"{pid}-s{s['number']}", "number": s["number"], "title": s["title"],
                **({"summary": s["summary"]} if s.get("summary") else {}),
                "paragraphs": [_unit(f"{pid}-s{s['number']}-{i}", p) for i, p in enumerate(s["paragraphs"], 1)],
            } for s in part["sections"]],
            "closing": [_unit(f"{pid}-c{i}", p) for i, p in enumerate(part["closing"], 1)],
        })
    doc["parts"] = parts
    if "appendix" in parsed:
        a = parsed["appendix"]
        doc["appendix"] = {**({"heading": a["heading"]} if "heading" in a else {}),
                           "title": a.get("title", "名词解释"),
                           "entries": [{"id": f"g{e['number']}", **e} for e in a["entries"]]}
    return doc


def _unit(uid, p):
    return {"id": uid, **p}


# --- merging with an earlier ingest -------------------------------------------------------------

def _key(unit):
    return (unit.get("lead") or "") + (unit.get("text") or "") + (unit.get("title") or "") + (unit.get("label") or "")


def merge(old, new):
    """Carry ids and editors' keys from old units to the new units they match; report what changed."""
    changes = []
    old_units, new_units = units(old), units(new)
    for kind in old_units:
        olds, news = old_units[kind], new_units[kind]
        taken = {u.get("id") for u in olds}
        proposed = [u["id"] for u in news]
        matched = set()
        sm = difflib.SequenceMatcher(None, [_key(u) for u in olds], [_key(u) for u in news], autojunk=False)
        for op, i1, i2, j1, j2 in sm.get_opcodes():
            pairs = list(zip(range(i1, i2), range(j1, j2))) if op in ("equal", "replace") else []
            if op == "replace" and (i2 - i1) != (j2 - j1):
                pairs = _pair_similar(olds[i1:i2], news[j1:j2], i1, j1)
            for i, j in pairs:
                _carry(olds[i], news[j])
                matched.add(j)
                if op != "equal" or _key(olds[i]) != _key(news[j]):
                    changes.append(f"changed {kind} {news[j]['id']}")
            for i in range(i1, i2):
                if i not in {p[0] for p in pairs}:
                    changes.append(f"removed {kind} {olds[i].get('id')}")
        for j, u in enumerate(news):
            if j not in matched:
                u["id"] = _fresh(proposed[j], taken)
                taken.add(u["id"])
                changes.append(f"added {kind} {u['id']}")
    return changes


def _pair_similar(olds, news, i0, j0):
    pairs, used = [], set()
    for j, n in enumerate(news):
        best, best_i = 0.6, None
        for i, o in enumerate(olds):
            if i in used or (pairs and i <= pairs[-1][0] - i0):
                continue
            r = difflib.SequenceMatcher(None, _key(o), _key(n), autojunk=False).ratio()
            if r > best:
                best, best_i = r, i
        if best_i is not None:
            used.add(best_i)
            pairs.append((i0 + best_i, j0 + j))
    return pairs


def _carry(old, new):
    new["id"] = old.get("id", new["id"])
    for k, v in old.items():
        if k not in OWNED:
            new[k] = v


def _fresh(proposed, taken):
    if proposed not in taken:
        return proposed
    stem = re.sub(r"\d+$", "", proposed)
    n = 1
    while f"{stem}{n}" in taken:
        n += 1
    return f"{stem}{n}"


def _summary(doc):
    k = units(doc)
    sections = len(k["section"])
    out = f"{len(k['part'])} parts, {sections} sections, {len(k['paragraph'])} paragraphs"
    if k["entry"]:
        terms = sum(len(e["terms"]) for e in k["entry"])
        out += f", {len(k['entry'])} glossary entries ({terms} terms)"
    return out
