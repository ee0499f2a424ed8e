"""The report's body: opening paragraphs, then parts (一、…, 第一部分, or unnumbered headings such as
2022年工作回顾), each with an intro, sections (（一）… standalone or run into their body, in one or more
numbered runs; 一、… inside unnumbered parts), and closing paragraphs."""

import re

from .errors import ReportError
from .joins import rejoin
from .parse import LEAD_RE, ORDINAL_RE, PART_RE, SALUTATION_RE, SECTION_RE, cn, cn_number, paragraph

BARE_START_RE = re.compile(r"^(?:(?:19|20)\d\d|[〇零一二三四五六七八九]{4})年|^“十[一二三四五六七八九]五”|"
                           r"^(?:过去|今后|未来)(?:[一二三四五六七八九十]+|\d+)年|政府自身建设$|"
                           r"^(?:今年|明年|本届政府).{0,12}(?:工作|任务|目标|安排|建议)$")


# The closing part, unnumbered even where the parts before it are numbered (一、… 二、… 加强政府自身建设).
SELF_BUILDING_RE = re.compile(r"^(?:全面|切实|持续|不断|进一步|着力)?加强政府自身建设$")


def bare_heading(line):
    """An unnumbered part heading alone on its line: 2022年工作回顾, 二〇二五年主要目标任务, 全面加强政府自身建设."""
    return (len(line) <= 30 and not re.search(r"[，。；：！？,;:!?“]$|[，。；：！？]", line) and "报告" not in line
            and not re.search(r"\d+月\d+日", line) and not line.startswith("——") and bool(BARE_START_RE.search(line))
            and not PART_RE.match(line) and not SECTION_RE.match(line))


def numbered_heading(line):
    return bool(PART_RE.match(line)) and len(line) <= 60 and "。" not in line


def body_start(lines):
    """Index of the report's first words: the first salutation (各位代表：) or part heading."""
    for i, (_, line) in enumerate(lines):
        if SALUTATION_RE.match(line) or line == "各位代表" or numbered_heading(line) or ORDINAL_RE.match(line):
            return i
    return next((i for i, (_, line) in enumerate(lines) if bare_heading(line)), None)


def part_style(lines):
    """numbered (一、 parts, （一） sections), ordinal (第一部分) or bare (unnumbered parts, 一、 sections):
    the style of the first part heading, bare only when at least two headings have that shape."""
    for _, line in lines:
        if ORDINAL_RE.match(line):
            return "ordinal"
        if numbered_heading(line):
            return "numbered"
        if bare_heading(line) and sum(bare_heading(t) for _, t in lines) >= 2:
            return "bare"
    return "numbered"


def parse_body(path, lines, notes):
    """(opening units, parts) from the body's lines."""
    style = part_style(lines)
    parser = _Body(path, style, notes)
    for n, line in rejoin(lines, parser.is_heading, notes):
        parser.feed(n, line)
    return parser.finish()


