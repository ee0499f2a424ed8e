"""Key figures: each must be the number its source fragment gives, in the paragraph it names."""

import re

from .errors import ReportError
from .quantities import word_value

KINDS = {"result", "target"}
REQUIRED = ("id", "paragraph", "fragment", "value", "unit", "period", "kind", "theme", "label")


def paragraph_text(unit):
    return (unit.get("lead") or "") + (unit.get("text") or unit.get("summary") or "")


def number_forms(figure):
    """The ways the text may write the figure: 811亿元, and 811余亿元 / 811多亿元 (over 81.1 billion);
    or in words (`written: 三成` for 30%), when the words state exactly that value."""
    value = figure["value"]
    written = figure.get("written")
    if written:
        return [written] if word_value(written) == value and figure["unit"] == "%" else []
    written = repr(value) if isinstance(value, float) else str(value)
    return [written + more + (figure.get("scale") or "") + figure["unit"] for more in ("", "余", "多")]


def check_figures(report, name="figures.yaml"):
    """Every figure's fragment stands verbatim in its paragraph and holds its value, scale and unit."""
    path = f"{report['folder']}/{name}"
    errors, seen = [], set()
    for i, f in enumerate(report["figures"]):
        where = f"[{i}]" if not isinstance(f, dict) or not isinstance(f.get("id"), str) else f["id"]
        if not isinstance(f, dict):
            errors.append(ReportError(path, where, "expected a mapping with " + ", ".join(REQUIRED)))
            continue
        missing = [k for k in REQUIRED if f.get(k) in (None, "")]
        if missing:
            errors.append(ReportError(path, where, f"missing {', '.join(missing)}"))
            continue
        if f["id"] in seen:
            errors.append(ReportError(path, where, "duplicate figure id"))
        seen.add(f["id"])
        if not isinstance(f["value"], (int, float)) or isinstance(f["value"], bool):
            errors.append(ReportError(path, f"{where}.value", f"expected a number, got {f['value']!r}"))
            continue
        if f["kind"] not in KINDS:
            errors.append(ReportError(path, f"{where}.kind", f"expected result or target, got {f['kind']!r}"))
        unit = report["index"].get(f["paragraph"])
        if unit is None:
            errors.append(ReportError(path, f"{where}.paragraph", f"refers to {f['paragraph']!r}, which is not "
                                      "defined in zh.yaml"))
            continue
        if f["fragment"] not in paragraph_text(unit):
            errors.append(ReportError(path, f"{where}.fragment", f"{f['fragment']!r} does not appear in paragraph "
                                      f"{f['paragraph']}; expected the words exactly as the text gives them"))
            continue
        if not any(form in f["fragment"] for form in number_forms(f)):
            errors.append(ReportError(path, f"{where}.value", f"value {f['value']!r} {f.get('scale') or ''}"
                                      f"{f['unit']} is not the number in the fragment {f['fragment']!r} "
                                      f"(paragraph {f['paragraph']})"))
    return errors + check_pairs(path, report["figures"])


def check_shown_figures(report):
    """The checks above for figures.yaml and for the proposed figures an editor confirmed (each file
    named in its errors, an id used in both an error too); and a warning counting those left unconfirmed."""
    curated = [f for f in report["figures"] if not any(f is c for c in report.get("confirmed_proposed", []))]
    errors = check_figures({**report, "figures": curated})
    errors += [ReportError(f"{report['folder']}/figures.yaml", f["id"] if isinstance(f, dict) and
                           isinstance(f.get("id"), str) else None, "label: expected {zh: …, en: …}")
               for f in curated if isinstance(f, dict) and f.get("label") and not isinstance(f["label"], dict)]
    errors += proposal_errors(f"{report['folder']}/figures.proposed.yaml", report.get("proposed_raw"))
    confirmed = report.get("confirmed_proposed") or []
    if confirmed:
        errors += check_figures({**report, "figures": confirmed}, "figures.proposed.yaml")
        ids = {f.get("id") for f in curated if isinstance(f, dict)}
        errors += [ReportError(f"{report['folder']}/figures.proposed.yaml", f["id"], "id also used in "
                               "figures.yaml; expected each figure once") for f in confirmed if f.get("id") in ids]
    waiting = len(report.get("waiting_figures") or [])
    warning = (f"{report['id']}: {waiting} proposed figure(s) not yet confirmed in "
               f"{report['folder']}/figures.proposed.yaml (set `confirmed: true` on those that are right)"
               if waiting else None)
    return errors, warning


