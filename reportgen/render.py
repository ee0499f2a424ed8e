"""Pages through Jinja: autoescape on, StrictUndefined, and one function that makes content HTML."""

import base64
import functools
import hashlib
import re

import jinja2
from markupsafe import Markup, escape

from .about import Resolver, render as render_markdown
from .errors import ReportError
from .keyfigures import chart_layout
from .linking import unit_marks
from .links import current_mark, link_mark, linker, resolve_links
from .localise import part_label, place_label, roman, section_label, zh_number
from .sitezip import packed
from .reportmeta import landing_groups
from .seo import page_seo
from .speed import RENDERING, PageLevel, QuickCallContext, QuickTemplate
from .text import close_bidi
from .urls import BILINGUAL, anchor, views_for
from .yamlio import cache_folder


ENV_OPTIONS = dict(autoescape=True, undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True,
                   auto_reload=False)


class _Environment(jinja2.Environment):
    """Jinja's environment, quicker at `a.b` on plain dicts, which the content is made of (and on the
    page, a dict that guards its fields). Jinja tries the attribute first and the key after; a dict has
    no attribute but its methods, so for any other name that first try can only fail (and an exception
    costs more than the lookup). Same result. Calls and output go through speed.QuickCallContext and
    speed.QuickTemplate."""

    context_class, template_class = QuickCallContext, QuickTemplate

    def getattr(self, obj, attribute):
        kind = type(obj)
        if kind is dict and attribute not in _DICT_ATTRIBUTES:
            try:
                return obj[attribute]
            except (TypeError, LookupError):
                return self.undefined(obj=obj, name=attribute)
        if kind is PageLevel and not RENDERING[0] and attribute not in _DICT_ATTRIBUTES:
            try:
                return dict.__getitem__(obj, attribute)  # no fragment renders: the page's guard has nothing to do
            except LookupError:
                return self.undefined(obj=obj, name=attribute)
        try:  # Jinja's own first try, without the call into it (the URL and fragment objects' methods)
            return getattr(obj, attribute)
        except AttributeError:
            return super().getattr(obj, attribute)


_DICT_ATTRIBUTES = frozenset(dir(dict))


@functools.lru_cache(maxsize=4)  # one per build's templates folder, not one per batch of reports
def environment(templates_dir, fast_lookup=True):
    # Compiled templates are kept between builds in the user's temp folder, so only a changed template is
    # compiled again. Jinja keys them by the template's source alone; the compiled code also depends on
    # the options above and the Jinja version, so those name the cache files too.
    options = hashlib.sha256(repr((sorted(ENV_OPTIONS.items()), jinja2.__version__)).encode()).hexdigest()[:12]
    # in the user's own private folder: Jinja's default one fails outright when another user made it first
    folder = cache_folder()
    cache = jinja2.FileSystemBytecodeCache(folder, pattern=f"__reportgen_{options}_%s.cache") if folder else None
    kind = _Environment if fast_lookup else jinja2.Environment
    env = kind(loader=jinja2.FileSystemLoader(templates_dir), bytecode_cache=cache, **ENV_OPTIONS)
    env.globals.update(landing_groups=landing_groups)  # the landing page: by year, then level and place
    env.globals.update(part_label=part_label, section_label=section_label, place_label=place_label,
                       zh_number=zh_number, roman=roman,
                       chart_layout=chart_layout, richtext=richtext)
    env.filters["excerpt"] = excerpt
    return env


CJK_RUN = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]+")


def richtext(text, marks=(), terms=None, key="", lang="zh", markdown=None):
    """Content text → trusted HTML: the only place content becomes markup. Everything is escaped.

    `marks` are glossary terms found in the text, (start, end, entry); each becomes a link to its entry
    with a short definition beside it that shows on hover, focus and tap (static/app.js) and that the
    link names as its description. `terms` gives the entry's address, the text's language and the
    words for "full entry"; `key` makes the definitions' ids unique on the page. In text of another
    language (`lang`), Chinese words are marked as Chinese, for screen readers and fonts.

    With `markdown` (an about.Resolver), the text is an editors' page in Markdown: raw HTML stays text,
    and links are only those the resolver makes (about.py)."""
    if markdown is not None:
        return Markup(render_markdown(text, markdown))
    plain = escape if lang == "zh" else _chinese_marked
    out, pos = [], 0
    for i, (start, end, entry) in enumerate(sorted(marks, key=lambda m: m[0])):
        if start < pos:
            continue  # never a term inside another
        tip = escape(f"tip-{key}-{i}")
        href = escape(terms["href"](entry))
        out.append(plain(text[pos:start]))
        out.append(Markup(
            f'<span class="term"><a class="term-link" href="{href}" aria-describedby="{tip}">{escape(text[start:end])}</a>'
            f'<span class="tip" role="tooltip" id="{tip}">{escape(entry["short"][terms["code"]])} '
            f'<a class="tip-more" href="{href}" tabindex="-1">{escape(terms["more"])}</a></span></span>'))
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
    return close_bidi(out)  # a cut may leave out the mark that closed a directional override


