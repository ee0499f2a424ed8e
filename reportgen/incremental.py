"""What a rebuild may keep from the build before it, for `build.py serve`.

Only an edit to paragraphs (their Chinese text or a translation of it) is handled page by page: it
changes the page that shows the paragraph, the full text and the offline copies, the glossary when the
terms a paragraph uses change, and the key figures when the words that highlight a number change. Any other change
(a title, the structure, figures.yaml, glossary.yaml, report.yaml, site.yaml, templates, static files,
the base URL) renders every page again. A test holds a rebuild to the same bytes as a fresh build.
"""

import hashlib
import json
import os

from .content import units
from .links import page_of_units


def snapshot(site, templates_dir, assets, base_url):
    """A fingerprint of everything but the paragraphs, and one per paragraph in every language."""
    shared = {"config": site["config"], "templates": _folder_digest(templates_dir), "assets": assets,
              "base_url": base_url, "reports": []}
    paragraphs = {}
    for report in site["reports"]:
        rid, tr = report["id"], report["translations"]
        kinds = units(report["doc"])
        para_ids = {u["id"] for u in kinds["paragraph"]}
        shared["reports"].append({
            "id": rid, "meta": report["meta"], "figures": report["figures"], "glossary": report["glossary"],
            "structure": {kind: [u["id"] for u in items] for kind, items in kinds.items()},
            "others": {uid: [_own(u), {lang: t.get(uid) for lang, t in tr.items()}]
                       for uid, u in report["index"].items() if uid not in para_ids},
            "translation_meta": {lang: t.get("meta") for lang, t in tr.items()},
        })
        for uid in para_ids:
            paragraphs[(rid, uid)] = _digest([report["index"][uid], {lang: t.get(uid) for lang, t in tr.items()}])
    return {"shared": _digest(shared), "paragraphs": paragraphs}


def pages_to_render(previous, current, pages, site, linked):
    """The pages whose HTML may differ from the previous build's; every page when unsure."""
    if previous is None or previous["snapshot"]["shared"] != current["shared"] \
            or previous["snapshot"]["paragraphs"].keys() != current["paragraphs"].keys():
        return list(pages)
    names = {}
    reports = {r["id"]: r for r in site["reports"]}
    for (rid, uid), digest in current["paragraphs"].items():
        if previous["snapshot"]["paragraphs"][(rid, uid)] == digest:
            continue
        wanted = names.setdefault(rid, set())
        wanted.update({page_of_units(reports[rid]["doc"])[uid], "full", "offline"})
        if linked[rid]["uses"] != previous["uses"][rid]:
            wanted.add("glossary")  # its links to the paragraphs that use each term
        if linked[rid]["figures"]["directives"] != previous["directives"][rid]:
            wanted.add("figures")   # its links highlight each number in its paragraph's words
    return [p for p in pages if p["report"] and p["name"] in names.get(p["report"]["id"], ())]


CHILDREN = ("intro", "sections", "paragraphs", "closing")


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
