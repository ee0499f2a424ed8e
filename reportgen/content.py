"""Load and validate content/: every problem is collected, then all are reported together."""

import os
import re

from . import figures, yamlio
from .about import load_about
from .content_files import report_files
from .content_schema import FIGURES, GLOSSARY, REPORT, SITE, TRANSLATED, TRANSLATION
from .document import ID_RE, MAX_ID, SOURCE_LANG, check_document, check_ids, unit_index, units  # noqa: F401
from .errors import ContentErrors, ReportError
from .schema import problems

LANGUAGES = ("zh", "en")


def load_site(content_dir, read=None, templates_dir=None):
    """content/ → {"config": …, "reports": […]}, every report loaded at once (the tools that read a
    site whole; the build gathers reports one at a time: gather.py); raises ContentErrors listing every
    problem. `read(path)` gives a YAML file's data (default: parse it). `templates_dir`: the interface
    strings its templates use must be in site.yaml for every language."""
    read = read or default_reader()
    config, languages = load_config(content_dir, read, templates_dir)
    errors, reports = [], []
    for folder in report_folders(content_dir, errors):
        report = load_report(folder, languages, errors, read, config["ui"])
        if report:
            reports.append(report)
    pairs = load_pairs(content_dir, errors, read)
    if errors:
        raise ContentErrors(errors)
    return {"config": config, "languages": languages, "reports": reports, "pairs": pairs}


def default_reader():
    return lambda path: yamlio.load(path, for_pages=True)


def load_config(content_dir, read, templates_dir=None):
    """site.yaml, checked: (config, language codes); raises ContentErrors listing every problem."""
    errors = []
    if not os.path.isdir(content_dir):
        raise ContentErrors([ReportError(content_dir, None, "no such folder; expected the content folder")])
    config_path = os.path.join(content_dir, "site.yaml")
    config = _load(config_path, errors, read)
    if config is None and not errors:
        errors.append(ReportError(config_path, None, "is empty; expected a mapping with 'languages' and 'ui'"))
    if errors or not _fits(config_path, SITE, config, [], errors):
        raise ContentErrors(errors)
    languages = _check_languages(config_path, config, errors, templates_dir)
    if errors:
        raise ContentErrors(errors)
    return config, languages


def report_folders(content_dir, errors):
    """The folder of every report, in id order; an empty site is a problem added to `errors`."""
    folders = []
    for name in sorted(os.listdir(content_dir)):
        folder = os.path.join(content_dir, name)
        if _refused_link(folder, errors) or name.startswith(".") or not os.path.isdir(folder):
            continue
        folders.append(folder)
    if not folders and not errors:
        errors.append(ReportError(content_dir, None, "holds no report; run `python build.py ingest seeds/<file>.txt`"))
    return folders


def load_pairs(content_dir, errors, read):
    """content/pairs.yaml, the editors' decisions on targets and results: (its path, its data or None)."""
    path = os.path.join(content_dir, "pairs.yaml")
    return path, (_load(path, errors, read) if os.path.exists(path) else None)


def _fits(path, shape, data, languages, errors):
    """True if `data` has the file's shape; otherwise each wrong field is added to `errors`."""
    found = problems(shape, data, languages)
    errors.extend(ReportError(path, place or None, message) for place, message in found)
    return not found


def _refused_link(path, errors):
    """Content is read from the project's own files: a symbolic link could publish any file on the machine."""
    if os.path.islink(path):
        errors.append(ReportError(path, None, "is a symbolic link; expected a file or folder of its own "
                                  "(content is never read through links)"))
        return True
    return False


def _load(path, errors, read):
    try:
        return read(path)
    except FileNotFoundError:
        errors.append(ReportError(path, None, "missing; expected this file"))
    except ReportError as e:
        errors.append(e)
    except OSError as e:
        errors.append(ReportError(path, None, f"cannot be read ({e.strerror}); expected a readable file"))
    return None


def _check_languages(path, config, errors, templates_dir):
    """The site is published in Chinese and English; each has every interface string the pages use."""
    codes = [lang["code"] for lang in config["languages"]]
    if codes != list(LANGUAGES):
        errors.append(ReportError(path, "languages", f"expected {' and '.join(LANGUAGES)} (the site is published in "
                                  f"Chinese and English, in that order), got {', '.join(codes)}"))
        return codes
    ui = config["ui"]
    needed = set().union(*(set(ui.get(code) or {}) for code in codes)) | used_strings(templates_dir)
    for code in codes:
        if not isinstance(ui.get(code), dict):
            errors.append(ReportError(path, f"ui.{code}", f"missing the interface strings for language '{code}'"))
            continue
        for name in sorted(needed - set(ui[code])):
            errors.append(ReportError(path, f"ui.{code}.{name}", "missing; expected the interface string in this "
                                      "language (the pages use it)"))
    return codes


def used_strings(templates_dir):
    """Interface strings the templates name (`t.name`)."""
    names = set()
    if templates_dir and os.path.isdir(templates_dir):
        for name in sorted(os.listdir(templates_dir)):
            if name.endswith(".html"):
                with open(os.path.join(templates_dir, name), encoding="utf-8", errors="replace") as f:
                    names.update(re.findall(r"\bt\.([a-z_][a-z0-9_]*)", f.read()))
    return names


