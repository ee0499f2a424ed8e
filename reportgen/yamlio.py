"""YAML in and out: the C loader when present, readable block style out, errors with file and line."""

import os
import tempfile

import yaml

from .errors import ReportError

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_Dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def load(path):
    try:
        with open(path, encoding="utf-8") as f:
            return yaml.load(f, Loader=_Loader)
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        line = mark.line + 1 if mark else None
        problem = getattr(e, "problem", None) or str(e)
        raise ReportError(path, line, f"YAML syntax error: {problem}") from None
    except UnicodeDecodeError:
        raise ReportError(path, None, "is not UTF-8; content files are expected in UTF-8") from None


def dump(data):
    return yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=10**6,
                     default_flow_style=False, indent=2)


def write_atomic(path, text):
    """Write a file so that a crash leaves either the old or the new version, never half of one."""
    folder = os.path.dirname(path) or "."
    os.makedirs(folder, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=".tmp-", suffix=".yaml")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as f:
            f.write(text)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
