"""Report text → content/<report-id>/zh.yaml (and report.yaml for a new report), keeping ids and editors'
additions on re-ingest."""

import os
import re

from . import yamlio
from .content import units
from .errors import ReportError
from .merge import merge
from .parse import parse_report
from .reportmeta import report_yaml
from .source import read_text

# Keys ingest owns; every other key an editor adds to a unit is carried over on re-ingest.
OWNED = {"id", "number", "title", "summary", "lead", "text", "label", "terms", "definition", "subtitle",
         "lead_in", "intro", "sections", "paragraphs", "closing", "entries", "heading"}
ID_RE = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")


class Result(tuple):
    """(report id, encoding, summary, changes), with what else ingest did as attributes."""

    def __new__(cls, rid, encoding, summary, changes, **extra):
        result = super().__new__(cls, (rid, encoding, summary, changes))
        result.__dict__.update(extra)
        return result


def check_id(rid):
    if not ID_RE.match(rid or ""):
        raise ReportError(f"--id {rid}", None, "expected a report id of lowercase ASCII letters, digits and hyphens, "
                          "starting with a letter or digit, at most 64 characters (e.g. hubei-2026)")
    return rid


def report_id_for(path):
    """seeds/jianghan-2025.zh.txt → jianghan-2025; a name that gives no more than digits is refused."""
    name = os.path.basename(str(path))
    stem = re.sub(r"(\.zh)?\.(txt|text)$", "", name, flags=re.I)
    rid = re.sub(r"[^a-z0-9]+", "-", stem.lower()).strip("-")[:64].strip("-")
    if not rid or rid.replace("-", "").isdigit():
        raise ReportError(path, None, f"cannot make a report id from the file name (it gives {rid or 'nothing'!r}); "
                          "expected a name such as place-2025.zh.txt, or an id given with --id")
    return rid


def _write_together(folder, files):
    """Write every file of one ingest or none: each into a temporary file beside it first, then all moved
    into place. On failure (a full disk) the temporary files go, and so do the folders made for them, so
    that content/ is as it was."""
    made, up = [], os.path.abspath(folder)
    while not os.path.isdir(up):
        made.append(up)
        up = os.path.dirname(up)
    staged = []
    try:
        for path, text in files:
            staged.append((yamlio.stage(path, text), path))
    except BaseException:
        for tmp, _ in staged:
            os.unlink(tmp)
        for empty in made:  # innermost first
            try:
                os.rmdir(empty)
            except OSError:
                break
        raise
    for tmp, path in staged:
        os.replace(tmp, path)


def parse_file(source_path):
    text, encoding = read_text(source_path)
    return parse_report(source_path, text), encoding


def ingest(source_path, content_dir, report_id=None, replace=False):
    """Parse, give ids, merge with what exists, write zh.yaml (and report.yaml when there is none)."""
    parsed, encoding = parse_file(source_path)
    report_id = check_id(report_id) if report_id is not None else report_id_for(source_path)
    folder = os.path.join(content_dir, report_id)
    target, meta_path = os.path.join(folder, "zh.yaml"), os.path.join(folder, "report.yaml")
    old = _existing(target)
    doc = give_ids(parsed)
    formed, meta_notes = report_yaml(doc)
    if old is not None and not replace:
        _refuse_another_report(source_path, target, old, doc, meta_path, formed)
    changes = merge(old, doc, OWNED) if old and not replace else []
    out = {"id": report_id, "lang": "zh", "source": _rel(source_path), "encoding": encoding}
    if old and not replace:
        out.update({k: v for k, v in old.items() if k not in out and k not in doc and k not in OWNED})
    out.update(doc)
    created = [target] if old is None else []
    files = [(target, yamlio.dump(out))]
    if replace or not os.path.exists(meta_path):
        files.append((meta_path, _REPORT_YAML_HEAD + yamlio.dump(formed)))
        created.append(meta_path)
    else:
        meta_notes = []
    _write_together(folder, files)
    return Result(report_id, encoding, summary(out), changes, created=created, report_meta=formed,
                  meta_notes=meta_notes, joins=parsed["joins"], warnings=parsed["warnings"],
                  removed=parsed["removed"], replaced=bool(old is not None and replace))


_REPORT_YAML_HEAD = ("# Written by `build.py ingest` from what the report's text gives; edit freely, ingest never\n"
                     "# overwrites this file. needs_review lists English formed by rule, for an editor to check.\n")


