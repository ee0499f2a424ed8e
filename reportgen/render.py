"""Pages through Jinja: autoescape on, StrictUndefined, and one function that makes content HTML."""

import base64
import hashlib
import re
import traceback

import jinja2
from markupsafe import Markup, escape

from .errors import ReportError
from .keyfigures import chart_layout, qualified, qualifier_parts
from .links import BILINGUAL, offline_anchor, offline_path, page_path, relative
from .localise import part_label, place_label, section_label
from .seo import absolute, page_seo


def environment(templates_dir):
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(templates_dir),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,
        finalize=close_bidi,
        # Compiled templates are kept between builds (in the user's temp folder, keyed by each template's
        # source), so only a changed template is compiled again.
        bytecode_cache=jinja2.FileSystemBytecodeCache(),
    )
    env.globals.update(part_label=part_label, section_label=section_label, place_label=place_label,
                       qualified=qualified, qualifier_parts=qualifier_parts, chart_layout=chart_layout, richtext=richtext)
    env.filters["excerpt"] = excerpt
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


def excerpt(text, lang="en"):
    """The opening sentences of a text, for a page's meta description: whole sentences up to a length
    that search results show (about 90 Chinese characters, 160 Latin ones)."""
    limit = 90 if lang == "zh" else 160
    sentences = re.findall(r".+?(?:[。！？；]|[.!?;](?=\s)|$)", " ".join((text or "").split()))
    out = ""
    for s in sentences:
        if out and len(out) + len(s) > limit:
            break
        out += s
    out = out.strip()
    if len(out) > limit:  # one long sentence: cut at the last word or clause that fits
        cut = out[:limit]
        at = max(cut.rfind(c) for c in (" ", "，", "、", ","))
        out = (cut[:at] if at > limit // 2 else cut).rstrip(" ,，、") + "…"
    return out


def inline_assets(assets, files):
    """What a single-file copy carries inside itself: the stylesheet and script (with the hashes its
    Content-Security-Policy allows them by), and the favicon and datasets as data: URIs."""
    css, js = files[assets["style.css"]].decode("utf-8"), files[assets["app.js"]].decode("utf-8")
    for text, end in ((css, "</style"), (js, "</script")):
        if end in text.lower():
            raise ValueError(f"static file contains {end}, which would end its inline element")
    mime = {"svg": "image/svg+xml", "csv": "text/csv;charset=utf-8", "json": "application/json"}
    uris = {}
    for name, path in list(assets.items()) + [(p, p) for p in files if p.endswith((".csv", ".json"))]:
        ext = path.rsplit(".", 1)[-1]
        if ext in mime:
            data = files[path] if isinstance(files[path], bytes) else files[path].encode("utf-8")
            uris[name] = f"data:{mime[ext]};base64,{base64.b64encode(data).decode('ascii')}"
    return {"style": Markup(css), "script": Markup(js), "style_hash": _sha256(css), "script_hash": _sha256(js),
            "data_uris": uris}


def _sha256(text):
    return "sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")


def ui_strings(config, view):
    """Interface strings for a view; the side-by-side view shows both languages."""
    ui = config["ui"]
    if view == BILINGUAL:
        return {k: f"{v} · {ui['en'].get(k, '')}".strip(" ·") for k, v in ui["zh"].items()}
    return ui[view or "zh"]


def render_page(env, page, context):
    """Render one page; a template's mistake is reported with the template, its line and the page."""
    try:
        return _render(env, page, context)
    except jinja2.TemplateError as e:
        frames = [(f.filename, f.lineno) for f in traceback.extract_tb(e.__traceback__)
                  if f.filename and f.filename.endswith(".html")]
        where, line = frames[-1] if frames else (getattr(e, "filename", None) or "templates", getattr(e, "lineno", None))
        raise ReportError(where, line, f"{e.message or e} (rendering {page['path']})") from None


def _render(env, page, context):
    """Render one page; `url` and `asset` say how this page names every other file."""
    template = env.get_template(f"{page['kind']}.html")
    view, report = page["view"], page["report"]
    bi = view == BILINGUAL
    code = "zh" if bi or not view else view
    url, asset = linkers(page, context)
    return template.render(
        page=page, report=report, bi=bi, code=code, html_lang=context["html_langs"][code],
        ctx=reading_context(page, context, code, url) if report else None,
        url=url, asset=asset, seo=page_seo(page, context, code, url),
        offline=context["inline"] if page["kind"] == "offline" else None,
        t=ui_strings(context["config"], view),
        **context,
    )


def linkers(page, context):
    """Links relative to the page's own path; in a single-file copy, #anchors and data: URIs instead."""
    if page["kind"] == "offline":
        doc, inline = page["report"]["doc"], context["inline"]["data_uris"]
        return (lambda target, fragment=None: inline.get(target) or "#" + (fragment or offline_anchor(doc, target)),
                lambda name: inline[name])
    base, here = context["base_url"], page["path"]
    if page["kind"] == "404" and base:  # hosts serve it at any depth: only absolute links hold there
        return (lambda target, fragment=None: absolute(base, target) + (f"#{fragment}" if fragment else ""),
                lambda name: absolute(base, context["assets"][name]))
    return (lambda target, fragment=None: relative(here, target, fragment),
            lambda name: relative(here, context["assets"][name]))


def reading_context(page, context, code, url):
    """What the report's macros need: the localised trees, the glossary and where this view's pages live."""
    rid, view = page["report"]["id"], page["view"]
    linked = context["linked"][rid]
    trees = linked["trees"]
    glossary_page = page_path(rid, view, "glossary")
    href = lambda entry: url(glossary_page, entry["anchor"])  # noqa: E731
    ui = context["config"]["ui"]
    return {"bi": view == BILINGUAL, "code": code, "lang": context["html_langs"][code],
            "tree": trees[code], "zh": trees["zh"], "en": trees.get("en", trees["zh"]), "nav": trees["zh"],
            "path": lambda name: page_path(rid, view, name), "offline": offline_path(rid, view),
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
