"""The report as the peers' input, for bench/compare.py: Markdown pages for Hugo (one multilingual site,
a minimal layout of its own) and for MkDocs with the Material theme (a project per language), made from
our content so that all three build the same pages."""

import json
import os
import sys

import yaml

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

from reportgen.content import load_site  # noqa: E402  (needs ROOT on sys.path)
from reportgen.figures import format_figure  # noqa: E402
from reportgen.localise import localised_report, part_label, section_label  # noqa: E402

REPORT = "jianghan-2025"
LANGS = ("zh", "en")


# --- the report as Markdown pages -----------------------------------------------------------------

def load_trees(content_dir):
    """(report, {lang: localised tree}, ui strings) for the report our site is built from."""
    site = load_site(content_dir)
    report = next(r for r in site["reports"] if r["id"] == REPORT)
    html_langs = {lang["code"]: lang["html_lang"] for lang in site["config"]["languages"]}
    trees = {lang: localised_report(report, lang, html_langs) for lang in LANGS}
    return report, trees, site["config"]["ui"]


def md_escape(text):
    """Plain text as Markdown that renders as the same text."""
    for ch in "\\`*_[]<>#|":
        text = text.replace(ch, "\\" + ch)
    head = text.split(" ", 1)[0]
    if head[:-1].isdigit() and head[-1:] in ".)":  # "2024." at the start of a line would be a list
        text = head[:-1] + "\\" + text[len(head) - 1:]
    return text


class Dialect:
    """What differs between the two tools' Markdown: link targets, and how bold ends before Chinese text.

    CommonMark (Hugo's goldmark) does not close ** between Chinese punctuation and a Chinese letter
    (**产业转型加快推进。**金融 stays literal); goldmark's cjk extension reads an escaped space there as
    nothing. Python-Markdown (MkDocs) needs no help."""

    def __init__(self, ext, cjk_sep):
        self.ext, self.cjk_sep = ext, cjk_sep

    def link(self, name, fragment=None):
        return f"{name}{self.ext}" + (f"#{fragment}" if fragment else "")


HUGO_MD, MKDOCS_MD = Dialect(".html", "\\ "), Dialect(".md", "")


def para(u, ui, d):
    """One paragraph with its id, in the attribute syntax both goldmark and Python-Markdown read."""
    flag = {"missing": f"*{ui['untranslated']}* ", "outdated": f"*{ui['outdated']}* "}.get(u["state"], "")
    sep = " " if u["lang"] == "en" else d.cjk_sep
    lead = f"**{md_escape(u['lead'])}**{sep}" if u.get("lead") else ""
    return f"{flag}{lead}{md_escape(u['text'])}\n{{#{u['id']}}}\n"


def paras(units, ui, d):
    return "\n".join(para(u, ui, d) for u in units)


def title_of(unit, kind, lang):
    label = part_label(unit["number"], lang) if kind == "part" else section_label(unit["number"], lang)
    return label + (" " if lang == "en" else "") + unit["title"]


def pager(prev, nxt, ui, d):
    links = [f"[← {ui['previous']}]({d.link(prev)})"] if prev else []
    links.append(f"[{ui['back_to_contents']}]({d.link('index')})")
    links += [f"[{ui['next']} →]({d.link(nxt)})"] if nxt else []
    return " · ".join(links) + "\n"


def appendix_md(tree, ui, level="##"):
    ap = tree.get("appendix")
    if not ap:
        return ""
    out = [f"{level} {md_escape(ap['title'] or ui['glossary'])} {{#appendix-title}}\n"]
    for e in ap["entries"]:
        out.append(f"{level}# {e['number']}. {md_escape(e['label'])} {{#{e['id']}}}\n\n{md_escape(e['definition'])}\n")
    return "\n".join(out)


def continued(part, lang, ui):
    """The title of a part's closing page: 一、…（续） / I. … (continued)."""
    return title_of(part, "part", lang) + (" " if lang == "en" else "") + ui["continued"]


