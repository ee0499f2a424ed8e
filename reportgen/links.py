"""The site's pages, and links written as marks that each page resolves last (addresses: urls.py)."""

import posixpath

from .urls import ABOUT_PAGE, FIGURES_PAGE, FULL, GLOSSARY_PAGE, HOME, LANDING, NOT_FOUND, Link, absolute, anchor, \
    government_path, offline_path, page_path, part_end_name, relative_to, views_for

# Templates write every link as a mark that names its target (`link_mark`); each page's marks become its
# real links last (`resolve_links`): relative ones on the site, #anchors and data: URIs in a single-file
# copy, absolute ones on the 404 page. So a paragraph, the contents or the glossary render once per view
# and serve every page that shows them. The marks use Unicode noncharacters, which content may not hold.
_LINK, _FRAGMENT, _END, _CURRENT = "\ufdd0", "\ufdd1", "\ufdd2", "\ufdd3"


def link_mark(link):
    """Where a link goes (a urls.Link): an output path and, optionally, a #fragment in it."""
    return f"{_LINK}{link.path}{_FRAGMENT}{link.fragment or ''}{_END}"


def current_mark(link):
    """Becomes aria-current="page" on the page `link` names, and nothing anywhere else."""
    return f"{_CURRENT}{link.path}{_END}"


def resolve_links(html, here, linker, escape, resolved=None):
    """The page at `here` with its link marks replaced by `linker(target, fragment)`, escaped for HTML.
    `resolved`: {mark: href} to look in and add to, shared by pages whose linker gives the same hrefs
    (speed.FragmentCache.links); None: this page's own."""
    if _CURRENT in html:  # the marks of "this page" first: the one of `here` becomes aria-current, the others nothing
        pieces = html.split(_CURRENT)  # each piece but the first starts with one mark's path
        for i in range(1, len(pieces)):
            path, _, rest = pieces[i].partition(_END)
            pieces[i] = ' aria-current="page"' + rest if path == here else rest
        html = "".join(pieces)
    pieces = html.split(_END)  # each piece but the last ends with one mark (str.split: far quicker than a regex)
    seen = {} if resolved is None else resolved  # a page links to the same few places many times
    for i in range(len(pieces) - 1):
        text, _, mark = pieces[i].rpartition(_LINK)
        href = seen.get(mark)
        if href is None:
            target, _, fragment = mark.partition(_FRAGMENT)
            href = seen[mark] = str(escape(linker(target, fragment or None)))
        pieces[i] = text + href
    return "".join(pieces)


def reading_order(doc):
    """The report's pages in the order of the text: home, each part, its sections, its closing; then
    each attachment (附件1 …)."""
    order = [("home", HOME, None)]
    for part in doc["parts"]:
        order.append(("part", part["id"], part))
        for s in part.get("sections") or []:
            order.append(("section", s["id"], s))
        if part.get("closing"):
            order.append(("end", part_end_name(part["id"]), part))
    for appendix in doc.get("appendices") or []:
        order.append(("attachment", appendix["id"], appendix))
    return order


def report_pages(report, languages):
    """Every page of one report in every view, with prev/next and the same page in the other views."""
    rid = report["id"]
    order = reading_order(report["doc"])
    parts_of = {s["id"]: part for part in report["doc"]["parts"] for s in part.get("sections") or []}
    extra = [("full", FULL, None), ("glossary", GLOSSARY_PAGE, None), ("figures", FIGURES_PAGE, None)]
    if report.get("about"):
        extra.append(("about", ABOUT_PAGE, None))
    pages = []
    for view in views_for(languages):
        seq = order + extra
        for i, (kind, name, unit) in enumerate(seq):
            page = {"kind": kind, "name": name, "unit": unit, "report": report, "view": view,
                    "path": page_path(rid, view, name), "part": parts_of.get(name)}
            if kind in ("part", "section", "end", "attachment"):
                prev_name = order[order.index((kind, name, unit)) - 1][1]
                nxt = order.index((kind, name, unit)) + 1
                page["prev"] = Link(page_path(rid, view, prev_name))
                page["next"] = Link(page_path(rid, view, order[nxt][1])) if nxt < len(order) else None
            page["alternates"] = {v: Link(page_path(rid, v, name)) for v in views_for(languages)}
            pages.append(page)
    return pages


def report_and_copies(report, languages):
    """A report's pages in every view and its single-file copies."""
    pages = report_pages(report, languages)
    for view in views_for(languages):
        pages.append({"kind": "offline", "name": "offline", "path": offline_path(report["id"], view),
                      "view": view, "report": report, "unit": None, "part": None, "alternates": {}})
    return pages


def shared_pages(governments):
    """The pages outside any report: the landing page, the 404 page, and each government's targets and
    results over the years."""
    pages = [{"kind": "landing", "name": "index", "path": LANDING, "view": None, "report": None,
              "alternates": {}},
             {"kind": "404", "name": "404", "path": NOT_FOUND, "view": None, "report": None, "alternates": {}}]
    for gov in governments:
        pages.append({"kind": "government", "name": gov["slug"], "path": government_path(gov["slug"]), "view": None,
                      "report": None, "alternates": {}, "government": gov})
    return pages


# --- how one page writes a link ------------------------------------------------------------------

def offline_anchor(doc, target):
    """Inside a single-file copy, where a link to one of the site's pages lands instead."""
    name = posixpath.basename(target).rsplit(".", 1)[0]
    if name in (HOME, FULL):
        return anchor.top
    if name == GLOSSARY_PAGE:
        return anchor.glossary
    if name == FIGURES_PAGE:
        return anchor.figures
    if name == ABOUT_PAGE:
        return anchor.about
    for part in doc["parts"]:
        if name == part_end_name(part["id"]):
            return anchor.unit(part["closing"][0]["id"])
    return anchor.unit(name)  # a part or a section: its heading in the full text has the same id


def linker(page, base_url, data_uris):
    """How `page` names another file: relative to its own path; in a single-file copy, #anchors and
    data: URIs; on the 404 page (served at any depth), absolute addresses when the base URL is known."""
    if page["kind"] == "offline":
        doc, own = page["report"]["doc"], page["path"].split("/", 1)[0] + "/"   # the copy's report folder
        folder = posixpath.dirname(page["path"])

        def offline(target, fragment):
            if target in data_uris:
                return data_uris[target]
            if not target.startswith(own) and target != LANDING:   # another report (targets and results)
                return absolute(base_url, target, fragment) if base_url else relative_to(folder, target, fragment)
            return "#" + (fragment or offline_anchor(doc, target))
        return offline
    if page["kind"] == "404" and base_url:
        return lambda target, fragment: absolute(base_url, target, fragment)
    folder = posixpath.dirname(page["path"])
    return lambda target, fragment: relative_to(folder, target, fragment)
