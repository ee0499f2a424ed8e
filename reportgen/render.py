"""Pages through Jinja: autoescape on, StrictUndefined, and one function that makes content HTML."""

import jinja2
from markupsafe import Markup, escape

from .links import BILINGUAL, page_path, relative
from .localise import part_label, section_label


def environment(templates_dir):
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(templates_dir),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,
    )
    env.globals.update(part_label=part_label, section_label=section_label, richtext=richtext)
    return env


def richtext(text, marks=()):
    """Content text → trusted HTML: the only place content becomes markup. Everything is escaped;
    `marks` are (start, end, html_open, html_close) spans computed on the text (glossary terms)."""
    if not marks:
        return escape(text)
    out, pos = [], 0
    for start, end, open_tag, close_tag in sorted(marks):
        if start < pos:
            continue  # never a mark inside another
        out.append(escape(text[pos:start]))
        out.append(Markup(open_tag) + escape(text[start:end]) + Markup(close_tag))
        pos = end
    out.append(escape(text[pos:]))
    return Markup("").join(out)


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
    """What the report's macros need: the localised trees and where this view's pages live."""
    rid, view = page["report"]["id"], page["view"]
    trees = context["trees"][rid]
    return {"bi": view == BILINGUAL, "code": code, "lang": context["html_langs"][code],
            "tree": trees[code], "zh": trees["zh"], "en": trees.get("en", trees["zh"]), "nav": trees["zh"],
            "path": lambda name: page_path(rid, view, name)}