class _Body:
    def __init__(self, path, style, notes):
        self.path, self.style, self.notes = path, style, notes
        self.opening, self.parts = [], []
        self.part = self.section = None
        self.pending = []  # part-level lines after a salutation that follows a section
        self.after_heading = None  # "subtitle" or "title": what the line after a part heading may be

    def is_heading(self, line):
        if (self.style == "bare" and bare_heading(line)) or SELF_BUILDING_RE.match(line):
            return True
        standalone = "。" not in line.rstrip("。")
        return (numbered_heading(line) or bool(ORDINAL_RE.match(line))
                or (bool(SECTION_RE.match(line)) and standalone))

    def feed(self, n, line):
        expecting, self.after_heading = self.after_heading, None
        if expecting and self._heading_follow_up(expecting, line):
            return
        part = self._part_heading(n, line)
        if part:
            return self._start_part(n, *part)
        section = self._section_heading(line)
        if section:
            return self._start_section(n, *section)
        self._text(n, line)

    def _heading_follow_up(self, expecting, line):
        """A part's dash subtitle (——…) or, after a bare 第一部分 or （一）, its title on the next line."""
        if expecting == "section title":
            title, rest = _heading_and_rest(line)
            if not title or self.is_heading(line) or len(title) > 60:
                self._check_section_body()  # names the heading without a title
            self.section["title"] = title
            if rest:
                self.section["paragraphs"].append(paragraph(rest))
            return True
        if expecting == "title" and len(line) <= 40 and "。" not in line and not self.is_heading(line):
            self.part["title"] = line
            self.after_heading = "subtitle"
            return True
        if line.startswith("——") and len(line) <= 42 and not re.search(r"[。；！？]", line) \
                and "subtitle" not in self.part:
            self.part["subtitle"] = line.lstrip("—").strip()
            return True
        return False

    def _part_heading(self, n, line):
        """(label, number, text) for a line that opens the next part, else None (with a warning when it
        looks like a part heading out of order)."""
        expected = len(self.parts) + 1
        if (self.style == "bare" and bare_heading(line)) or (self.parts and SELF_BUILDING_RE.match(line)):
            return "", expected, line
        m = ORDINAL_RE.match(line) if self.style == "ordinal" else PART_RE.match(line) if self.style == "numbered" \
            else None
        if not m or (self.style == "numbered" and not numbered_heading(line)):
            return None
        number = cn_number(m.group(1))
        if number != expected:
            label = line[:len(line) - len(m.group(2))].strip()
            self.notes.warn(n, f"part heading {label} is out of order: expected part {cn(expected)}; kept as a "
                            "paragraph")
            return None
        label = line[:len(line) - len(m.group(2))].strip()
        return label, number, m.group(2).strip()

    def _start_part(self, n, label, number, text):
        self._close_part()
        title, sep, subtitle = text.partition("——")
        part = {"number": number, "title": (title if sep and title.strip() and subtitle.strip() else text).strip(),
                "intro": [], "sections": [], "closing": [], "line": n}
        if label != f"{cn(number)}、":
            part["label"] = label
        if sep and title.strip() and subtitle.strip():
            part["subtitle"] = subtitle.strip()
        self.parts.append(part)
        self.part, self.section, self.pending = part, None, []
        self.after_heading = "title" if not part["title"] else "subtitle"
        return None

    def _section_heading(self, line):
        """(label, printed number, heading text) for a section heading, else None."""
        m = SECTION_RE.match(line)
        if not m and self.style != "numbered":
            m = PART_RE.match(line)
        if not m:
            return None
        number = cn_number(m.group(1))
        if number is None:
            return None
        return line[:len(line) - len(m.group(2))], number, m.group(2).strip()

    def _start_section(self, n, label, number, text):
        if self.part is None:
            self.notes.warn(n, f"section heading {label} comes before any part heading; kept as a paragraph")
            self.opening.append((n, label + text))
            return None
        title, rest = _heading_and_rest(text)
        if not text:  # the numbering alone on its line: the title is the next line (_heading_follow_up)
            self.after_heading = "section title"
        elif not title:
            raise ReportError(self.path, n, f"section heading {label} has no title")
        self._check_section_body()
        lead_in = self._run_boundary(n, label, number)
        section = {"number": number, "title": title, "paragraphs": [], "line": n}
        if label != f"（{cn(number)}）":
            section["label"] = label
        if lead_in:
            section["lead_in"] = lead_in
        if rest:
            section["paragraphs"].append(paragraph(rest))
        self.part["sections"].append(section)
        self.section = section
        return None

    def _run_boundary(self, n, label, number):
        """Where a section heading stands in its part: the next of the run (lines after a salutation go back
        to the section before), the start of a new run (its lead lines become `lead_in`), or out of order."""
        sections = self.part["sections"]
        if not sections:
            if number != 1:
                self.notes.warn(n, f"section heading {label} is out of order: expected the first section; kept "
                                "as printed")
            return None
        if number == 1:
            lead_in, self.pending = self.pending or _trailing_leads(sections[-1]), []
            return [{"text": t} for _, t in lead_in]
        if number != sections[-1]["number"] + 1:
            self.notes.warn(n, f"section heading {label} is out of order in part {cn(self.part['number'])}: expected "
                            f"（{cn(sections[-1]['number'] + 1)}）; kept as printed")
        sections[-1]["paragraphs"] += [paragraph(t) for _, t in self.pending]
        self.pending = []
        return None

    def _text(self, n, line):
        part, section = self.part, self.section
        if part is None:
            self.opening.append((n, line))
        elif not part["sections"]:
            part["intro"].append((n, line))
        elif self.pending or (SALUTATION_RE.match(line) and (section["paragraphs"] or "summary" in section)):
            self.pending.append((n, line))
        elif "summary" not in section and not section["paragraphs"] and _is_summary(line):
            section["summary"] = line
        else:
            section["paragraphs"].append(paragraph(line))

    def _check_section_body(self):
        s = self.section
        if s is not None and not s["title"]:
            raise ReportError(self.path, s["line"], f"section heading {s.get('label') or '（' + cn(s['number']) + '）'} "
                              "has no title")
        if s is not None and not s["paragraphs"] and "summary" not in s and not self.pending:
            label = s.get("label") or f"（{cn(s['number'])}）"
            raise ReportError(self.path, s["line"], f"section {label}{s['title']} has no text: the file may be "
                              "truncated")

    def _close_part(self):
        if self.part is not None:
            self._check_section_body()
            self.part["closing"] = [{"text": t} for _, t in self.pending]
            self.pending = []

    def finish(self):
        self._close_part()
        if not self.parts:
            raise ReportError(self.path, None, "has no part headings (一、… 二、…): this does not look like a "
                              "government work report")
        for part in self.parts:
            del part["line"]
            part["intro"] = merge_standalone_leads([{"text": t} for _, t in part["intro"]])
            part["closing"] = merge_standalone_leads(part["closing"])
            for s in part["sections"]:
                del s["line"]
                s["paragraphs"] = merge_standalone_leads(s["paragraphs"])
                _summary_without_body(s)
        return [{"text": t} for _, t in self.opening], self.parts


