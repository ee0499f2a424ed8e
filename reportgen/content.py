"""Load and validate content/: every problem is collected, then all are reported together."""

import os
import re

from . import figures, yamlio
from .about import load_about
from .errors import ContentErrors, ReportError

ID_RE = re.compile(r"^[a-z0-9][a-z0-9-]*$")
SOURCE_LANG = "zh"


def load_site(content_dir, read=None):
    """content/ → {"config": …, "reports": […]}; raises ContentErrors listing every problem. `read(path)`
    gives a YAML file's data (default: parse it; the dev server keeps the files an edit left unchanged)."""
    errors = []
    read = read or (lambda path: yamlio.load(path, for_pages=True))
    config_path = os.path.join(content_dir, "site.yaml")
    config = _load(config_path, errors, read)
    if not isinstance(config, dict):
        errors.append(ReportError(config_path, None, "expected a mapping with 'languages' and 'ui'"))
        raise ContentErrors(errors)
    languages = _check_languages(config_path, config, errors)
    reports = []
    if not os.path.isdir(content_dir):
        raise ContentErrors([ReportError(content_dir, None, "no such folder; expected the content folder")])
    for name in sorted(os.listdir(content_dir)):
        folder = os.path.join(content_dir, name)
        if os.path.isdir(folder) and not name.startswith("."):
            report = load_report(folder, languages, errors, read)
            if report:
                reports.append(report)
    if not reports and not errors:
        errors.append(ReportError(content_dir, None, "holds no report; run `python build.py ingest seeds/<file>.txt`"))
    pairs_path = os.path.join(content_dir, "pairs.yaml")  # editors' decisions on targets and results
    pairs = _load(pairs_path, errors, read) if os.path.exists(pairs_path) else None
    if errors:
        raise ContentErrors(errors)
    return {"config": config, "languages": languages, "reports": reports, "pairs": (pairs_path, pairs)}


def _load(path, errors, read):
    try:
        return read(path)
    except FileNotFoundError:
        errors.append(ReportError(path, None, "missing; expected this file"))
    except ReportError as e:
        errors.append(e)
    return None


def _check_languages(path, config, errors):
    langs = config.get("languages")
    if not isinstance(langs, list) or not langs:
        errors.append(ReportError(path, "languages", "expected a list of languages (code, html_lang, name)"))
        return []
    codes = []
    for i, lang in enumerate(langs):
        if not isinstance(lang, dict) or not all(isinstance(lang.get(k), str) for k in ("code", "html_lang", "name")):
            errors.append(ReportError(path, f"languages[{i}]", "expected code, html_lang and name as text"))
            continue
        codes.append(lang["code"])
        if not isinstance((config.get("ui") or {}).get(lang["code"]), dict):
            errors.append(ReportError(path, f"ui.{lang['code']}", f"missing the interface strings for language "
                                      f"'{lang['code']}'"))
    if SOURCE_LANG not in codes:
        errors.append(ReportError(path, "languages", f"expected the source language '{SOURCE_LANG}' among them"))
    return codes


def load_report(folder, languages, errors, read):
    rid = os.path.basename(folder)
    before = len(errors)
    if not ID_RE.match(rid):
        errors.append(ReportError(folder, None, "report folder names are ids: lowercase ASCII letters, digits and "
                                  "hyphens"))
    zh_path = os.path.join(folder, "zh.yaml")
    doc = _load(zh_path, errors, read)
    if doc is None:
        return None
    check_document(zh_path, doc, errors)
    langs_found = _translation_sources(folder, languages, errors)
    if len(errors) > before:
        return None
    meta_path = os.path.join(folder, "report.yaml")
    meta = _load(meta_path, errors, read) if os.path.exists(meta_path) else {}
    if not isinstance(meta, dict):
        errors.append(ReportError(meta_path, None, "expected a mapping of report metadata"))
        meta = {}
    if "title" not in meta:  # the side-by-side pages show it in both languages
        errors.append(ReportError(meta_path, "title", f"missing; expected the report's display title in every "
                                  f"language ({', '.join(languages)}), e.g. title: {{zh: …, en: …}}"))
    for key in ("title", "short_title"):
        _fill_from_source(meta, key, languages)
        if key in meta and not _per_language(meta[key], languages):
            errors.append(ReportError(meta_path, key, f"expected the text in every language ({', '.join(languages)}), "
                                      f"got {meta[key]!r:.60}"))
            meta.pop(key)
    index = unit_index(doc)
    translations = {lang: load_translation(path, index, errors, read) for lang, path in langs_found.items()}
    for lang in languages:
        translations.setdefault(lang, {}) if lang != SOURCE_LANG else None
    extras = {}
    for name in ("figures", "glossary", "figures.proposed"):
        p = os.path.join(folder, name + ".yaml")
        if os.path.exists(p):
            data = _load(p, errors, read)
            if data is not None and not isinstance(data, list):
                errors.append(ReportError(p, None, "expected a list of entries"))
                data = None
            if name == "glossary" and data:
                data = _check_glossary(p, data, languages, errors)
            extras[name] = data or []
        else:
            extras[name] = []
    proposed = extras.pop("figures.proposed")
    return {"id": rid, "folder": folder, "meta": meta, "doc": doc, "index": index,
            "translations": translations, **extras, **figures.confirmed_figures(extras["figures"], proposed),
            "about": load_about(folder, languages, errors)}


