"""The glossary: the report's own appendix and the editors' notes as entries, and where their terms stand.

Matching runs on the content's text fields, never on rendered HTML, so it cannot land inside a heading,
a link or another term. Chinese has no spaces: terms are matched leftmost-longest (a longer term wins
over one it contains), with quotation marks allowed between characters, so “投改运管”一体化 matches the
term 投改运管一体化. English terms match whole words, any case, singular or plural.
"""

import bisect
import os
import re
from collections import Counter

from .model import walk
from .text import close_bidi
from .errors import Warned
from .urls import anchor

QUOTES = "“”‘’\"「」『』"
OPENING, CLOSING = "“‘「『", "”’」』"
BODY_FIELDS = ("lead", "text", "summary")
SHORT_LIMIT = {"zh": 60, "en": 160}


def entries(report, trees):
    """Every entry in both languages: the appendix first (official), then the editors' notes."""
    out = []
    zh, en = trees["zh"], trees.get("en", trees["zh"])
    for e in (zh.get("appendix") or {}).get("entries", []):
        e_en = en["by_id"][e["id"]]
        translated = e_en["state"] != "missing"
        out.append({
            "id": e["id"], "anchor": anchor.entry("appendix", e["id"]), "source": "appendix", "number": e["number"],
            "terms": {"zh": list(e["terms"]), "en": list(e_en.get("terms") or []) if translated else []},
            "title": {"zh": e["label"], "en": e_en["label"] if translated else e["label"]},
            "definition": {"zh": e["definition"], "en": e_en["definition"] if translated else e["definition"]},
            "lang": {"zh": "zh", "en": "en" if translated else "zh"},
        })
    for e in report.get("glossary") or []:
        out.append({
            "id": e["id"], "anchor": anchor.entry("editors", e["id"]), "source": "editors",
            "terms": {"zh": list(e["terms"]["zh"]), "en": list(e["terms"].get("en") or [])},
            "title": dict(e["title"]), "definition": dict(e["definition"]), "lang": {"zh": "zh", "en": "en"},
        })
    for e in out:
        # a cut may leave out the mark that closed a directional override
        e["short"] = {lang: close_bidi(short_definition(text, lang)) for lang, text in e["definition"].items()}
    return out


def short_definition(text, lang):
    """The definition's first sentence, up to a list it introduces (“即…” / ": …"), cut at a clause
    boundary when it still runs long; a cut is marked with an ellipsis."""
    text = " ".join(text.split())
    limit = SHORT_LIMIT[lang]
    if lang == "zh":
        first, intro, clauses, ellipsis = re.split(r"(?<=。)", text, maxsplit=1)[0], r"，即|：", "，；、", "……"
    else:
        first, intro, clauses, ellipsis = re.split(r"(?<=[.;])\s", text, maxsplit=1)[0], r": ", ",;", " …"
    head = re.split(intro, first, maxsplit=1)[0]
    if head != first and len(head) >= limit // 6:
        return head.rstrip("，,;；") + ellipsis
    if len(first) <= limit:
        return first
    cut = first[:limit]
    if cut.count("“") > cut.count("”"):
        cut = cut[:cut.rfind("“")]  # never end inside a quotation
    at = max(cut.rfind(c) for c in clauses)
    if at < limit // 3:
        at = cut.rfind(" ") if lang != "zh" else limit
    return cut[:at].rstrip("，,;；、 ") + ellipsis


def matcher(glossary, lang):
    """Every term of a language with its entry, longest first, and whether it is written with quotes
    (Latin-script terms in lower case: they match in any case)."""
    terms = [(t if lang == "zh" else same_length_lower(t), e["id"], any(c in QUOTES for c in t))
             for e in glossary for t in e["terms"].get(lang) or [] if t.strip()]
    return (lang, sorted(terms, key=lambda te: -len(te[0]))) if terms else None


