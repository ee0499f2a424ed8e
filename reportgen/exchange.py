"""Translation units out to translators' tools and back: which units need work, where each stands in the
report, the terms it holds, and the key that ties a translated string to the Chinese it was made from.

Every string a tool gets is one field of one unit (a paragraph's lead and its text are two strings). Its
key, `report/unit.field@fingerprint`, is written where every tool and converter keeps it: the XLIFF
trans-unit id, the PO msgctxt, and a location reference (which survives po2xliff and xliff2po)."""

import re

from .errors import ReportError
from .localise import place_label, roman, zh_number
from .termbase import QUOTE_RE, terms_in
from .translation import SOURCE_FIELDS, fingerprint, localise

KEY = re.compile(r"(?P<report>[a-z0-9][a-z0-9-]*)[/:](?P<unit>[a-z0-9][a-z0-9-]*)\.(?P<field>[a-z_]+)"
                 r"[@:](?P<fp>[0-9a-f]{12})")  # report/unit.field@fp; XLIFF 2 ids: report:unit.field:fp
META_FIELDS = {"appendix_heading": "heading", "appendix_title": "title"}
TERMS_SEPARATOR = " | "


def find_report(content_dir, rid):
    """(None, the report `rid`) with the termbase its units are checked against. A report just ingested
    counts, with or without its report.yaml."""
    import os
    from .corpus import load_report, report_folders
    from .termbase import load
    folders = report_folders(content_dir)
    folder = os.path.join(content_dir, rid)
    if folder not in folders:
        known = ", ".join(os.path.basename(f) for f in folders)
        raise ReportError(content_dir, None, f"no report '{rid}'; expected one of: {known}")
    report = load_report(folder)
    report["termbase"] = load(content_dir)
    return None, report


def places(doc):
    """unit id → (Chinese place, English place), e.g. 第一部分（二）第3段 / Part I, 2, ¶3."""
    out = {}

    def put(unit, **place):
        out[unit["id"]] = (place_label(place, "zh"), place_label(place, "en"))

    for i, p in enumerate(doc.get("opening") or [], 1):
        put(p, kind="opening", index=i)
    for part in doc.get("parts") or []:
        n = part["number"]
        out[part["id"]] = (f"第{zh_number(n)}部分", f"Part {roman(n)}")
        for key in ("intro", "closing"):
            for i, p in enumerate(part.get(key) or [], 1):
                put(p, kind=key, part=n, index=i)
        for s in part.get("sections") or []:
            put(s, kind="section", part=n, section=s["number"])
            for i, p in enumerate(s.get("paragraphs") or [], 1):
                put(p, kind="paragraph", part=n, section=s["number"], index=i)
    for e in (doc.get("appendix") or {}).get("entries") or []:
        out[e["id"]] = (f"名词解释{e.get('number', '')}", f"Glossary {e.get('number', '')}".strip())
    return out


def _state(unit, lang, translations):
    _, state = localise(unit, lang, translations)
    tr = (translations.get(lang) or {}).get(unit["id"]) or {}
    return "memory" if state == "translated" and tr.get("memory") else state


def work_units(report, lang, everything=False, suggest=None):
    """The strings to translate: one dict per field of each unit that needs work (untranslated, out of
    date, or filled from memory and not yet reviewed), or of every unit with `everything`."""
    termbase = report.get("termbase") or []
    glossary = glossary_terms(report, lang)
    where = places(report["doc"])
    translations = report["translations"]
    out = []
    for uid in list(where) + [u for u in report["index"] if u not in where]:  # in reading order
        unit = report["index"][uid]
        state = _state(unit, lang, translations)
        if state == "translated" and not everything:
            continue
        tr = (translations.get(lang) or {}).get(uid) or {}
        fp = fingerprint(unit)
        zh_place, en_place = where.get(uid, (uid, uid))
        fields = [k for k in SOURCE_FIELDS if unit.get(k)] + (["terms"] if isinstance(unit.get("terms"), list) else [])
        for field in fields:
            source = TERMS_SEPARATOR.join(unit["terms"]) if field == "terms" else unit[field]
            current = tr.get(field)
            current = TERMS_SEPARATOR.join(current) if isinstance(current, list) else current
            out.append({"key": f"{report['id']}/{uid}.{field}@{fp}", "unit": uid, "field": field, "state": state,
                        "source": source, "target": current or "", "place": f"{zh_place} · {en_place}",
                        "terms": terms_in(source, termbase) + _glossary_in(source, glossary, termbase),
                        "suggestions": suggest(source) if suggest and not current else []})
    out += _meta_units(report, lang, everything)
    return out


def glossary_terms(report, lang):
    """(zh term, its English) from the report's own glossary appendix and the editors' notes: the
    renderings a translator should reuse."""
    out = []
    translation = report["translations"].get(lang) or {}
    for e in (report["doc"].get("appendix") or {}).get("entries") or []:
        label = (translation.get(e["id"]) or {}).get("label")
        if label:
            out += [(t, label) for t in e.get("terms") or [e["label"]]]
    for note in report.get("glossary") or []:
        english = (note.get("title") or {}).get(lang)
        if english:
            out += [(t, english) for t in (note.get("terms") or {}).get("zh") or []]
    return out


def _glossary_in(text, glossary, termbase):
    """The glossary's terms in a text that the termbase does not already give."""
    plain = QUOTE_RE.sub("", text)
    known = {form for e in termbase for form in e["zh"]}
    seen, out = set(), []
    for zh, en in glossary:
        form = QUOTE_RE.sub("", zh)
        if form and form in plain and form not in known and form not in seen:
            seen.add(form)
            out.append((zh, en))
    return out


def _meta_units(report, lang, everything):
    """The appendix's heading and title, which translations keep under `meta`."""
    appendix = report["doc"].get("appendix") or {}
    meta = (report["translations"].get(lang) or {}).get("meta") or {}
    out = []
    for field, key in META_FIELDS.items():
        source = appendix.get(key)
        if source and (everything or not meta.get(field)):
            fp = fingerprint({"title": source})
            out.append({"key": f"{report['id']}/meta.{field}@{fp}", "unit": "meta", "field": field,
                        "state": "translated" if meta.get(field) else "missing", "source": source,
                        "target": meta.get(field) or "", "place": "附件 · Appendix", "terms": [], "suggestions": []})
    return out


def note_lines(item):
    lines = [item["place"]]
    if item["state"] == "outdated":
        lines.append("Out of date: the Chinese changed since this English was made; check it against the Chinese.")
    elif item["state"] == "memory":
        lines.append("From translation memory (another report): review it against the Chinese.")
    if item["terms"]:
        lines.append("Terms: " + "; ".join(f"{zh} = {en}" for zh, en in item["terms"]))
    if item["field"] == "terms":
        lines.append(f"Several terms are separated by '{TERMS_SEPARATOR.strip()}'.")
    return lines
