"""Aligning translations to the Chinese by id: fingerprints, fallbacks, out-of-date flags."""

import hashlib
import os

from . import yamledit, yamlio
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
    """The unit's fields in `lang`, with its state: 'source', 'translated', 'outdated', 'missing', or
    'memory' (filled from another report's translation of the same Chinese, not yet checked)."""
    if lang == "zh":
        return dict(unit), "source"
    tr = translations.get(lang, {}).get(unit["id"])
    # a part's or section's label is its printed numbering (一、, 第一部分), never text to translate
    needed = [k for k in SOURCE_FIELDS if unit.get(k) and not (k == "label" and "title" in unit and "number" in unit)]
    if not tr or any(not tr.get(k) for k in needed):
        return dict(unit), "missing"
    state = "translated" if tr.get("source") == fingerprint(unit) else "outdated"
    if state == "translated" and tr.get("memory"):
        state = "memory"
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
        missing, outdated, memory = [], [], []
        for uid, unit in report["index"].items():
            _, state = localise(unit, lang, report["translations"])
            {"missing": missing, "outdated": outdated, "memory": memory}.get(state, []).append(uid)
        where = _translation_path(report, lang)
        if missing:
            warnings.append(Warned(f"{report['id']}: {len(missing)} unit(s) have no {lang} translation and fall back to "
                            f"the Chinese text: {', '.join(missing[:8])}{' …' if len(missing) > 8 else ''}", where))
        if outdated:
            warnings.append(Warned(f"{report['id']}: {len(outdated)} {lang} translation(s) may be out of date (the Chinese "
                            f"changed since): {', '.join(outdated[:8])}{' …' if len(outdated) > 8 else ''}; check "
                            f"them, then run `python build.py stamp ID`", where))
        if memory:
            warnings.append(Warned(f"{report['id']}: {len(memory)} {lang} translation(s) come from translation memory "
                            f"and need review: {', '.join(memory[:8])}{' …' if len(memory) > 8 else ''}; check them, "
                            f"then run `python build.py stamp ID`", where))
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
            updates, removals = {}, []
            for uid, fields in data.items():
                if uid == "meta" or (ids and uid not in ids):
                    continue
                if uid not in index:
                    raise ReportError(f, uid, "no such unit in zh.yaml; nothing stamped")
                fp = fingerprint(index[uid])
                if fields.get("source") != fp or fields.get("memory"):
                    updates[uid] = {"source": fp}
                    removals += [(uid, "memory")] if "memory" in fields else []
                    count += 1
            if updates:  # an edit in place: the file's comments and layout stay
                with open(f, encoding="utf-8") as fh:
                    yamlio.write_atomic(f, yamledit.edit(f, fh.read(), updates, removals))
    return count
