"""Every generated page is valid HTML by the Nu Html Checker (vnu.jar from the pinned vnu-jar package).

Java starts slowly, so one run checks every page. The stylesheet and the icon are checked in a second
run: checking CSS in the same run as HTML (--also-check-css) shifts the HTML's reported line numbers.
"""
import json
import os
import shutil
import subprocess

import pytest

from conftest import ROOT

VNU = os.path.join(ROOT, "node_modules", "vnu-jar", "build", "dist", "vnu.jar")


def vnu(*args):
    if not os.path.exists(VNU):
        pytest.fail(f"{VNU} is missing: run ./setup.sh (or `npm ci`) to install the pinned vnu-jar")
    java = shutil.which("java")
    if not java:
        pytest.fail("java is not installed: ./setup.sh installs Debian's default-jre-headless")
    # A short run: the client compiler alone (-XX:TieredStopAtLevel=1) and the serial collector halve the
    # CPU time on two cores; the client compiler's larger frames need the bigger stack vnu asks for.
    jvm = ["-Xss8m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"]
    run = subprocess.run([java, *jvm, "-jar", VNU, "--errors-only", "--format", "json", "--stdout", *args],
                         capture_output=True, text=True, timeout=300)
    try:
        return json.loads(run.stdout)["messages"]
    except ValueError:
        pytest.fail(f"vnu gave no JSON (exit {run.returncode}): {run.stdout[:500]} {run.stderr[:1500]}")


def describe(site_dir, messages):
    lines = []
    for m in messages:
        path = m.get("url", "?").removeprefix("file:")
        try:
            path = os.path.relpath(path, site_dir)
        except ValueError:
            pass
        lines.append(f"  {path}:{m.get('lastLine', '?')}: {m['type']}: {m['message']}"
                     + (f"\n      {m['extract'].strip()[:160]!r}" if m.get("extract") else ""))
    return f"{len(messages)} error(s) from the Nu Html Checker:\n" + "\n".join(lines)


def test_every_page_is_valid_html(site_dir):
    pages = sorted(str(p) for p in site_dir.rglob("*.html"))
    assert len(pages) >= 60, pages
    messages = vnu(*pages)
    assert messages == [], describe(site_dir, messages)


def test_stylesheet_and_icon_are_valid(site_dir):
    files = sorted(str(p) for p in site_dir.rglob("*") if p.suffix in (".css", ".svg"))
    assert any(f.endswith(".css") for f in files), files
    messages = vnu("--also-check-css", "--also-check-svg", *files)
    assert messages == [], describe(site_dir, messages)
