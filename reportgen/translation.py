"""Aligning translations to the Chinese by id: fingerprints, fallbacks, out-of-date flags."""

import hashlib
import os
import re

from . import yamlio
from .content import unit_index
from .errors import ReportError, Warned
from .text import close_bidi

SOURCE_FIELDS = ("title", "subtitle", "summary", "lead", "text", "label", "definition")


def fingerprint(unit):
    """A short hash of the Chinese a translation was made from; it changes when that text changes. The
    text is taken as the build shows it (open directional controls closed), so files read either way agree."""
    parts = [f"{k}={close_bidi(unit[k]) if isinstance(unit[k], str) else unit[k]}" for k in SOURCE_FIELDS if unit.get(k)]
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:12]


def localise(unit, lang, translations):
    """The unit's fields in `lang`, with its state: 'source', 'translated', 'outdated' or 'missing'."""
    if lang == "zh":
        return dict(unit), "source"
    tr = translations.get(lang, {}).get(unit["id"])
    # a part's or section's label is its printed numbering (一、, 第一部分), never text to translate
    needed = [k for k in SOURCE_FIELDS if unit.get(k) and not (k == "label" and "title" in unit and "number" in unit)]
    if not tr or any(not tr.get(k) for k in needed):
        return dict(unit), "missing"
    state = "translated" if tr.get("source") == fingerprint(unit) else "outdated"
    return {**unit, **{k: tr[k] for k in tr if k != "source"}}, state


def _translation_path(report, lang):
    folder = os.path.join(report["folder"], lang)
    return folder if os.path.isdir(folder) or not os.path.exists(folder + ".yaml") else folder + ".yaml"


def alignment_report(report, languages):
    """Warnings: units without a translation, and translations older than their Chinese."""
    warnings = []
    for lang in languages:
        if lang == "zh":
            continue
        missing, outdated = [], []
        for uid, unit in report["index"].items():
            _, state = localise(unit, lang, report["translations"])
            (missing if state == "missing" else outdated if state == "outdated" else []).append(uid)
        where = _translation_path(report, lang)
        if missing:
            warnings.append(Warned(f"{report['id']}: {len(missing)} unit(s) have no {lang} translation and fall back to "
                            f"the Chinese text: {', '.join(missing[:8])}{' …' if len(missing) > 8 else ''}", where))
        if outdated:
            warnings.append(Warned(f"{report['id']}: {len(outdated)} {lang} translation(s) may be out of date (the Chinese "
                            f"changed since): {', '.join(outdated[:8])}{' …' if len(outdated) > 8 else ''}; check "
                            f"them, then run `python build.py stamp ID`", where))
    return warnings


def stamp(content_dir, lang, ids):
    """Record in each translation the fingerprint of the Chinese it now matches. The content is checked
    first (ContentErrors: nothing stamped), and every id asked for must be a translated unit."""
    from .content import load_site
    site = load_site(content_dir)
    translated = {uid for r in site["reports"] for uid in r["translations"].get(lang, {})}
    unknown = [uid for uid in ids if uid not in translated or uid == "meta"]
    if unknown:
        raise ReportError(content_dir, None, f"no {lang} translation of {', '.join(map(repr, unknown))}; nothing "
                          "stamped (expected ids of translated units, e.g. p1-2)")
    count = 0
    for rid in sorted(os.listdir(content_dir)):
        folder = os.path.join(content_dir, rid)
        zh_path = os.path.join(folder, "zh.yaml")
        if not os.path.isfile(zh_path):
            continue
        index = unit_index(yamlio.load(zh_path))
        tr_path = os.path.join(folder, lang)
        files = ([os.path.join(tr_path, f) for f in sorted(os.listdir(tr_path)) if f.endswith(".yaml")]
                 if os.path.isdir(tr_path) else [tr_path + ".yaml"] if os.path.isfile(tr_path + ".yaml") else [])
        for f in files:
            data = yamlio.load(f) or {}
            stamps = {}
            for uid, fields in data.items():
                if uid == "meta" or (ids and uid not in ids):
                    continue
                if uid not in index:
                    raise ReportError(f, uid, "no such unit in zh.yaml; nothing stamped")
                fp = fingerprint(index[uid])
                if fields.get("source") != fp:
                    stamps[uid] = fp
            if stamps:
                _write_stamps(f, data, stamps)
                count += len(stamps)
    return count


def _write_stamps(path, data, stamps):
    """Each unit's `source:` line set in the file's own text, so its comments and layout stay; a file
    written some other way (flow style) is written out afresh."""
    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    unit_at = {}
    for i, line in enumerate(lines):
        m = re.match(r"([^\s#'\"][^:]*|'[^']*'|\"[^\"]*\"):\s*(#.*)?$", line)
        if m:
            unit_at[m.group(1).strip("'\"")] = i
    if not all(uid in unit_at for uid in stamps):
        for uid, fp in stamps.items():
            data[uid]["source"] = fp
        yamlio.write_atomic(path, yamlio.dump(data))
        return
    for uid, fp in sorted(stamps.items(), key=lambda item: -unit_at[item[0]]):  # from the end: lines shift
        fp = yamlio.dump(fp).split("\n")[0]  # as YAML writes it: quoted where it would read as a number
        start = unit_at[uid]
        end = start + 1
        while end < len(lines) and (lines[end][:1] in (" ", "\t") or not lines[end].strip()):
            end += 1
        for i in range(start + 1, end):
            if re.match(r"\s+source:", lines[i]):
                lines[i] = lines[i][:lines[i].index("source:")] + f"source: {fp}"
                break
        else:
            indent = next((re.match(r"\s+", lines[i]).group() for i in range(start + 1, end) if lines[i].strip()), "  ")
            lines.insert(start + 1, f"{indent}source: {fp}")
    yamlio.write_atomic(path, "\n".join(lines))
