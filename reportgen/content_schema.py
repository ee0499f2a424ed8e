"""The shape of every content file (content/site.yaml and each report's zh.yaml, report.yaml,
glossary.yaml, figures.yaml and translations), as the build expects it: see reportgen/schema.py.

Ids, duplicates and references between files are checked in reportgen/content.py and figures.py;
here only what each field holds. Fields not named here are allowed, so optional fields can be added
to the content before the build uses them."""

from .numerals import HIGHEST
from .schema import Bool, Int, Keyed, List, Map, Nullable, Number, OneOf, PerLanguage, Text

NUMBERED = Int(1, HIGHEST)  # parts and sections are rendered 一 … 九百九十九 / （一） … （九百九十九）

UNIT = Map({"id": Text(), "text": Text(), "lead": Text()}, required=("id", "text"))
UNITS = List(UNIT)

SECTION = Map({"id": Text(), "number": NUMBERED, "title": Text(), "summary": Text(), "label": Text(empty=True),
               "lead_in": UNITS, "paragraphs": UNITS}, required=("id", "number", "title", "paragraphs"))

PART = Map({"id": Text(), "number": NUMBERED, "title": Text(), "label": Text(empty=True), "subtitle": Text(),
            "intro": UNITS, "sections": List(SECTION), "closing": UNITS}, required=("id", "number", "title"))

ENTRY = Map({"id": Text(), "number": Int(1, 10**6), "label": Text(), "terms": List(Text()), "definition": Text()},
            required=("id", "number", "label", "terms", "definition"))

DOCUMENT = Map({
    "id": Text(), "lang": Text(), "source": Text(), "encoding": Text(),
    "meta": Map({"title": Text(), "dateline": Text(), "speaker": Text(), "captions": List(Text())}),
    "opening": UNITS,
    "parts": List(PART, least=1),
    "appendix": Map({"heading": Text(), "title": Text(), "entries": List(ENTRY)}, required=("entries",),
                    kind="a mapping with title and entries"),
    "appendices": List(Map({"id": Text(), "label": Text(), "title": Text(), "paragraphs": UNITS},
                           required=("id", "label", "title", "paragraphs"))),
    "removed": List(Map({"line": Int(1, None), "text": Text(empty=True), "why": Text()}, required=("line", "text"))),
}, required=("parts",), kind="a mapping with id, opening, parts")

LEVELS = ("national", "province", "municipality", "city", "district", "county")

REPORT = Map({
    "title": PerLanguage(source_only=True, show=True),  # a missing English shows the Chinese, marked
    "short_title": PerLanguage(source_only=True, show=True),
    "year": Int(1949, 2200),
    "place": PerLanguage(source_only=True),
    "level": OneOf(*LEVELS),
    "needs_review": List(Text()),
}, kind="a mapping of report metadata")

GLOSSARY = List(Map({
    "id": Text(),
    "terms": Map({"zh": List(Text(), least=1), "en": List(Text())}, required=("zh",), message="expected {zh: [term, …], en: [term, …]}"),
    "title": PerLanguage(), "definition": PerLanguage(),
}, required=("id", "terms", "title", "definition"), kind="a mapping with id, terms, title, definition"),
    named=True, message=None)

SCALES = ("万", "亿", "万亿")
FIGURE = Map({
    "id": Text(), "paragraph": Text(), "fragment": Text(), "value": Number(), "scale": Nullable(OneOf(*SCALES)),
    "unit": Text(), "unit_en": Nullable(Text()), "period": Int(1949, 2200), "kind": OneOf("result", "target"),
    "measure": Nullable(OneOf("level", "growth", "count", "amount", "share")),
    "qualifier": Nullable(OneOf("over", "at least", "estimated")), "theme": Text(),
    "label": Map({"zh": Text(), "en": Text()}, required=("zh",)), "headline": Bool(),  # en: may wait for a translator
    "pair": Nullable(Text()), "pair_note": Nullable(Map({"zh": Text(), "en": Text()}, required=("zh", "en"))),
}, required=("id", "paragraph", "fragment", "value", "unit", "period", "kind", "theme", "label"),
    kind="a mapping with id, paragraph, fragment, value, unit, period, kind, theme, label")
FIGURES = List(FIGURE, named=True)

TRANSLATED = {"title", "subtitle", "summary", "lead", "text", "label", "terms", "definition", "source"}
TRANSLATION = Keyed(
    Map({**{name: (List(Text(empty=True), message="expected a list of terms as text") if name == "terms"
                   else Text(empty=True)) for name in sorted(TRANSLATED)},
         "memory": Bool(message="expected true (or no memory field)")},  # filled from translation memory, not yet checked (reportgen.memory)
        unknown="refuse",
        kind="a mapping of fields"),
    special={"meta": Map({"title": Text(empty=True), "dateline": Text(empty=True), "speaker": Text(empty=True),
                          "captions": List(Text(empty=True))}, kind="a mapping of fields")},
    message=None)

LANGUAGE = Map({"code": Text(), "html_lang": Text(), "name": Text()}, required=("code", "html_lang", "name"),
               message="expected code, html_lang and name as text")
SITE = Map({"languages": List(LANGUAGE, least=1, kind="a list of languages (code, html_lang, name)"),
            "ui": Keyed(Keyed(Text(empty=True)))},
           required=("languages", "ui"), kind="a mapping with 'languages' and 'ui'")