def reading_order(tree, lang, ui):
    """[(name, title, part)] for home, parts, sections and closings, in the order of the text."""
    order = [("index", None, None)]
    for part in tree["parts"]:
        order.append((part["id"], title_of(part, "part", lang), part))
        for s in part["sections"]:
            order.append((s["id"], title_of(s, "section", lang), part))
        if part["closing"]:
            order.append((f"{part['id']}-end", continued(part, lang, ui), part))
    return order


def page_body(name, part, tree, lang, ui, d):
    """The Markdown body of a part, section or closing page."""
    if name == part["id"]:
        body = [f"# {md_escape(title_of(part, 'part', lang))} {{#{part['id']}}}\n", paras(part["intro"], ui, d)]
        if part["sections"]:
            body.append(f"## {ui['sections_in_part']}\n")
            body += [f"{i}. [{md_escape(title_of(s, 'section', lang))}]({d.link(s['id'])})"
                     for i, s in enumerate(part["sections"], 1)]
            body.append("")
        return "\n".join(body)
    if name.endswith("-end"):
        return f"# {md_escape(continued(part, lang, ui))}\n\n{paras(part['closing'], ui, d)}"
    s = tree["by_id"][name]
    summary = f"{md_escape(s['summary'])}\n\n" if s.get("summary") else ""
    return (f"[{md_escape(title_of(part, 'part', lang))}]({d.link(part['id'])})\n\n"
            f"# {md_escape(title_of(s, 'section', lang))} {{#{s['id']}}}\n\n{summary}{paras(s['paragraphs'], ui, d)}")


def full_body(report, tree, lang, ui, d):
    out = [f"# {md_escape(report['meta']['title'][lang])}\n", paras(tree["opening"], ui, d)]
    for part in tree["parts"]:
        out += [f"## {md_escape(title_of(part, 'part', lang))} {{#h-{part['id']}}}\n", paras(part["intro"], ui, d)]
        for s in part["sections"]:
            out.append(f"### {md_escape(title_of(s, 'section', lang))} {{#h-{s['id']}}}\n")
            out += [f"{md_escape(s['summary'])}\n"] if s.get("summary") else []
            out.append(paras(s["paragraphs"], ui, d))
        out.append(paras(part["closing"], ui, d))
    out.append(appendix_md(tree, ui))
    return "\n".join(out)


def glossary_body(report, tree, lang, ui):
    out = [f"# {ui['glossary']}\n", f"*{ui['appendix_source']}*\n", appendix_md(tree, ui)]
    if report["glossary"]:
        out.append(f"## {ui['editors_note']} {{#editors-notes}}\n")
        for e in report["glossary"]:
            out.append(f"### {md_escape(e['title'][lang])} {{#note-{e['id']}}}\n\n"
                       f"*{ui['editors_note']}* {md_escape(' '.join(e['definition'][lang].split()))}\n")
    return "\n".join(out)


def figures_body(report, lang, ui, page_of, d):
    out = [f"# {ui['key_figures']}\n", f"{ui['figures_intro']}\n"]
    for f in report["figures"]:
        out.append(f"- {md_escape(f['label'][lang])}: **{md_escape(format_figure(f, lang))}** "
                   f"[{ui['figure_source']}]({d.link(page_of[f['paragraph']], f['paragraph'])})")
    return "\n".join(out) + "\n"


def markdown_pages(report, tree, lang, ui, d):
    """[{name, title, body}] in reading order: the same page set as one language view of ours."""
    order = reading_order(tree, lang, ui)
    pages = []
    for i, (name, title, part) in enumerate(order):
        if name == "index":
            body = (f"# {md_escape(report['meta']['title'][lang])}\n\n{paras(tree['opening'], ui, d)}\n"
                    f"[{ui['read']} →]({d.link(order[1][0])})\n")
            title = report["meta"]["title"][lang]
        else:
            prev = order[i - 1][0]
            nxt = order[i + 1][0] if i + 1 < len(order) else None
            body = page_body(name, part, tree, lang, ui, d) + "\n" + pager(prev, nxt, ui, d)
        pages.append({"name": name, "title": title, "body": body})
    page_of = {u: name for name, _, _ in order for u in units_on(name, tree)}
    pages += [{"name": "full", "title": ui["full_text"], "body": full_body(report, tree, lang, ui, d)},
              {"name": "glossary", "title": ui["glossary"], "body": glossary_body(report, tree, lang, ui)},
              {"name": "figures", "title": ui["key_figures"],
               "body": figures_body(report, lang, ui, page_of, d)}]
    return pages


