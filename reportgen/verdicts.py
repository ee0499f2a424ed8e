"""Did a result meet its target? The one place the site decides, and the rules it decides by.

A figure reads as a range of values, exactly as its words say:
  5%               the number itself (a result), or, for a target, at least it: a plain target
                   states what is to be reached (新增就业1.8万人: 1.8万 or more)
  5%以上, 超过5%,   5% or more (以上/超过/突破/超/逾/…余/…多); 不少于5%, 不低于5%: the same
  突破5%, 不少于5%
  5%以内, 不超过5%  5% or less
  5%左右, 约5%      about 5%: within a tenth of it either way (4.5%–5.5%); the words give no
                   tighter bound, and a tenth keeps 5.1% "about 5.5%" while 0.2% is not "about 3%"
  近5%              nearly 5%: from a tenth below up to 5%, not reaching it
  预计5%            an estimate: read as 5%, and the row says it is an estimate
  累计5%            a running total: read as at least 5%

The verdict compares the result's range with the target's:
  met              every value the result's words allow lies in the target's range
  not met          none does, and the target is one-sided (a floor: plain, 以上, 不少于; or a
                   ceiling: 以内, 不超过), so the text itself says which side falls short
  no verdict       otherwise. Above all when an "about" target is missed on either side: the text
                   does not say whether more is better (a price or unemployment target is read as
                   a ceiling and a growth target as a floor by custom, never by its words), so the
                   row says only "above the stated level" or "below the stated level"; and when the
                   two ranges overlap in part (result 约10%, target 10%以上)
  no result stated the later report gives no figure of that measure for that year
Only numbers are compared: qualitative targets (居民收入增长和经济增长同步) are not figures and get no row.
"""

import math

from .figures import SCALE

ABOUT = 0.1   # "about" (左右, 约) spans a tenth either way; see above
FLOORS = {None, "over", "at least", "cumulative", "estimated"}
CEILINGS = {"under"}


def base(f):
    return f["value"] * SCALE.get(f.get("scale") or "", 1)


def span(f, as_target):
    """The values a figure's words allow, as (low, high)."""
    v, q = base(f), f.get("qualifier")
    if q == "about":
        return v * (1 - ABOUT), v * (1 + ABOUT)
    if q == "nearly":
        return v * (1 - ABOUT), v * (1 - 1e-9)   # short of v itself
    if q in ("over", "at least", "cumulative") or (as_target and q in (None, "estimated")):
        return v, math.inf
    if q == "under":
        return -math.inf, v
    return v, v


def verdict(target, result):
    """(code, note): code is met, not-met, no-verdict or no-result; note says why, for no-verdict."""
    if result is None:
        return "no-result", None
    t_lo, t_hi = span(target, True)
    r_lo, r_hi = span(result, False)
    if t_lo <= r_lo and r_hi <= t_hi:
        return "met", None
    disjoint = r_hi < t_lo or r_lo > t_hi
    one_sided = target.get("qualifier") in FLOORS | CEILINGS
    if disjoint and one_sided:
        return "not-met", None
    if disjoint:
        return "no-verdict", "above" if r_lo > t_hi else "below"
    return "no-verdict", "overlap"
