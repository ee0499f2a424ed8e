"""A translated XLIFF or PO file read back into content/<id>/<lang>/: each string matched by its unit id
and the fingerprint of the Chinese it was exported with, checked, and written into the file that already
holds the unit (or a new file for new units), keeping every file's layout and comments."""

import os
import re

from . import yamlio, yamledit
from .errors import ReportError
from .exchange import META_FIELDS, TERMS_SEPARATOR, find_report
from .exchange_formats import read
from .numbers import audit_unit
from .termbase import unit_problems
from .translation import SOURCE_FIELDS, fingerprint

MARKUP = re.compile("(<|\\{\\{|\\{%|[\ufdd0-\ufdef\ufffe\uffff]|[\x00-\x08\x0b\x0c\x0e-\x1f\x7f])")


def import_file(path, content_dir, lang, dry_run=False):
    """(summary lines, exit status): 0 when every translated string was applied, 1 when some were not."""
    items = read(path)
    keyed = [i for i in items if i["key"]]
    if not keyed:
        raise ReportError(path, None, "holds no string exported by this site; expected ids such as "
                          "jianghan-2025/p1-s1-1.text@0123456789ab (from `build.py translations export`)")
    rids = sorted({i["key"]["report"] for i in keyed})
    if len(rids) > 1:
        raise ReportError(path, None, f"mixes reports ({', '.join(rids)}); expected the strings of one report")
    _, report = find_report(content_dir, rids[0])
    plan = _plan(report, keyed, lang)
    plan["foreign"] = [i["raw_id"] or i["source"][:20] for i in items if not i["key"]]
    files = _files(report, lang)
    writes = _edits(report, lang, plan, files)
    if not dry_run:
        for target, text in writes.items():
            yamlio.write_atomic(target, text)
    status = 1 if plan["changed"] or plan["refused"] or plan["foreign"] else 0
    return _summary(report["id"], lang, path, plan, writes, dry_run), status


def _plan(report, items, lang):
    """What to write per unit, and every string not applied with the reason."""
    plan = {"updates": {}, "changed": [], "refused": [], "fuzzy": [], "empty": 0, "warnings": [], "partial": []}
    meta_source = report["doc"].get("appendix") or {}
    for item in items:
        k = item["key"]
        name = f"{k['unit']}.{k['field']}"
        if k["unit"] == "meta":
            source = meta_source.get(META_FIELDS.get(k["field"], ""))
            unit_fp = fingerprint({"title": source}) if source else None
        else:
            unit = report["index"].get(k["unit"])
            ok_field = unit is not None and (k["field"] in SOURCE_FIELDS and unit.get(k["field"])
                                             or k["field"] == "terms" and isinstance(unit.get("terms"), list))
            unit_fp = fingerprint(unit) if ok_field else None
        if unit_fp is None:
            plan["refused"].append(f"{name}: no such unit or field in {report['id']}/zh.yaml")
        elif unit_fp != k["fp"]:
            plan["changed"].append(name)
        elif not item["target"].strip():
            plan["empty"] += 1
        elif item["fuzzy"]:
            plan["fuzzy"].append(name)
        elif (bad := MARKUP.search(item["target"])):
            code = f"U+{ord(bad.group()[0]):04X}"
            shown = f'"{bad.group()}" ({code})' if bad.group().isprintable() else code
            plan["refused"].append(f"{name}: contains {shown}; expected plain text: the site adds all markup itself")
        else:
            value = item["target"].strip()
            value = [t.strip() for t in value.split(TERMS_SEPARATOR.strip())] if k["field"] == "terms" else value
            plan["updates"].setdefault(k["unit"], {})[k["field"]] = value
    _check_units(report, lang, plan)
    return plan


def _check_units(report, lang, plan):
    """Whole units: numbers against the Chinese (a mismatch keeps the unit out), terms as warnings, and
    the fingerprint recorded only where every field of the unit is now translated."""
    existing = report["translations"].get(lang) or {}
    for uid in list(plan["updates"]):
        if uid == "meta":
            continue
        unit, fields = report["index"][uid], plan["updates"][uid]
        merged = {**existing.get(uid, {}), **fields}
        # numbers are audited over the fields the English has: a half-done unit is checked as far as it goes
        missing, _ = audit_unit({k: unit[k] for k in SOURCE_FIELDS if unit.get(k) and merged.get(k)}, merged)
        if missing:
            plan["refused"].append(f"{uid}: numbers of the Chinese missing from the English: "
                                   + ", ".join(f"{v:,.12g}" for v in missing))
            del plan["updates"][uid]
            continue
        if merged != existing.get(uid):  # an unchanged unit's warnings are the build's to give
            for e, problem in unit_problems(_text(unit), _text(merged), report.get("termbase") or []):
                plan["warnings"].append(f"{uid}: {e['zh'][0]}: {problem}")
        if all(merged.get(k) for k in SOURCE_FIELDS if unit.get(k)):
            fields["source"] = fingerprint(unit)
        else:
            plan["partial"].append(uid)


