"""`build.py serve`: an edit to content shows in the served page; the reload script is never in site/."""
import os
import subprocess
import sys
import time
import urllib.request

from conftest import ROOT, free_port


def fetch(url):
    with urllib.request.urlopen(url, timeout=5) as r:
        return r.read().decode("utf-8")


def wait_for(predicate, seconds=15):
    deadline = time.time() + seconds
    while time.time() < deadline:
        try:
            if predicate():
                return True
        except OSError:
            pass
        time.sleep(0.1)
    return False


def start_serving(content, tmp_path):
    """`build.py serve` on a free port, over a copy of the content, writing into tmp_path/site."""
    port, out = free_port(), tmp_path / "site"
    proc = subprocess.Popen([sys.executable, os.path.join(ROOT, "build.py"), "serve", "--port", str(port),
                             "--content", str(content), "--templates", os.path.join(ROOT, "templates"),
                             "--static", os.path.join(ROOT, "static"), "--out", str(out)],
                            cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    return proc, port, out


def test_edit_is_served_after_rebuild_and_failed_rebuild_keeps_last_site(content_copy, tmp_path):
    proc, port, out = start_serving(content_copy, tmp_path)
    url = f"http://127.0.0.1:{port}/jianghan-2025/en/index.html"
    try:
        assert wait_for(lambda: "livereload" in fetch(url))
        assert "livereload" not in (out / "jianghan-2025" / "en" / "index.html").read_text(encoding="utf-8")
        meta = content_copy / "jianghan-2025" / "report.yaml"
        meta.write_text(meta.read_text(encoding="utf-8").replace("Wuhan, 2025", "Wuhan, 2025 (edited)"),
                        encoding="utf-8")
        assert wait_for(lambda: "Wuhan, 2025 (edited)" in fetch(url))
        offline = f"http://127.0.0.1:{port}/jianghan-2025/download/jianghan-2025-en.html"
        assert wait_for(lambda: "Wuhan, 2025 (edited)" in fetch(offline))  # a moment after the reload
        (content_copy / "site.yaml").write_text("languages: [\n", encoding="utf-8")
        time.sleep(1.5)
        assert "Wuhan, 2025 (edited)" in fetch(url)  # the last good site is still served
        assert fetch(f"http://127.0.0.1:{port}/index.html")
    finally:
        proc.terminate()
        output = proc.communicate(timeout=10)[0]
    assert "rebuild failed; still serving the last good site:" in output
    assert "site.yaml:2: YAML syntax error" in output


def test_a_burst_of_saves_is_rebuilt_once(content_copy, tmp_path):
    proc, port, out = start_serving(content_copy, tmp_path)
    url = f"http://127.0.0.1:{port}/jianghan-2025/en/index.html"
    try:
        assert wait_for(lambda: "livereload" in fetch(url))
        meta = content_copy / "jianghan-2025" / "report.yaml"
        text = meta.read_text(encoding="utf-8")
        for i in range(10):  # an editor's tool saving the same file again and again
            meta.write_text(text.replace("Wuhan, 2025", f"Wuhan, 2025 (save {i})"), encoding="utf-8")
        assert wait_for(lambda: "Wuhan, 2025 (save 9)" in fetch(url))
        time.sleep(1.5)
    finally:
        proc.terminate()
        output = proc.communicate(timeout=10)[0]
    assert output.count("rebuilt 68 pages") == 2, output  # the first build, then one for the burst