def units_on(name, tree):
    """Ids of the paragraphs shown on page `name` (where a figure's source link points)."""
    if name == "index":
        return [u["id"] for u in tree["opening"]]
    if name.endswith("-end"):
        return [u["id"] for u in tree["by_id"][name[:-4]]["closing"]]
    unit = tree["by_id"][name]
    return [u["id"] for u in unit.get("intro", []) + unit.get("paragraphs", [])]


# --- writing the Hugo and MkDocs projects ---------------------------------------------------------

HUGO_CONFIG = {
    "title": "政府工作报告",
    "defaultContentLanguage": "zh",
    "defaultContentLanguageInSubdir": True,
    "uglyURLs": True,          # p1-s1.html like ours, not p1-s1/index.html
    "relativeURLs": True,      # ours works from file:// and any subpath; so must theirs
    # Only the pages ours makes: no RSS, sitemap, taxonomies or 404 (ours has a 404, but one for the site).
    "disableKinds": ["taxonomy", "term", "rss", "sitemap", "robotstxt", "404"],
    "markup": {"goldmark": {"parser": {"attribute": {"block": True, "title": True}},
                            "extensions": {"cjk": {"enable": True, "escapedSpace": True}}}},
}

HUGO_BASEOF = """<!DOCTYPE html>
<html lang="{{ site.Language.Locale }}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ if not .IsHome }}{{ .Title }} – {{ end }}{{ site.Title }}</title>
{{ range .Translations }}<link rel="alternate" hreflang="{{ .Language.Locale }}" href="{{ .RelPermalink }}">
{{ end }}</head>
<body>
<header><a href="{{ site.Home.RelPermalink }}">{{ site.Title }}</a>
<nav class="langs">{{ range .AllTranslations }}<a href="{{ .RelPermalink }}" hreflang="{{ .Language.Locale }}">{{ .Language.Label }}</a> {{ end }}</nav>
</header>
<main>{{ block "main" . }}{{ end }}</main>
<nav class="toc" aria-label="{{ site.Params.contents }}"><ol>
<li><a href="{{ site.Home.RelPermalink }}"{{ if .IsHome }} aria-current="page"{{ end }}>{{ site.Params.home }}</a></li>
{{ range site.RegularPages.ByWeight }}<li><a href="{{ .RelPermalink }}"{{ if eq .RelPermalink $.RelPermalink }} aria-current="page"{{ end }}>{{ .Title }}</a></li>
{{ end }}</ol></nav>
<footer>{{ site.Title }}</footer>
</body>
</html>
"""
HUGO_SINGLE = '{{ define "main" }}{{ .Content }}{{ end }}\n'
HUGO_LIST = '{{ define "main" }}{{ .Content }}{{ end }}\n'


def front_matter(fields):
    return "---\n" + "".join(f"{k}: {json.dumps(v, ensure_ascii=False)}\n" for k, v in fields.items()) + "---\n\n"


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def write_hugo(folder, report, trees, ui):
    """A Hugo site: hugo.json, layouts/, content/<lang>/*.md (the home is _index.md)."""
    config = dict(HUGO_CONFIG, languages={
        lang: {"locale": {"zh": "zh-Hans", "en": "en"}[lang], "label": ui[lang][f"view_{lang}"],
               "contentDir": f"content/{lang}", "weight": i, "title": report["meta"]["title"][lang],
               "params": {"home": ui[lang]["report_home"], "contents": ui[lang]["contents"]}}
        for i, lang in enumerate(LANGS, 1)})
    write(os.path.join(folder, "hugo.json"), json.dumps(config, ensure_ascii=False, indent=1))
    for name, text in (("baseof", HUGO_BASEOF), ("single", HUGO_SINGLE), ("list", HUGO_LIST)):
        write(os.path.join(folder, "layouts", f"{name}.html"), text)

    for lang in LANGS:
        for weight, page in enumerate(markdown_pages(report, trees[lang], lang, ui[lang], HUGO_MD)):
            file = "_index.md" if page["name"] == "index" else f"{page['name']}.md"
            write(os.path.join(folder, "content", lang, file),
                  front_matter({"title": page["title"], "weight": weight}) + page["body"])


