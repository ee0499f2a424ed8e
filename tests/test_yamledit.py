"""Edits in place to translation files: any text a translator may write goes in, every comment and every
untouched line stays, and the result parses to exactly the intended data."""
import os

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import ROOT
from reportgen.errors import ReportError
from reportgen.yamledit import edit

SAMPLE = os.path.join(ROOT, "content", "jianghan-2025", "en", "02-p1s3-s4.yaml")
COMMENTED = ("# checked by the editor\n"
             + open(SAMPLE, encoding="utf-8").read().replace("p1-s3-1:\n", "p1-s3-1:\n  # keep this note\n", 1)
             .replace("p1-s3-2:\n", "# a comment between units\np1-s3-2:\n", 1))
TEXT = st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=200).filter(str.strip)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(lead=TEXT, text=TEXT, new=TEXT)
def test_any_text_goes_in_and_nothing_else_changes(lead, text, new):
    before = yaml.safe_load(COMMENTED)
    try:
        result = edit("x.yaml", COMMENTED, {"p1-s3-1": {"lead": lead, "text": text}, "p9-s9-9": {"text": new}})
    except ReportError:
        # the one refusal allowed: a value YAML itself cannot hold as given (never a silent change)
        return
    after = yaml.safe_load(result)
    assert after == {**before, "p1-s3-1": {**before["p1-s3-1"], "lead": lead, "text": text}, "p9-s9-9": {"text": new}}
    kept = [line for line in COMMENTED.splitlines() if not line.startswith(("  lead:", "  text:"))]
    assert all(line in result.splitlines() for line in kept if line.lstrip().startswith("#"))
    untouched = COMMENTED.split("p1-s3-2:")[1]
    assert untouched in result  # every unit after the edited one, byte for byte


def test_a_unit_written_on_one_line_is_refused_not_rewritten():
    try:
        edit("x.yaml", "a: {text: A}\n", {"a": {"text": "B"}})
    except ReportError as e:
        assert str(e) == "x.yaml: a: is written on one line; expected the block layout (uid:, then one field per " \
                         "line) to edit it in place"
    else:
        raise AssertionError("expected a refusal")


def test_new_fields_go_before_source_and_existing_ones_stay_in_place():
    text = "p1:\n  # the editor's note\n  title: Old\n  source: 111111111111\nzz:\n  text: Z\n"
    out = edit("x.yaml", text, {"p1": {"title": "New", "subtitle": "Sub", "source": "222222222222"},
                                "zz": {"source": "333333333333"}})
    assert out == ("p1:\n  # the editor's note\n  title: New\n  subtitle: Sub\n  source: '222222222222'\n"
                   "zz:\n  text: Z\n  source: '333333333333'\n")
