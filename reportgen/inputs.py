"""The folders a build reads and writes, checked where they enter: each exists and is what it should be,
none holds another (a site written into content/ or static/ would be read back by the next build), and
nothing is read through a symbolic link (a link in static/ would publish any file on the machine)."""

import os

from .errors import ReportError

NEEDED_STATIC = ("style.css", "app.js", "favicon.svg")  # the pages link these by name


def check_folders(content_dir, templates_dir, static_dir, out):
    for option, folder in (("--content", content_dir), ("--templates", templates_dir), ("--static", static_dir)):
        if not os.path.isdir(folder):
            raise ReportError(folder, None, f"no such folder; expected the {option[2:]} folder ({option})")
    for option, folder in (("--out", out), ("--templates", templates_dir), ("--static", static_dir)):
        for other_option, other in (("--content", content_dir), ("--static", static_dir)):
            if option != other_option and _inside(folder, other):
                raise ReportError(folder, None, f"is inside {other}/ ({other_option}); expected the {option[2:]} "
                                  "folder outside it, since the build reads that folder")
    check_static(static_dir)
    check_templates(templates_dir)


def _inside(a, b):
    a, b = os.path.realpath(a), os.path.realpath(b)
    return a == b or a.startswith(b.rstrip(os.sep) + os.sep)


def check_static(static_dir):
    """Static files: plain files of their own, directly in the folder, and the ones the pages link."""
    for name in sorted(os.listdir(static_dir)):
        path = os.path.join(static_dir, name)
        if name.startswith("."):
            continue
        if os.path.islink(path):
            raise ReportError(path, None, "is a symbolic link; expected a file of its own (static files are "
                              "published as they are, never through links)")
        if not os.path.isfile(path):
            raise ReportError(path, None, "is not a file; expected the static files directly in the folder, "
                              "without subfolders")
    for name in NEEDED_STATIC:
        if not os.path.isfile(os.path.join(static_dir, name)):
            raise ReportError(os.path.join(static_dir, name), None, "missing; expected this file (the pages "
                              "link it)")


def check_templates(templates_dir):
    """Templates: files of their own in UTF-8."""
    for name in sorted(os.listdir(templates_dir)):
        path = os.path.join(templates_dir, name)
        if name.startswith(".") or not name.endswith(".html"):
            continue
        if os.path.islink(path):
            raise ReportError(path, None, "is a symbolic link; expected a template file of its own")
        with open(path, "rb") as f:
            raw = f.read()
        try:
            raw.decode("utf-8")
        except UnicodeDecodeError as e:
            raise ReportError(path, raw[:e.start].count(b"\n") + 1, "is not UTF-8; templates are expected in "
                              "UTF-8") from None