def _text(fields):
    return " ".join(fields[k] for k in SOURCE_FIELDS if isinstance(fields.get(k), str))


def _files(report, lang):
    """unit id → the translation file that holds it, and the folder or file new units go to."""
    folder = os.path.join(report["folder"], lang)
    single = folder + ".yaml"
    paths = ([os.path.join(folder, f) for f in sorted(os.listdir(folder)) if f.endswith(".yaml")]
             if os.path.isdir(folder) else [single] if os.path.isfile(single) else [])
    holder = {}
    for p in paths:
        for uid in yamlio.load(p) or {}:
            holder[uid] = p
    return {"holder": holder, "paths": paths, "folder": folder, "single": os.path.isfile(single)}


def _edits(report, lang, plan, files):
    """file → its new text, for every file a change touches."""
    existing = report["translations"].get(lang) or {}
    per_file, new_units = {}, {}
    for uid, fields in plan["updates"].items():
        old = existing.get(uid) or {}
        if all(old.get(k) == v for k, v in fields.items()) and not old.get("memory"):
            plan.setdefault("unchanged", []).append(uid)
            continue
        target = files["holder"].get(uid)
        if target is None:
            new_units[uid] = fields
            continue
        per_file.setdefault(target, ({}, []))[0][uid] = fields
        if old.get("memory"):
            per_file[target][1].append((uid, "memory"))  # a translator's check replaces the memory flag
    writes = {}
    for target, (updates, removals) in per_file.items():
        with open(target, encoding="utf-8") as f:
            writes[target] = yamledit.edit(target, f.read(), updates, removals)
    if new_units:
        order = [uid for uid in list(report["index"]) + ["meta"] if uid in new_units]
        target = files["folder"] + ".yaml" if files["single"] else _new_file(files, order)
        text = open(target, encoding="utf-8").read() if os.path.isfile(target) else ""
        writes[target] = yamledit.edit(target, writes.get(target, text), {u: new_units[u] for u in order})
    plan["added"] = sorted(new_units, key=lambda u: list(report["index"]).index(u) if u in report["index"] else 10**6)
    return writes


def _new_file(files, order):
    """The next file in the folder's numbered series, named after the sections it covers, as the
    others are: 06-p1s3.yaml, 07-p2s1-s4.yaml, 08-p1c-p2s1.yaml."""
    numbers = [int(m.group(1)) for p in files["paths"] if (m := re.match(r"(\d+)-", os.path.basename(p)))]
    first, last = _section_name(order[0]), _section_name(order[-1])
    if first == last:
        span = first
    else:
        shared = re.match(r"p\d+", first)
        span = f"{first}-{last[len(shared.group()):] if shared and last.startswith(shared.group() + 's') else last}"
    return os.path.join(files["folder"], f"{max(numbers, default=0) + 1:02d}-{span}.yaml")


def _section_name(uid):
    """p1-s3-2 → p1s3, p1-c1 → p1c, opening-2 → opening, g4 → appendix."""
    parts = uid.split("-")
    if re.fullmatch(r"g\d+", uid) or uid == "meta":
        return "appendix"
    if len(parts) >= 2 and re.fullmatch(r"s\d+", parts[1]):
        return parts[0] + parts[1]
    if len(parts) >= 2 and re.fullmatch(r"[a-z]\d+", parts[1]):
        return parts[0] + parts[1][0]
    return parts[0]


def _summary(rid, lang, path, plan, writes, dry_run):
    applied = [u for u in plan["updates"] if u not in plan.get("unchanged", []) and u not in plan["added"]]
    verb = "would change" if dry_run else "changed"
    lines = [f"{rid} ({lang}) from {path}: {len(applied)} unit(s) updated, {len(plan['added'])} added, "
             f"{len(plan.get('unchanged', []))} unchanged; {verb} {len(writes)} file(s)"]
    for label, values in (("updated", applied), ("added", plan["added"]), ("files", sorted(writes)),
                          ("partly translated (not stamped until every field is)", plan["partial"]),
                          ("not applied: the Chinese changed since export (export again)", plan["changed"]),
                          ("not applied: left fuzzy / needing review in the file", plan["fuzzy"]),
                          ("not applied: refused", plan["refused"]),
                          ("not applied: no key of this site", plan["foreign"])):
        if values:
            lines.append(f"  {label}: " + ("; ".join(values) if label == "not applied: refused" else ", ".join(values)))
    if plan["empty"]:
        lines.append(f"  {plan['empty']} string(s) left untranslated in the file")
    lines += [f"  warning: {w}" for w in plan["warnings"]]
    return lines
