"""The termbase shared by every report (content/terms.yaml): one fixed English rendering per Chinese term,
the variants an editor accepted on purpose and the renderings to avoid; and the check that a unit whose
Chinese holds a term gives it in its English.

Chinese terms match with quotation marks ignored (“一刻钟”便民生活圈 holds 一刻钟便民生活圈), leftmost-longest,
so a longer term consumes the shorter one it contains. English renderings match as whole words in any
case, with hyphens, quotes and punctuation ignored and word endings loosened (-s, -es, -ed, -ing, a final
-e, -y/-ies), so "we will consolidate" and "we consolidated" both hold "consolidate".
"""

import functools
import os
import re

from . import yamlio
from .errors import ReportError

KINDS = ("programme", "place", "organisation", "slogan", "policy")
FIELDS = ("title", "summary", "lead", "text", "label", "definition")
QUOTES = "“”‘’\"「」『』《》"
QUOTE_RE = re.compile(f"[{QUOTES}]")
_WORD = re.compile(r"[a-z0-9]+")


_LOADED = {}


def load(content_dir, read=None):
    """The termbase's entries (an empty list when the file is absent); a malformed file is a ReportError
    naming the entry and the field. Kept while the file is unchanged (the dev server rebuilds often)."""
    path = os.path.join(content_dir, "terms.yaml")
    if not os.path.isfile(path):
        return []
    st = os.stat(path)
    key = (os.path.abspath(path), st.st_mtime_ns, st.st_size)
    if key not in _LOADED:
        _LOADED.clear()
        _LOADED[key] = _parse(path, (read or (lambda p: yamlio.load(p, for_pages=True)))(path))
    return _LOADED[key]


def _parse(path, data):
    if not isinstance(data, dict) or not isinstance(data.get("terms"), list):
        raise ReportError(path, None, "expected a mapping with 'terms: [{zh, en, kind}, …]'")
    return [_entry(path, i, e) for i, e in enumerate(data["terms"])]


def _entry(path, i, e):
    where = f"terms[{i}]"
    if not isinstance(e, dict):
        raise ReportError(path, where, "expected a mapping with zh, en and kind")
    zh = [e["zh"]] if isinstance(e.get("zh"), str) else e.get("zh")
    if not (isinstance(zh, list) and zh and all(isinstance(t, str) and t.strip() for t in zh)):
        raise ReportError(path, f"{where}.zh", "expected the Chinese term, or a list of its forms")
    where = f"terms[{i}] ({zh[0]})"
    if not (isinstance(e.get("en"), str) and e["en"].strip()):
        raise ReportError(path, f"{where}.en", "expected the fixed English rendering as text")
    if e.get("kind") not in KINDS:
        raise ReportError(path, f"{where}.kind", f"expected one of {', '.join(KINDS)}, got {e.get('kind')!r}")
    out = {"zh": [QUOTE_RE.sub("", t) for t in zh], "en": e["en"], "kind": e["kind"], "note": e.get("note") or ""}
    for key in ("variants", "rejected", "not_in"):
        value = e.get(key) or []
        if not (isinstance(value, list) and all(isinstance(t, str) and t.strip() for t in value)):
            raise ReportError(path, f"{where}.{key}", "expected a list of text")
        out[key] = value
    out["not_in"] = [QUOTE_RE.sub("", t) for t in out["not_in"]]
    if not isinstance(out["note"], str):
        raise ReportError(path, f"{where}.note", "expected text")
    out["check"] = e.get("check", True) is not False
    return out


# --- matching ---------------------------------------------------------------------------------------

@functools.lru_cache(maxsize=65536)
def _stem(word):
    for ending in ("ies", "ing", "ed", "es", "s"):
        if len(word) > len(ending) + (1 if ending == "s" else 2) and word.endswith(ending) and not word.endswith("ss"):
            word = word[:-len(ending)] + ("i" if ending == "ies" else "")
            break
    if len(word) > 3 and word[-1] in "ey":
        word = word[:-1] + ("i" if word[-1] == "y" else "")
    return word


@functools.lru_cache(maxsize=4096)
def english_key(text):
    """Text as a run of loosened words between spaces, for whole-phrase search."""
    return " " + " ".join(_stem(w) for w in _WORD.findall(text.lower().replace("’", "'"))) + " "


def has_rendering(english_keyed, rendering):
    key = english_key(rendering)
    return key.strip() != "" and key in english_keyed


def chinese_terms(text, termbase):
    """The entries whose Chinese stands in `text`, leftmost-longest, each once, in order of first use.
    A form inside one of its entry's `not_in` words does not count."""
    text = QUOTE_RE.sub("", text)
    pattern, entry_of = _matcher(termbase)
    found = []
    for m in pattern.finditer(text) if pattern else ():
        e = entry_of[m.group()]
        if any(_within(text, m.start(), m.end(), longer) for longer in e["not_in"]):
            continue
        if not any(f is e for f in found):
            found.append(e)
    return found


def _within(text, start, end, longer):
    """Whether an occurrence of `longer` covers text[start:end]."""
    return any(text.startswith(longer, i) for i in range(max(0, end - len(longer)), start + 1))


_MATCHERS = {}


