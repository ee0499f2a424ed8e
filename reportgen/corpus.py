"""The reports in content/ as the translation tools need them (their Chinese, their translations, their
editors' notes), without the site's own files: a report just ingested, with no report.yaml yet, counts."""

import os

from . import yamlio
from .content import ID_RE, check_document, load_translation, unit_index
from .errors import ContentErrors, ReportError

NOT_LANGUAGES = ("zh", "report", "figures", "glossary")


def load_report(folder):
    """{id, folder, doc, index, translations: {lang: {uid: fields}}, glossary}; ContentErrors on a problem."""
    errors = []
    zh_path = os.path.join(folder, "zh.yaml")
    try:
        doc = yamlio.load(zh_path, for_pages=True)
    except ReportError as e:
        raise ContentErrors([e]) from None
    check_document(zh_path, doc, errors)
    if errors:
        raise ContentErrors(errors)
    index = unit_index(doc)
    read = lambda path: yamlio.load(path, for_pages=True)  # noqa: E731
    translations = {}
    for entry in sorted(os.listdir(folder)):
        path = os.path.join(folder, entry)
        lang = entry[:-5] if entry.endswith(".yaml") and os.path.isfile(path) else entry if os.path.isdir(path) else None
        if lang and lang not in NOT_LANGUAGES and not lang.startswith("."):
            translations[lang] = load_translation(path, index, errors, read)
    glossary_path = os.path.join(folder, "glossary.yaml")
    glossary = (yamlio.load(glossary_path, for_pages=True) or []) if os.path.isfile(glossary_path) else []
    if errors:
        raise ContentErrors(errors)
    return {"id": os.path.basename(folder), "folder": folder, "doc": doc, "index": index,
            "translations": translations, "glossary": glossary if isinstance(glossary, list) else []}


def report_folders(content_dir):
    if not os.path.isdir(content_dir):
        raise ReportError(content_dir, None, "no such folder; expected the content folder")
    return [os.path.join(content_dir, name) for name in sorted(os.listdir(content_dir))
            if ID_RE.match(name) and os.path.isfile(os.path.join(content_dir, name, "zh.yaml"))]


def all_reports(content_dir, skip_broken=True):
    """Every report that loads; with `skip_broken`, one with a problem is left out (memory is only ever
    a help), else the problem is raised."""
    out = []
    for folder in report_folders(content_dir):
        try:
            out.append(load_report(folder))
        except ContentErrors:
            if not skip_broken:
                raise
    return out
