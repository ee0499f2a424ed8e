"""Part and section numbers as the reports print them: Chinese numerals from 一 to 九百九十九 (read and
written) and Roman numerals (written, for the English edition). A report may have over a hundred parts or
sections (一百、, （一百二十）), so reading stops at 999, not at 99."""

import re

DIGITS = "零一二三四五六七八九"
NUMERAL_CHARS = "零一二三四五六七八九十百"  # what a heading's numeral may be made of (a regex class)
HIGHEST = 999
_D = "[一二三四五六七八九]"
_BELOW_100 = re.compile(rf"({_D})|({_D})?十({_D})?")
_NUMBER = re.compile(rf"(?:({_D})百)?(零)?(.*)")
ROMAN = [(1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"), (40, "XL"),
         (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]


def _below_100(text):
    m = _BELOW_100.fullmatch(text)
    if not m:
        return None
    if m.group(1):
        return DIGITS.index(m.group(1))
    return (DIGITS.index(m.group(2)) if m.group(2) else 1) * 10 + (DIGITS.index(m.group(3)) if m.group(3) else 0)


def cn_number(text):
    """一 → 1, 十二 → 12, 一百 → 100, 一百零五 → 105, 一百二十 → 120 (一百十 is read as 110 too);
    None for 三一, 十十, 一百五 and other strings of numerals that are no number, which the callers then
    treat as out of order."""
    m = _NUMBER.fullmatch(text)
    hundreds, zero, rest = m.groups()
    if hundreds is None:
        return None if zero else _below_100(rest)
    value = DIGITS.index(hundreds) * 100
    if not rest:
        return None if zero else value
    below = _below_100(rest)
    if below is None or (zero and below >= 10) or (not zero and below < 10):
        return None  # 一百零十 and 一百五 (colloquial for 150, never printed as a number) are no numbers
    return value + below


def cn(number):
    """1 → 一, 12 → 十二, 105 → 一百零五, 120 → 一百二十: how a number is printed in a heading."""
    hundreds, rest = divmod(number, 100)
    if not hundreds:
        tens, units = divmod(rest, 10)
        if not tens:
            return DIGITS[units]
        return (DIGITS[tens] if tens > 1 else "") + "十" + (DIGITS[units] if units else "")
    head = DIGITS[hundreds] + "百"
    if not rest:
        return head
    if rest < 10:
        return head + "零" + DIGITS[rest]
    tens, units = divmod(rest, 10)
    return head + DIGITS[tens] + "十" + (DIGITS[units] if units else "")


def roman(number):
    out = ""
    for value, letters in ROMAN:
        while number >= value:
            out += letters
            number -= value
    return out