def _fill_from_source(meta, key, languages):
    """A display title nobody has translated yet (ingest leaves out an English title it cannot form):
    the pages show the Chinese; `meta["untranslated"]` says which languages are shown so."""
    value = meta.get(key)
    if isinstance(value, dict) and _type_ok(value.get(SOURCE_LANG), TEXT):
        missing = [lang for lang in languages if value.get(lang) is None]
        for lang in missing:
            value[lang] = value[SOURCE_LANG]
        if missing:
            meta.setdefault("untranslated", {})[key] = missing


def _per_language(value, languages):
    return isinstance(value, dict) and all(_type_ok(value.get(lang), TEXT) for lang in languages)


def _check_glossary(path, entries, languages, errors):
    """Editors' notes: id, terms {zh: [..], en: [..]}, title and definition in every language."""
    seen = set()
    for i, e in enumerate(entries):
        where = f"[{i}]"
        if not isinstance(e, dict):
            errors.append(ReportError(path, where, f"expected a mapping with id, terms, title, definition, got "
                                      f"{type(e).__name__}"))
            continue
        where = e["id"] if isinstance(e.get("id"), str) else where
        if not isinstance(e.get("id"), str) or not ID_RE.match(e["id"]):
            errors.append(ReportError(path, f"{where}.id", "expected an id of lowercase ASCII letters, digits and "
                                      "hyphens"))
        elif e["id"] in seen:
            errors.append(ReportError(path, f"{where}.id", f"duplicate id {e['id']!r}"))
        seen.add(e.get("id"))
        terms = e.get("terms")
        if not (isinstance(terms, dict) and isinstance(terms.get("zh"), list) and terms["zh"]
                and all(isinstance(v, list) and all(_type_ok(t, TEXT) for t in v) for v in terms.values())):
            errors.append(ReportError(path, f"{where}.terms", "expected {zh: [term, …], en: [term, …]}"))
        for key in ("title", "definition"):
            if not _per_language(e.get(key), languages):
                errors.append(ReportError(path, f"{where}.{key}", f"expected the text in every language "
                                          f"({', '.join(languages)})"))
    return entries


def _translation_sources(folder, languages, errors):
    """<lang>.yaml or <lang>/ beside zh.yaml; a language the site does not publish is an error."""
    found = {}
    for entry in sorted(os.listdir(folder)):
        path = os.path.join(folder, entry)
        lang = entry[:-5] if entry.endswith(".yaml") and os.path.isfile(path) else entry if os.path.isdir(path) else None
        if lang in (None, "zh", "report", "figures", "glossary", "figures.proposed"):
            continue
        if lang not in languages:
            errors.append(ReportError(path, None, f"unknown language '{lang}'; expected one of "
                                      f"{', '.join(languages)} (content/site.yaml)"))
            continue
        found[lang] = path
    return found


# --- the source-language document ---------------------------------------------------------------

TEXT, LIST, INT = "text", "list", "whole number"


def _type_ok(value, kind):
    return {TEXT: isinstance(value, str) and value.strip() != "", LIST: isinstance(value, list),
            INT: isinstance(value, int) and not isinstance(value, bool)}[kind]


def _need(path, obj, where, field, kind, errors, optional=False):
    value = obj.get(field) if isinstance(obj, dict) else None
    if value is None:
        if not optional:
            errors.append(ReportError(path, f"{where}.{field}".lstrip("."), f"missing; expected {kind}"))
        return False
    if not _type_ok(value, kind):
        errors.append(ReportError(path, f"{where}.{field}".lstrip("."),
                                  f"expected {kind}, got {type(value).__name__} {value!r:.60}"))
        return False
    return True


