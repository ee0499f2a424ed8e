"""What a figure measures, from the words around its number: a short Chinese label (地区生产总值增长),
the subject and direction it compares on (地区生产总值, up), its measure (level, growth, count,
amount, share) and a theme. Word lists, not a parser: the genre says these things in few ways."""

import re

# Words that open a clause without naming anything (预计, 力争 …) or close it before the number (达到, 突破 …).
LEADING = ("预计", "力争", "全年", "累计", "其中", "共计", "共", "同比", "年均", "平均", "分别", "比上年", "较上年",
           "全区", "全市", "全省", "全县", "全国", "今年", "去年", "一年来", "我们", "要", "将", "拟", "确保", "努力")
TRAILING = ("总数达", "达到", "达", "为", "突破", "超过", "超", "逾", "近", "约", "接近", "将近", "不少于", "不低于",
            "至少", "控制在", "稳定在", "保持在", "提高到", "提高至", "提升到", "提升至", "上升到", "上升至", "增至",
            "增加到", "下降到", "下降至", "降至", "跃上", "首次", "平均", "分别", "累计", "年均", "均", "了", "在",
            "按", "拟按", "拟", "同比", "实现", "完成", "由", "保持", "是", "的")
UP = ("同比增长", "增长", "增速", "增幅", "涨幅", "上涨", "提高", "提升", "增加", "上升")
DOWN = ("降幅", "下降", "降低", "减少", "回落", "下调")
SHARE_WORDS = ("率", "比重", "占比", "比例", "覆盖", "普及", "份额", "占")
STOCK_WORDS = ("总数", "总量", "总额", "余额", "保有", "规模", "达到", "达", "突破", "超过", "超", "累计")
VALUE_WORDS = ("总额", "余额", "生产总值", "增加值", "固定资产投资", "完成投资", "成交额", "收入", "规模", "总量",
               "销售额", "零售", "贸易额", "进出口", "储备", "存贷款", "产值", "营收")
ACTION_WORDS = ("新增", "新建", "新开工", "开工", "引进", "签约", "举办", "开展", "筹集", "改造", "建设", "投放",
                "培育", "推出", "打造", "入库", "申报", "完成", "新设", "新改建", "排查", "治理", "认定", "获评")
THEMES = (  # first match wins: the more specific themes come first
    ("digital", ("数字", "5G", "算力", "应用场景", "数据", "智慧", "互联网", "软件", "人工智能")),
    ("innovation", ("科技", "创新", "高新技术", "专利", "研发", "人才", "技术合同", "专精特新", "孵化")),
    ("environment", ("绿色", "生态", "垃圾", "公园", "林", "碳", "能耗", "污染", "空气", "水质", "PM2.5", "细颗粒物",
                     "环境", "排放", "新能源", "节能", "植树", "造林", "湿地")),
    ("safety", ("安全", "隐患", "危房", "燃气", "应急", "事故", "消防", "防汛")),
    ("jobs", ("就业", "岗位", "招聘", "失业", "创业", "务工", "保障性", "住房", "租赁")),
    ("education", ("学位", "学校", "教育", "学生", "幼儿园", "学前", "高校", "教师")),
    ("health", ("医疗", "医生", "养老", "托位", "托育", "健康", "医保", "医院", "卫生", "床位")),
    ("culture", ("文化", "旅游", "文旅", "演出", "体育", "游客", "非遗", "赛事")),
    ("governance", ("建议", "提案", "信访", "法规", "执法", "政务", "法律议案", "督查", "审批")),
    ("urban", ("城市", "停车", "道路", "路", "老旧小区", "更新", "交通", "城镇化", "地铁", "管网", "电梯", "征收")),
    ("investment", ("投资", "项目", "招商", "引资", "资金", "债券", "国债")),
    ("business", ("企业", "经营主体", "市场主体", "律所", "减税", "降费", "商户", "上市")),
)


def strip_words(text):
    """The label's words: the clause before the number without the words that only lead into it."""
    text = text.strip(" ")
    changed = True
    while changed and text:
        changed = False
        for w in LEADING:
            if text.startswith(w) and len(text) > len(w):
                text, changed = text[len(w):], True
        for w in TRAILING:
            if text.endswith(w) and not (len(w) == 1 and text[-2:-1] and text[-2:-1] in "签节制预契公条合协附最将临接就高赶"):
                text, changed = text[:-len(w)], True
    return text


def after_words(text):
    """The noun a number stands before (35个重大项目开工新建 → 重大项目开工新建), cut at 12 characters."""
    return re.split(r"[，。；：、（(]", text, maxsplit=1)[0][:12].strip("的")


def direction(label):
    for w in DOWN:
        if w in label:
            return "down"
    for w in UP:
        if w in label:
            return "up"
    return None


def subject(label):
    """The thing measured, with the words of change taken out: 居民消费价格涨幅 → 居民消费价格."""
    for w in DOWN + UP:
        label = label.replace(w, "")
    return strip_words(label)


def measure(label, before, unit, written=None):
    if written:
        return "growth" if ("番" in written or written == "两位数") else "share"
    if unit in ("%", "‰", "个百分点", "百分点", "个点"):
        if unit != "%" and unit != "‰":
            return "growth"
        if any(w in label for w in SHARE_WORDS):
            return "share"
        return "growth" if direction(label) else "share"
    if unit.endswith("元"):
        return "level" if any(w in label for w in VALUE_WORDS) else "amount"
    if any(w in before for w in STOCK_WORDS) and not any(w in label for w in ACTION_WORDS):
        return "level"
    return "count"


def theme(label, clause):
    for text in (label, clause):
        for name, words in THEMES:
            if any(w in text for w in words):
                return name
    return "economy"
