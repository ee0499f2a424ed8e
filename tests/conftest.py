import functools
import http.server
import os
import shutil
import socket
import sys
import threading

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)
SHARED = os.path.join(os.path.dirname(ROOT), "shared")
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-quic"]

from reportgen.pipeline import build  # noqa: E402


def build_site(out, content=None, templates=None, **kwargs):
    return build(content or os.path.join(ROOT, "content"), templates or os.path.join(ROOT, "templates"),
                 os.path.join(ROOT, "static"), str(out), **kwargs)


@pytest.fixture(scope="session")
def site_dir(tmp_path_factory):
    """The real site, built once for the whole session into a folder of its own."""
    out = tmp_path_factory.mktemp("built") / "site"
    build_site(out)
    return out


@pytest.fixture()
def content_copy(tmp_path):
    """A copy of content/ that a test may break."""
    dst = tmp_path / "content"
    shutil.copytree(os.path.join(ROOT, "content"), dst)
    return dst


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def http_subpath(site_dir, tmp_path_factory):
    """The site served over HTTP under a subpath, as on a host that puts it at /some/path/."""
    root = tmp_path_factory.mktemp("www")
    shutil.copytree(site_dir, root / "some" / "path")
    handler = functools.partial(QuietHandler, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", free_port()), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/some/path/"
    server.shutdown()


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="session")
def browser():
    if not os.path.exists(CHROMIUM):
        pytest.skip(f"Chromium is not installed at {CHROMIUM} (CI installs Debian's chromium package)")
    from playwright.sync_api import sync_playwright
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture()
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    pg = context.new_page()
    yield pg
    context.close()
