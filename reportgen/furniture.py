"""Web-page furniture around a report's text: toolbars, page metadata, share and related-article lists,
disclaimers, a crawler's placeholders, a second copy of the report. Recognised by the shape of the lines
and by where they stand (before the title block or after the report's last words), never inside the body.
Every line taken out is listed with the reason."""

import re

TOOLBAR = {"下载", "打印", "全屏", "收藏", "加大", "还原", "减小", "【", "】", "大", "中", "小", "分享", "关闭",
           "返回", "默认", "字号", "字体", "打印本页", "关闭窗口", "【打印】", "【关闭】", "【打印本页】", "【关闭窗口】",
           "【字体：大 中 小】", "返回顶部", "繁体", "简体", "纠错", "我要纠错", "【我要纠错】", "收藏本页"}
SHARE_SITES = {"QQ空间", "新浪微博", "腾讯微博", "微信", "微博", "人人网", "开心网", "百度空间", "和讯", "天涯社区",
               "豆瓣", "QQ好友", "朋友圈", "百度贴吧", "Facebook", "Twitter", "QQ", "抖音", "今日头条"}
_META_KEYS = (r"来源|时间|作者|发布时间|发布日期|日期|编辑|责任编辑|阅读|阅读量|浏览|浏览次数|点击|点击数|评论|访问量|"
              r"字号|字体|信息来源|文章来源|发布机构|索引号|标签|分享到|上一篇|下一篇|内容摘要|摘要|关键词")
META_RE = re.compile(rf"^[【\[]?(?:{_META_KEYS})\s*[：:]")
LIST_HEAD_RE = re.compile(r"^(?:相关报道|相关链接|相关文章|相关评论|相关阅读|相关新闻|相关稿件|延伸阅读|本栏最新|本栏推荐|"
                          r"阅读排行|标签云|热门文章|热门推荐|推荐阅读|猜你喜欢|最新文章|精彩推荐|分享到|上一篇|下一篇)"
                          r"\s*[：:>》»]*\s*$")
STRONG_END_RE = re.compile(r"^(?:免责声明|版权(?:所有|声明)|扫一扫在手机打开当前页|相关链接\s*>>|责任编辑\s*[：:]|"
                           r"\(?（?责任编辑|打印本页|关闭窗口)")
DISCLAIMER_RE = re.compile(r"^(?:免责声明|本站|本网|版权|如有侵权|如涉及|凡本网|声明[：:]|Copyright|©)")
DATE_RE = re.compile(r"^(?:\d{4}[-/.年])?\d{1,2}[-/.月]\d{1,2}日?(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?$")
PLACEHOLDER_RE = re.compile(r"^(?:未知标题|无标题|untitled|无题)$", re.I)
WIRE_RE = re.compile(r"^(?:新华社|中新社|人民网|新华网|央视网|中国新闻网)\S{0,12}?\d{1,2}月\d{1,2}日(?:电|讯)\s*$")
_END_PUNCT = "。！？；!?;"
# 【打印】【关闭】, [打印] [关闭窗口]: a run of bracketed toolbar words on one line
TOOL_RUN_RE = re.compile(r"^(?:[【\[](?:打印|关闭|关闭窗口|打印本页|收藏|分享|返回|返回顶部|纠错|大|中|小)[】\]]\s*)+$")
BREADCRUMB_RE = re.compile(r"^(?:当前位置|您的位置|您现在的位置|所在位置)\s*[：:]|^首页\s*[>＞»›]")


def furniture_kind(line):
    """Why a line standing outside the report's body is page furniture, or None for a line of text."""
    bare = line.replace(" ", "")
    if line in TOOLBAR or bare in TOOLBAR or re.match(r"^【(?:字号|字体)[：:]?", line) or TOOL_RUN_RE.match(line):
        return "page toolbar"
    if BREADCRUMB_RE.search(line):
        return "page breadcrumb"
    if PLACEHOLDER_RE.match(line):
        return "crawler placeholder for a missing title"
    if WIRE_RE.match(line):
        return "wire-service dateline"
    if META_RE.match(line):
        return "page metadata"
    if LIST_HEAD_RE.match(line) or STRONG_END_RE.match(line):
        return "page footer"
    if line in SHARE_SITES:
        return "share link"
    if re.fullmatch(r"\d{1,9}", line) or DATE_RE.match(line):
        return "page counter or date"
    return None


def _list_item(line):
    """A related-article title, tag or date in a page's lists: short, no sentence punctuation at its end."""
    return len(line) <= 40 and line[-1] not in _END_PUNCT and "。" not in line


def strip_end(lines, starts, notes):
    """The body and what follows it, without the page's footer and a second copy of the report.
    `starts`: the title block's lines, whose repeat after the body opens a second copy."""
    cut = _footer_start(lines)
    for n, line in lines[cut:]:
        notes.remove(n, line, _footer_reason(line))
    return _strip_second_copy(lines[:cut], starts, notes)


def _footer_reason(line):
    kind = furniture_kind(line)
    if kind:
        return kind
    if DISCLAIMER_RE.match(line):
        return "page footer (disclaimer)"
    return "page footer (list of links or tags)"


def _footer_start(lines):
    """Index where the footer begins: its topmost heading (相关报道：, 标签：, 免责声明…), below which every line
    is furniture or an entry of the footer's lists. len(lines) when the text ends with the report."""
    from .parse import ENTRY_RE, PART_RE, SECTION_RE
    cut = len(lines)
    for i in range(len(lines) - 1, -1, -1):
        line = lines[i][1]
        kind = furniture_kind(line)
        if kind in ("page footer", "page metadata", "page toolbar") or DISCLAIMER_RE.match(line):
            cut = i
        elif kind or (_list_item(line) and not (PART_RE.match(line) or SECTION_RE.match(line) or ENTRY_RE.match(line))):
            continue  # a share link, date, counter, or an entry of a list whose heading is above it
        else:
            break
    return cut


def _strip_second_copy(lines, starts, notes):
    """A page that prints the report twice: from a repeat of its title, dateline, speaker or first
    paragraph to the end, every line a repeat (or the start of one)."""
    if len(lines) < 4:
        return lines
    seen = [t for _, t in lines]
    first = {seen[1]} if len(seen[1]) > 20 else set()
    for j in range(2, len(lines)):
        if (lines[j][1] in starts or lines[j][1] in first) and _repeats(lines[j:], list(starts) + seen[:j]):
            for n, line in lines[j:]:
                notes.remove(n, line, "second copy of the report")
            return lines[:j]
    return lines


def _repeats(tail, earlier):
    known = set(earlier)
    return all(t in known or any(e.startswith(t) for e in earlier if len(t) >= 8) or furniture_kind(t)
               or DISCLAIMER_RE.match(t) for _, t in tail)
