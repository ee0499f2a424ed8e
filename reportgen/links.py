"""The one place that knows every output path and how one page links to another."""

import functools
import posixpath
import re

BILINGUAL = "bi"   # the side-by-side view: same paths, its own segment


def page_path(report_id, view, name):
    return f"{report_id}/{view}/{name}.html"


def offline_path(report_id, view):
    """The single-file copy of a report in one view, named so that a downloaded copy says what it is."""
    return f"{report_id}/download/{report_id}-{view}.html"


def offline_anchor(doc, target):
    """Inside a single-file copy, where a link to one of the site's pages lands instead."""
    name = posixpath.basename(target).rsplit(".", 1)[0]
    if name in ("index", "full"):
        return "top"
    if name in ("glossary", "figures"):
        return name
    for part in doc["parts"]:
        if name == f"{part['id']}-end":
            return part["closing"][0]["id"]
    return name  # a part or a section: its heading in the full text has the same id


def relative(from_path, to_path, fragment=None):
    """A link from one output file to another, relative, always naming a file (works from file://)."""
    return relative_to(posixpath.dirname(from_path), to_path, fragment)


def relative_to(folder, to_path, fragment=None):
    """The same from a file in `folder` (a page's links all start from its folder)."""
    rel = _relpath(folder, to_path)
    return f"{rel}#{fragment}" if fragment else rel


@functools.lru_cache(maxsize=4096)  # a site's pages live in a few folders and link to the same few files
def _relpath(folder, to_path):
    return posixpath.relpath(to_path, folder or ".")


# Templates write every link as a mark that names its target (`link_mark`); each page's marks become its
# real links last (`resolve_links`): relative ones on the site, #anchors and data: URIs in a single-file
# copy, absolute ones on the 404 page. So a paragraph, the contents or the glossary render once per view
# and serve every page that shows them. The marks use Unicode noncharacters, which content may not hold.
_LINK, _FRAGMENT, _END, _CURRENT = "\ufdd0", "\ufdd1", "\ufdd2", "\ufdd3"


def link_mark(target, fragment=None):
    """Where a link goes: an output path and, optionally, a #fragment in it."""
    return f"{_LINK}{target}{_FRAGMENT}{fragment or ''}{_END}"


def current_mark(target):
    """Becomes aria-current="page" on the page at `target`, and nothing anywhere else."""
    return f"{_CURRENT}{target}{_END}"


def resolve_links(html, here, linker, escape):
    """The page at `here` with its link marks replaced by `linker(target, fragment)`, escaped for HTML."""
    pieces = html.split(_END)  # each piece but the last ends with one mark (str.split: far quicker than a regex)
    seen = {}  # a page links to the same few places many times
    for i in range(len(pieces) - 1):
        piece = pieces[i]
        at = piece.rfind(_LINK)  # from the end: the mark is near it, however long the text before
        current = piece.find(_CURRENT, max(at, 0))
        at = current if current != -1 else at
        mark = piece[at:]
        if mark not in seen:
            if mark[0] == _CURRENT:
                seen[mark] = ' aria-current="page"' if mark[1:] == here else ""
            else:
                target, _, fragment = mark[1:].partition(_FRAGMENT)
                seen[mark] = str(escape(linker(target, fragment or None)))
        pieces[i] = piece[:at] + seen[mark]
    return "".join(pieces)


def views_for(languages):
    return list(languages) + [BILINGUAL]


def reading_order(doc):
    """The report's pages in the order of the text: home, each part, its sections, its closing."""
    order = [("home", "index", None)]
    for part in doc["parts"]:
        order.append(("part", part["id"], part))
        for s in part.get("sections") or []:
            order.append(("section", s["id"], s))
        if part.get("closing"):
            order.append(("end", f"{part['id']}-end", part))
    return order


def report_pages(report, languages):
    """Every page of one report in every view, with prev/next and the same page in the other views."""
    rid = report["id"]
    order = reading_order(report["doc"])
    parts_of = {s["id"]: part for part in report["doc"]["parts"] for s in part.get("sections") or []}
    extra = [("full", "full", None), ("glossary", "glossary", None), ("figures", "figures", None)]
    pages = []
    for view in views_for(languages):
        seq = order + extra
        for i, (kind, name, unit) in enumerate(seq):
            page = {"kind": kind, "name": name, "unit": unit, "report": report, "view": view,
                    "path": page_path(rid, view, name), "part": parts_of.get(name)}
            if kind in ("part", "section", "end"):
                prev_name = order[order.index((kind, name, unit)) - 1][1]
                nxt = order.index((kind, name, unit)) + 1
                page["prev"] = page_path(rid, view, prev_name)
                page["next"] = page_path(rid, view, order[nxt][1]) if nxt < len(order) else None
            page["alternates"] = {v: page_path(rid, v, name) for v in views_for(languages)}
            pages.append(page)
    return pages


def site_pages(site):
    pages = [{"kind": "landing", "name": "index", "path": "index.html", "view": None, "report": None,
              "alternates": {}},
             {"kind": "404", "name": "404", "path": "404.html", "view": None, "report": None, "alternates": {}}]
    for report in site["reports"]:
        pages.extend(report_pages(report, site["languages"]))
        for view in views_for(site["languages"]):
            pages.append({"kind": "offline", "name": "offline", "path": offline_path(report["id"], view),
                          "view": view, "report": report, "unit": None, "part": None, "alternates": {}})
    return pages


def page_of_units(doc):
    """unit id → the name of the page that holds it, for deep links from anywhere."""
    where = {u["id"]: "index" for u in doc.get("opening") or []}
    for part in doc["parts"]:
        where[part["id"]] = part["id"]
        where.update({u["id"]: part["id"] for u in part.get("intro") or []})
        where.update({u["id"]: f"{part['id']}-end" for u in part.get("closing") or []})
        for s in part.get("sections") or []:
            where[s["id"]] = s["id"]
            where.update({u["id"]: s["id"] for u in s["paragraphs"]})
    where.update({e["id"]: "glossary" for e in (doc.get("appendix") or {}).get("entries", [])})
    return where