def write_mkdocs(folder, report, trees, ui):
    """Two MkDocs projects sharing a folder: mkdocs.<lang>.yml and docs/<lang>/*.md."""
    for lang in LANGS:
        pages = markdown_pages(report, trees[lang], lang, ui[lang], MKDOCS_MD)
        for page in pages:
            write(os.path.join(folder, "docs", lang, f"{page['name']}.md"), page["body"])
        config = {
            "site_name": report["meta"]["title"][lang],
            "docs_dir": f"docs/{lang}",
            "use_directory_urls": False,   # p1-s1.html like ours
            "theme": {"name": "material", "language": lang},
            "plugins": [],                 # no search: ours has none (Material enables it by default)
            "markdown_extensions": ["attr_list", "toc"],
            "extra": {"alternate": [{"name": ui[lang2][f"view_{lang2}"], "link": f"../{lang2}/index.html",
                                     "lang": lang2} for lang2 in LANGS]},
            "nav": mkdocs_nav(pages, trees[lang], ui[lang]),
        }
        write(os.path.join(folder, f"mkdocs.{lang}.yml"), yaml.safe_dump(config, allow_unicode=True, sort_keys=False))


def mkdocs_nav(pages, tree, ui):
    """Home, each part as a nav section holding its page, sections and closing, then the extra pages."""
    title = {p["name"]: p["title"] for p in pages}
    nav = [{ui["report_home"]: "index.md"}]
    for part in tree["parts"]:
        names = [part["id"]] + [s["id"] for s in part["sections"]] + ([f"{part['id']}-end"] if part["closing"] else [])
        nav.append({title[part["id"]]: [{title[n]: f"{n}.md"} for n in names]})
    nav += [{title[n]: f"{n}.md"} for n in ("full", "glossary", "figures")]
    return nav


# --- many reports: Hugo with one section per report -----------------------------------------------

HUGO_COPIES_BASEOF = HUGO_BASEOF.replace(
    """<li><a href="{{ site.Home.RelPermalink }}"{{ if .IsHome }} aria-current="page"{{ end }}>{{ site.Params.home }}</a></li>
{{ range site.RegularPages.ByWeight }}""",
    # The contents list of the report the page belongs to (its section), as ours shows: not every page
    # of the site. The site's home lists the reports.
    """{{ if .IsHome }}{{ range .Sections }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>
{{ end }}{{ else }}{{ with .CurrentSection }}<li><a href="{{ .RelPermalink }}"{{ if eq .RelPermalink $.RelPermalink }} aria-current="page"{{ end }}>{{ site.Params.home }}</a></li>
{{ range .RegularPages.ByWeight }}""").replace(
    "{{ end }}</ol></nav>", "{{ end }}{{ end }}{{ end }}</ol></nav>")
assert HUGO_COPIES_BASEOF.count("{{ end }}{{ end }}{{ end }}") == 1, "the nav of HUGO_BASEOF changed"


def write_hugo_copies(folder, report, trees, ui, ids):
    """A Hugo site holding the report once under each id in `ids`: content/<lang>/<id>/ (its home is
    the section's _index.md), each page with the contents list of its own report; the site's home
    lists the reports."""
    write_hugo(folder, report, trees, ui)
    write(os.path.join(folder, "layouts", "baseof.html"), HUGO_COPIES_BASEOF)
    for lang in LANGS:
        root = os.path.join(folder, "content", lang)
        for name in os.listdir(root):  # the single report's pages, written by write_hugo: moved under ids
            os.remove(os.path.join(root, name))
        write(os.path.join(root, "_index.md"), front_matter({"title": ui[lang]["site_name"]}))
        pages = markdown_pages(report, trees[lang], lang, ui[lang], HUGO_MD)
        texts = [("_index.md" if p["name"] == "index" else f"{p['name']}.md",
                  front_matter({"title": p["title"], "weight": weight}) + p["body"])
                 for weight, p in enumerate(pages)]
        for rid in ids:
            for file, text in texts:
                write(os.path.join(root, rid, file), text)
