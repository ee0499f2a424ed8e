"""A report's site zip past the classic format's limits, and figures.csv cells a spreadsheet would run."""
import csv
import io
import zipfile

import pytest

from reportgen.keyfigures import _inert, to_csv
from reportgen.sitezip import zip_of


def test_a_site_of_more_than_65535_files_zips_with_zip64():
    files = {f"r/p{i}.html": b"<p>%d</p>" % i for i in range(66_000)}
    zf = zipfile.ZipFile(io.BytesIO(zip_of(files, {}, folder="r-site")))
    assert zf.testzip() is None
    names = zf.namelist()
    assert len(names) == 66_000 and names[-1] == "r-site/r/p9999.html"
    assert zf.read("r-site/r/p65999.html") == b"<p>65999</p>"


def test_a_small_site_zips_without_zip64_records():
    data = zip_of({"index.html": b"<p>x</p>"}, {})
    assert b"PK\x06\x06" not in data and b"PK\x06\x07" not in data
    assert zipfile.ZipFile(io.BytesIO(data)).testzip() is None


@pytest.mark.parametrize("cell", ["=1+1", "+1", "-1", "@SUM(A1)", "\t=1+1", "\r=1+1", "  =1+1", "\tx", "\rx"])
def test_formula_cells_are_kept_as_text(cell):
    assert _inert(cell) == "'" + cell
    row = {"id": "x", "label_zh": cell}
    text = to_csv([row]).lstrip("\ufeff")
    assert list(csv.DictReader(io.StringIO(text)))[0]["label_zh"] == "'" + cell


@pytest.mark.parametrize("cell", ["GDP", "6.5", "地区生产总值", "a=b"])
def test_ordinary_cells_are_unchanged(cell):
    assert _inert(cell) == cell
