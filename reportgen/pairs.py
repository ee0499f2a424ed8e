"""Targets and results across years: when the site holds reports of one government (same `place` and
`level` in report.yaml) for consecutive years, each target the earlier report sets for its year is
paired with the result the later report states for that year, of the same measure and unit.

A target and a result pair when they measure the same thing the same way: same period, measure and
unit (compared in plain units, so 1.3万亿斤 meets 13000亿斤), same direction of change (涨幅 and 上涨
are both up, 降低 and 降幅 both down), and the same subject once the words of change are taken out
(居民消费价格涨幅 / 居民消费价格上涨), or one subject ending the other (粮食产量 / 全国粮食产量).
Whether the result met the target is decided in verdicts.py, the one place with those rules.

Editors decide in content/pairs.yaml, a list of
  - {target: REPORT/FIGURE, result: REPORT/FIGURE, status: confirmed}   a pair, found or added by hand
  - {target: REPORT/FIGURE, result: null, status: confirmed}            the later report states no result
  - {target: REPORT/FIGURE, result: REPORT/FIGURE, status: rejected}    not a pair (then: no result stated)
A row is shown when an editor confirmed it, or when both of its figures are confirmed figures (a target
with no result: when the target is); the rest are counted in a build warning."""

from . import figurelabels as fl
from .errors import ReportError
from .verdicts import verdict

STATUSES = ("confirmed", "rejected")


def government(report):
    """(place, level) as report.yaml gives them, or None when either is missing."""
    meta = report.get("meta") or {}
    place, level = meta.get("place"), meta.get("level")
    name = place.get("zh") if isinstance(place, dict) else place
    return (name, level) if isinstance(name, str) and isinstance(level, str) else None


def governments(reports):
    """{(place, level): [reports, oldest first]} for governments with a year on each report."""
    out = {}
    for r in reports:
        key = government(r)
        if key and isinstance((r.get("meta") or {}).get("year"), int):
            out.setdefault(key, []).append(r)
    return {k: sorted(v, key=lambda r: r["meta"]["year"]) for k, v in out.items()}


def _same_subject(a, b):
    a, b = fl.subject(a), fl.subject(b)
    if not a or not b:
        return False
    return a == b or (min(len(a), len(b)) >= 4 and (a.endswith(b) or b.endswith(a)))


def alike(target, result):
    """Same measure, unit, direction and subject; see the module's rules."""
    t, r = target["label"]["zh"], result["label"]["zh"]
    return (target.get("measure") == result.get("measure") and target["unit"] == result["unit"]
            and fl.direction(t) == fl.direction(r) and _same_subject(t, r))


def match(target, results):
    """The result that pairs with the target: the first alike one with the very same subject, else the
    first alike one; None when there is none."""
    found = [r for r in results if alike(target, r)]
    exact = [r for r in found if fl.subject(r["label"]["zh"]) == fl.subject(target["label"]["zh"])]
    return (exact or found or [None])[0]


def pair_years(earlier, later, decisions):
    """Rows for the targets the earlier report sets for its own year, each with the later report's
    result for that year (or none), its verdict and whether it is confirmed."""
    year = earlier["meta"]["year"]
    targets = [f for f in earlier["all_figures"] if f["kind"] == "target" and f["period"] == year]
    results = [f for f in later["all_figures"] if f["kind"] == "result" and f["period"] == year]
    by_id = {f["id"]: f for f in results}
    rows = []
    for t in targets:
        key = f"{earlier['id']}/{t['id']}"
        decision = decisions.get(key, {})
        result = None
        if decision.get("status") == "confirmed" and decision.get("result"):
            result = by_id.get(decision["result"].split("/", 1)[-1])
        elif decision.get("status") != "rejected":
            result = match(t, results)
        code, note = verdict(t, result)
        confirmed = decision.get("status") in STATUSES or (
            t.get("confirmed_figure") and (result is None or result.get("confirmed_figure")))
        rows.append({"year": year, "target": t, "result": result, "verdict": code, "note": note,
                     "target_report": earlier["id"], "result_report": later["id"], "confirmed": bool(confirmed),
                     "by": "editor" if decision else "match"})
    return rows


def promises(reports, decisions):
    """{report id: rows it takes part in (as target or result report)}, {(place, level): rows by year},
    and the number of rows still unconfirmed."""
    per_report, per_government, unconfirmed = {}, {}, 0
    for key, series in governments(reports).items():
        for earlier, later in zip(series, series[1:]):
            if later["meta"]["year"] != earlier["meta"]["year"] + 1:
                continue
            rows = pair_years(earlier, later, decisions)
            unconfirmed += sum(1 for r in rows if not r["confirmed"])
            shown = [r for r in rows if r["confirmed"]]
            for rid in (earlier["id"], later["id"]):
                per_report.setdefault(rid, []).extend(shown)
            per_government.setdefault(key, []).extend(shown)
    return per_report, per_government, unconfirmed


def check_decisions(path, data, reports):
    """content/pairs.yaml as ({target key: decision}, errors naming each wrong entry)."""
    if data is None:
        return {}, []
    if not isinstance(data, list):
        return {}, [ReportError(path, None, "expected a list of {target, result, status} entries")]
    known = {f"{r['id']}/{f['id']}" for r in reports for f in r["all_figures"] if isinstance(f, dict)}
    out, errors = {}, []
    for i, d in enumerate(data):
        if not isinstance(d, dict) or d.get("status") not in STATUSES or not isinstance(d.get("target"), str):
            errors.append(ReportError(path, f"[{i}]", "expected target: REPORT/FIGURE, result: REPORT/FIGURE or "
                                      "null, status: confirmed or rejected"))
            continue
        bad = [field for field in ("target", "result") if d.get(field) is not None and d[field] not in known]
        for field in bad:
            errors.append(ReportError(path, f"[{i}].{field}", f"{d[field]!r} names no figure; expected "
                                      "REPORT/FIGURE, the id of a figure in figures.yaml or figures.proposed.yaml"))
        if not bad:
            out[d["target"]] = d
    return out, errors