def _existing(target):
    if not os.path.exists(target):
        return None
    old = yamlio.load(target)
    from .content import check_document  # content imports this module's neighbours
    problems = []
    check_document(target, old, problems)  # a hand-broken zh.yaml is named, not merged
    if problems:
        raise problems[0]
    return old


def _refuse_another_report(source, target, old, doc, meta_path, formed):
    """Ingesting into an id that holds a different report (another title, dateline, place or year). Year
    and place are compared only as the title block gives them, so a corrected text is never refused."""
    differences = []
    for key in ("title", "dateline"):
        a, b = (old.get("meta") or {}).get(key), doc["meta"].get(key)
        if a and b and a != b:
            differences.append(f"{key} {a!r}, not {b!r}")
    editor = yamlio.load(meta_path) if os.path.exists(meta_path) else None
    if isinstance(editor, dict) and doc["meta"].get("dateline"):
        for key, a, b in (("year", editor.get("year"), formed.get("year")),
                          ("place", (editor.get("place") or {}).get("zh") if isinstance(editor.get("place"), dict)
                           else None, (formed.get("place") or {}).get("zh"))):
            if a and b and a != b:
                differences.append(f"{key} {a!r}, not {b!r}")
    if differences:
        raise ReportError(source, None, f"is another report than {target} holds ({'; '.join(differences)}); "
                          "expected a new --id, or --replace to replace that report")


def _rel(path):
    return os.path.relpath(os.path.abspath(path)).replace(os.sep, "/")


def give_ids(parsed):
    """Positional ids for a first ingest: opening-1, p1, p1-1, p1-s1, p1-s1-1, p1-s1-l1, p1-c1, g1, a1, a1-1."""
    doc = {"meta": parsed["meta"], "opening": [_unit(f"opening-{i}", p) for i, p in enumerate(parsed["opening"], 1)]}
    doc["parts"] = [_part(f"p{k}", part) for k, part in enumerate(parsed["parts"], 1)]
    if "appendix" in parsed:
        a = parsed["appendix"]
        doc["appendix"] = {**({"heading": a["heading"]} if "heading" in a else {}),
                           "title": a.get("title", "名词解释"),
                           "entries": [{"id": f"g{k}", **e} for k, e in enumerate(a["entries"], 1)]}
    if parsed.get("appendices"):
        doc["appendices"] = [{"id": f"a{k}", "label": a["label"], "title": a["title"],
                              "paragraphs": [_unit(f"a{k}-{i}", p) for i, p in enumerate(a["paragraphs"], 1)]}
                             for k, a in enumerate(parsed["appendices"], 1)]
    if parsed.get("removed"):
        doc["removed"] = parsed["removed"]
    return doc


def _part(pid, part):
    out = {"id": pid, "number": part["number"]}
    out.update({k: part[k] for k in ("label",) if k in part})
    out["title"] = part["title"]
    out.update({k: part[k] for k in ("subtitle",) if k in part})
    out["intro"] = [_unit(f"{pid}-{i}", p) for i, p in enumerate(part["intro"], 1)]
    out["sections"] = [_section(f"{pid}-s{k}", s) for k, s in enumerate(part["sections"], 1)]
    out["closing"] = [_unit(f"{pid}-c{i}", p) for i, p in enumerate(part["closing"], 1)]
    return out


def _section(sid, s):
    out = {"id": sid, "number": s["number"]}
    out.update({k: s[k] for k in ("label",) if k in s})
    out["title"] = s["title"]
    out.update({k: s[k] for k in ("summary",) if s.get(k)})
    if s.get("lead_in"):
        out["lead_in"] = [_unit(f"{sid}-l{i}", p) for i, p in enumerate(s["lead_in"], 1)]
    out["paragraphs"] = [_unit(f"{sid}-{i}", p) for i, p in enumerate(s["paragraphs"], 1)]
    return out


def _unit(uid, p):
    return {"id": uid, **p}


def summary(doc):
    k = units(doc)
    out = f"{len(k['part'])} parts, {len(k['section'])} sections, {len(k['paragraph'])} paragraphs"
    if doc.get("appendices"):
        out += f", {len(doc['appendices'])} appendices"
    if k["entry"]:
        terms = sum(len(e["terms"]) for e in k["entry"])
        out += f", {len(k['entry'])} glossary entries ({terms} terms)"
    return out
