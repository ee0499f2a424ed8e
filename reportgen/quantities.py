"""Quantities in a sentence of a work report: the number as written (digits, or words such as 三成,
翻一番, 过半, 两位数), its scale (万, 亿, 万亿), unit and qualifier, and the near-misses that are not
figures (years, dates, ordinals, versions, names such as 5G or “235”)."""

import re

# Units a figure is counted or measured in, longest first so 平方公里 wins over 公里 and 人次 over 人.
UNITS = sorted("""% ‰ 个百分点 百分点 元 美元 家 个 人次 人 名 位 户次 户 场 条 公里 千米 米 平方米 平方公里 亩 公顷 套 栋 幢
处 件 项 台 辆 吨 标准箱 千瓦时 千瓦 瓦 斤 公斤 所 座 只 部 倍 张 批 天 小时 艘 架 列 班次 间 床 篇 册 种 款 宗
个点 万人次 次 份 支 笔 门 类 组 片 根 盏 块 棵 株 头 口 眼 微克 毫克 克 立方米 兆瓦 千公顷
学生 纳税人 群众 游客 居民 职工 农民工 毕业生 家庭 患者 老人 儿童""".split(),   # the last: people counted by a noun
                key=len, reverse=True)
UNIT_RE = "|".join(re.escape(u) for u in UNITS)
DIGITS = r"\d+(?:,\d{3})*(?:\.\d+)?"
PER = r"(?:/(?:百亿元|万元|亿元|[\u4e00-\u9fff]{1,3}?)(?=左右|以上|以下|以内|[，。；、）)]|$))?"   # 58万元/人, 27微克/立方米
NUMBER = re.compile(rf"(?P<num>{DIGITS})(?P<more>余|多)?(?P<scale>万亿|亿|万)?(?P<unit>(?:{UNIT_RE}){PER})")
# Words that state a figure: 三成 (30%), 过半 (over half), 翻一番 (doubled), 两位数 (double-digit growth).
CN_DIGIT = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
WORDS = re.compile(r"(?P<word>翻(?P<times>[一两三])番|(?<![一二三四五六七八九两建完形达组促构变])"
                   r"(?P<tenths>[一二三四五六七八九])成(?=以上|左右|多|，|。|、|；|的|$)"
                   r"|过半(?!数)|半数以上|两位数)")
NOT_A_FIGURE_BEFORE = re.compile(r"(第|[A-Za-z]|[+＋]|“|\.)$")
NOT_A_FIGURE_AFTER = re.compile(r"^([A-Za-z]|[+＋]|”|\.\d|版)")

# Qualifiers: around the number (以上, 左右 after it; 超过, 不少于, 近 before it), or for the sentence (预计).
AFTER = (("以上", "over"), ("左右", "about"), ("以内", "under"), ("以下", "under"))
BEFORE = (("不少于", "at least"), ("不低于", "at least"), ("至少", "at least"), ("不超过", "under"),
          ("控制在", "under"), ("超过", "over"), ("突破", "over"), ("超", "over"), ("逾", "over"),
          ("接近", "nearly"), ("将近", "nearly"), ("近", "nearly"), ("约", "about"), ("累计", "cumulative"))
RANGE = "-—～~至"
SENTENCE_WIDE = (("预计", "estimated"),)


def find_numbers(clause):
    """(start, end, value, scale, unit, written) for each figure in the clause, in order; `written`
    is the number in words when the text gives it so (None for digits)."""
    found = []
    for m in NUMBER.finditer(clause):
        if _near_miss(clause, m.start(), m.end()):
            continue
        value = float(m.group("num").replace(",", ""))
        value = int(value) if value.is_integer() and "." not in m.group("num") else value
        found.append((m.start(), m.end(), value, m.group("scale"), m.group("unit"), None, m.group("more")))
    for m in WORDS.finditer(clause):
        value, qualifier = _word_value(m)
        found.append((m.start(), m.end(), value, None, "%", m.group("word"), qualifier))
    return sorted(found)


def _near_miss(clause, start, end):
    """Digits that belong to a name, a version, an ordinal or a slogan, not a quantity."""
    before, after = clause[max(0, start - 1):start], clause[end:end + 2]
    if NOT_A_FIGURE_BEFORE.search(before) or NOT_A_FIGURE_AFTER.search(after):
        return True
    return False


def _word_value(m):
    word = m.group("word")
    if m.group("times"):  # 翻一番: doubled, an increase of 100%; 翻两番: four times, of 300%
        return 100 * (2 ** CN_DIGIT[m.group("times")] - 1), None
    if m.group("tenths"):
        return 10 * CN_DIGIT[m.group("tenths")], None
    if word == "两位数":
        return 10, "at least"
    return 50, "over"   # 过半, 半数以上


def qualifier(clause, start, end, more, sentence_before):
    """The qualifier the text gives this number: the words right after it, then right before it, then
    the sentence's own (预计 anywhere before it in the sentence)."""
    if more in ("余", "多"):
        return "over"
    if more:
        return more
    if clause[end:end + 1] in RANGE and clause[end + 1:end + 2].isdigit():
        return "at least"           # 4.5%-5%: the low end of a range
    if start > 1 and clause[start - 1] in RANGE and re.search(rf"\d(?:万亿|亿|万)?(?:{UNIT_RE})?$", clause[:start - 1]):
        return "under"              # and its high end (提升至7.6万元 is no range)
    tail = clause[end:end + 2]
    for word, q in AFTER:
        if tail.startswith(word):
            return q
    head = clause[:start]
    for word, q in BEFORE:
        for ending in (word, word + "到", word + "了"):
            if head.endswith(ending) and not _inside_word(head[:-len(ending)], word):
                return q
    if re.search(r"(?:降幅|增幅|涨幅)?超过$", head):
        return "over"
    for word, q in SENTENCE_WIDE:
        if word in sentence_before:
            return q
    if "累计" in head:
        return "cumulative"
    return None


def _inside_word(before, word):
    """约 of 签约 or 节约, 近 of 附近 or 最近, 超 of 高超: the character closes another word."""
    return len(word) == 1 and before[-1:] != "" and before[-1:] in "签节制预契公条合协附最将临接就高赶"


def tail_qualifier_len(clause, end):
    """How many characters after the number belong to it (以上, 左右 …), for the fragment."""
    for word, _ in AFTER:
        if clause[end:].startswith(word):
            return len(word)
    return 0


def word_value(written):
    """The value a number word states (三成 → 30), or None when `written` is not one."""
    m = WORDS.fullmatch(written)
    return _word_value(m)[0] if m else None
