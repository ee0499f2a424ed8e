"""Broken content YAML: every case one line naming the file and the line or field, found before any stage
runs. The messages are the README's bad-input table (`{c}` stands for the content folder)."""
import os
import time

import pytest
import yaml

from conftest import build_site
from reportgen.errors import ContentErrors

R = "jianghan-2025"


def _append(rel, text):
    def change(c):
        path = c / rel
        with open(path, "a", encoding="utf-8") as f:
            f.write(text)
    return change


def _edit(rel, change_data):
    def change(c):
        path = c / rel
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        change_data(data)
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return change


def _figure(**fields):
    return _edit(f"{R}/figures.yaml", lambda d: d[0].update(fields))


def _write(rel, text):
    def change(c):
        (c / rel).parent.mkdir(parents=True, exist_ok=True)
        (c / rel).write_text(text, encoding="utf-8")
    return change


DEEP = "deep: " + "[" * 30000 + "]" * 30000 + "\n"
LAUGHS = "lol: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"l{i}: &l{i} [{', '.join(['*' + ('a' if i == 1 else f'l{i - 1}')] * 9)}]\n" for i in range(1, 9))

CASES = [
    # the YAML layer
    ("alias-loop", _append(f"{R}/report.yaml", "loop: &a [*a]\n"),
     "{c}/jianghan-2025/report.yaml:11: alias *a refused: content files do not use YAML anchors and aliases (&name, "
     "*name); expected the value written out in full"),
    ("billion-laughs", _append(f"{R}/report.yaml", LAUGHS),
     "{c}/jianghan-2025/report.yaml:12: alias *a refused: content files do not use YAML anchors and aliases (&name, "
     "*name); expected the value written out in full"),
    ("30000-deep", _append(f"{R}/report.yaml", DEEP),
     "{c}/jianghan-2025/report.yaml:11: nested more than 40 levels deep; expected content nested at most a few levels"),
    ("duplicate-key", _append(f"{R}/report.yaml", "year: 2024\n"),
     "{c}/jianghan-2025/report.yaml:11: duplicate key 'year' (first given at line 10); expected each key once in a "
     "mapping"),
    ("integer-key", _append(f"{R}/report.yaml", "5: x\n"),
     "{c}/jianghan-2025/report.yaml:11: the key '5' is read as a number, not as text; expected a field name or id "
     "as text (write it in quotes: \"5\")"),
    ("boolean-key", _append(f"{R}/en/01-opening-p1s1-s2.yaml", "yes: {text: x}\n"),
     None),  # line varies with the file: asserted by its start below
    ("not-utf8", lambda c: (c / R / "report.yaml").write_bytes(b"title: \xff\n"),
     "{c}/jianghan-2025/report.yaml:1: is not UTF-8; content files are expected in UTF-8"),
    # figures.yaml: ten shapes of a wrong field
    ("figure-unit", _figure(unit=5), "{c}/jianghan-2025/figures.yaml: grp-growth-2024.unit: expected text, got int 5"),
    ("figure-label-text", _figure(label="GRP"),
     "{c}/jianghan-2025/figures.yaml: grp-growth-2024.label: expected mapping, got str"),
    ("figure-label-en-not-text", _figure(label={"zh": "地区生产总值", "en": 5}),
     "{c}/jianghan-2025/figures.yaml: grp-growth-2024.label.en: expected text, got int 5"),
    ("figure-qualifier", _figure(qualifier="about"),
     "{c}/jianghan-2025/figures.yaml: grp-growth-2024.qualifier: expected one of over, at least, estimated, got "
     "'about'"),
    ("figure-fragment", _figure(fragment=6.5),
     "{c}/jianghan-2025/figures.yaml: grp-growth-2024.fragment: expected text, got float 6.5"),
    ("figure-paragraph-list", _figure(paragraph=["p1-2"]),
     "{c}/jianghan-2025/figures.yaml: grp-growth-2024.paragraph: expected text, got list ['p1-2']"),
    ("figure-pair-list", _figure(pair=["grp"]),
     "{c}/jianghan-2025/figures.yaml: grp-growth-2024.pair: expected text, got list ['grp']"),
    ("figure-period-text", _figure(period="2024"),
     "{c}/jianghan-2025/figures.yaml: grp-growth-2024.period: expected whole number, got str '2024'"),
    ("figure-value-text", _figure(value="6.5"),
     "{c}/jianghan-2025/figures.yaml: grp-growth-2024.value: expected a number, got '6.5'"),
    ("figure-theme", _figure(theme="weather"),
     "{c}/jianghan-2025/figures.yaml: grp-growth-2024.theme: unknown theme 'weather'; expected one of business, "
     "culture, digital, economy, education, environment, governance, health, innovation, investment, jobs, safety, "
     "urban (or add theme_weather to every language's ui in content/site.yaml)"),
    ("figure-id-octal", lambda c: (c / R / "figures.yaml").write_text((c / R / "figures.yaml").read_text(
        encoding="utf-8").replace("- id: grp-growth-2024", "- id: 010"), encoding="utf-8"),
     "{c}/jianghan-2025/figures.yaml: [0].id: expected text, got int 8"),
    ("figure-not-mapping", _edit(f"{R}/figures.yaml", lambda d: d.insert(0, 5)),
     "{c}/jianghan-2025/figures.yaml: [0]: expected a mapping with id, paragraph, fragment, value, unit, period, "
     "kind, theme, label, got int"),
    # zh.yaml
    ("appendix-terms", _edit(f"{R}/zh.yaml", lambda d: d["appendix"]["entries"][0].update(terms=[5])),
     "{c}/jianghan-2025/zh.yaml: appendix.entries[0].terms[0]: expected text, got int 5"),
    ("part-number-huge", _edit(f"{R}/zh.yaml", lambda d: d["parts"][0].update(number=10**6)),
     "{c}/jianghan-2025/zh.yaml: parts[0].number: expected a whole number from 1 to 999, got 1000000"),
    ("part-number-zero", _edit(f"{R}/zh.yaml", lambda d: d["parts"][0].update(number=0)),
     "{c}/jianghan-2025/zh.yaml: parts[0].number: expected a whole number from 1 to 999, got 0"),
    ("meta-number", _edit(f"{R}/zh.yaml", lambda d: d.update(meta=5)),
     "{c}/jianghan-2025/zh.yaml: meta: expected mapping, got int"),
    ("document-list", _write(f"{R}/zh.yaml", "- 1\n"),
     "{c}/jianghan-2025/zh.yaml: expected a mapping with id, opening, parts, got list"),
    ("document-empty", _write(f"{R}/zh.yaml", "# nothing\n"),
     "{c}/jianghan-2025/zh.yaml: is empty; expected a mapping with id, opening, parts"),
    ("unit-id-too-long", _edit(f"{R}/zh.yaml", lambda d: d["opening"][0].update(id="a" * 101)),
     "{c}/jianghan-2025/zh.yaml: opening[0].id: bad id '" + "a" * 59 + "; "
     "expected lowercase ASCII letters, digits and hyphens, at most 100 characters"),
    # report.yaml, glossary.yaml, translations
    ("report-year-text", _edit(f"{R}/report.yaml", lambda d: d.update(year="2025")),
     "{c}/jianghan-2025/report.yaml: year: expected whole number, got str '2025'"),
    ("report-level", _edit(f"{R}/report.yaml", lambda d: d.update(level="town")),
     "{c}/jianghan-2025/report.yaml: level: expected one of national, province, municipality, city, district, "
     "county, got 'town'"),
    ("glossary-title", _edit(f"{R}/glossary.yaml", lambda d: d[0].update(title="x")),
     "{c}/jianghan-2025/glossary.yaml: zhuanjingtexin.title: expected the text in every language (zh, en)"),
    ("translation-meta", _write(f"{R}/en/06.yaml", "meta: 5\n"),
     "{c}/jianghan-2025/en/06.yaml: meta: expected a mapping of fields, got int"),
    ("translation-key-newline", _write(f"{R}/en/06.yaml", '"\\n": 5\n'),
     "{c}/jianghan-2025/en/06.yaml: '\\n': expected a mapping of fields, got int"),
    ("translation-text-number", _append(f"{R}/en/05-p2s6-s8-appendix.yaml", "p1: {title: 5}\n"),
     "{c}/jianghan-2025/en/05-p2s6-s8-appendix.yaml: p1.title: expected text, got int 5"),
    # site.yaml
    ("site-third-language", _edit("site.yaml", lambda d: d["languages"].append(
        {"code": "fr", "html_lang": "fr", "name": "Français"})),
     "{c}/site.yaml: languages: expected zh and en (the site is published in Chinese and English, in that order), "
     "got zh, en, fr"),
    ("site-only-chinese", _edit("site.yaml", lambda d: d.update(languages=d["languages"][:1])),
     "{c}/site.yaml: languages: expected zh and en (the site is published in Chinese and English, in that order), "
     "got zh"),
    ("site-missing-ui-string", _edit("site.yaml", lambda d: d["ui"]["en"].__delitem__("read")),
     "{c}/site.yaml: ui.en.read: missing; expected the interface string in this language (the pages use it)"),
    ("site-ui-string-number", _edit("site.yaml", lambda d: d["ui"]["en"].update(read=5)),
     "{c}/site.yaml: ui.en.read: expected text, got int 5"),
    # files that are not where the build reads them
    ("figures-yml", lambda c: os.rename(c / R / "figures.yaml", c / R / "figures.yml"),
     "{c}/jianghan-2025/figures.yml: unexpected file; expected zh.yaml, report.yaml, figures.yaml, glossary.yaml, "
     "figures.proposed.yaml, about.<lang>.md or a language's translations (en.yaml or en/)"),
    ("en-yaml-beside-en", _write(f"{R}/en.yaml", "p1: {title: x}\n"),
     "{c}/jianghan-2025/en.yaml: the en translations are given twice (en.yaml and en/); expected one of them"),
    ("translation-in-subfolder", _write(f"{R}/en/more/06.yaml", "p1: {title: x}\n"),
     "{c}/jianghan-2025/en/more: unexpected file; expected translation files named *.yaml, directly in this folder"),
    ("translation-yml", _write(f"{R}/en/06.yml", "p1: {title: x}\n"),
     "{c}/jianghan-2025/en/06.yml: unexpected file; expected translation files named *.yaml, directly in this "
     "folder"),
    ("translation-symlink", lambda c: os.symlink("/etc/hostname", c / R / "en" / "06.yaml"),
     "{c}/jianghan-2025/en/06.yaml: is a symbolic link; expected a file of its own (content is never read through "
     "links)"),
    ("report-id-250", lambda c: os.rename(c / R, c / ("r" * 250)),
     "{c}/" + "r" * 250 + ": report folder names are ids: lowercase ASCII letters, digits and hyphens, at most 100 "
     "characters"),
]