def load_report(folder, languages, errors, read, ui=None):
    rid = os.path.basename(folder)
    before = len(errors)
    if not ID_RE.fullmatch(rid) or len(rid) > MAX_ID:
        errors.append(ReportError(folder, None, f"report folder names are ids: lowercase ASCII letters, digits and "
                                  f"hyphens, at most {MAX_ID} characters"))
    files = report_files(folder, languages, errors)
    zh_path = os.path.join(folder, "zh.yaml")
    doc = _load(zh_path, errors, read)
    if doc is None:
        if len(errors) == before:
            errors.append(ReportError(zh_path, None, "is empty; expected a mapping with id, opening, parts"))
        return None
    check_document(zh_path, doc, errors)
    if len(errors) > before:
        return None
    doc["meta"] = doc.get("meta") or {}  # optional in zh.yaml (absent or empty); the pages read its fields as absent
    meta = _report_meta(os.path.join(folder, "report.yaml"), languages, errors, read)
    index = unit_index(doc)
    translations = {lang: load_translation(path, index, errors, read) for lang, path in files["translations"].items()}
    for lang in languages:
        translations.setdefault(lang, {}) if lang != SOURCE_LANG else None
    extras = {name: _entries(os.path.join(folder, name + ".yaml"), shape, languages, errors, read)
              for name, shape in (("figures", FIGURES), ("glossary", GLOSSARY))}
    _check_glossary_ids(os.path.join(folder, "glossary.yaml"), extras["glossary"], errors)
    _check_themes(os.path.join(folder, "figures.yaml"), extras["figures"], ui or {}, errors)
    proposed = _entries(os.path.join(folder, "figures.proposed.yaml"), None, languages, errors, read)
    if len(errors) > before:
        return None
    return {"id": rid, "folder": folder, "meta": meta, "doc": doc, "index": index,
            "translations": translations, **extras, **figures.confirmed_figures(extras["figures"], proposed),
            "about": load_about(folder, languages, errors)}


def _report_meta(path, languages, errors, read):
    before = len(errors)
    meta = _load(path, errors, read) if os.path.exists(path) else {}
    if len(errors) > before:
        return {}  # one broken file, one line
    if meta is None:
        meta = {}
    if not _fits(path, REPORT, meta, languages, errors):
        return {}
    meta = {key: value for key, value in meta.items() if value is not None}  # an empty field is no field
    if "title" not in meta:  # the side-by-side pages show it in both languages
        errors.append(ReportError(path, "title", f"missing; expected the report's display title in every "
                                  f"language ({', '.join(languages)}), e.g. title: {{zh: …, en: …}}"))
    for key in ("title", "short_title"):
        _fill_from_source(meta, key, languages)
    return meta


def _fill_from_source(meta, key, languages):
    """A display title nobody has translated yet (ingest leaves out an English title it cannot form):
    the pages show the Chinese; `meta["untranslated"]` says which languages are shown so."""
    value = meta.get(key)
    if isinstance(value, dict) and isinstance(value.get(SOURCE_LANG), str):
        missing = [lang for lang in languages if value.get(lang) is None]
        for lang in missing:
            value[lang] = value[SOURCE_LANG]
        if missing:
            meta.setdefault("untranslated", {})[key] = missing


def _entries(path, shape, languages, errors, read):
    """figures.yaml or glossary.yaml: a list of entries of the shape, or [] if the file is absent."""
    if not os.path.exists(path):
        return []
    data = _load(path, errors, read)
    if data is None:
        return []
    if not isinstance(data, list):
        errors.append(ReportError(path, None, "expected a list of entries"))
        return []
    if shape is not None:  # proposals are drafts: figures.proposal_errors names the unreadable ones
        _fits(path, shape, data, languages, errors)
    return data  # with errors added, the report is not built; the id checks below still look at it


def _check_glossary_ids(path, entries, errors):
    seen = set()
    for e in entries:
        if not isinstance(e, dict) or not isinstance(e.get("id"), str) or not e["id"].strip():
            continue
        if not ID_RE.fullmatch(e["id"]):
            errors.append(ReportError(path, f"{e['id']}.id", "expected an id of lowercase ASCII letters, digits and "
                                      "hyphens"))
        elif e["id"] in seen:
            errors.append(ReportError(path, f"{e['id']}.id", f"duplicate id {e['id']!r}"))
        seen.add(e["id"])


def _check_themes(path, figures, ui, errors):
    """A figure's theme heads a group on the figures page, in every language: its name must be there."""
    known = sorted(key[6:] for key in ui.get(SOURCE_LANG, {}) if key.startswith("theme_"))
    for f in figures:
        if not isinstance(f, dict) or not isinstance(f.get("theme"), str) or not isinstance(f.get("id"), str):
            continue
        if any(f"theme_{f['theme']}" not in strings for strings in ui.values()):
            errors.append(ReportError(path, f"{f['id']}.theme", f"unknown theme {f['theme']!r}; expected one of "
                                      f"{', '.join(known)} (or add theme_{f['theme']} to every language's ui in "
                                      "content/site.yaml)"))


# --- translations -------------------------------------------------------------------------------

TRANSLATABLE = TRANSLATED  # the fields a translation may give (content_schema)


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
        if not _fits(f, TRANSLATION, data, [], errors):
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
            merged[uid] = fields
    return merged
