"""What follows the report's last words: attachments (附件1, 附件2 …, each its own page; a numbered list
inside one is a list, never parts) and the glossary (名词解释, 注释, ※名词解释※, 附件 + …名词注释), its
entries numbered 1. / [1] / ［1］, a definition on the entry's line or the next, or broken across lines."""

import re

from .errors import ReportError
from .joins import ends_sentence
from .parse import ENTRY_RE

APPENDIX_RE = re.compile(r"^(附件|附录)\s*(\d{1,2}|[一二三四五六七八九十]{1,3})?\s*(?:[：:]\s*(.*))?$")
GLOSSARY_RE = re.compile(r"^※?\s*[【\[［]?(.{0,24}?(?:名词解释|名词注释|词语解释|名词释义|注释|注解))[】\]］]?\s*※?$")


def appendix_heading(line):
    m = APPENDIX_RE.match(line)
    return bool(m) and len(line) <= 40 and "。" not in line


def glossary_heading(line):
    return bool(GLOSSARY_RE.match(line)) and not re.search(r"[，。；]", line)


def split_off(lines):
    """(body lines, appendix lines): the appendices start at the first 附件/glossary heading after a part."""
    from .body import bare_heading, numbered_heading
    from .parse import ORDINAL_RE
    seen_part = False
    for i, (_, line) in enumerate(lines):
        seen_part = seen_part or numbered_heading(line) or bare_heading(line) or bool(ORDINAL_RE.match(line))
        if seen_part and i and (appendix_heading(line) or glossary_heading(line)):
            return lines[:i], lines[i:]
    return lines, []


def parse_appendices(path, lines, notes):
    """{"appendix": glossary, "appendices": [attachments]}, each key only when the text has one."""
    out = {}
    for block in _blocks(lines):
        if _is_glossary(block):
            if "appendix" in out:
                _second_glossary(path, block, out["appendix"]["entries"], notes)
            else:
                out["appendix"] = _glossary(path, block, notes)
        else:
            out.setdefault("appendices", []).append(_attachment(path, block))
    return out


def _second_glossary(path, block, entries, notes):
    """A heading inside the glossary followed by more entries: the heading's lines stay, in the definition
    before them, and the entries follow the first ones'."""
    first = next((i for i, (_, line) in enumerate(block) if ENTRY_RE.match(line)), len(block))
    notes.warn(block[0][0], "a second appendix heading inside the glossary; kept in the definition before it, "
               "its entries follow the glossary's")
    for n, line in block[:first]:
        _continue_definition(entries[-1], n, line, notes)
    if first < len(block):
        _glossary(path, block[first:], notes, entries)


def _blocks(lines):
    """One block per 附件 heading or glossary heading (a glossary title right after 附件 stays with it)."""
    blocks, glossary_seen = [], False
    for n, line in lines:
        # a second glossary heading inside the glossary is text of it, never a glossary of its own
        starts = appendix_heading(line) or (glossary_heading(line) and not glossary_seen)
        after_attachment = blocks and len(blocks[-1]) == 1 and appendix_heading(blocks[-1][0][1])
        glossary_seen = glossary_seen or glossary_heading(line)
        if starts and not (glossary_heading(line) and after_attachment):
            blocks.append([(n, line)])
        else:
            blocks[-1].append((n, line))
    return blocks


def _is_glossary(block):
    rest = block[1:]
    if glossary_heading(block[0][1]) or (rest and glossary_heading(rest[0][1])):
        return True
    return bool(rest) and bool(ENTRY_RE.match(rest[0][1])) and re.search(r"[：:]", rest[0][1]) is not None