def inline_assets(assets, files):
    """What a single-file copy carries inside itself: the stylesheet and script (with the hashes its
    Content-Security-Policy allows them by), and the favicon and datasets as data: URIs."""
    css, js = files[assets["style.css"]].decode("utf-8"), files[assets["app.js"]].decode("utf-8")
    if "search.js" in assets:  # a single-file copy searches its own text: the search code goes inside too
        js += "\n" + files[assets["search.js"]].decode("utf-8")
    for text, end in ((css, "</style"), (js, "</script")):
        if end in text.lower():
            raise ValueError(f"static file contains {end}, which would end its inline element")
    mime = {"svg": "image/svg+xml", "csv": "text/csv;charset=utf-8", "json": "application/json"}
    uris = {}
    for name, path in list(assets.items()) + [(p, p) for p in files if p.endswith((".csv", ".json"))]:
        ext = path.rsplit(".", 1)[-1]
        if ext in mime:
            data = files[path] if isinstance(files[path], bytes) else files[path].encode("utf-8")
            uris[path] = f"data:{mime[ext]};base64,{base64.b64encode(data).decode('ascii')}"
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


def renderer(plan, templates_dir, cache, speed):
    """page → (its bytes, its zip entry): what the workers run for every page."""
    env = environment(templates_dir, fast_lookup=speed.fast_lookup)
    context = page_context(plan, inline_assets(plan.assets, plan.files), cache)
    return lambda page: packed(render_page(env, page, context))


def page_context(plan, inline, cache):
    """What rendering needs beside the page, the same for every page of the build. `globals`: what
    every template sees of it, besides the page's own values (_render)."""
    config = plan.site["config"]
    html_langs = {lang["code"]: lang["html_lang"] for lang in config["languages"]}
    views = [None] + views_for(plan.site["languages"])  # None: the pages outside any report (landing, 404)
    langs = {lang["code"]: lang for lang in config["languages"]}
    coverage = plan.coverage  # the share of each report each language shows
    return {"config": config, "html_langs": html_langs, "base_url": plan.base_url, "urls": plan.urls,
            "ui_views": {view: ui_strings(config, view) for view in views},
            "linked": plan.linked, "inline": inline, "fragments": cache, "coverage": coverage,
            "globals": {"config": config, "site": plan.site, "html_langs": html_langs, "base_url": plan.base_url,
                        "urls": plan.urls, "ui_views": {view: ui_strings(config, view) for view in views},
                        "langs": langs, "coverage": coverage,
                        # each report's search data, for its single-file copy: JSON made safe in <script>
                        "search_json": {rid: Markup(data) for rid, data in plan.search.items()}}}


def render_page(env, page, context):
    """Render one page; a template's mistake is reported with the template, its line and the page."""
    try:
        return _render(env, page, context)
    except (jinja2.TemplateError, ArithmeticError, LookupError, TypeError, ValueError, AttributeError,
            RecursionError) as e:  # a template's runtime mistake too (`1 // 0`, a loop calling itself)
        import traceback  # only when a template fails: one import fewer for every build
        frames = [(f.filename, f.lineno) for f in traceback.extract_tb(e.__traceback__)
                  if f.filename and f.filename.endswith(".html")]
        if not frames and not isinstance(e, jinja2.TemplateError):
            raise  # not in a template: a bug, reported as one by build.py
        where, line = frames[-1] if frames else (getattr(e, "filename", None) or "templates", getattr(e, "lineno", None))
        message = getattr(e, "message", None) or f"{type(e).__name__}: {str(e)[:200]}"
        raise ReportError(where, line, f"{message} (rendering {page['path']})") from None


