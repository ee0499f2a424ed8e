"""The search data of one report: every unit's text in both languages, aligned by id, with where it
stands, the page that shows it, and what a query may name it by that its text does not say (glossary
renderings in the other language, numbers in one canonical form). static/search.js reads it.

The data is a script (`<script src>` works from file:// under the site's CSP; fetch() does not) or, in
a single-file copy, a JSON data block inside the page."""

import json
import os
import re
from decimal import Decimal, InvalidOperation

from . import termbase
from .localise import place_label, roman, zh_number
from .urls import relative, search_data_path

VIEW = "zh"  # any view: a page's address relative to the report's home is the same in each

# A number as written, with its scale or percent sign. The browser side (static/search.js) reads queries
# with the same pattern, so `811亿`, `81.1 billion` and `81,100,000,000` meet in one value.
NUMBER = re.compile(r"(?<![\d.])(\d+(?:,\d{3})*(?:\.\d+)?)\s*(万亿|亿|万|trillion|billion|million|thousand"
                    r"|%|percent)?", re.I)
SCALE = {"万": 10**4, "亿": 10**8, "万亿": 10**12, "thousand": 10**3, "million": 10**6, "billion": 10**9,
         "trillion": 10**12}
HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


def canonical(digits, scale=None):
    """The value as the browser's String(Number) writes it: 811亿 → '81100000000', 6.5% → '6.5%'."""
    try:
        value = Decimal(digits.replace(",", ""))
    except InvalidOperation:
        return None
    scale = (scale or "").lower()
    value *= SCALE.get(scale, 1)
    text = format(value.normalize(), "f") if value != value.to_integral() else str(int(value))
    return text + "%" if scale in ("%", "percent") else text


def numbers_in(text):
    return {c for c in (canonical(m.group(1), m.group(2)) for m in NUMBER.finditer(text or "")) if c}


def figure_number(figure):
    """A key figure's value in the canonical form (the key-figures data gives value, scale and unit)."""
    if figure.get("value") is None:
        return None
    scale = "%" if figure.get("unit") == "%" else figure.get("scale")
    return canonical(str(figure["value"]), scale)


def report_units(linked):
    """(id, place, zh unit, en unit, heading?) for every searchable unit, in reading order."""
    zh, en = linked["trees"]["zh"], linked["trees"].get("en", linked["trees"]["zh"])
    out = [(u, place_both(u), False) for u in zh["opening"]]
    for part in zh["parts"]:
        n = int(part["number"])
        out.append((part, f"第{zh_number(n)}部分 · Part {roman(n)}", True))
        out += [(u, place_both(u), False) for u in part["intro"]]
        for s in part["sections"]:
            out.append((s, place_both(s), True))
            out += [(u, place_both(u), False) for u in s["paragraphs"]]
        out += [(u, place_both(u), False) for u in part["closing"]]
    return [(u["id"], place, u, en["by_id"][u["id"]], heading) for u, place, heading in out]


def place_both(unit):
    return f"{place_label(unit['place'], 'zh')} · {place_label(unit['place'], 'en')}"


def unit_texts(unit, translated=True):
    """(lead, whole text) of a unit: heading and summary, or lead and paragraph; '' when untranslated."""
    if not translated or unit.get("state") == "missing":
        return "", ""
    if "title" in unit:
        return "", " ".join(t for t in (unit.get("title"), unit.get("summary")) if t)
    lead = unit.get("lead") or ""
    space = " " if lead and unit.get("code") == "en" else ""  # as the page shows them
    return lead, lead + space + unit["text"]


def bridges(glossary, terms=()):
    """(zh forms, en forms) of each term the glossary or the termbase renders in both languages."""
    out = [(e["terms"]["zh"], e["terms"].get("en") or []) for e in glossary]
    out += [(t["zh"], t["en"]) for t in terms]
    return [(list(z), [w for w in e if w]) for z, e in out if z and e]


def termbase_pairs(content_dir):
    """{zh: [forms], en: [rendering, variants…]} of each term of the site's termbase (content/terms.yaml,
    read and checked by reportgen.termbase), when there is one."""
    return [{"zh": e["zh"], "en": [e["en"]] + e["variants"]} for e in termbase.load(content_dir)]


