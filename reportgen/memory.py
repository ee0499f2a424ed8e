"""Translation memory across reports: the checked translations of every report on the site, reused for
the next one. A unit whose Chinese (punctuation and spacing normalised) was translated in another report
is filled from it and marked `memory: true` (shown as "from memory, needs review" until stamped);
sentences that recur inside longer paragraphs are only offered to translators, in the export."""

import os
import re
import unicodedata

from . import yamlio, yamledit
from .corpus import all_reports, load_report
from .translation import SOURCE_FIELDS, fingerprint, localise

SENTENCE_END = re.compile(r"(?<=[。！？；])")
EN_SENTENCE_END = re.compile(r"(?<=[.!?;])\s+(?=[\"“(A-Z0-9])")
_DROP = re.compile(r"[\s“”‘’\"'「」『』]")
_PUNCT = str.maketrans({"。": ".", "、": ",", "，": ",", "：": ":", "；": ";", "！": "!", "？": "?",
                        "（": "(", "）": ")", "《": "<", "》": ">", "—": "-", "…": "."})


def normalise(text):
    """Chinese as memory compares it: width folded, one form of each punctuation mark, no spaces or quotes."""
    return _DROP.sub("", unicodedata.normalize("NFKC", text).translate(_PUNCT))


def entries(reports, lang, exclude=None):
    """[(report id, unit id, field, zh, translation)] of every checked translation on the site, the
    report `exclude` left out. Units filled from memory and not yet reviewed are not reused."""
    out = []
    for report in reports:
        if report["id"] == exclude:
            continue
        translations = report["translations"]
        for uid, unit in report["index"].items():
            fields, state = localise(unit, lang, translations)
            tr = (translations.get(lang) or {}).get(uid) or {}
            if state != "translated" or tr.get("memory"):
                continue
            for field in SOURCE_FIELDS:
                if unit.get(field):
                    out.append((report["id"], uid, field, unit[field], fields[field]))
            if isinstance(tr.get("terms"), list):
                out.append((report["id"], uid, "terms", " | ".join(unit.get("terms") or []), tr["terms"]))
    return out


def unit_memory(reports, lang, exclude=None):
    """normalised Chinese → (translation, where it comes from), the first translation found winning."""
    memory = {}
    for rid, uid, field, zh, en in entries(reports, lang, exclude):
        memory.setdefault((field == "terms", normalise(zh)), (en, f"{rid}/{uid}"))
    return memory


def sentences(text, pattern=SENTENCE_END):
    return [s for s in pattern.split(text) if s.strip()]


def sentence_memory(reports, lang, exclude=None):
    """normalised Chinese sentence → (English sentence, origin): whole one-sentence fields, and the
    sentences of fields whose Chinese and English have as many sentences, paired in order."""
    memory = {}
    for rid, uid, field, zh, en in entries(reports, lang, exclude):
        if field == "terms":
            continue
        zh_s, en_s = sentences(zh), sentences(en, EN_SENTENCE_END)
        if len(zh_s) == len(en_s):
            for z, e in zip(zh_s, en_s):
                if len(normalise(z)) >= 8:  # a few characters are no evidence of a shared sentence
                    memory.setdefault(normalise(z), (e.strip(), f"{rid}/{uid}"))
    return memory


def sentence_suggester(content_dir, rid, lang):
    """suggest(Chinese text) → [(zh sentence, English, origin)] for the sentences memory knows."""
    memory = sentence_memory(all_reports(content_dir), lang, exclude=rid)

    def suggest(text):
        return [(s, *memory[normalise(s)]) for s in sentences(text) if normalise(s) in memory]
    return suggest


def fill(content_dir, rid, lang="en"):
    """Pre-fill the untranslated units of report `rid` from the other reports' translations. Returns
    (units filled, Chinese characters they hold, the file written or None)."""
    report = load_report(os.path.join(content_dir, rid))
    memory = unit_memory(all_reports(content_dir), lang, exclude=rid)
    existing = report["translations"].get(lang) or {}
    filled, chars = {}, 0
    for uid, unit in report["index"].items():
        if uid in existing:
            continue
        fields = [f for f in SOURCE_FIELDS if unit.get(f)]
        found = {f: memory.get((False, normalise(unit[f]))) for f in fields}
        if not fields or not all(found.values()):
            continue
        entry = {f: found[f][0] for f in fields}
        terms = memory.get((True, normalise(" | ".join(unit.get("terms") or []))))
        if isinstance(unit.get("terms"), list) and terms:
            entry["terms"] = list(terms[0])
        filled[uid] = {**entry, "source": fingerprint(unit), "memory": True}
        chars += sum(len(unit[f]) for f in fields)
    if not filled:
        return 0, 0, None
    path = _write(report, lang, filled)
    return len(filled), chars, path


def _write(report, lang, filled):
    from .exchange import places
    from .exchange_import import _files, _new_file
    files = _files(report, lang)
    order = [uid for uid in places(report["doc"]) if uid in filled]
    order += [uid for uid in filled if uid not in order]
    target = files["folder"] + ".yaml" if files["single"] else _new_file(files, order)
    text = open(target, encoding="utf-8").read() if os.path.isfile(target) else (
        "# Filled from translation memory (the same Chinese, translated in another report): every unit is\n"
        "# marked memory: true until an editor checks it and runs `python build.py stamp`.\n")
    yamlio.write_atomic(target, yamledit.edit(target, text, filled))
    return target


def to_tmx(reports, lang):
    """Every checked translation on the site as TMX (translate-toolkit's writer), one unit per distinct pair."""
    from translate.storage.tmx import tmxfile
    store = tmxfile(sourcelanguage="zh", targetlanguage=lang)
    seen = set()
    for rid, uid, field, zh, en in entries(reports, lang):
        en = " | ".join(en) if isinstance(en, list) else en
        if (zh, en) in seen:
            continue
        seen.add((zh, en))
        store.addtranslation(zh, "zh", en, lang, comment=f"{rid}/{uid}.{field}")
    return bytes(store)


def ingest_summary(content_dir, rid, lang="en"):
    """What `build.py ingest` says about memory: fill the report, then one line on what came from it."""
    from .errors import ContentErrors, ReportError
    try:
        units, chars, path = fill(content_dir, rid, lang)
    except (ContentErrors, ReportError) as e:
        return f"translation memory not applied: {str(e).splitlines()[0]}"
    if not units:
        return f"translation memory: no untranslated unit of {rid} has a translation in another report"
    return (f"translation memory: {units} unit(s), {chars} Chinese characters filled from other reports into "
            f"{path} (marked memory: true: review them, then `python build.py stamp`)")
