"""What a rebuild may keep from the build before it, for `build.py serve`.

Only an edit to paragraphs (their Chinese text or a translation of it) is handled page by page: it
changes the page that shows the paragraph, the full text and the offline copies, the glossary when the
terms a paragraph uses change, and the key figures when the words that highlight a number change. The
fragments the last build rendered (reportgen.render: paragraphs, contents, headings) are kept but for
the ones the edit changed, so a rebuild renders little more than the edited paragraph. Any other change
(a title, the structure, figures.yaml, figures.proposed.yaml, pairs.yaml, glossary.yaml, report.yaml, site.yaml, templates, static files,
the base URL) renders every page again. A test holds a rebuild to the same bytes as a fresh build.
"""

import hashlib
import json
import os

from .content import units
from .urls import page_of_units


def snapshot(site, templates_dir, assets, base_url):
    """A fingerprint of everything but the paragraphs, and one per paragraph in every language."""
    shared = {"config": site["config"], "templates": _folder_digest(templates_dir), "assets": assets,
              "base_url": base_url, "reports": [], "pairs": site.get("pairs")}  # targets and results across years
    paragraphs = {}
    for report in site["reports"]:
        rid, tr = report["id"], report["translations"]
        kinds = units(report["doc"])
        para_ids = {u["id"] for u in kinds["paragraph"]}
        shared["reports"].append({
            "id": rid, "meta": report["meta"], "figures": report.get("all_figures", report["figures"]), "glossary": report["glossary"],
            "structure": {kind: [u["id"] for u in items] for kind, items in kinds.items()},
            "others": {uid: [_own(u), {lang: t.get(uid) for lang, t in tr.items()}]
                       for uid, u in report["index"].items() if uid not in para_ids},
            "translation_meta": {lang: t.get("meta") for lang, t in tr.items()},
            "about": report.get("about"),
        })
        for uid in para_ids:
            paragraphs[(rid, uid)] = _digest([report["index"][uid], {lang: t.get(uid) for lang, t in tr.items()}])
    return {"shared": _digest(shared), "paragraphs": paragraphs}


def changes(previous, current, site, linked):
    """What an edit changed, per report: {id: {"units", "pages", "glossary", "figures"}}; None when
    anything but paragraphs changed (then everything is rendered again)."""
    if previous is None or previous["snapshot"]["shared"] != current["shared"] \
            or previous["snapshot"]["paragraphs"].keys() != current["paragraphs"].keys():
        return None
    out = {}
    reports = {r["id"]: r for r in site["reports"]}
    for (rid, uid), digest in current["paragraphs"].items():
        if previous["snapshot"]["paragraphs"][(rid, uid)] == digest:
            continue
        report = out.setdefault(rid, {
            "units": set(), "pages": {"full", "offline"},
            "glossary": linked[rid]["uses"] != previous["uses"][rid],  # its links to where each term is used
            "figures": linked[rid]["figures"]["directives"] != previous["directives"][rid],  # their highlights
        })
        report["units"].add(uid)
        report["pages"].add(page_of_units(reports[rid]["doc"])[uid])
        report["pages"].update(name for name in ("glossary", "figures") if report[name])
    return out


def pages_to_render(changed, pages):
    """The pages whose HTML may differ from the previous build's; every page when unsure."""
    if changed is None:
        return list(pages)
    return [p for p in pages if p["report"] and p["name"] in changed.get(p["report"]["id"], {}).get("pages", ())]


def fragments_to_keep(changed, fragments):
    """The previous build's rendered fragments (per report and view) that the edit left as they were:
    all but the changed paragraphs, the full text that holds them, and the glossary or key figures
    when their links changed."""
    if changed is None:
        return {}
    kept = {}
    for (rid, view), by_key in fragments.items():
        c = changed.get(rid)
        kept[(rid, view)] = by_key if c is None else {
            key: html for key, html in by_key.items()
            if not ((key[0] == "unit" and key[1] in c["units"]) or key[0] == "full_text"
                    or (key[0] in ("glossary", "figures") and c[key[0]]))}
    return kept


CHILDREN = ("intro", "sections", "lead_in", "paragraphs", "closing")


def _own(unit):
    """A part's or section's own fields, without the units inside it (their order is the structure)."""
    return {k: v for k, v in unit.items() if k not in CHILDREN}


def _digest(obj):
    return hashlib.sha256(json.dumps(obj, sort_keys=True, ensure_ascii=False, default=str).encode()).hexdigest()


def _folder_digest(folder):
    h = hashlib.sha256()
    for root, dirs, files in sorted(os.walk(folder)):
        dirs.sort()
        for name in sorted(files):
            with open(os.path.join(root, name), "rb") as f:
                h.update(name.encode() + b"\0" + f.read())
    return h.hexdigest()