def check_pairs(path, figures):
    """A pair is like with like: one result and one target, of the same measure, in the same unit."""
    errors, pairs = [], {}
    for f in figures:
        if isinstance(f, dict) and f.get("pair"):
            pairs.setdefault(f["pair"], []).append(f)
    for key, members in pairs.items():
        kinds = sorted(m.get("kind") for m in members)
        same = len({(m.get("measure"), m.get("unit")) for m in members}) == 1
        if kinds != ["result", "target"] or not same:
            shown = "; ".join(f"{m['id']} ({m.get('kind')}, {m.get('measure')}, {m.get('unit')})" for m in members)
            errors.append(ReportError(path, f"{members[0]['id']}.pair", f"pair {key!r} is not like with like: "
                                      f"expected one result and one target of the same measure and unit, got {shown}"))
    return errors


SCALE = {"": 1, "万": 10**4, "亿": 10**8, "万亿": 10**12}
EN_UNITS = {"公里": "km", "平方米": "square meters", "斤": "jin", "公斤": "kg", "吨": "tonnes", "亩": "mu",
            "千瓦": "kW", "千瓦时": "kWh", "个百分点": "percentage points", "人次": "visits", "辆": "vehicles"}  # counts (个, 家, 人 …) need no unit word in English


def format_figure(f, lang):
    """6048个 / 811亿元 / 6.5% in Chinese; 6,048 / 81.1 billion yuan / 6.5% in English."""
    scale, unit = f.get("scale") or "", f["unit"]
    if lang == "zh" and f.get("written"):
        return f["written"]   # 三成, 翻一番: as the text words it
    if lang == "zh":
        return f"{_plain(f['value'])}{scale}{unit}"
    value = f["value"] * SCALE.get(scale, 1)
    if unit == "%":
        return f"{_plain(f['value'])}%"
    if unit == "美元":
        for size, word in ((10**12, "trillion"), (10**9, "billion"), (10**6, "million")):
            if value >= size:
                return f"{_plain(round(value / size, 4))} {word} US dollars"
        return f"{value:,.0f} US dollars"
    if unit.endswith("元"):
        for size, word in ((10**12, "trillion"), (10**9, "billion"), (10**6, "million")):
            if value >= size:
                return f"{_plain(round(value / size, 4))} {word} yuan"
        return f"{value:,.0f} yuan"
    unit_en = f.get("unit_en") or EN_UNITS.get(unit)
    number = _plain(value, grouped=True)
    for size, word in ((10**12, "trillion"), (10**9, "billion"), (10**6, "million")):
        if value >= size:   # 12 million, 1.3 trillion jin: as English writes large counts
            number = f"{_plain(round(value / size, 4))} {word}"
            break
    return f"{number}{(' ' + unit_en) if unit_en else ''}"


def _plain(x, grouped=False):
    if isinstance(x, float) and x.is_integer():
        x = int(x)
    if isinstance(x, float):
        return f"{x:,}" if grouped else repr(x)
    return f"{x:,}" if grouped else str(x)


def confirmed_figures(curated, proposed):
    """The figures the site shows (figures.yaml, and proposed ones an editor set `confirmed: true` on),
    the proposed ones still waiting, and all of them marked, for pairing across years."""
    raw = proposed
    proposed = [f for f in proposed if well_formed(f)]   # the others are errors (proposal_errors)
    confirmed = [f for f in proposed if f.get("confirmed") is True]
    waiting = [f for f in proposed if f.get("confirmed") is not True]
    marked = [dict(f, confirmed_figure=True) for f in curated + confirmed if well_formed(f)]
    return {"figures": curated + confirmed, "confirmed_proposed": confirmed, "waiting_figures": waiting,
            "proposed_raw": raw,
            "all_figures": marked + [dict(f, confirmed_figure=False) for f in waiting]}


def well_formed(f):
    """A figure entry others can read: a mapping with every required field, a number for value, a
    label with its Chinese, and `confirmed` (when given) true or false."""
    return (isinstance(f, dict) and all(f.get(k) not in (None, "") for k in REQUIRED)
            and isinstance(f["value"], (int, float)) and not isinstance(f["value"], bool)
            and isinstance(f["label"], dict) and isinstance(f["label"].get("zh"), str)
            and isinstance(f.get("confirmed", False), bool))


def proposal_errors(path, proposed):
    """One error per proposed entry no one can read, naming it and what was expected."""
    errors = []
    for i, f in enumerate(proposed or []):
        if not well_formed(f):
            where = f["id"] if isinstance(f, dict) and isinstance(f.get("id"), str) else f"[{i}]"
            errors.append(ReportError(path, where, "expected a mapping with " + ", ".join(REQUIRED) + " (value a "
                                      "number, label {zh: …, en: …}) and confirmed: true or false"))
    return errors