def _attachment(path, block):
    """附件1 / title / paragraphs: list items keep their printed marker (一、…)."""
    (n, heading), rest = block[0], block[1:]
    m = APPENDIX_RE.match(heading)
    label = (m.group(1) + (m.group(2) or "")).strip()
    title = (m.group(3) or "").strip()
    if not title and rest and len(rest[0][1]) <= 40 and "。" not in rest[0][1]:
        title, rest = rest[0][1], rest[1:]
    if not rest:
        raise ReportError(path, n, "appendix has no numbered entries; expected 1.术语：释义")
    item = {"label": label, "title": title or label, "paragraphs": [{"text": t} for _, t in rest]}
    return item


def _glossary(path, block, notes, entries=None):
    """The glossary's heading, title and entries; with `entries`, more entries that follow those."""
    appendix, start = {}, len(entries or [])
    entries = [] if entries is None else entries
    for n, line in block:
        if not entries and appendix_heading(line) and "heading" not in appendix and "title" not in appendix:
            appendix["heading"] = line
        elif not entries and glossary_heading(line) and "title" not in appendix:
            appendix["title"] = GLOSSARY_RE.match(line).group(1).strip()
        elif ENTRY_RE.match(line):
            if not _list_in_definition(entries, ENTRY_RE.match(line), n, notes):
                expected = entries[-1]["number"] + 1 if entries else 1
                entries.append(_entry(path, n, ENTRY_RE.match(line), expected, notes))
        elif not entries:
            raise ReportError(path, n, "text in the appendix before its first numbered entry; expected entries "
                              "such as 1.术语：释义 or ［1］术语：")
        else:
            _continue_definition(entries[-1], n, line, notes)
    if not entries:
        raise ReportError(path, block[0][0], "appendix has no numbered entries; expected 1.术语：释义")
    for e in entries[start:]:
        if not e["definition"]:
            if e.pop("colon"):
                raise ReportError(path, e["line"], f"glossary entry {e['number']} ({e['label']}) has no definition")
            raise ReportError(path, e["line"], f"glossary entry {e['number']} has no 'term：definition'; expected "
                              "the term, a colon, then its definition")
        e.pop("colon", None)
        del e["line"]
    appendix["entries"] = entries
    return appendix


def _list_in_definition(entries, m, n, notes):
    """A number lower than the next entry's (1. 2. under 5.四个一批：) numbers a list inside the definition
    before it: the line stays in that definition."""
    number = int(m.group(1) or m.group(2))
    if not entries or number > entries[-1]["number"]:
        return False
    notes.warn(n, f"glossary entry number {number} after entry {entries[-1]['number']}: kept in that entry's "
               "definition, as a list inside it")
    entries[-1]["definition"] = (entries[-1]["definition"] + "\n" + m.group(0)).strip()
    return True


def _entry(path, n, m, expected, notes):
    number = int(m.group(1) or m.group(2))
    if number != expected:
        notes.warn(n, f"glossary entry {number} is out of order: expected entry {expected}; kept as printed")
    text = m.group(3)
    label, sep, definition = text.partition("：")
    if not sep:
        label, sep, definition = text.partition(":")
    if not label.strip():
        raise ReportError(path, n, f"glossary entry {number} has no 'term：definition'; expected the term, a "
                          "colon, then its definition")
    label = (label if sep else text).strip()
    return {"number": number, "label": label, "terms": split_terms(label), "definition": definition.strip(),
            "line": n, "colon": bool(sep)}


def _continue_definition(entry, n, line, notes):
    """The next line of a definition: a new paragraph of it, or the rest of a sentence broken off."""
    if not entry["definition"]:
        entry["definition"] = line
    elif ends_sentence(entry["definition"]):
        entry["definition"] += "\n" + line
    else:
        notes.join(n, entry["definition"], line)
        entry["definition"] += line


def split_terms(label):
    """“三库”“两算”“三评” → three terms; “一路一证”综合许可 → one term, written without quotes."""
    quoted = re.findall(r"“([^”]+)”", label)
    rest = re.sub(r"“[^”]+”", "", label).strip()
    if len(quoted) > 1 and not rest.strip("、，和及与 "):
        return quoted
    return [label.replace("“", "").replace("”", "").replace('"', "").strip()]
