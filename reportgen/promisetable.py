"""The "Targets and results" rows as pages and data files show them: the target and the result as the
text words them, the verdict in each language, and deep links to both source paragraphs."""

import csv
import functools
import io
import json
import os

from .keyfigures import qualified

VERDICTS = {
    "zh": {"met": "达到", "not-met": "未达到", "no-result": "未见实绩", "no-verdict": "不作判断",
           "above": "高于所定水平", "below": "低于所定水平", "overlap": "与目标部分重合", "estimated": "实绩为预计数"},
    "en": {"met": "met", "not-met": "not met", "no-result": "no result stated", "no-verdict": "no verdict",
           "above": "above the stated level", "below": "below the stated level",
           "overlap": "overlaps the target in part", "estimated": "the result is an estimate"},
}
UNTRANSLATED = {"zh": "未翻译", "en": "Untranslated"}
COLUMNS = ("year", "place", "level", "label_zh", "label_en", "target_zh", "target_en", "result_zh", "result_en",
           "verdict", "verdict_zh", "verdict_en", "note_zh", "note_en", "target_report", "target_figure",
           "target_fragment", "target_link_zh", "target_link_en", "result_report", "result_figure",
           "result_fragment", "result_link_zh", "result_link_en", "confirmed_by")


def label(f, lang):
    """(label, untranslated): a figure's label in `lang`, or its Chinese marked untranslated."""
    text = (f.get("label") or {}).get(lang)
    return (text, False) if text else ((f.get("label") or {}).get("zh") or "", lang != "zh")


def words(row, lang):
    t, r = row["target"], row["result"]
    text, untranslated = label(t, lang)
    note = [VERDICTS[lang][row["note"]]] if row["note"] else []
    if r is not None and r.get("qualifier") == "estimated":
        note.append(VERDICTS[lang]["estimated"])
    return {"label": text, "untranslated": untranslated, "untranslated_word": UNTRANSLATED[lang],
            "target": qualified(t, lang), "result": qualified(r, lang) if r else "",
            "verdict": VERDICTS[lang][row["verdict"]], "note": ("；" if lang == "zh" else "; ").join(note)}


def present(rows, urls):
    """Each row with its words per language and `links[view]` = {target, result}: urls.Link to the
    source paragraphs (each in its own report)."""
    out = []
    for row in rows:
        links = {}
        for view in ("zh", "en", "bi"):
            t = urls.report(row["target_report"]).view(view).unit(row["target"]["paragraph"])
            r = urls.report(row["result_report"]).view(view).unit(row["result"]["paragraph"]) if row["result"] else None
            links[view] = {"target": t, "result": r}
        out.append({**row, "words": {lang: words(row, lang) for lang in ("zh", "en")}, "links": links,
                    "key": f"{row['target_report']}-{row['target']['id']}"})
    return out


def promise_files(reports, linked, rows_of, page_of_gov, urls, base_url):
    """Puts each report's rows (`rows_of`: report id → its rows, `present`ed) on its figures page
    (linked[id]["figures"]["promises"]) with the link to its government's page, and returns them as
    CSV and JSON beside its figures.csv, with deep links to both reports' paragraphs."""
    from .urls import promises_dataset_path
    files = {}
    for report in reports:
        rid, meta = report["id"], report["meta"]
        rows = linked[rid]["figures"]["promises"] = rows_of.get(rid, [])
        linked[rid]["figures"]["government"] = page_of_gov.get(rid)
        if not rows:
            continue
        here = promises_dataset_path(rid, "csv")
        link = lambda rep, view, uid: urls.report(rep).unit_link_from(here, view, uid, base_url)  # noqa: E731
        place = meta.get("place")
        recs = records(rows, place.get("zh") if isinstance(place, dict) else place, meta.get("level"), link)
        head = {"id": rid, "title": meta.get("title"), "rows": len(recs)}
        files[here] = to_csv(recs).encode("utf-8")
        files[promises_dataset_path(rid, "json")] = to_json(head, recs).encode("utf-8")
    return files


def government_pages(reports, per_government, urls):
    """One page per government with reports of two or more years: its reports, oldest first, and every
    year's rows. Its name (ASCII, for the address) is what its reports' ids share before the year."""
    from .pairs import governments
    pages, taken = [], set()
    for key, series in governments(reports).items():
        if len(series) < 2:
            continue
        ids = [r["id"] for r in series]
        stem = os.path.commonprefix(ids).rstrip("-0123456789") or "government"
        slug, n = stem, 2
        while slug in taken:
            slug, n = f"{stem}-{n}", n + 1
        taken.add(slug)
        place = series[0]["meta"].get("place")
        names = place if isinstance(place, dict) else {"zh": place}
        pages.append({"slug": slug, "place": {"zh": names.get("zh"), "en": names.get("en")}, "level": key[1],
                      "reports": series, "rows": present(per_government.get(key, []), urls)})
    return pages


def records(rows, place, level, link):
    """One flat record per row; `link(report, view, paragraph)` gives a deep link as the file holds it."""
    out = []
    for row in rows:
        t, r, w = row["target"], row["result"], row["words"]
        out.append({
            "year": row["year"], "place": place, "level": level,
            "label_zh": w["zh"]["label"], "label_en": "" if w["en"]["untranslated"] else w["en"]["label"],
            "target_zh": w["zh"]["target"], "target_en": w["en"]["target"],
            "result_zh": w["zh"]["result"], "result_en": w["en"]["result"], "verdict": row["verdict"],
            "verdict_zh": w["zh"]["verdict"], "verdict_en": w["en"]["verdict"],
            "note_zh": w["zh"]["note"], "note_en": w["en"]["note"],
            "target_report": row["target_report"], "target_figure": t["id"], "target_fragment": t["fragment"],
            "target_link_zh": link(row["target_report"], "zh", t["paragraph"]),
            "target_link_en": link(row["target_report"], "en", t["paragraph"]),
            "result_report": row["result_report"] if r else "", "result_figure": r["id"] if r else "",
            "result_fragment": r["fragment"] if r else "",
            "result_link_zh": link(row["result_report"], "zh", r["paragraph"]) if r else "",
            "result_link_en": link(row["result_report"], "en", r["paragraph"]) if r else "",
            "confirmed_by": row["by"] if row["by"] == "editor" else "figures",
        })
    return out


def to_csv(recs):
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows({k: ("'" + v if isinstance(v, str) and v[:1] in ("=", "+", "-", "@") else v) for k, v in r.items()}
                     for r in recs)
    return "\ufeff" + buf.getvalue()


def to_json(meta, recs):
    line = functools.partial(json.dumps, ensure_ascii=False)
    return (f'{{"report": {line(meta)},\n "columns": {line(list(COLUMNS))},\n "rows": [\n  '
            + ",\n  ".join(line(r) for r in recs) + "\n ]\n}\n")
