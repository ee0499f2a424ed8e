#!/usr/bin/env python3
"""A random sample of proposed figures across reports, printed for a person to judge (precision).

  python bench/figures_sample.py CONTENT [N] [SEED]

Each line: report, paragraph, the source words, value, scale, unit, qualifier, period, kind, measure.
Judge each: is it a figure the report states (a quantity, not a name, date or version), with the value,
scale and unit of its words, and the period and kind its place in the report gives it?"""

import os
import random
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from reportgen.errors import ReportError  # noqa: E402
from reportgen.propose import propose, read_report  # noqa: E402


def main(content, n="50", seed="7"):
    figures = []
    for rid in sorted(os.listdir(content)):
        if os.path.isfile(os.path.join(content, rid, "zh.yaml")):
            try:
                figures += [(rid, f) for f in propose(read_report(content, rid))]
            except ReportError as e:
                print(f"skipped: {e}")
    random.seed(int(seed))
    print(f"{len(figures)} proposed figures; a sample of {n} (seed {seed}):")
    for i, (rid, f) in enumerate(random.sample(figures, min(int(n), len(figures))), 1):
        print(f"{i:3} {rid} {f['paragraph']} | {f['fragment']} | {f['value']} {f['scale'] or ''} {f['unit']} "
              f"{f['qualifier'] or ''} | {f['period']} {f['kind']} {f['measure']}")


if __name__ == "__main__":
    main(*sys.argv[1:])