def check_document(path, doc, errors):
    """Structure and types of zh.yaml, and unique ASCII ids."""
    if not isinstance(doc, dict):
        errors.append(ReportError(path, None, "expected a mapping with id, opening, parts"))
        return
    seen = {}

    def unit(obj, where, fields):
        if not isinstance(obj, dict):
            errors.append(ReportError(path, where, f"expected a mapping, got {type(obj).__name__}"))
            return
        if _need(path, obj, where, "id", TEXT, errors):
            uid = obj["id"]
            if not ID_RE.match(uid):
                errors.append(ReportError(path, f"{where}.id", f"bad id {uid!r}; expected lowercase ASCII letters, "
                                          "digits and hyphens"))
            elif uid in seen:
                errors.append(ReportError(path, f"{where}.id", f"duplicate id {uid!r}; already used at {seen[uid]}"))
            else:
                seen[uid] = where
        for field, kind, optional in fields:
            _need(path, obj, where, field, kind, errors, optional)

    para = [("text", TEXT, False), ("lead", TEXT, True)]
    if _need(path, doc, "", "opening", LIST, errors, optional=True):
        for i, p in enumerate(doc["opening"]):
            unit(p, f"opening[{i}]", para)
    if _need(path, doc, "", "parts", LIST, errors):
        if not doc["parts"]:
            errors.append(ReportError(path, "parts", "empty; expected at least one part"))
        for i, part in enumerate(doc["parts"]):
            w = f"parts[{i}]"
            unit(part, w, [("number", INT, False), ("title", TEXT, False)])
            if not isinstance(part, dict):
                continue
            for key in ("intro", "closing"):
                if _need(path, part, w, key, LIST, errors, optional=True):
                    for j, p in enumerate(part[key]):
                        unit(p, f"{w}.{key}[{j}]", para)
            if _need(path, part, w, "sections", LIST, errors, optional=True):
                for j, s in enumerate(part["sections"]):
                    ws = f"{w}.sections[{j}]"
                    unit(s, ws, [("number", INT, False), ("title", TEXT, False), ("summary", TEXT, True)])
                    if isinstance(s, dict) and _need(path, s, ws, "paragraphs", LIST, errors):
                        for k, p in enumerate(s["paragraphs"]):
                            unit(p, f"{ws}.paragraphs[{k}]", para)
                    if isinstance(s, dict) and _need(path, s, ws, "lead_in", LIST, errors, optional=True):
                        for k, p in enumerate(s["lead_in"]):
                            unit(p, f"{ws}.lead_in[{k}]", para)
    if _need(path, doc, "", "appendices", LIST, errors, optional=True):
        for i, a in enumerate(doc["appendices"]):
            w = f"appendices[{i}]"
            unit(a, w, [("label", TEXT, False), ("title", TEXT, False)])
            if isinstance(a, dict) and _need(path, a, w, "paragraphs", LIST, errors):
                for k, p in enumerate(a["paragraphs"]):
                    unit(p, f"{w}.paragraphs[{k}]", para)
    appendix = doc.get("appendix")
    if appendix is not None:
        if not isinstance(appendix, dict):
            errors.append(ReportError(path, "appendix", "expected a mapping with title and entries"))
        elif _need(path, appendix, "appendix", "entries", LIST, errors):
            for i, e in enumerate(appendix["entries"]):
                w = f"appendix.entries[{i}]"
                unit(e, w, [("label", TEXT, False), ("terms", LIST, False), ("definition", TEXT, False)])


def units(doc):
    """Every unit that carries an id, by kind, in document order."""
    kinds = {"part": [], "section": [], "paragraph": list(doc.get("opening") or []), "entry": []}
    for part in doc.get("parts") or []:
        kinds["part"].append(part)
        kinds["paragraph"].extend(part.get("intro") or [])
        for s in part.get("sections") or []:
            kinds["section"].append(s)
            kinds["paragraph"].extend(s.get("lead_in") or [])
            kinds["paragraph"].extend(s.get("paragraphs") or [])
        kinds["paragraph"].extend(part.get("closing") or [])
    kinds["entry"] = list((doc.get("appendix") or {}).get("entries") or [])
    kinds["appendix"] = list(doc.get("appendices") or [])
    for a in kinds["appendix"]:
        kinds["paragraph"].extend(a.get("paragraphs") or [])
    return kinds


def unit_index(doc):
    """id → unit, for every unit of the document."""
    index = {}
    for kind, items in units(doc).items():
        for u in items:
            index[u["id"]] = u
    return index


# --- translations -------------------------------------------------------------------------------

TRANSLATABLE = {"title", "subtitle", "summary", "lead", "text", "label", "terms", "definition", "source"}


def load_translation(path, index, errors, read):
    """A language's units by id, from <lang>.yaml or every file in <lang>/."""
    files = ([os.path.join(path, f) for f in sorted(os.listdir(path)) if f.endswith(".yaml")]
             if os.path.isdir(path) else [path])
    merged, where = {}, {}
    for f in files:
        data = _load(f, errors, read)
        if data is None:
            continue
        if not isinstance(data, dict):
            errors.append(ReportError(f, None, "expected a mapping from unit id to its translated fields"))
            continue
        for uid, fields in data.items():
            if uid in where:
                errors.append(ReportError(f, uid, f"duplicate translation; already given in {where[uid]}"))
                continue
            where[uid] = f
            if uid != "meta" and uid not in index:
                errors.append(ReportError(f, uid, "translation for a unit that no longer exists in zh.yaml; "
                                          "remove it or give it the id of the unit it translates"))
                continue
            if not isinstance(fields, dict):
                errors.append(ReportError(f, uid, f"expected a mapping of fields, got {type(fields).__name__}"))
                continue
            for k, v in fields.items():
                if uid != "meta" and k not in TRANSLATABLE:
                    errors.append(ReportError(f, f"{uid}.{k}", f"unknown field; expected one of "
                                              f"{', '.join(sorted(TRANSLATABLE))}"))
                elif k == "terms":
                    if not isinstance(v, list) or not all(isinstance(t, str) for t in v):
                        errors.append(ReportError(f, f"{uid}.terms", "expected a list of terms as text"))
                elif not isinstance(v, str):
                    errors.append(ReportError(f, f"{uid}.{k}", f"expected text, got {type(v).__name__}"))
            merged[uid] = fields
    return merged
