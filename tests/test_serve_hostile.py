"""`build.py serve` against hostile neighbours: another site's page, a second writer, a report that appears,
odd requests and bad options. Each gets one clear answer; the server keeps serving."""
import http.client
import os
import shutil
import socket
import subprocess
import sys
import time

import pytest

from conftest import ROOT, free_port
from test_serve import fetch, wait_for


def _serve(content, root, *extra, port=None):
    port = port or free_port()
    log = open(root / f"serve-{port}.log", "w")
    proc = subprocess.Popen([sys.executable, os.path.join(ROOT, "build.py"), "serve", "--port", str(port),
                             "--content", str(content), "--templates", os.path.join(ROOT, "templates"),
                             "--static", os.path.join(ROOT, "static"), "--out", str(root / "site"), *extra],
                            cwd=root, stdout=log, stderr=subprocess.STDOUT)
    return proc, port, log


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    root = tmp_path_factory.mktemp("serve-hostile")
    content = root / "content"
    shutil.copytree(os.path.join(ROOT, "content"), content)
    proc, port, log = _serve(content, root)
    assert wait_for(lambda: fetch(f"http://127.0.0.1:{port}/index.html"), 60)
    yield {"port": port, "content": content, "root": root, "proc": proc}
    proc.terminate()
    proc.wait(timeout=10)
    log.close()


def _handshake(port, origin):
    """The status of a WebSocket upgrade to /livereload sent with this Origin."""
    with socket.create_connection(("127.0.0.1", port), timeout=5) as s:
        s.sendall((f"GET /livereload HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nUpgrade: websocket\r\n"
                   "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                   f"Sec-WebSocket-Version: 13\r\nOrigin: {origin}\r\n\r\n").encode())
        return int(s.recv(200).split(b" ")[1])


def _get(port, path, headers=None):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    conn.request("GET", path, headers=headers or {})
    status = conn.getresponse().status
    conn.close()
    return status


def test_live_reload_socket_answers_only_the_served_origin(server):
    port = server["port"]
    assert _handshake(port, f"http://127.0.0.1:{port}") == 101
    assert _handshake(port, f"http://localhost:{port}") == 101
    assert _handshake(port, "https://evil.example") == 403
    assert _handshake(port, f"http://127.0.0.1:{port + 1}") == 403
    assert _handshake(port, "null") == 403


def test_forcereload_is_refused_cross_site(server):
    port = server["port"]
    assert _get(port, "/forcereload", {"Sec-Fetch-Site": "cross-site"}) == 403
    assert _get(port, "/forcereload", {"Origin": "https://evil.example"}) == 403
    assert _get(port, "/forcereload", {"Origin": f"http://127.0.0.1:{port}", "Sec-Fetch-Site": "same-origin"}) == 200


def test_a_nul_in_the_path_gets_400(server):
    assert _get(server["port"], "/%00") == 400
    assert _get(server["port"], "/index.html%00.txt") == 400
    assert _get(server["port"], "/index.html") == 200


def test_a_second_writer_is_refused_while_serving(server):
    result = subprocess.run([sys.executable, os.path.join(ROOT, "build.py"), "--content", str(server["content"]),
                             "--out", str(server["root"] / "site")], cwd=server["root"], capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 1
    lines = result.stderr.strip().split("\n")
    assert lines[0] == f"build failed; {server['root'] / 'site'}/ was left as it was:"
    assert lines[1] == (f"{server['root'] / 'site'}: is being written by `build.py serve` (process "
                        f"{server['proc'].pid}); expected another --out, or stop the server first (a build alongside "
                        "would leave a site mixing both)")


def test_a_report_added_while_serving_is_built_and_later_edits_still_rebuild(server):
    port, content = server["port"], server["content"]
    shutil.copytree(content / "jianghan-2025", content / "second-2025")
    assert wait_for(lambda: "<html" in fetch(f"http://127.0.0.1:{port}/second-2025/en/index.html"), 60)
    meta = content / "second-2025" / "report.yaml"
    meta.write_text(meta.read_text(encoding="utf-8").replace("Wuhan, 2025", "Wuhan, 2025 (second)"), encoding="utf-8")
    assert wait_for(lambda: "Wuhan, 2025 (second)" in fetch(f"http://127.0.0.1:{port}/second-2025/en/index.html"), 60)
    offline = f"http://127.0.0.1:{port}/second-2025/download/second-2025-en.html"
    assert wait_for(lambda: "Wuhan, 2025 (second)" in fetch(offline), 60)
    assert server["proc"].poll() is None


def _serve_output(tmp_path, content, *extra):
    proc, port, log = _serve(content, tmp_path, *extra)
    try:
        proc.wait(timeout=120)
    finally:
        log.close()
    return proc.returncode, (tmp_path / f"serve-{port}.log").read_text(encoding="utf-8")


def test_a_failed_first_build_says_nothing_is_served_and_exits_1(content_copy, tmp_path):
    (content_copy / "site.yaml").write_text("languages: [\n", encoding="utf-8")
    code, output = _serve_output(tmp_path, content_copy)
    assert code == 1
    assert output.startswith(f"build failed; {tmp_path / 'site'}/ was left as it was, and nothing is served:\n")
    assert "still serving" not in output


def test_a_bad_host_is_named_as_the_problem(content_copy, tmp_path):
    code, output = _serve_output(tmp_path, content_copy, "--host", "no-such-host.invalid")
    assert code == 1
    last = output.strip().split("\n")[-1]
    assert last.startswith("cannot serve on no-such-host.invalid:")
    assert last.endswith("; expected --host to be an address of this machine such as 127.0.0.1")
    assert "--port" not in last


def test_a_seed_saved_while_serving_is_named_with_the_ingest_to_run_and_nothing_is_rebuilt(content_copy, tmp_path):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    seed = seeds / "jianghan-2025.zh.txt"
    shutil.copy(os.path.join(ROOT, "seeds", "jianghan-2025.zh.txt"), seed)
    proc, port, log = _serve(content_copy, tmp_path)
    output = tmp_path / f"serve-{port}.log"
    try:
        assert wait_for(lambda: fetch(f"http://127.0.0.1:{port}/index.html"), 60)
        page = (tmp_path / "site" / "jianghan-2025" / "zh" / "p1.html").read_bytes()
        seed.write_text(seed.read_text(encoding="utf-8").replace("一、2024年工作回顾", "一、2024年工作的回顾"),
                        encoding="utf-8")
        line = ("seeds/jianghan-2025.zh.txt: changed, but the site is built from content/, so the pages stay as they "
                "were: run `python build.py ingest seeds/jianghan-2025.zh.txt` to bring the change in")
        assert wait_for(lambda: line in output.read_text(encoding="utf-8"), 30)
        time.sleep(1)  # time enough for a rebuild, were there one
        assert output.read_text(encoding="utf-8").count("rebuilt ") == 1
        assert (tmp_path / "site" / "jianghan-2025" / "zh" / "p1.html").read_bytes() == page
        # the seed and a content file saved in one burst: the seed named again, and the content rebuilt
        seed.write_text(seed.read_text(encoding="utf-8") + "\n", encoding="utf-8")
        (content_copy / "site.yaml").touch()
        assert wait_for(lambda: output.read_text(encoding="utf-8").count("rebuilt ") == 2, 60)
        assert wait_for(lambda: output.read_text(encoding="utf-8").split("\n").count(line) == 2, 30)
        assert proc.poll() is None
    finally:
        proc.terminate()
        proc.wait(timeout=10)
        log.close()
    assert "Traceback" not in output.read_text(encoding="utf-8")
