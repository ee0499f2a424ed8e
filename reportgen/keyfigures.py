"""The key-figures page and downloads: headline figures, themes, results-versus-targets pairs, chart
geometry and the dataset as rows. Figures arrive verified (figures.check_figures); nothing here
changes a number, it only groups, scales for drawing and formats."""

import csv
import functools
import io
import json
import re

from .figures import SCALE, format_figure

THEMES = ("economy", "investment", "business", "innovation", "digital", "urban", "environment", "jobs",
          "education", "health", "culture", "safety", "governance")
QUALIFIERS = {"zh": {"over": "以上", "at least": "不少于", "estimated": "预计", "about": "左右", "nearly": "近",
                     "under": "以内", "cumulative": "累计"},
              "en": {"over": "over", "at least": "at least", "estimated": "estimated", "about": "about",
                     "nearly": "nearly", "under": "at most", "cumulative": "in all"}}
AFTER_ZH = {"over", "about", "under"}          # 300亿元以上, 5%左右, 3%以内; the others stand before: 预计811亿元
AFTER_EN = {"estimated", "cumulative"}         # 81.1 billion yuan (estimated); the others before: about 5%


def qualified(f, lang):
    """The figure as the text states it: 6,048 / over 30 billion yuan / 预计811亿元 / 300亿元以上."""
    before, value, after = qualifier_parts(f, lang)
    gap = "" if lang == "zh" else " "
    return gap.join(x for x in (before, value, after) if x)


def qualifier_parts(f, lang):
    """(words before, the number, words after): the qualifier set apart, for cards that show it small."""
    value, q = format_figure(f, lang), f.get("qualifier")
    if not q or q not in QUALIFIERS[lang]:
        return "", value, ""
    word = QUALIFIERS[lang][q]
    if lang == "zh":
        return ("", value, word) if q in AFTER_ZH else (word, value, "")
    return ("", value, f"({word})") if q in AFTER_EN else (word, value, "")


def figure_words(figures, ui):
    """Each figure's words in each language, worked out once for every page that shows them:
    its period and kind (2024年实绩 / 2024 result), its value with the qualifier apart, and whole."""
    out = {}
    for f in figures:
        out[f["id"]] = {}
        for lang, words in ui.items():
            before, number, after = qualifier_parts(f, lang)
            gap = "" if lang == "zh" else " "
            label = (f.get("label") or {}).get(lang)
            out[f["id"]][lang] = {"label": label or f["label"]["zh"], "untranslated": not label,
                                  "when": f"{f['period']}{words['year_suffix']}{gap}{words['kind_' + f['kind']]}",
                                  "before": before, "number": number, "after": after, "gap": gap,
                                  "qualified": qualified(f, lang)}
    return out


def key_figures(figures):
    """Everything the page shows, grouped; each figure appears once per group it belongs to."""
    by_id = {f["id"]: f for f in figures}
    pairs, seen = [], set()
    for f in figures:
        key = f.get("pair")
        if key and key not in seen:
            seen.add(key)
            members = [g for g in figures if g.get("pair") == key]
            result = next(g for g in members if g["kind"] == "result")
            target = next(g for g in members if g["kind"] == "target")
            pairs.append({"key": key, "result": result, "target": target, "note": target.get("pair_note")})
    unpaired = [f for f in figures if f.get("pair_note") and not f.get("pair")]
    targets = [f for f in figures if f.get("headline") and f["kind"] == "target"]
    paired_with = {p["target"]["id"]: p["result"] for p in pairs}
    themes = [(t, [f for f in figures if f["theme"] == t]) for t in THEMES]
    themes += [(t, [f for f in figures if f["theme"] == t]) for t in sorted({f["theme"] for f in figures} - set(THEMES))]
    return {
        "count": len(figures), "by_id": by_id,
        "headline_targets": [{"target": f, "result": paired_with.get(f["id"])} for f in targets],
        "headline_results": [f for f in figures if f.get("headline") and f["kind"] == "result"],
        "themes": [(t, fs) for t, fs in themes if fs],
        "pairs": pairs, "unpaired": unpaired,
        "charts": {"headline": headline_groups(figures, pairs), "pairs": [[p["result"], p["target"]] for p in pairs]},
    }


def headline_groups(figures, pairs):
    """The headline growth rates, a 2024 result beside the 2025 target of the same measure."""
    partner = {p["result"]["id"]: p["target"] for p in pairs} | {p["target"]["id"]: p["result"] for p in pairs}
    groups, seen = [], set()
    for f in figures:
        if f.get("headline") and f["unit"] == "%" and f["id"] not in seen:
            group = sorted([f] + ([partner[f["id"]]] if f["id"] in partner else []), key=lambda g: g["period"])
            seen.update(g["id"] for g in group)
            groups.append(group)
    return groups


LINE, VALUE_LINE, BAR, BAR_GAP, GROUP_GAP = 20, 17, 12, 6, 18
WRAP = {"zh": 20, "en": 36}   # characters per label line that fit a 375-px phone at the chart's font size


