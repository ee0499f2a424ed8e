"""Re-ingest: the units of a new parse take the ids and editors' keys of the earlier units they match."""

import difflib
import re

from .content import units


def _key(unit):
    return (unit.get("lead") or "") + (unit.get("text") or "") + (unit.get("title") or "") + (unit.get("label") or "")


def merge(old, new, owned):
    """Carry ids and editors' keys from old units to the new units they match; report what changed."""
    changes = []
    old_units, new_units = units(old), units(new)
    for kind in old_units:
        olds, news = old_units[kind], new_units.get(kind, [])
        taken = {u.get("id") for u in olds}
        proposed = [u["id"] for u in news]
        matched = set()
        old_keys, new_keys = [_key(u) for u in olds], [_key(u) for u in news]
        sm = difflib.SequenceMatcher(None, old_keys, new_keys, autojunk=False)
        for op, i1, i2, j1, j2 in sm.get_opcodes():
            pairs = list(zip(range(i1, i2), range(j1, j2))) if op in ("equal", "replace") else []
            if op == "replace" and (i2 - i1) != (j2 - j1):
                pairs = _pair_similar(old_keys[i1:i2], new_keys[j1:j2], i1, j1)
            paired = {p[0] for p in pairs}
            for i, j in pairs:
                _carry(olds[i], news[j], owned)
                matched.add(j)
                if op != "equal" or old_keys[i] != new_keys[j]:
                    changes.append(f"changed {kind} {news[j]['id']}")
            changes += [f"removed {kind} {olds[i].get('id')}" for i in range(i1, i2) if i not in paired]
        for j, u in enumerate(news):
            if j not in matched:
                u["id"] = _fresh(proposed[j], taken)
                taken.add(u["id"])
                changes.append(f"added {kind} {u['id']}")
    return changes


def _pair_similar(olds, news, i0, j0):
    """Pair each new unit with the most similar old one still free after the last pair (ratio > 0.6).
    Only a window of |difference in count| + 3 old units is looked at, and the cheap upper bounds of the
    ratio rule most of them out, so a large changed stretch costs about its length, not its square."""
    pairs, lo = [], 0
    window = abs(len(olds) - len(news)) + 3
    for j, n in enumerate(news):
        best, best_i = 0.6, None
        matcher = difflib.SequenceMatcher(None, autojunk=False)
        matcher.set_seq2(n)
        for i in range(lo, min(len(olds), lo + window)):
            matcher.set_seq1(olds[i])
            if matcher.real_quick_ratio() > best and matcher.quick_ratio() > best:
                r = matcher.ratio()
                if r > best:
                    best, best_i = r, i
        if best_i is not None:
            pairs.append((i0 + best_i, j0 + j))
            lo = best_i + 1
    return pairs


def _carry(old, new, owned):
    new["id"] = old.get("id", new["id"])
    for k, v in old.items():
        if k not in owned:
            new[k] = v


def _fresh(proposed, taken):
    if proposed not in taken:
        return proposed
    stem = re.sub(r"\d+$", "", proposed)
    n = 1
    while f"{stem}{n}" in taken:
        n += 1
    return f"{stem}{n}"