class Bridges:
    """The term pairs of a report, ready to ask what a unit may be found by that its own text does not
    say: the other language's rendering of each term it holds (`extra_words`). A unit holds a few of
    the hundreds of pairs, so each distinct form is looked for once, and only the pairs of the forms
    found are looked at, in their order (asking every pair of every unit was most of the search data's
    time; tests/test_equivalence.py holds the plain definition it must agree with)."""

    def __init__(self, pairs, zh_text=None, en_text=None):
        """`zh_text`, `en_text`: all the text that will be asked about, if known: a form it does not
        hold is in none of its units, so it is not looked for at all."""
        self.pairs = [(zh, en, [f.lower() for f in en]) for zh, en in pairs]
        self.zh_forms, self.en_forms = {}, {}  # form → the indices of the pairs that have it
        en_lower = None if en_text is None else en_text.lower()
        for i, (zh, _, en_forms) in enumerate(self.pairs):
            for f in zh:
                if zh_text is None or f in zh_text:
                    self.zh_forms.setdefault(f, []).append(i)
            for f in en_forms:
                if en_lower is None or f in en_lower:
                    self.en_forms.setdefault(f, []).append(i)

    def extra_words(self, zh, en):
        """The en forms of each pair whose zh form `zh` holds and `en` does not, and the other way round."""
        lower = en.lower()
        zh_here = {f for f in self.zh_forms if f in zh}
        en_here = {f for f in self.en_forms if f in lower}
        hits = {i for f in zh_here for i in self.zh_forms[f]} | {i for f in en_here for i in self.en_forms[f]}
        extra = []
        for i in sorted(hits):
            zh_forms, en_forms, en_lower = self.pairs[i]
            has_zh = any(f in zh_here for f in zh_forms)
            has_en = any(f in en_here for f in en_lower)
            if has_zh and not has_en:
                extra += en_forms
            elif has_en and not has_zh:
                extra += zh_forms
        return extra


def search_data(report, linked, urls, terms=()):
    """The report's search data as a dict (see static/search.js for the reader). Where a unit is: its
    page's address relative to the report's home in a view (the same in every view) and its anchor.
    `b`: the term pairs the report gives in both languages, so a match in one is highlighted in the other."""
    pairs = bridges(linked["glossary"], terms)
    figures = {}
    for f in report["figures"]:
        figures.setdefault(f["paragraph"], set()).add(figure_number(f))
    view = urls.report(report["id"]).view(VIEW)
    home = view.home().path
    rows = []  # (link, place, zh, en, zh lead length, en lead length, figures, glossary?)
    for uid, place, zh_unit, en_unit, heading in report_units(linked):
        zl, zh = unit_texts(zh_unit)
        el, en = unit_texts(en_unit)
        rows.append((view.unit(uid), place, zh, en, -1 if heading else len(zl), -1 if heading else len(el),
                     figures.get(uid, set()), False))
    for e in linked["glossary"]:
        zh = f"{'、'.join(e['terms']['zh'])} {e['title']['zh']} {e['definition']['zh']}"
        en = f"{e['title']['en']} {e['definition']['en']}" if e["lang"]["en"] == "en" else ""
        rows.append((view.entry(e), f"{e['title']['zh']} · {e['title']['en']}", zh, en, 0, 0, set(), True))
    finder = Bridges(pairs, "\n".join(r[2] for r in rows), "\n".join(r[3] for r in rows))
    units = [entry(link, home, place, zh, en, zl, el, finder, figs, glossary=g)
             for link, place, zh, en, zl, el, figs, g in rows]
    meta = report["meta"].get("title") or {}
    zh_all, en_all = "".join(u[3] for u in units), " ".join(u[4] for u in units).lower()
    used = [[z, e] for z, e in pairs if any(f in zh_all for f in z) and any(f.lower() in en_all for f in e)]
    return {"id": report["id"], "name": [meta.get("zh", report["id"]), meta.get("en", "")], "u": units,
            "b": used}


def entry(link, home, place, zh, en, zl, el, finder, figures, glossary=False):
    """One unit: [anchor, page, place, zh, en, zh lead length, en lead length (-1: a heading, -2: a glossary
    entry), extra]. `finder`: the report's Bridges."""
    numbers = sorted((numbers_in(zh) | numbers_in(en) | figures) - {None})
    extra = " ".join(finder.extra_words(zh, en) + ["#" + n for n in numbers])
    return [link.fragment, relative(home, link.path), place, zh, en, -2 if glossary else zl, el, extra]


def simplified_table(datas, converter=None):
    """Traditional → Simplified for the characters these reports use: 'TsTs…' pairs, for queries.
    A report's pairs depend on its own characters only, so a batch of reports gives each the same."""
    used = set().union(*(han_of(d) for d in datas))
    return "".join(t + s for t, s in _t2s_pairs(converter) if s in used)