@pytest.mark.parametrize("name,change,message", CASES, ids=[c[0] for c in CASES])
def test_broken_content_gets_one_line_naming_file_and_place(content_copy, tmp_path, name, change, message):
    change(content_copy)
    start = time.perf_counter()
    with pytest.raises(ContentErrors) as e:
        build_site(tmp_path / "out", content=str(content_copy))
    assert time.perf_counter() - start < 10  # nothing hangs (a loose bound: not a benchmark)
    errors = [str(x) for x in e.value.errors]
    if message is None:
        assert len(errors) == 1 and "the key 'yes' is read as a true/false value, not as text" in errors[0], errors
        assert errors[0].startswith(f"{content_copy}/{R}/en/01-opening-p1s1-s2.yaml:")
    else:
        assert errors == [message.format(c=content_copy)]
    assert not (tmp_path / "out").exists()


def test_strict_warnings_keep_their_file_and_field(content_copy, tmp_path):
    glossary = content_copy / R / "glossary.yaml"
    glossary.write_text(glossary.read_text(encoding="utf-8") + "\n- id: unused\n  terms: {zh: [不存在的词], en: [none]}\n"
                        "  title: {zh: 无, en: None}\n  definition: {zh: 无。, en: None.}\n", encoding="utf-8")
    with pytest.raises(ContentErrors) as e:
        build_site(tmp_path / "out", content=str(content_copy), strict=True)
    errors = [str(x) for x in e.value.errors]
    assert f"{content_copy}/{R}/glossary.yaml: unused: (strict) glossary entry 'unused' (不存在的词) occurs nowhere in " \
           "the text" in errors
    assert any(x.startswith(f"{content_copy}/{R}/zh.yaml: (strict) 48 quoted terms in the text have no glossary "
                            "entry: “武汉伴手礼”") for x in errors), errors
