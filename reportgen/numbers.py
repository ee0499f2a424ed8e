"""The number audit: every number written in digits in a Chinese unit appears in its English unit
with the same value (万 / 亿 / 万亿 scaled, thousands separators, "percent", month names, small
numbers spelled out)."""

import re
from collections import Counter

ZH_NUMBER = re.compile(r"(?<![\d.])(\d+(?:,\d{3})*(?:\.\d+)?)(?:余|多)?(万亿|亿|万)?")
EN_NUMBER = re.compile(r"(?<![\w.])(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?(?:\s*(trillion|billion|million|thousand)\b)?")
ZH_SCALE = {None: 1, "万": 10**4, "亿": 10**8, "万亿": 10**12}
EN_SCALE = {None: 1, "thousand": 10**3, "million": 10**6, "billion": 10**9, "trillion": 10**12}
MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
          "november", "december"]
WORDS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve"]
AUDITED_FIELDS = ("title", "summary", "lead", "text", "label", "definition")


def _key(value):
    return round(value, 6)


def zh_numbers(text):
    return [_key(float(m.group(1).replace(",", "")) * ZH_SCALE[m.group(2)]) for m in ZH_NUMBER.finditer(text)]


def en_numbers(text):
    values = []
    for m in EN_NUMBER.finditer(text):
        number = float(m.group(1).replace(",", "") + (m.group(2) or ""))
        values.append(_key(number * EN_SCALE[m.group(3)]))
    lowered = text.lower()
    values += [_key(i + 1) for i, month in enumerate(MONTHS) for _ in re.finditer(rf"\b{month}\b", lowered)]
    values += [_key(i) for i, word in enumerate(WORDS) for _ in re.finditer(rf"\b{word}\b", lowered)]
    return values


def audit_unit(zh_unit, en_unit):
    """Numbers of the Chinese unit missing from its English counterpart (as a list of values)."""
    zh_text = " ".join(zh_unit.get(f) or "" for f in AUDITED_FIELDS)
    en_text = " ".join(en_unit.get(f) or "" for f in AUDITED_FIELDS)
    missing = Counter(zh_numbers(zh_text)) - Counter(en_numbers(en_text))
    return sorted(missing.elements()), len(zh_numbers(zh_text))


def audit(index, translation):
    """Returns (pairs checked, numbers checked, [(id, missing values)])."""
    pairs = numbers = 0
    problems = []
    for uid, unit in index.items():
        tr = translation.get(uid)
        if not tr:
            continue
        missing, count = audit_unit(unit, tr)
        pairs += 1
        numbers += count
        if missing:
            problems.append((uid, missing))
    return pairs, numbers, problems
