"""Key figures: verified against the text by the build, paired only like with like, shown and
downloadable with deep links that resolve."""
import csv
import io
import json
import posixpath
import re

import pytest
import yaml

from conftest import build_site
from reportgen.errors import ContentErrors
from reportgen.figures import format_figure

FIGURES = ("jianghan-2025", "figures.yaml")


def tamper(content, figure_id, **changes):
    path = content.joinpath(*FIGURES)
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    for f in data:
        if f["id"] == figure_id:
            f.update(changes)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return str(path)


def build_errors(content, tmp_path):
    with pytest.raises(ContentErrors) as e:
        build_site(tmp_path / "out", content=str(content))
    return [str(x) for x in e.value.errors]


def test_a_wrong_value_fails_the_build_naming_figure_paragraph_and_number(content_copy, tmp_path):
    path = tamper(content_copy, "parking-spaces-2024", value=6084)
    assert build_errors(content_copy, tmp_path) == [
        f"{path}: parking-spaces-2024.value: value 6084 个 is not the number in the fragment '新增停车泊位6048个' "
        "(paragraph p1-s3-2)"]


def test_a_wrong_scale_or_unit_fails_the_build(content_copy, tmp_path):
    path = tamper(content_copy, "retail-sales-2024", scale="万")
    assert build_errors(content_copy, tmp_path) == [
        f"{path}: retail-sales-2024.value: value 811 万元 is not the number in the fragment "
        "'预计完成社会消费品零售总额811亿元' (paragraph p1-s1-2)"]


def test_a_fragment_not_in_its_paragraph_fails_the_build(content_copy, tmp_path):
    path = tamper(content_copy, "new-jobs-2024", paragraph="p1-s1-1")
    assert build_errors(content_copy, tmp_path) == [
        f"{path}: new-jobs-2024.fragment: '新增就业2.5万人' does not appear in paragraph p1-s1-1; expected the "
        "words exactly as the text gives them"]


def test_pairing_unlike_measures_fails_the_build(content_copy, tmp_path):
    path = tamper(content_copy, "four-above-new-2024", pair="tech-smes")
    errors = build_errors(content_copy, tmp_path)
    assert errors == [f"{path}: tech-smes-2024.pair: pair 'tech-smes' is not like with like: expected one result "
                      "and one target of the same measure and unit, got tech-smes-2024 (result, count, 家); "
                      "four-above-new-2024 (result, count, 家); tech-smes-2025 (target, count, 家)"]


def test_numbers_are_formatted_for_each_language():
    f = {"value": 811, "scale": "亿", "unit": "元"}
    assert (format_figure(f, "zh"), format_figure(f, "en")) == ("811亿元", "81.1 billion yuan")
    f = {"value": 6048, "scale": None, "unit": "个"}
    assert (format_figure(f, "zh"), format_figure(f, "en")) == ("6048个", "6,048")
    f = {"value": 1.5, "scale": "万亿", "unit": "元"}
    assert format_figure(f, "en") == "1.5 trillion yuan"


def page_figures(site_dir, view):
    html = (site_dir / "jianghan-2025" / view / "figures.html").read_text(encoding="utf-8")
    return html, re.findall(r'<li class="figure (?:result|target)" id="fig-([^"]+)"', html)


def test_page_shows_every_figure_and_every_like_with_like_pair(site_dir):
    for view in ("zh", "en", "bi"):
        html, ids = page_figures(site_dir, view)
        assert len(ids) == len(set(ids)) == 86
        rows = re.findall(r'<tr id="pair-([^"]+)">', html)
        assert len(rows) == 13
        assert "<svg" in html and html.count('role="img"') == 2
    zh, _ = page_figures(site_dir, "zh")
    en, _ = page_figures(site_dir, "en")
    assert "811亿元" in zh and "6048个" in zh
    assert "81.1 billion yuan" in en and "6,048" in en


