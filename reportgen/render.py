"""Pages through Jinja: autoescape on, StrictUndefined, and one function that makes content HTML."""

import re

import re

import jinja2
from markupsafe import Markup, escape

from .keyfigures import chart_layout, qualified, qualifier_parts
from .links import BILINGUAL, page_path, relative
from .localise import part_label, place_label, section_label


def environment(templates_dir):
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(templates_dir),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,
        finalize=close_bidi,
    )
    env.globals.update(part_label=part_label, section_label=section_label, place_label=place_label,
                       qualified=qualified, qualifier_parts=qualifier_parts, chart_layout=chart_layout, richtext=richtext)
    return env


_BIDI_OPENERS = re.compile("[\u202a-\u202e\u2066-\u2068]")


def close_bidi(value):
    """Every `{{ … }}` passes here: a string that opens a directional embedding, override or isolate
    (U+202A–U+202E, U+2066–U+2068) and leaves it open gets the closing marks appended, so the override
    ends with the string and cannot reorder the rest of the page. The text itself is kept."""
    if not isinstance(value, str) or not _BIDI_OPENERS.search(value):
        return value
    stack = []
    for ch in value:
        if ch in "\u202a\u202b\u202d\u202e":
            stack.append("\u202c")
        elif ch in "\u2066\u2067\u2068":
            stack.append("\u2069")
        elif ch == "\u202c" and stack and stack[-1] == "\u202c":
            stack.pop()  # PDF closes the latest embedding, never an isolate
        elif ch == "\u2069" and "\u2069" in stack:
            while stack.pop() != "\u2069":
                pass  # PDI closes its isolate and every embedding opened inside it
    return value + "".join(reversed(stack))


CJK_RUN = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]+")


def richtext(text, marks=(), terms=None, key="", lang="zh"):
    """Content text → trusted HTML: the only place content becomes markup. Everything is escaped.

    `marks` are glossary terms found in the text, (start, end, entry); each becomes a link to its entry
    with a short definition beside it that shows on hover, focus and tap (static/app.js) and that the
    link names as its description. `terms` gives the entry's address, the text's language and the
    words for "full entry"; `key` makes the definitions' ids unique on the page. In text of another
    language (`lang`), Chinese words are marked as Chinese, for screen readers and fonts."""
    plain = escape if lang == "zh" else _chinese_marked
    out, pos = [], 0
    for i, (start, end, entry) in enumerate(sorted(marks, key=lambda m: m[0])):
        if start < pos:
            continue  # never a term inside another
        tip = f"tip-{key}-{i}"
        out.append(plain(text[pos:start]))
        out.append(Markup(
            '<span class="term"><a class="term-link" href="{href}" aria-describedby="{tip}">{word}</a>'
            '<span class="tip" role="tooltip" id="{tip}">{short} <a class="tip-more" href="{href}" '
            'tabindex="-1">{more}</a></span></span>').format(
                href=terms["href"](entry), tip=tip, word=text[start:end],
                short=entry["short"][terms["code"]], more=terms["more"]))
        pos = end
    out.append(plain(text[pos:]))
    return Markup("").join(out)


def _chinese_marked(text):
    out, pos = [], 0
    for m in CJK_RUN.finditer(text):
        out += [escape(text[pos:m.start()]), Markup('<span lang="zh-Hans">{}</span>').format(m.group())]
        pos = m.end()
    return Markup("").join(out + [escape(text[pos:])])


def ui_strings(config, view):
    """Interface strings for a view; the side-by-side view shows both languages."""
    ui = config["ui"]
    if view == BILINGUAL:
        return {k: f"{v} · {ui['en'].get(k, '')}".strip(" ·") for k, v in ui["zh"].items()}
    return ui[view or "zh"]


def render_page(env, page, context):
    """Render one page; `url` and `asset` resolve links relative to this page's own path."""
    here = page["path"]
    template = env.get_template(f"{page['kind']}.html")
    view, report = page["view"], page["report"]
    bi = view == BILINGUAL
    code = "zh" if bi or not view else view
    return template.render(
        page=page, report=report, bi=bi, code=code, html_lang=context["html_langs"][code],
        ctx=reading_context(page, context, code) if report else None,
        url=lambda target, fragment=None: relative(here, target, fragment),
        asset=lambda name: relative(here, context["assets"][name]),
        t=ui_strings(context["config"], view),
        **context,
    )


def reading_context(page, context, code):
    """What the report's macros need: the localised trees, the glossary and where this view's pages live."""
    rid, view = page["report"]["id"], page["view"]
    linked = context["linked"][rid]
    trees = linked["trees"]
    glossary_page = page_path(rid, view, "glossary")
    href = lambda entry: relative(page["path"], glossary_page, entry["anchor"])  # noqa: E731
    ui = context["config"]["ui"]
    return {"bi": view == BILINGUAL, "code": code, "lang": context["html_langs"][code],
            "tree": trees[code], "zh": trees["zh"], "en": trees.get("en", trees["zh"]), "nav": trees["zh"],
            "path": lambda name: page_path(rid, view, name),
            "glossary": linked["glossary"], "uses": linked["uses"], "figures": linked["figures"],
            "terms": {lang: {"href": href, "code": lang, "more": ui[lang]["glossary_more"]} for lang in trees},
            "terms_in": lambda ids: terms_in(ids, trees[code])}


def terms_in(ids, tree):
    """The glossary entries used by these units, in order of first use."""
    seen = {}
    for uid in ids:
        for spans in (tree["by_id"][uid].get("marks") or {}).values():
            for _, _, entry in sorted(spans, key=lambda m: m[0]):
                seen.setdefault(entry["id"], entry)
    return list(seen.values())
