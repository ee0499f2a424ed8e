"""Which files a report folder holds: each must be one the build reads, so that a misnamed or misplaced
file (figures.yml, en.yaml beside en/, a translation in a subfolder) is named instead of ignored."""

import os
import re

from .errors import ReportError

KNOWN = ("zh.yaml", "report.yaml", "figures.yaml", "glossary.yaml", "figures.proposed.yaml")
ABOUT = re.compile(r"about\.[^.]+\.md")  # editors' pages (reportgen/about.py checks their languages)


def _skipped(name):
    """Hidden files and editors' backups are nobody's content."""
    return name.startswith(".") or name.endswith("~")


def report_files(folder, languages, errors):
    """{"translations": {lang: path}}: <lang>.yaml or <lang>/ beside zh.yaml. Anything else in the folder,
    a symbolic link, or a language the site does not publish is an error."""
    found = {}
    expected = (f"expected {', '.join(KNOWN)}, about.<lang>.md or a language's translations ("
                + ", ".join(f"{lang}.yaml or {lang}/" for lang in languages[1:]) + ")")
    for entry in sorted(os.listdir(folder)):
        path = os.path.join(folder, entry)
        if _skipped(entry):
            continue
        if os.path.islink(path):
            errors.append(ReportError(path, None, "is a symbolic link; expected a file or folder of its own "
                                      "(content is never read through links)"))
            continue
        if entry in KNOWN or ABOUT.fullmatch(entry):
            if not os.path.isfile(path):
                errors.append(ReportError(path, None, "is not a file; expected a YAML file"))
            continue
        lang = entry[:-5] if entry.endswith(".yaml") and os.path.isfile(path) else entry if os.path.isdir(path) else None
        if lang is None:
            errors.append(ReportError(path, None, f"unexpected file; {expected}"))
        elif lang not in languages or lang == languages[0]:
            errors.append(ReportError(path, None, f"unknown language '{lang}'; expected one of "
                                      f"{', '.join(languages)} (content/site.yaml)"))
        elif lang in found:
            errors.append(ReportError(path, None, f"the {lang} translations are given twice ({lang}.yaml and {lang}/); "
                                      "expected one of them"))
        else:
            found[lang] = path
            if os.path.isdir(path):
                _check_translation_folder(path, errors)
    return {"translations": found}


def _check_translation_folder(folder, errors):
    for entry in sorted(os.listdir(folder)):
        path = os.path.join(folder, entry)
        if _skipped(entry):
            continue
        if os.path.islink(path):
            errors.append(ReportError(path, None, "is a symbolic link; expected a file of its own "
                                      "(content is never read through links)"))
        elif not (entry.endswith(".yaml") and os.path.isfile(path)):
            errors.append(ReportError(path, None, "unexpected file; expected translation files named *.yaml, "
                                      "directly in this folder"))