def chart_layout(groups, langs, shared_scale):
    """Rows of a horizontal bar chart, positioned for an SVG that is as wide as its container: label
    lines (wrapped for a phone) above each group, each bar under its value. Bars are in percent of the
    width: on one scale for the whole chart (`shared_scale`), or each group on its own (the larger bar
    fills it), so no text ever has to fit beside a bar."""
    top_all = max((_base(f) for g in groups for f in g), default=1) or 1
    y, rows = 0, []
    for group in groups:
        labels = []
        for lang in langs:
            for line in wrap(group[0]["label"].get(lang) or group[0]["label"]["zh"], WRAP[lang]):
                y += LINE
                labels.append({"text": line, "y": y - 4, "lang": lang})
        top = top_all if shared_scale else (max(_base(f) for f in group) or 1)
        bars = []
        for f in group:
            y += VALUE_LINE
            bars.append({"figure": f, "text_y": y - 4, "y": y, "width": round(100 * _base(f) / top, 2)})
            y += BAR + BAR_GAP
        rows.append({"labels": labels, "bars": bars})
        y += GROUP_GAP
    return {"rows": rows, "height": y}


def wrap(text, width):
    """Lines of at most about `width` characters, broken at spaces in English, anywhere in Chinese."""
    if " " not in text:
        return [text[i:i + width] for i in range(0, len(text), width)] or [""]
    lines, line = [], ""
    for word in text.split():
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    return lines + [line]


def _base(f):
    return f["value"] * SCALE.get(f.get("scale") or "", 1)


# --- the dataset as files ------------------------------------------------------------------------

COLUMNS = ("id", "period", "kind", "measure", "theme", "label_zh", "label_en", "value", "scale", "unit",
           "value_in_units", "qualifier", "display_zh", "display_en", "paragraph", "fragment", "link_zh",
           "link_en", "pair")


def rows(figures, link):
    """One flat record per figure; `link(view, figure)` gives the deep link to its source paragraph."""
    out = []
    for f in figures:
        out.append({
            "id": f["id"], "period": f["period"], "kind": f["kind"], "measure": f.get("measure") or "",
            "theme": f["theme"], "label_zh": f["label"]["zh"], "label_en": f["label"].get("en") or "",
            "value": f["value"], "scale": f.get("scale") or "", "unit": f["unit"],
            "value_in_units": _number(_base(f)), "qualifier": f.get("qualifier") or "",
            "display_zh": qualified(f, "zh"), "display_en": qualified(f, "en"),
            "paragraph": f["paragraph"], "fragment": f["fragment"],
            "link_zh": link("zh", f), "link_en": link("en", f), "pair": f.get("pair") or "",
        })
    return out


def _number(x):
    x = round(x, 6)
    return int(x) if float(x).is_integer() else x


def to_csv(records):
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows({k: _inert(v) for k, v in r.items()} for r in records)
    return "\ufeff" + buf.getvalue()  # a BOM, so spreadsheet programs read the Chinese as UTF-8


def _inert(value):
    """Text a spreadsheet would run as a formula (=, +, -, @ first, also after spaces, or a tab or
    carriage return first, which some spreadsheets skip) is kept as text by a leading '."""
    if isinstance(value, str) and (value[:1] in ("\t", "\r") or value.lstrip(" \t\r\n")[:1] in ("=", "+", "-", "@")):
        return "'" + value
    return value


def to_json(report_meta, records):
    """The report, the columns and the figures, one figure to a line: easy to read and to diff, and
    written by json's C encoder (indenting every value would take its pure-Python one, ten times slower)."""
    line = functools.partial(json.dumps, ensure_ascii=False)
    return (f'{{"report": {line(report_meta)},\n "columns": {line(list(COLUMNS))},\n "figures": [\n  '
            + ",\n  ".join(line(r) for r in records) + "\n ]\n}\n")


def text_directive(f, en_text):
    """A text fragment that highlights the figure's number in its paragraph (zh: the source words; en:
    the number as the English gives it, when it stands there exactly once); None when unsure."""
    if en_text is None:
        return f["fragment"]
    for candidate in _english_forms(f):
        if candidate in en_text and len(_standalone(candidate, en_text)) == 1:
            return candidate
    return None


def _standalone(number, text):
    r"""Where `number` stands in the text as a number of its own: not part of a longer one. (The search
    a regular expression (?<![\d.,])number(?!\d) would make, done with str.find: many times quicker.)"""
    found, at = [], text.find(number)
    while at != -1:
        end = at + len(number)
        before = text[at - 1:at] if at else ""
        if text[end:end + 1].isdecimal() or before.isdecimal() or before in (".", ","):
            at = text.find(number, at + 1)  # no match here: look again from the next character
        else:
            found.append(at)
            at = text.find(number, end)  # matches never overlap
    return found


def _english_forms(f):
    shown = format_figure(f, "en")
    forms = [shown]
    if f["unit"] == "%":
        forms.append(f"{shown.split()[0]}%")
    return forms
