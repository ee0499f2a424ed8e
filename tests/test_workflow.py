"""The GitHub Pages workflow is valid against GitHub's workflow schema and builds what it says; the
requirements files pin everything, and the build's file holds no browser or test-only tool."""
import importlib.metadata
import os
import re
import subprocess
import sys

import pytest
import yaml
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from conftest import ROOT

WORKFLOW = os.path.join(ROOT, ".github", "workflows", "pages.yml")


def check_workflow(path):
    return subprocess.run([sys.executable, "-m", "check_jsonschema", "--builtin-schema", "vendor.github-workflows",
                           str(path)], capture_output=True, text=True)


def test_pages_workflow_is_valid_against_the_github_workflow_schema():
    result = check_workflow(WORKFLOW)
    assert (result.returncode, result.stdout.strip()) == (0, "ok -- validation done"), result.stdout + result.stderr


@pytest.mark.parametrize("breakage", ["runs-on", "permissions", "steps"])
def test_the_schema_check_fails_on_a_broken_workflow(tmp_path, breakage):
    flow = yaml.safe_load(open(WORKFLOW, encoding="utf-8"))
    if breakage == "runs-on":
        del flow["jobs"]["build"]["runs-on"]
    elif breakage == "permissions":
        flow["jobs"]["deploy"]["permissions"]["pages"] = "everything"
    else:
        flow["jobs"]["build"]["steps"] = "python build.py"
    broken = tmp_path / "pages.yml"
    broken.write_text(yaml.safe_dump(flow, sort_keys=False), encoding="utf-8")
    result = check_workflow(broken)
    assert result.returncode == 1 and "Schema validation errors were encountered" in result.stdout, result.stdout


def _steps(flow, job):
    return flow["jobs"][job]["steps"]


def test_workflow_installs_only_the_build_requirements_and_deploys_with_the_official_actions():
    flow = yaml.safe_load(open(WORKFLOW, encoding="utf-8"))
    uses = [s.get("uses", "").split("@")[0] for job in ("build", "deploy") for s in _steps(flow, job)]
    assert uses == ["actions/checkout", "actions/setup-python", "actions/configure-pages", "", "",
                    "actions/upload-pages-artifact", "actions/deploy-pages"]
    runs = [s["run"] for s in _steps(flow, "build") if "run" in s]
    assert runs[0] == "python -m pip install -r requirements.txt"
    assert _steps(flow, "build")[-1]["with"] == {"path": "site/"}
    # least privilege: read-only by default; only the deploy job writes to Pages (and proves who it is)
    assert flow["permissions"] == {"contents": "read"} and "permissions" not in flow["jobs"]["build"]
    assert flow["jobs"]["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}
    build_step = next(s for s in _steps(flow, "build") if "build.py" in s.get("run", ""))
    assert build_step["env"] == {"BASE_URL": "${{ steps.pages.outputs.base_url }}"}  # never spliced into the shell


@pytest.mark.parametrize("base_url", ["https://owner.github.io/repo", "https://owner.github.io/repo/"])
def test_the_workflows_build_command_gives_the_site_the_pages_address(tmp_path, base_url):
    flow = yaml.safe_load(open(WORKFLOW, encoding="utf-8"))
    command = next(s["run"] for s in _steps(flow, "build") if "build.py" in s.get("run", ""))
    shim = tmp_path / "bin"
    shim.mkdir()
    (shim / "python").write_text(f'#!/bin/sh\nexec "{sys.executable}" "$@"\n')  # the `python` setup-python puts on the PATH
    (shim / "python").chmod(0o755)
    out = tmp_path / "site"
    env = dict(os.environ, BASE_URL=base_url, PATH=f"{shim}{os.pathsep}{os.environ['PATH']}")
    result = subprocess.run(["bash", "-c", f"{command} --quiet --out {out}"], cwd=ROOT, env=env, capture_output=True,
                            text=True)
    assert result.returncode == 0, result.stderr
    sitemap = (out / "sitemap.xml").read_text(encoding="utf-8")
    assert "<loc>https://owner.github.io/repo/jianghan-2025/zh/p1-s1.html</loc>" in sitemap
    assert "repo//" not in sitemap


def pinned(path):
    """{name: (version, number of hashes)} of a pip-compile'd requirements file."""
    text = open(path, encoding="utf-8").read().replace("\\\n", " ")
    found = {}
    for line in text.splitlines():
        line = line.split("#")[0].strip()
        if not line or line.startswith("-r ") or line.startswith("-c "):
            continue
        m = re.match(r"([A-Za-z0-9_.-]+)==(\S+)((?:\s+--hash=sha256:[0-9a-f]{64})+)$", line)
        assert m, f"{path}: not pinned with hashes: {line}"
        found[canonicalize_name(m[1])] = (m[2], m[3].count("--hash"))
    return found


def closure_gaps(names):
    """Packages that an installed package of `names` requires (for this platform) and `names` lacks."""
    gaps = set()
    for name in names:
        for spec in importlib.metadata.requires(name) or []:
            req = Requirement(spec)
            if req.marker is None or req.marker.evaluate({"extra": ""}):
                if canonicalize_name(req.name) not in names:
                    gaps.add(f"{name} -> {req.name}")
    return gaps


def test_requirements_txt_pins_the_build_and_everything_it_pulls_in_and_no_test_tool():
    build = pinned(os.path.join(ROOT, "requirements.txt"))
    assert {"jinja2", "markupsafe", "markdown", "pyyaml", "livereload", "pytest", "filelock", "translate-toolkit",
            "opencc"} <= set(build)
    assert not {"playwright", "greenlet", "hypothesis", "check-jsonschema"} & set(build)
    assert closure_gaps(set(build)) == set()
    for name, (version, _) in build.items():  # the versions the tests run with here
        assert importlib.metadata.version(name) == version, name


def test_requirements_dev_txt_adds_the_test_tools_on_top_of_the_build_requirements():
    lines = open(os.path.join(ROOT, "requirements-dev.txt"), encoding="utf-8").read().splitlines()
    assert "-r requirements.txt" in lines
    dev = pinned(os.path.join(ROOT, "requirements-dev.txt"))
    build = pinned(os.path.join(ROOT, "requirements.txt"))
    assert {"playwright", "hypothesis", "check-jsonschema"} <= set(dev) and not set(dev) & set(build)
    assert closure_gaps(set(dev) | set(build)) == set()


def test_setup_script_is_valid_bash():
    for script in ("setup.sh", ".ci/run", "tests/stock/debian-setup.sh"):
        result = subprocess.run(["bash", "-n", os.path.join(ROOT, script)], capture_output=True, text=True)
        assert result.returncode == 0, (script, result.stderr)