def _render(env, page, context):
    """Render one page with link marks, then make them the links this page needs. The page and its
    link-preview data reach the templates as page-level values, which no fragment may read."""
    template = env.get_template(f"{page['kind']}.html")
    view, report = page["view"], page["report"]
    bi = view == BILINGUAL
    code = "zh" if bi or not view else view
    urls = context["urls"]
    html = template.render(
        page=PageLevel("page", page), report=report, bi=bi, code=code, html_lang=context["html_langs"][code],
        ctx=reading_context(page, context, code) if report else None,
        url=_url, current=_current, asset=lambda name: _url(urls.asset(name)), anchor=anchor,
        seo=PageLevel("seo", page_seo(page, context, code, _url)),
        offline=context["inline"] if page["kind"] == "offline" else None,
        t=context["ui_views"][view], **(context["globals"] if "site" not in page else {**context["globals"], "site": page["site"]}),
    )
    return resolve_links(html, page["path"], linker(page, context["base_url"], context["inline"]["data_uris"]), escape,
                         context["fragments"].links(page))


def _url(link):
    """A link (a urls.Link, never a path put together here) as a mark the page resolves last."""
    return Markup(link_mark(link))


def _current(link):
    return Markup(current_mark(link))


def reading_context(page, context, code):
    """What the report's macros need: the localised trees, the glossary, where this view's pages live
    (`urls`), and the view's fragments (`fragment`: speed.ViewFragments)."""
    rid, view = page["report"]["id"], page["view"]
    linked = context["linked"][rid]
    trees = linked.trees
    urls = context["urls"].report(rid).view(view)
    href = lambda entry: _url(urls.entry(entry))  # noqa: E731
    ui = context["config"]["ui"]
    terms = {lang: {"href": href, "code": lang, "more": ui[lang]["glossary_more"]} for lang in trees}

    def rich(u, field):
        """A unit's text field as HTML with its glossary terms; the definitions' ids made from the unit's."""
        marks = unit_marks(linked, u).get(field, ())
        return richtext(u.get(field), marks, terms[u["code"]], f"{u['id']}-{u['code']}-{field[0]}", u["code"])

    def about(lang):
        """The editors' page in `lang` (the Chinese where it has no version in `lang`) as HTML, and its language."""
        pages = page["report"].get("about") or {}
        shown = lang if lang in pages else "zh" if "zh" in pages else next(iter(pages))
        return richtext(pages[shown]["text"], markdown=Resolver(page["report"], shown, urls)), shown

    large = contents_size(trees["zh"]) > LARGE_CONTENTS
    return {"bi": view == BILINGUAL, "code": code, "about": about, "lang": context["html_langs"][code],
            "tree": trees[code], "zh": trees["zh"], "en": trees.get("en", trees["zh"]), "nav": trees["zh"],
            "urls": urls, "fragment": context["fragments"].view(rid, view),
            "open_part": lambda page: open_part(page) if large else None,
            "glossary": linked.glossary, "uses": linked.uses, "figures": linked.figures,
            "rich": rich, "terms_in": lambda ids: terms_in(ids, linked, trees[code]),
            "ui": ui, "coverage": context["coverage"][rid]}


LARGE_CONTENTS = 80  # links in a report's contents list above which only the current part shows its sections


def contents_size(tree):
    """How many links the full contents list of a report has: parts, sections and closing pages."""
    return sum(1 + len(part["sections"]) + bool(part["closing"]) for part in tree["parts"])


def open_part(page):
    """The part whose sections a very large report's contents list shows on `page` ("" for none: the
    report home, full text, glossary, key figures); None (every part) in its single-file copy."""
    if page["kind"] == "offline":
        return None
    if page["kind"] in ("part", "end"):
        return page["unit"]["id"]
    return page["part"]["id"] if page["kind"] == "section" else ""


def terms_in(ids, linked, tree):
    """The glossary entries used by these units, in order of first use."""
    seen = {}
    for uid in ids:
        for spans in unit_marks(linked, tree["by_id"][uid]).values():
            for _, _, entry in sorted(spans, key=lambda m: m[0]):
                seen.setdefault(entry["id"], entry)
    return list(seen.values())
