"""Property-based tests of every content file: random shapes and types in any field of site.yaml,
zh.yaml, report.yaml, glossary.yaml, figures.yaml and a translation file give a build or one clear line
per problem naming the file, never another exception and never a hang (5 s per example at most).

The content is a small report cut from the real one (so that an example that builds renders in a
fraction of a second); each example writes it with one field changed, removed or added, and builds it
in this process."""
import copy
import os
import time

import pytest
import yaml
from hypothesis import HealthCheck, given, settings, strategies as st

from conftest import ROOT
from reportgen.errors import ContentErrors, ReportError
from reportgen.pipeline import build

R = "jianghan-2025"
FILES = ("site.yaml", f"{R}/zh.yaml", f"{R}/report.yaml", f"{R}/glossary.yaml", f"{R}/figures.yaml",
         f"{R}/en/01.yaml")
EXAMPLES = int(os.environ.get("CONTENT_EXAMPLES", 340))  # per file: 2,040 in all
TIMES = []
OUTCOMES = {"built": 0, "refused": 0}


def _load(rel):
    with open(os.path.join(ROOT, "content", rel), encoding="utf-8") as f:
        return yaml.safe_load(f)


def small_content():
    """A report of two parts with a section each, two appendix entries, the figures and editors'
    notes of those paragraphs, and their English."""
    doc = _load(f"{R}/zh.yaml")
    for part in doc["parts"]:
        part["sections"] = part["sections"][:1]
        for s in part["sections"]:
            s["paragraphs"] = s["paragraphs"][:2]
    doc["appendix"]["entries"] = doc["appendix"]["entries"][:2]
    ids = set()

    def collect(node):
        if isinstance(node, dict):
            if isinstance(node.get("id"), str):
                ids.add(node["id"])
            for v in node.values():
                collect(v)
        elif isinstance(node, list):
            for v in node:
                collect(v)
    collect(doc)
    en = {}
    for name in sorted(os.listdir(os.path.join(ROOT, "content", R, "en"))):
        en.update({k: v for k, v in _load(f"{R}/en/{name}").items() if k in ids or k == "meta"})
    figures = [f for f in _load(f"{R}/figures.yaml") if f["paragraph"] in ids][:6]
    paired = {}
    for f in figures:
        paired.setdefault(f.get("pair"), []).append(f)
    for f in figures:  # a pair cut in half is no pair
        if f.get("pair") and len(paired[f["pair"]]) != 2:
            f["pair"] = None
    return {"site.yaml": _load("site.yaml"), f"{R}/zh.yaml": doc, f"{R}/report.yaml": _load(f"{R}/report.yaml"),
            f"{R}/glossary.yaml": _load(f"{R}/glossary.yaml")[:3], f"{R}/figures.yaml": figures,
            f"{R}/en/01.yaml": en}


SMALL = small_content()

scalars = st.one_of(
    st.none(), st.booleans(), st.integers(-10**20, 10**20), st.floats(), st.text(max_size=12),
    st.sampled_from(["", " ", "zh", "en", "p1", "p1-s1", "p1-s1-1", "g1", "result", "target", "economy", "万", "%",
                     "2025", "一、", "（一）", "Title", "“以旧换新”", "\u202e", "<b>x</b>"]))
values = st.recursive(scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=3),
    st.dictionaries(st.one_of(st.text(max_size=6), st.sampled_from(["zh", "en", "id", "text", "title", "number"])),
                    inner, max_size=3)), max_leaves=6)


def paths(node, at=()):
    """Every place in the data: (path to the container, key or index)."""
    if isinstance(node, dict):
        items = node.items()
    elif isinstance(node, list):
        items = enumerate(node)
    else:
        return
    for key, value in items:
        yield at, key
        yield from paths(value, at + (key,))


def mutate(data, draw):
    places = list(paths(data))
    at, key = places[draw(st.integers(0, len(places) - 1))] if places else ((), None)
    container = data
    for step in at:
        container = container[step]
    action = draw(st.sampled_from(["replace", "replace", "replace", "remove", "add"]))
    if key is None or action == "add":
        target = container if isinstance(container, (dict, list)) else data
        if isinstance(target, dict):
            target[draw(st.one_of(st.text(max_size=6), st.sampled_from(["label", "subtitle", "lead_in", "meta",
                                                                          "appendices", "removed", "captions"])))] = draw(values)
        else:
            target.append(draw(values))
    elif action == "remove":
        del container[key]
    else:
        container[key] = draw(values)
    return data


def dump(data):
    return yaml.dump(data, Dumper=getattr(yaml, "CSafeDumper", yaml.SafeDumper), allow_unicode=True, sort_keys=False)


@pytest.fixture(scope="module")
def work(tmp_path_factory):
    """The small content written once; each example rewrites one file and puts it back afterwards."""
    root = tmp_path_factory.mktemp("content-properties")
    for rel, data in SMALL.items():
        path = root / "content" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(dump(data), encoding="utf-8")
    yield root
    if TIMES:
        print(f"\ncontent properties: {len(TIMES)} examples ({OUTCOMES['built']} built, {OUTCOMES['refused']} "
              f"refused with clear lines), slowest {max(TIMES):.2f} s, mean {sum(TIMES) / len(TIMES) * 1000:.0f} ms")


def build_or_clear_errors(root, rel=None, data=None):
    """Build with `rel` holding `data`; the problems found (each checked to be one line naming the
    file), or [] for a build."""
    content = root / "content"
    path = content / rel if rel else None
    original = path.read_bytes() if path else None
    if path:
        path.write_text(dump(data), encoding="utf-8")
    start = time.perf_counter()
    try:
        build(str(content), os.path.join(ROOT, "templates"), os.path.join(ROOT, "static"), str(root / "site"))
        problems = []
    except ContentErrors as e:
        problems = e.errors
    except ReportError as e:
        problems = [e]
    finally:
        TIMES.append(time.perf_counter() - start)
        if path:
            path.write_bytes(original)
    for p in problems:
        line = str(p)
        assert "\n" not in line and line.startswith(str(content)), line
        assert p.message and "Traceback" not in line
    assert TIMES[-1] < 5, f"{TIMES[-1]:.1f} s"
    OUTCOMES["refused" if problems else "built"] += 1
    return [str(p) for p in problems]


SETTINGS = dict(max_examples=EXAMPLES, deadline=5000, derandomize=bool(os.environ.get("CI")),
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture,
                                       HealthCheck.data_too_large])


def test_the_small_content_builds(work):
    assert build_or_clear_errors(work) == []
    assert (work / "site" / R / "en" / "index.html").exists()


@pytest.mark.parametrize("rel", FILES)
@settings(**SETTINGS)
@given(data=st.data())
def test_any_field_of_any_content_file_gives_a_build_or_clear_errors(work, rel, data):
    build_or_clear_errors(work, rel, mutate(copy.deepcopy(SMALL[rel]), data.draw))
