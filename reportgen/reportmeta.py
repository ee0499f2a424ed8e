"""report.yaml from what a report's text gives: title, year, place, level, dateline and speaker, with an
English title formed where the place has a known English name (the 34 province-level divisions and the
nation), listed under needs_review for an editor to check."""

import re

# The province-level divisions: a closed set, with the English names in official use.
PROVINCE_LEVEL = {
    "北京市": "Beijing Municipality", "天津市": "Tianjin Municipality", "上海市": "Shanghai Municipality",
    "重庆市": "Chongqing Municipality", "河北省": "Hebei Province", "山西省": "Shanxi Province",
    "辽宁省": "Liaoning Province", "吉林省": "Jilin Province", "黑龙江省": "Heilongjiang Province",
    "江苏省": "Jiangsu Province", "浙江省": "Zhejiang Province", "安徽省": "Anhui Province",
    "福建省": "Fujian Province", "江西省": "Jiangxi Province", "山东省": "Shandong Province",
    "河南省": "Henan Province", "湖北省": "Hubei Province", "湖南省": "Hunan Province",
    "广东省": "Guangdong Province", "海南省": "Hainan Province", "四川省": "Sichuan Province",
    "贵州省": "Guizhou Province", "云南省": "Yunnan Province", "陕西省": "Shaanxi Province",
    "甘肃省": "Gansu Province", "青海省": "Qinghai Province", "台湾省": "Taiwan Province",
    "内蒙古自治区": "Inner Mongolia Autonomous Region", "广西壮族自治区": "Guangxi Zhuang Autonomous Region",
    "西藏自治区": "Xizang Autonomous Region", "宁夏回族自治区": "Ningxia Hui Autonomous Region",
    "新疆维吾尔自治区": "Xinjiang Uygur Autonomous Region",
    "香港特别行政区": "Hong Kong Special Administrative Region", "澳门特别行政区": "Macao Special Administrative Region",
}
MUNICIPALITIES = {"北京市", "天津市", "上海市", "重庆市"}
NATION = ("全国", "China")
TITLE_EN = "Report on the Work of the Government"
_PLACE = r"[\u4e00-\u9fff]{1,14}?(?:特别行政区|自治区|自治州|自治县|自治旗|省|市|县|区|州|盟|旗)"
_OFFICE = r"(?:代理)?代?(?:省长|市长|县长|区长|州长|盟长|旗长|主席|行政长官)"


def place_of(meta, parts=()):
    """(zh, level) of the government the report speaks for, or (None, None) when the text does not say."""
    dateline, speaker, title = meta.get("dateline", ""), meta.get("speaker", ""), meta.get("title", "")
    if "全国人民代表大会" in dateline or speaker.startswith("国务院"):
        return NATION[0], "national"
    candidates = [re.sub(r"^(?:\d{4}年)?(.*?)(?:\d{4}年)?(?:人民)?政府工作报告$", r"\1", title.replace(" ", "")),
                  _match(rf"在({_PLACE})第?[一二三四五六七八九十]+届", dateline),
                  _match(rf"^({_PLACE}?)(?:人民政府)?\s*{_OFFICE}", speaker)]
    for zh in candidates:
        if zh and len(zh) >= 2 and re.fullmatch(_PLACE, zh):
            return zh, level_of(zh)
    return None, None


def _match(pattern, text):
    m = re.search(pattern, text)
    return m.group(1) if m else None


def level_of(zh):
    if zh in MUNICIPALITIES:
        return "municipality"
    if zh in PROVINCE_LEVEL:
        return "province"
    if zh.endswith(("自治州", "州", "盟", "市")):
        return "city"
    if zh.endswith("区"):
        return "district"
    return "county"


def year_of(meta, parts):
    """The year the session is held: the dateline's, else the latest year a part heading plans for."""
    m = re.match(r"^(\d{4})年", meta.get("dateline", ""))
    if m:
        return int(m.group(1))
    years = [int(y) for p in parts for y in re.findall(r"(?<!\d)(\d{4})年", p.get("title", ""))]
    return max(years) if years else None


def report_yaml(doc):
    """(data, notes): report.yaml's content for a freshly ingested zh.yaml, and what an editor should know."""
    meta, parts = doc.get("meta", {}), doc.get("parts", [])
    zh_place, level = place_of(meta)
    year = year_of(meta, parts)
    title_zh = meta.get("title") or "政府工作报告"
    if zh_place and zh_place not in title_zh and zh_place != NATION[0]:
        title_zh = zh_place + title_zh
    if year and str(year) not in title_zh:
        title_zh = f"{year}年{title_zh}"  # 2025年米易县政府工作报告: reports of several years tell apart
    short_zh = f"{zh_place}政府工作报告" if zh_place and zh_place != NATION[0] else "政府工作报告"
    en = NATION[1] if zh_place == NATION[0] else PROVINCE_LEVEL.get(zh_place)
    data = {"title": {"zh": title_zh}, "short_title": {"zh": short_zh}}
    notes, review = [], []
    if en:
        data["title"]["en"] = f"{TITLE_EN}: {en}, {year}" if year else f"{TITLE_EN}: {en}"
        data["short_title"]["en"] = f"{en} Work Report" if zh_place != NATION[0] else "Government Work Report"
        review += ["title.en", "short_title.en"]
    if year:
        data["year"] = year
    if zh_place:
        data["place"] = {"zh": zh_place, **({"en": en} if en else {})}
        data["level"] = level
        review += ["place.en"] if en else []
    for key in ("dateline", "speaker"):
        if meta.get(key):
            data[key] = meta[key]
    if review:
        data["needs_review"] = review
    if not zh_place:
        notes.append("the text names no place (no dateline or speaker): add place and level to report.yaml")
    elif not en:
        notes.append(f"no English name is known for {zh_place}: title.en, short_title.en and place.en left out "
                     "(the English pages show the Chinese, marked untranslated) until an editor adds them")
    if not year:
        notes.append("the text gives no year: add year to report.yaml")
    return data, notes


LEVELS = ("national", "municipality", "province", "city", "district", "county")


def landing_groups(reports):
    """[(year or None, [report, …])]: newest year first, then by level (nation to county) and place;
    reports whose report.yaml gives no year come last."""
    def key(r):
        meta = r["meta"]
        level = meta.get("level")
        place = meta.get("place") or {}
        return (LEVELS.index(level) if level in LEVELS else len(LEVELS),
                place.get("zh", "") if isinstance(place, dict) else "", r["id"])
    years = {}
    for r in reports:
        year = r["meta"].get("year")
        years.setdefault(year if isinstance(year, int) else None, []).append(r)
    order = sorted((y for y in years if y is not None), reverse=True) + ([None] if None in years else [])
    return [(y, sorted(years[y], key=key)) for y in order]