def find_terms(text, compiled):
    """(start, end, entry id) for each term in `text`, leftmost-longest, never overlapping."""
    if not text or not compiled:
        return []
    lang, terms = compiled
    spans = _chinese_spans(text, terms) if lang == "zh" else _latin_spans(text, terms)
    found, pos = [], 0
    for start, end, entry_id in sorted(spans, key=lambda s: (s[0], s[0] - s[1])):
        if start < pos:
            continue  # inside a longer term found first
        pos = end
        span = text[start:end]
        # A quote opened outside and closed inside (or the reverse) joins the term: “一路一证”综合许可.
        if _unbalanced(span, CLOSING, OPENING) and start > 0 and text[start - 1] in OPENING:
            start -= 1
        if _unbalanced(span, OPENING, CLOSING) and end < len(text) and text[end] in CLOSING:
            end += 1
        found.append((start, end, entry_id))
    return found


def _chinese_spans(text, terms):
    """Terms found in the text read without its quotation marks and note markers ([13], ［13］: 政产学研用[13]
    一体化 is the term 政产学研用一体化), mapped back to the text itself."""
    plain = text.translate(_NO_QUOTES)
    kept = None  # positions in `text` of the characters of `plain`, worked out when a term is found
    if MARKER_RE.search(text):
        dropped = {i for m in MARKER_RE.finditer(text) for i in range(m.start(), m.end())}
        kept = [i for i, c in enumerate(text) if c not in QUOTES and i not in dropped]
        plain = "".join(text[i] for i in kept)
    spans = []
    for term, entry_id, quoted in terms:
        if term not in (text if quoted else plain):
            continue
        haystack, needle = (text, term) if quoted else (plain, term)  # “235”: only where the text quotes it
        at = haystack.find(needle)
        while at != -1:
            end = at + len(needle)
            if not (_latin_edge(haystack, at - 1) and _latin_edge(needle, 0)) and \
                    not (_latin_edge(haystack, end) and _latin_edge(needle, -1)):
                if not quoted and kept is None:
                    kept = [i for i, c in enumerate(text) if c not in QUOTES]
                spans.append((at, end, entry_id) if quoted else (kept[at], kept[end - 1] + 1, entry_id))
            at = haystack.find(needle, at + 1)
    return spans


_NO_QUOTES = {ord(c): None for c in QUOTES}
MARKER_RE = re.compile(r"[\[［](\d{1,3})[\]］]")


def marker_spans(text, by_number, terms_found):
    """(start, end, entry) for each note marker ([13], ［13］) of an appendix entry that no term found
    around it already links: the marker itself becomes the link to its entry."""
    spans = []
    for m in MARKER_RE.finditer(text or ""):
        entry = by_number.get(int(m.group(1)))
        if entry and not any(s <= m.start() < e for s, e, _ in terms_found):
            spans.append((m.start(), m.end(), entry))
    return spans


def _latin_edge(s, i):
    """True where s[i] is a Latin letter or digit (terms such as 235 need word edges even in Chinese)."""
    return 0 <= i < len(s) and s[i].isascii() and s[i].isalnum()


def _latin_spans(text, terms):
    """Whole words, any case, singular or plural (-s, -es)."""
    lower = same_length_lower(text)
    spans = []
    for needle, entry_id, _ in terms:
        at = lower.find(needle)
        while at != -1:
            end = at + len(needle)
            for plural in ("es", "s", ""):
                if lower.startswith(plural, end) and not _word_char(lower, end + len(plural)):
                    if not _word_char(lower, at - 1):
                        spans.append((at, end + len(plural), entry_id))
                    break
            at = lower.find(needle, at + 1)
    return spans


def same_length_lower(text):
    """text.lower(), but a character whose lower case is longer (İ → i̇) stays as it is, so that
    positions found in the lower-cased text are positions in the text."""
    lower = text.lower()
    if len(lower) == len(text):
        return lower
    return "".join(c if len(c.lower()) != 1 else c.lower() for c in text)


def _word_char(s, i):
    return 0 <= i < len(s) and (s[i].isalnum() or s[i] in "_-")


def _unbalanced(span, these, those):
    return sum(span.count(c) for c in these) > sum(span.count(c) for c in those)