def _t2s_pairs(converter=None):
    """Every (traditional, simplified) pair of single characters OpenCC knows: worked out once with the
    default converter, and kept in the user's cache folder for the next build (a sixth of a one-report
    build's time otherwise), under the installed OpenCC's name."""
    if converter is None and _T2S:
        return _T2S
    kept = _kept_t2s() if converter is None else None
    if kept is not None:
        _T2S.extend(kept)
        return _T2S
    candidates = [chr(c) for c in range(0x3400, 0xa000)]
    converted = (converter or t2s_converter()).convert("\n".join(candidates)).split("\n")
    pairs = [(t, s) for t, s in zip(candidates, converted) if t != s and len(s) == 1]
    if converter is None:
        _T2S.extend(pairs)
        _keep_t2s(pairs)
    return pairs


def _t2s_cache():
    """The cache file, named after the installed OpenCC (found, not imported: importing it costs more
    than reading the file)."""
    import importlib.util
    from .yamlio import cache_folder
    folder, spec = cache_folder(), importlib.util.find_spec("opencc")
    if not folder or spec is None or not spec.origin:
        return None
    st = os.stat(spec.origin)
    return os.path.join(folder, f"t2s-{st.st_size}-{st.st_mtime_ns}.json")


def _kept_t2s():
    path = _t2s_cache()
    if path is None:
        return None
    try:
        with open(path, encoding="utf-8") as f:
            pairs = json.load(f)
        return [(t, s) for t, s in pairs] if all(isinstance(p, list) and len(p) == 2 for p in pairs) else None
    except (OSError, ValueError, TypeError):
        return None


def _keep_t2s(pairs):
    path = _t2s_cache()
    if path:
        try:
            with open(f"{path}.{os.getpid()}", "w", encoding="utf-8") as f:
                json.dump(pairs, f, ensure_ascii=False)
            os.replace(f"{path}.{os.getpid()}", path)
        except OSError:
            pass


_T2S = []


def han_of(data):
    """The Han characters of the report's Chinese text."""
    return set(HAN.findall("".join(u[3] for u in data["u"])))


def t2s_converter():
    import opencc  # noqa: PLC0415  (only a build that makes search data needs it)
    return opencc.OpenCC("t2s")


def as_script(data):
    """The data as a script that hands it to the search (and nothing else: no code runs)."""
    return "(window.RGD=window.RGD||[]).push(" + as_json(data) + ");\n"


def as_json(data):
    """Compact JSON, safe inside <script>: no '<' (so no </script>) nor line separators."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def search_files(reports, linked, urls, terms=(), index=False):
    """{path: bytes} of each report's data file (fingerprinted), {report id: its data as JSON} and, for
    a site searched through its index (`index`: siteindex.py), {report id: (its bit set, its pairs of
    Traditional and Simplified characters)}."""
    from .siteindex import report_bits
    datas = [search_data(r, linked[r["id"]], urls, terms) for r in reports]
    table = simplified_table(datas) if datas else ""
    files, where, bits = {}, {}, {}
    for data in datas:
        used = han_of(data)
        data["t"] = "".join(table[i:i + 2] for i in range(0, len(table), 2) if table[i + 1] in used)
        script = as_script(data).encode("utf-8")
        files[search_data_path(data["id"], script)] = script
        where[data["id"]] = as_json(data)
        if index:
            bits[data["id"]] = (report_bits(data), data["t"])
    return files, where, bits


DATA_NAME = re.compile(rb"search\.[0-9a-f]{10}\.js")


def data_files(files):
    """The paths of the search data files among a site's files."""
    return [p for p in files if "/" in p and DATA_NAME.fullmatch(p.rsplit("/", 1)[1].encode())]


def renamed_in(pages, old_files, new_files):
    """{path: bytes} of the pages (HTML kept from the last build) that name a search data file the new
    build renamed, with the new name written in."""
    def names(files):
        return {p.rsplit("/", 1)[0]: p.rsplit("/", 1)[1].encode() for p in data_files(files)}
    old, new = names(old_files), names(new_files)
    swaps = {old[rid]: new[rid] for rid in old if rid in new and old[rid] != new[rid]}
    if not swaps:
        return {}
    out = {}
    for path, data in pages.items():
        changed = DATA_NAME.sub(lambda m: swaps.get(m.group(), m.group()), data)
        if changed != data:
            out[path] = changed
    return out