def test_csv_and_json_hold_the_page_figures_and_their_links_resolve(site_dir):
    folder = site_dir / "jianghan-2025"
    raw = (folder / "figures.csv").read_text(encoding="utf-8")
    assert raw.startswith("\ufeff")
    records = list(csv.DictReader(io.StringIO(raw.lstrip("\ufeff"))))
    doc = json.loads((folder / "figures.json").read_text(encoding="utf-8"))
    assert len(records) == len(doc["figures"]) == doc["report"]["figures"] == 86
    _, page_ids = page_figures(site_dir, "zh")
    assert [r["id"] for r in records] == [f["id"] for f in doc["figures"]]
    assert sorted(page_ids) == sorted(r["id"] for r in records)
    for r, j in zip(records, doc["figures"]):
        assert float(r["value"]) == j["value"]
        assert r["label_en"] == j["label_en"] and r["fragment"] == j["fragment"]
        for view in ("zh", "en"):
            page, fragment = r[f"link_{view}"].split("#")
            target = folder / posixpath.normpath(page)
            assert target.is_file(), r[f"link_{view}"]
            html = target.read_text(encoding="utf-8")
            match = re.search(rf'<p id="{fragment}"[^>]*>(.*?)</p>', html, re.S)
            assert match, r[f"link_{view}"]
            if view == "zh":
                shown = re.sub(r'<span class="tip".*?</a></span>', "", match.group(1), flags=re.S)  # hidden definitions
                plain = re.sub(r"<[^>]+>", "", shown)
                assert r["fragment"].replace("“", "").replace("”", "") in plain.replace("“", "").replace("”", "")
    retail = next(r for r in records if r["id"] == "retail-sales-2024")
    assert (retail["value"], retail["scale"], retail["unit"], retail["value_in_units"]) == (
        "811", "亿", "元", "81100000000")


def test_source_links_highlight_the_number_and_paragraphs_link_back(site_dir):
    html, _ = page_figures(site_dir, "zh")
    assert 'href="p1-s3.html#p1-s3-2:~:text=' in html
    section = (site_dir / "jianghan-2025" / "zh" / "p1-s3.html").read_text(encoding="utf-8")
    assert re.search(r'<p id="p1-s3-2"[^>]*>.*?<a class="fig-here" href="figures.html#fig-', section, re.S)


@pytest.fixture(params=["file", "http"])
def base(request, site_dir, http_subpath):
    return site_dir.as_uri() + "/" if request.param == "file" else http_subpath


def test_following_a_source_link_shows_the_paragraph(page, base):
    page.goto(base + "jianghan-2025/zh/figures.html")
    page.click("#fig-parking-spaces-2024 a.fig-source")
    page.wait_for_url(re.compile(r".*p1-s3\.html#p1-s3-2"))
    page.wait_for_function("""() => { const r = document.getElementById('p1-s3-2').getBoundingClientRect();
        return r.top >= 0 && r.top < innerHeight; }""", timeout=3000)
    assert page.evaluate("location.hash") == "#p1-s3-2"


@pytest.mark.parametrize("width", [375, 1280])
def test_figures_page_fits_the_screen(browser, site_dir, width):
    context = browser.new_context(viewport={"width": width, "height": 800})
    page = context.new_page()
    for view in ("zh", "en", "bi"):
        page.goto(site_dir.as_uri() + f"/jianghan-2025/{view}/figures.html")
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        # every chart label and value lies within its chart
        overflow = page.evaluate("""() => [...document.querySelectorAll('svg.bars text')].filter(t => {
            const s = t.closest('svg').getBoundingClientRect(), r = t.getBoundingClientRect();
            return r.right > s.right + 1 || r.left < s.left - 1; }).map(t => t.textContent)""")
        assert overflow == [], f"{view} at {width}px: {overflow}"
    context.close()


def test_a_number_is_found_only_where_it_stands_on_its_own():
    # _standalone is the search (?<![\d.,])number(?!\d) makes, written with str.find for speed: compared
    # with the regular expression on random strings of digits, separators and other characters.
    import random
    import re
    from reportgen.keyfigures import _standalone
    rng = random.Random(8)
    for _ in range(20000):
        number = "".join(rng.choice("12.,%") for _ in range(rng.randint(1, 3)))
        text = "".join(rng.choice("12.,% a٣") for _ in range(rng.randint(0, 12)))
        expected = [m.start() for m in re.finditer(r"(?<![\d.,])" + re.escape(number) + r"(?!\d)", text)]
        assert _standalone(number, text) == expected, (number, text)
    assert _standalone("6.5%", "growth of 6.5%, not 16.5% or 6.5%1") == [10]
