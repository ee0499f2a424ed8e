"""Editors' pages in Markdown: `content/<id>/about.<lang>.md` becomes the report's "About this edition"
page in every view and a section of every single-file copy.

Markdown without raw HTML, and links of four forms only, each resolved through the one owner of
addresses (urls.py), so they work on the site, from disk and inside a single-file copy:
  [words](#p1-s2)             a part, section or paragraph of this report
  [words](glossary:g3)        a glossary entry (the report's appendix, or an editors' note)
  [[figure:grp-growth-2024]]  the figure's value from figures.yaml, as the key figures show it
  [words](https://…)          an address elsewhere (http: is refused: the site is served over https)
Anything else is a content error naming the file and the line."""

import os
import re
import xml.etree.ElementTree as etree

from .errors import ReportError
from .keyfigures import qualified
from .links import link_mark
from .urls import page_of_units

ABOUT_NAME = re.compile(r"^about\.(.+)\.md$")
FIGURE_REF = r"\[\[figure:([^\]\s]*)\]\]"
CJK = "\u3000-\u303f\u4e00-\u9fff\uff00-\uffef"
# Underscore emphasis beside Chinese: Python-Markdown refuses `_` emphasis next to a letter (so that
# snake_case stays text), and to it every Chinese character is a letter, so __“专精特新”__企业 stayed
# literal. These allow it where the neighbour is Chinese or punctuation; ** and * need no help.
CJK_STRONG = rf"(?:(?<=[{CJK}])|(?<!\w))(__)(?!_)(.+?)(?<!_)__(?=[{CJK}]|(?!\w))"
CJK_EM = rf"(?:(?<=[{CJK}])|(?<!\w))(_)(?!_)(.+?)(?<!_)_(?=[{CJK}]|(?!\w))"
RAW_HTML = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^>]*)?/?>|<!--|<![A-Za-z\[]|<\?")
CODE_SPAN = re.compile(r"(`+)(.+?)\1")
NONCHARACTER = re.compile("[\ufdd0-\ufdef]")
ALLOWED = ("#p1-s2 (a part, section or paragraph of this report), glossary:g3 (a glossary entry), "
           "[[figure:id]] or an https: address")


def load_about(folder, languages, errors):
    """{lang: {"path", "text"}} of the report's about.<lang>.md files, or None when it has none."""
    found = {}
    for name in sorted(os.listdir(folder)):
        m = ABOUT_NAME.match(name)
        if not m:
            continue
        path = os.path.join(folder, name)
        if m[1] not in languages:
            errors.append(ReportError(path, None, f"unknown language '{m[1]}'; expected one of "
                                      f"{', '.join(languages)} (content/site.yaml)"))
            continue
        try:
            with open(path, encoding="utf-8-sig") as f:
                found[m[1]] = {"path": path, "text": f.read()}
        except UnicodeDecodeError as e:
            line = e.object[:e.start].count(b"\n") + 1
            errors.append(ReportError(path, line, "is not valid UTF-8; expected Markdown text in UTF-8"))
    return found or None


def check_about(report):
    """Every problem in the report's editors' pages (raw HTML, a link of another form, an id that does
    not exist), each naming the file and the line."""
    errors = []
    for lang, page in (report.get("about") or {}).items():
        errors += _line_problems(page)
        resolver = Resolver(report, lang, None)
        render(page["text"], resolver)
        errors += [ReportError(page["path"], _line_of(page["text"], needle), message)
                   for needle, message in resolver.problems]
    return errors


def _line_problems(page):
    errors = []
    for number, line in enumerate(page["text"].splitlines(), 1):
        bad = NONCHARACTER.search(line)
        if bad:
            errors.append(ReportError(page["path"], number, f"contains U+{ord(bad[0]):04X}, a Unicode noncharacter; "
                                      "expected text without noncharacters (U+FDD0–U+FDEF)"))
        tag = RAW_HTML.search(CODE_SPAN.sub("", line))
        if tag:
            errors.append(ReportError(page["path"], number, f"raw HTML {tag[0][:40]} is not allowed; expected "
                                      f"Markdown, whose links are {ALLOWED}"))
    return errors


def _line_of(text, needle):
    for number, line in enumerate(text.splitlines(), 1):
        if needle in line:
            return number
    return None


class Resolver:
    """Where the about page's links go in one view (`urls`: the view's urls.ViewUrls; None only checks)."""

    def __init__(self, report, lang, urls):
        self.lang, self.urls, self.problems = lang, urls, []
        self.units = page_of_units(report["doc"])
        appendix = (report["doc"].get("appendix") or {}).get("entries") or []
        self.entries = {e["id"]: {"id": e["id"], "source": "appendix"} for e in appendix}
        self.entries.update({e["id"]: {"id": e["id"], "source": "editors"} for e in report.get("glossary") or []
                             if isinstance(e, dict) and "id" in e})
        self.figures = {f["id"]: f for f in report.get("figures") or []}

    def href(self, target):
        """The link mark for a Markdown link's target, or None after noting why it is not allowed."""
        if target.startswith("#") and target[1:] in self.units:
            return self._mark(lambda u: u.unit(target[1:]))
        if target.startswith("glossary:") and target[9:] in self.entries:
            return self._mark(lambda u: u.entry(self.entries[target[9:]]))
        if re.match(r"https://[^/\s?#]+", target, re.I):
            return target
        if target.startswith("#"):
            self.problems.append((target, f"link to '{target}': this report has no part, section or paragraph "
                                  f"'{target[1:]}'; expected an id from zh.yaml such as #p1-s2"))
        elif target.startswith("glossary:"):
            self.problems.append((target, f"link to '{target}': this report has no glossary entry '{target[9:]}'; "
                                  "expected an id from zh.yaml's appendix or glossary.yaml such as glossary:g3"))
        else:
            self.problems.append((target, f"link to '{target[:60]}' is not allowed; expected {ALLOWED}"))
        return None

    def figure(self, figure_id):
        """(the figure's value as the text states it, in this language; its link mark), or None."""
        f = self.figures.get(figure_id)
        if f is None:
            self.problems.append((f"[[figure:{figure_id}]]", f"[[figure:{figure_id}]]: this report has no figure "
                                  f"'{figure_id}'; expected an id from figures.yaml"))
            return None
        return qualified(f, self.lang), self._mark(lambda u: u.figure(f))

    def image(self, src):
        self.problems.append((src, f"image '{src[:60]}' is not allowed; expected text and links only"))

    def _mark(self, make):
        return link_mark(make(self.urls)) if self.urls is not None else "#"


CJK_RUN = re.compile(f"[{CJK}]+")


def _mark_chinese(root):
    """In a page of another language, Chinese words (专精特新, 预计) marked as Chinese, for screen
    readers and fonts, as richtext() does for the report's text."""
    for el in list(root.iter()):
        el.text, spans = _split_off(el.text)
        for k, span in enumerate(spans):
            el.insert(k, span)
        for child in list(el):
            child.tail, spans = _split_off(child.tail)
            at = list(el).index(child) + 1
            for k, span in enumerate(spans):
                el.insert(at + k, span)


def _split_off(text):
    """(the text before its first Chinese run, a span for each run with the text after it as its tail)."""
    if not text or not CJK_RUN.search(text):
        return text, []
    pieces, spans = CJK_RUN.split(text), []
    for run, after in zip(CJK_RUN.findall(text), pieces[1:]):
        span = etree.Element("span", {"lang": "zh-Hans"})
        span.text, span.tail = run, after or None
        spans.append(span)
    return pieces[0], spans


def render(text, resolver):
    """The Markdown as HTML (a str) with every link made by `resolver`; links it refuses become text."""
    import markdown  # only builds of reports with editors' pages pay for the import
    md = markdown.Markdown(extensions=[_Rules(resolver)])
    return md.convert(text)


def _rules_class():
    from markdown.extensions import Extension
    from markdown.inlinepatterns import InlineProcessor, SimpleTagInlineProcessor
    from markdown.treeprocessors import Treeprocessor

    class FigureValue(InlineProcessor):
        def __init__(self, resolver):
            super().__init__(FIGURE_REF)
            self.resolver = resolver

        def handleMatch(self, m, data):
            found = self.resolver.figure(m[1])
            if found is None:
                return m[0], m.start(0), m.end(0)
            el = etree.Element("a", {"class": "fig-value-ref", "href": found[1]})
            el.text = found[0]
            return el, m.start(0), m.end(0)

    class Links(Treeprocessor):
        """Every link through the resolver; images refused; headings one level under the page's title."""

        def __init__(self, md, resolver):
            super().__init__(md)
            self.resolver = resolver

        def run(self, root):
            for parent in list(root.iter()):
                for el in list(parent):
                    if el.tag == "img":
                        self.resolver.image(el.get("src") or "")
                        parent.remove(el)
                    elif el.tag == "a" and el.get("class") != "fig-value-ref":
                        href = self.resolver.href(self.md.treeprocessors["unescape"].unescape(el.get("href") or ""))
                        el.attrib.pop("title", None)
                        if href is None:
                            el.attrib.pop("href", None)
                            el.tag = "span"
                        else:
                            el.set("href", href)
                    elif re.fullmatch(r"h[1-5]", el.tag):
                        el.tag = f"h{int(el.tag[1]) + 1}"
            if self.resolver.lang != "zh":
                _mark_chinese(root)

    class Rules(Extension):
        def __init__(self, resolver):
            super().__init__()
            self.resolver = resolver

        def extendMarkdown(self, md):
            md.preprocessors.deregister("html_block")  # raw HTML is text (and a content error, above)
            md.inlinePatterns.deregister("html")
            md.inlinePatterns.register(FigureValue(self.resolver), "figure_value", 200)  # before [links]
            md.inlinePatterns.register(SimpleTagInlineProcessor(CJK_STRONG, "strong"), "cjk_strong", 65)
            md.inlinePatterns.register(SimpleTagInlineProcessor(CJK_EM, "em"), "cjk_em", 64)
            md.treeprocessors.register(Links(md, self.resolver), "report_links", 5)  # after inline (20)

    return Rules


def _Rules(resolver):
    global _RULES
    if _RULES is None:
        _RULES = _rules_class()
    return _RULES(resolver)


_RULES = None