def body_units(tree):
    """The running text of the report: opening, part introductions, sections, closing addresses."""
    return (placed.unit for placed in walk(tree) if placed.kind in ("paragraph", "section"))


def mark(tree, glossary, lang):
    """Term spans for every body field of one language's tree: {unit id: {field: [(start, end, entry)]}}."""
    compiled = matcher(glossary, lang)
    by_id = {e["id"]: e for e in glossary}
    by_number = {e["number"]: e for e in glossary if e["source"] == "appendix"}
    marks = {}
    for u in body_units(tree):
        if u["state"] == "missing" and lang != "zh":
            continue  # Chinese shown as a fallback is not this language's text
        fields = {f: [(s, e, by_id[i]) for s, e, i in find_terms(u.get(f), compiled)] for f in BODY_FIELDS}
        fields = {f: spans + marker_spans(u.get(f), by_number, spans) for f, spans in fields.items()}
        fields = {f: spans for f, spans in fields.items() if spans}
        if fields:
            marks[u["id"]] = fields
    return marks


def occurrences(marks):
    """(unit id, entry id) for every marked term, in text order."""
    return [(uid, entry["id"]) for uid, fields in marks.items() for spans in fields.values() for _, _, entry in spans]


def uses(marks):
    """entry id → the unit ids that use it, in text order, each once."""
    out = {}
    for uid, eid in occurrences(marks):
        ids = out.setdefault(eid, [])
        if uid not in ids:
            ids.append(uid)
    return out


def counts(marks):
    """(unit id, entry id) → occurrences, to compare one language's marks with another's."""
    return Counter(occurrences(marks))


def unexplained(tree, marks):
    """Short quoted coinages in the Chinese text (“一网统管”) that no entry explains. A field's term spans
    are in text order and never overlap, so each quote is looked up among them by bisection."""
    found = {}
    for u in body_units(tree):
        fields = marks.get(u["id"]) or {}
        for field in BODY_FIELDS:
            text = u.get(field) or ""
            spans = sorted((s, e) for s, e, _ in fields.get(field, ()))
            starts = [s for s, _ in spans]
            for m in re.finditer(r"“([^“”]{2,8})”", text):
                at = bisect.bisect_right(starts, m.start(1)) - 1
                if not (at >= 0 and m.start(1) < spans[at][1]) and re.search(r"[\u4e00-\u9fff]", m.group(1)):
                    found.setdefault(m.group(1), u["id"])
    return found


def glossary_report(report_id, glossary, marks_by_lang, zh_tree, folder=""):
    """Warnings: entries used nowhere, English marks that differ from the Chinese, unexplained coinages;
    each names the file it is about (`folder`: the report's)."""
    warnings = []
    zh_marks = marks_by_lang["zh"]
    used = uses(zh_marks)
    unused = [e for e in glossary if e["id"] not in used]
    for e in unused:
        path, place = (("glossary.yaml", e["id"]) if e["source"] == "editors" else ("zh.yaml", "appendix"))
        warnings.append(Warned(f"{report_id}: glossary entry '{e['id']}' ({'、'.join(e['terms']['zh'])}) occurs "
                               "nowhere in the text", os.path.join(folder, path), place))
    for lang, lang_marks in marks_by_lang.items():
        if lang == "zh":
            continue
        want, got = counts(zh_marks), counts(lang_marks)
        for key in sorted(set(want) | set(got)):
            if want.get(key, 0) != got.get(key, 0):
                uid, eid = key
                warnings.append(Warned(f"{report_id}: {uid}: glossary term '{eid}' occurs {want.get(key, 0)}× in "
                                       f"the Chinese but {got.get(key, 0)}× in the {lang} text; add the rendering used "
                                       "there to the entry's terms", os.path.join(folder, lang), uid))
    loose = unexplained(zh_tree, zh_marks)
    if loose:
        shown = "、".join(f"“{t}”" for t in list(loose)[:12])
        warnings.append(Warned(f"{report_id}: {len(loose)} quoted terms in the text have no glossary entry: {shown}"
                               f"{' …' if len(loose) > 12 else ''}", os.path.join(folder, "zh.yaml")))
    return warnings