def _matcher(termbase):
    """One regular expression of every Chinese form, longest first (so the longest wins where forms
    start at the same place), and the entry of each form; made once per termbase."""
    key = id(termbase)
    if key not in _MATCHERS or _MATCHERS[key][0] is not termbase:
        forms = sorted({f for e in termbase for f in e["zh"]}, key=lambda f: (-len(f), f))
        entry_of = {}
        for e in termbase:
            for f in e["zh"]:
                entry_of.setdefault(f, e)
        _MATCHERS.clear()
        _MATCHERS[key] = (termbase, re.compile("|".join(map(re.escape, forms))) if forms else None, entry_of)
    return _MATCHERS[key][1:]


def unit_problems(zh_text, en_text, termbase):
    """[(entry, problem)] for one unit: a term whose English lacks the fixed rendering and every accepted
    variant, or which uses a rejected rendering."""
    keyed = english_key(en_text)
    problems = []
    for e in chinese_terms(zh_text, termbase):
        if not e["check"]:
            continue
        bad = [r for r in e["rejected"] if has_rendering(keyed, r)]
        if bad:
            problems.append((e, f"uses \"{bad[0]}\", a rendering the termbase rejects; expected \"{e['en']}\""))
        elif not any(has_rendering(keyed, r) for r in [e["en"]] + e["variants"]):
            problems.append((e, f"the English lacks the termbase rendering \"{e['en']}\""
                                + (f" (or an accepted variant: {'; '.join(e['variants'])})" if e["variants"] else "")))
    return problems


def _joined(fields):
    """The unit's published text (an entry's `terms` are only what the site matches, so left out)."""
    return " ".join(fields.get(k) for k in FIELDS if isinstance(fields.get(k), str))


def report_problems(report, termbase, lang="en"):
    """[(unit id, zh term, problem)] for every translated unit of a report and its editors' notes."""
    out = []
    translation = report["translations"].get(lang) or {}
    for uid, unit in report["index"].items():
        tr = translation.get(uid)
        if not tr:
            continue
        for e, problem in unit_problems(_joined(unit), _joined(tr), termbase):
            out.append((uid, e["zh"][0], problem))
    for note in report.get("glossary") or []:
        zh = " ".join([note["title"].get("zh", ""), note["definition"].get("zh", "")])
        en = " ".join([note["title"].get(lang, ""), note["definition"].get(lang, "")])
        for e, problem in unit_problems(zh, en, termbase):
            out.append((f"glossary.yaml {note['id']}", e["zh"][0], problem))
    return out


def warnings(content_dir, site, read=None):
    """The build's termbase warnings, one line per unit and term, naming the report. `read`: the
    build's reader of content files (which keeps parsed files between builds)."""
    termbase = load(content_dir, read)
    return [w for report in site["reports"] for w in report_warnings(report, termbase, site["languages"])]


def report_warnings(report, termbase, languages):
    """One report's termbase warnings (the English only has renderings to check)."""
    return [f"{report['id']}: {uid}: {term}: {problem}" for lang in languages if lang == "en"
            for uid, term, problem in report_problems(report, termbase, lang)]


def terms_in(text, termbase):
    """(zh term, fixed English) for each termbase entry found in a Chinese text: the note a translator
    gets with a unit."""
    return [(e["zh"][0], e["en"]) for e in chinese_terms(text, termbase)]


# --- export for CAT tools ---------------------------------------------------------------------------

CSV_COLUMNS = ("zh", "en", "variants", "rejected", "kind", "note")


def to_csv(termbase):
    """One row per entry; several Chinese forms, variants or rejected renderings joined by " | "."""
    import csv
    import io
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for e in termbase:
        writer.writerow([" | ".join(e["zh"]), e["en"], " | ".join(e["variants"]), " | ".join(e["rejected"]),
                         e["kind"], e["note"]])
    return out.getvalue()


def to_tbx(termbase):
    """TBX (translate-toolkit's writer): each entry a concept with its Chinese forms, the fixed English
    as the preferred term, the variants as admitted and the rejected renderings as deprecated terms."""
    from translate.storage.tbx import tbxfile
    store = tbxfile(sourcelanguage="zh", targetlanguage="en")
    for i, e in enumerate(termbase, 1):
        unit = store.addsourceunit(e["zh"][0])
        unit.setid(f"term-{i}")
        unit.set_source_terms(list(e["zh"]), "zh")
        unit.set_target_terms([e["en"]] + e["variants"] + e["rejected"], "en")
        statuses = (["preferredTerm-admn-sts"] + ["admittedTerm-admn-sts"] * len(e["variants"])
                    + ["deprecatedTerm-admn-sts"] * len(e["rejected"]))
        _mark_statuses(unit, statuses)
        _concept_note(unit, "subjectField", e["kind"])
        if e["note"]:
            _concept_note(unit, "definition", e["note"])
    return bytes(store)


def _mark_statuses(unit, statuses):
    from lxml import etree
    language = unit.get_target_dom("en")
    for tig, status in zip(language.findall(unit.namespaced("tig")), statuses):
        note = etree.SubElement(tig, unit.namespaced("termNote"), type="administrativeStatus")
        note.text = status


def _concept_note(unit, kind, text):
    from lxml import etree
    node = etree.Element(unit.namespaced("descrip"), type=kind)
    node.text = text
    unit.xmlelement.insert(0, node)
