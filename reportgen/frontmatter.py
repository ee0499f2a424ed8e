"""The title block before the report's first words: title, dateline, speaker and photo captions, with
the web page's header (toolbar, page title, source and time lines, abstract) set aside and listed."""

import re

from .furniture import furniture_kind

DATE_START_RE = re.compile(r"^(?:\d{4}|[〇零一二三四五六七八九]{4})年\d{1,2}月\d{1,2}日")
SESSION_RE = re.compile(r"^(.*?(?:会议上|大会上))[）)]?\s*(.*)$")
OFFICE_RE = re.compile(r"(?:总理|主席|省长|市长|县长|区长|州长|盟长|旗长|镇长|乡长|主任|行政长官)")
CAPTION_RE = re.compile(r"作(?:《)?政府工作报告|(?:记者|摄影)\s*\S{1,12}\s*摄\s*$|\S摄$")
_DASHES = "—–－-─ "


def front_matter(front, notes):
    """(meta, unclaimed lines, repeated-start lines): meta holds title, dateline, speaker and captions as
    found; unclaimed lines open the report's text instead of being dropped."""
    front = _rejoin_dateline(front, notes)
    d = next((i for i, (_, line) in enumerate(front) if _dateline(line)), None)
    titles = [i for i, (_, line) in enumerate(front) if _title_like(line) and (d is None or i <= d)]
    t = titles[-1] if titles else None
    meta, starts, unclaimed = {}, set(), []
    abstract_next = False
    for i, (n, line) in enumerate(front):
        if abstract_next:
            abstract_next = False
            notes.remove(n, line, "page abstract")
            continue
        if i == t:
            line = _take_title(line, meta, starts)
            if not line:
                continue
        if "dateline" not in meta and _dateline(line):
            starts.add(line)
            line = _take_dateline(line, meta)
            if not line:
                continue
        if CAPTION_RE.search(line) and len(line) <= 120:
            meta.setdefault("captions", []).append(line)
            continue
        if "speaker" not in meta and (t is not None or d is not None) and i >= max(x for x in (t, d) if x is not None) \
                and _speaker_like(line):
            meta["speaker"] = line
            starts.add(line)
            continue
        kind = furniture_kind(line)
        if kind or (t is not None and i < t and _title_like(line)):
            notes.remove(n, line, kind or "page title")
            abstract_next = bool(re.match(r"^(?:内容)?摘要\s*[：:]$", line))
            continue
        if t is not None and i < t:
            notes.warn(n, "text before the report's title, kept at the start of the report")
        unclaimed.append((n, line))
    return _ordered(meta), unclaimed, starts


def _ordered(meta):
    return {k: meta[k] for k in ("title", "dateline", "speaker", "captions") if k in meta}


def _title_like(line):
    bare = line.replace(" ", "").partition("——")[0]
    return "报告" in bare and len(bare) <= 40 and "。" not in bare and not furniture_kind(line) \
        and not DATE_START_RE.match(bare.lstrip(_DASHES))


def _take_title(line, meta, starts):
    """政 府 工 作 报 告 → 政府工作报告; a dateline on the same line (报告——2024年…会议上…) is left to follow."""
    starts.add(line)
    title, sep, rest = line.partition("——")
    meta["title"] = re.sub(r"(?<=\S) (?=\S)", "", title).strip()
    return rest.strip() if sep else ""


def _dateline(line):
    core = line.strip(_DASHES + "（(")
    return bool(DATE_START_RE.match(core) and SESSION_RE.match(core)) or bool(
        re.match(r"^[—–－-]", line) and SESSION_RE.match(core))


def _take_dateline(line, meta):
    m = SESSION_RE.match(line.strip(_DASHES + "（("))
    meta["dateline"] = m.group(1).strip()
    return m.group(2).strip()


def _speaker_like(line):
    return len(line) <= 40 and not re.search(r"[。，；！？]", line) and bool(OFFICE_RE.search(line)) \
        and not furniture_kind(line)


def _rejoin_dateline(front, notes):
    """A dateline broken across two lines (——2026年1月27日在湖北省第十四届 / 人民代表大会第四次会议上)."""
    out = list(front)
    for i in range(len(out) - 1):
        (n, a), (_, b) = out[i], out[i + 1]
        core = a.strip(_DASHES + "（(")
        if DATE_START_RE.match(core) and not SESSION_RE.match(core) and SESSION_RE.match(b) and len(b) <= 40:
            notes.join(n, a, b)
            out[i:i + 2] = [(n, a + b)]
            break
    return out
