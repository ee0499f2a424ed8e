"""Link previews and discovery: canonical and alternate links, OpenGraph, JSON-LD, sitemap.xml, robots.txt.

Everything that needs an absolute address is made only when the build is given a base URL; without one
the pages keep their relative links and leave the rest out.
"""

from html import escape as xml_escape  # &, <, >, " and ' made entities: valid XML too

from .urls import SITEMAP, absolute

LOCALES = {"zh": "zh_CN", "en": "en_US"}
UNLISTED = ("404", "offline")  # pages a search engine should not be sent to


def page_seo(page, context, code, url):
    """What the page's <head> says about it to link previews and search engines."""
    base = context["base_url"]
    canonical = absolute(base, page["path"]) if base and page["kind"] not in UNLISTED else None
    report = page["report"]

    def json_ld(title, description):
        data = {"@context": "https://schema.org", "@type": "Report" if report else "WebSite",
                "name": title, "description": description, "inLanguage": context["html_langs"][code]}
        if canonical:
            data["url"] = canonical
        if report:
            data["isAccessibleForFree"] = True
            titles = report["meta"].get("title") or {}
            if page["name"] != "index" and titles.get(code):
                home = {"@type": "Report", "name": titles[code]}
                if base:
                    home["url"] = absolute(base, context["urls"].home(report["id"], page["view"]).path)
                data["isPartOf"] = home
            if code != "zh" and titles.get("zh"):
                data["translationOfWork"] = {"@type": "Report", "name": titles["zh"], "inLanguage": "zh-Hans"}
        return data

    return {"canonical": canonical, "locale": LOCALES.get(code, code),
            "link": (lambda link: absolute(base, link.path, link.fragment)) if base else url, "json_ld": json_ld}


def sitemap(pages, base_url, html_langs):
    """Every listed page, with its language versions as xhtml:link alternates."""
    return sitemap_of([sitemap_entries(pages, base_url, html_langs)])


def sitemap_of(parts):
    """sitemap.xml from its entries, made a report at a time (sitemap_entries)."""
    head = ('<?xml version="1.0" encoding="UTF-8"?>\n'
            '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">\n')
    return head + "".join(parts) + "</urlset>\n"


def sitemap_index(addresses):
    """sitemap.xml naming the sitemaps of a site too large for one."""
    items = "".join(f"<sitemap><loc>{xml_escape(a)}</loc></sitemap>\n" for a in addresses)
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n' + items + "</sitemapindex>\n")


def sitemap_entries(pages, base_url, html_langs):
    """The <url> entries of these pages, each line ended."""
    out = []
    for page in pages:
        if page["kind"] in UNLISTED:
            continue
        out.append("<url>")
        out.append(f"<loc>{xml_escape(absolute(base_url, page['path']))}</loc>")
        if page["view"] in html_langs:
            for view, link in page["alternates"].items():
                if view in html_langs:
                    out.append(f'<xhtml:link rel="alternate" hreflang="{html_langs[view]}" '
                               f'href="{xml_escape(absolute(base_url, link.path))}"/>')
        out.append("</url>")
    return "".join(line + "\n" for line in out)


def robots(base_url):
    return f"User-agent: *\nAllow: /\nSitemap: {absolute(base_url, SITEMAP)}\n"
