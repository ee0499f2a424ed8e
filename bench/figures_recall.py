#!/usr/bin/env python3
"""Recall of the proposed figures against a report's curated figures.yaml, overall and per field.

  python bench/figures_recall.py [content] [report-id]

A curated figure is found when a proposed one has the same paragraph, value, scale, unit, period and
kind. Per field: the share of curated figures for which some proposed figure of the same paragraph and
value agrees on that field (paragraph and value: a proposed figure with that value in that paragraph)."""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from reportgen import yamlio  # noqa: E402
from reportgen.propose import propose, read_report  # noqa: E402

KEYS = ("paragraph", "value", "scale", "unit", "period", "kind")


def same(a, b, key):
    return (a.get(key) or None) == (b.get(key) or None) if key in ("scale",) else a.get(key) == b.get(key)


def recall(gold, proposed):
    found = [g for g in gold if any(all(same(g, p, k) for k in KEYS) for p in proposed)]
    per_field = {}
    for key in KEYS:
        ok = 0
        for g in gold:
            near = [p for p in proposed if p["paragraph"] == g["paragraph"] and p["value"] == g["value"]]
            if key in ("paragraph", "value"):
                ok += bool([p for p in proposed if p["paragraph"] == g["paragraph"]]) if key == "paragraph" \
                    else bool(near)
            else:
                ok += any(same(g, p, key) for p in near)
        per_field[key] = ok
    return found, per_field


def main(content="content", rid="jianghan-2025"):
    gold = yamlio.load(os.path.join(content, rid, "figures.yaml"))
    proposed = propose(read_report(content, rid))
    found, per_field = recall(gold, proposed)
    print(f"{rid}: {len(proposed)} proposed, {len(gold)} curated")
    print(f"recall (all six fields): {len(found)}/{len(gold)} = {len(found) / len(gold):.1%}")
    for key, n in per_field.items():
        print(f"  {key:10} {n}/{len(gold)} = {n / len(gold):.1%}")
    missed = [g for g in gold if g not in found]
    for g in missed:
        print(f"  missed {g['id']}: {g['paragraph']} {g['fragment']} {g['value']} {g.get('scale')} {g['unit']} "
              f"{g['period']} {g['kind']}")


if __name__ == "__main__":
    main(*sys.argv[1:])