def _trailing_leads(section):
    """The lines closing a section that introduce what follows (…即…：) rather than belong to it."""
    paras, taken = section["paragraphs"], []
    keeps = 0 if section.get("summary") else 1  # the section keeps some text of its own
    while len(paras) > keeps and not paras[-1].get("lead") and paras[-1]["text"].endswith(("：", ":")):
        taken.insert(0, (None, paras.pop()["text"]))
    return taken


def _summary_without_body(section):
    """A section whose only text is its short line keeps it as a paragraph: a summary is never the body."""
    if not section["paragraphs"] and "summary" in section:
        section["paragraphs"] = [{"text": section.pop("summary")}]


def merge_standalone_leads(paragraphs):
    """A lead sentence set on its own line (推动…加速释放。) opens the paragraph that follows it."""
    merged = []
    for p in paragraphs:
        prev = merged[-1] if merged else None
        if prev and "lead" not in prev and "lead" not in p and _standalone_lead(prev["text"]) \
                and not _standalone_lead(p["text"]) and not SALUTATION_RE.match(p["text"]):
            merged[-1] = {"lead": prev["text"], "text": p["text"]}
        else:
            merged.append(p)
    return merged


def _standalone_lead(text):
    return bool(LEAD_RE.fullmatch(text)) and not SALUTATION_RE.match(text)


def _heading_and_rest(text):
    """（一）大力推进…，加快发展新质生产力。充分发挥… : the heading is the first sentence, the rest its body."""
    head, sep, rest = text.partition("。")
    if sep and rest.strip():
        return head.strip(), rest.strip()
    return text.rstrip("。").strip(), None


def _is_summary(line):
    """The short line right after a standalone section heading that sums the section up."""
    standalone_lead = LEAD_RE.match(line) and LEAD_RE.match(line).group(0) == line
    return paragraph(line).get("lead") is None and not standalone_lead and len(line) <= 160 \
        and not SALUTATION_RE.match(line)
