"""`build.py ingest FILE --explain`: the structure found, as an outline an editor checks at a glance."""

from .parse import cn


def outline(path, report):
    """The lines of the outline for a parsed report (nothing is written)."""
    out = [f"{path}: {_counts(report)}", "front matter:"]
    meta = report["meta"]
    out += [f"  {k}: {meta[k]}" for k in ("title", "dateline", "speaker") if k in meta] or ["  (none)"]
    out += [f"  caption (set aside): {c}" for c in meta.get("captions", [])]
    out.append(f"opening: {_n(len(report['opening']), 'paragraph')}")
    for k, part in enumerate(report["parts"], 1):
        out += _part(k, part)
    for k, a in enumerate(report.get("appendices", []), 1):
        out.append(f"appendix a{k}: {a['label']} {a['title']}: {_n(len(a['paragraphs']), 'paragraph')}")
    if report.get("appendix"):
        g = report["appendix"]
        terms = sum(len(e["terms"]) for e in g["entries"])
        out.append(f"glossary: {g.get('heading', '')}{' ' if g.get('heading') else ''}{g.get('title', '名词解释')}: "
                   f"{_n(len(g['entries']), 'entry', 'entries')} ({_n(terms, 'term')})")
    out.append(f"lines joined: {len(report['joins'])}")
    out += [f"  line {j['line']}: {j['text']}" for j in report["joins"]]
    out.append(f"lines removed as web-page furniture: {len(report['removed'])}")
    out += [f"  line {r['line']}: {r['text'][:60]} ({r['why']})" for r in report["removed"]]
    out.append(f"warnings: {len(report['warnings'])}")
    out += [f"  {w}" for w in report["warnings"]]
    return out


def _part(k, part):
    label = part.get("label", f"{cn(part['number'])}、")
    head = f"part p{k} [{label or 'unnumbered'}] {part['title']}"
    if part.get("subtitle"):
        head += f" ——{part['subtitle']}"
    lines = [head, f"  intro: {_n(len(part['intro']), 'paragraph')}"]
    run = 0
    for s in part["sections"]:
        if s["number"] == 1 or run == 0:
            run += 1
            lead = f" under {s['lead_in'][0]['text'][:40]!r}" if s.get("lead_in") else ""
            lines.append(f"  group {run}{lead}")
        slabel = s.get("label", f"（{cn(s['number'])}）")
        summary = ", with a summary line" if s.get("summary") else ""
        lines.append(f"    {slabel}{s['title'][:40]}: {_n(len(s['paragraphs']), 'paragraph')}{summary}")
    lines.append(f"  closing: {_n(len(part['closing']), 'paragraph')}")
    return lines


def _counts(report):
    sections = sum(len(p["sections"]) for p in report["parts"])
    paragraphs = len(report["opening"]) + sum(
        len(p["intro"]) + len(p["closing"]) + sum(len(s["paragraphs"]) + len(s.get("lead_in", [])) for s in p["sections"])
        for p in report["parts"])
    return (f"{_n(len(report['parts']), 'part')}, {_n(sections, 'section')}, {_n(paragraphs, 'paragraph')}, "
            f"{_n(len(report.get('appendices', [])), 'appendix', 'appendices')}, "
            f"{_n(len((report.get('appendix') or {}).get('entries', [])), 'glossary entry', 'glossary entries')}")


def _n(count, one, many=None):
    return f"{count} {one if count == 1 else many or one + 's'}"
