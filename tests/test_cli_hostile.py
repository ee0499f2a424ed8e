"""The command line against bad options, bad folders and a hostile environment: one line (after the
headline), status 1, nothing written; and what is written follows the umask."""
import os
import shutil
import stat
import subprocess
import sys

import pytest

from conftest import ROOT

SEED = os.path.join(ROOT, "seeds", "jianghan-2025.zh.txt")
T, S = os.path.join(ROOT, "templates"), os.path.join(ROOT, "static")


def run(*args, cwd=None, env=None, **kw):
    return subprocess.run([sys.executable, os.path.join(ROOT, "build.py"), *args], capture_output=True, text=True,
                          cwd=cwd or ROOT, env=env, timeout=300, **kw)


def one_problem(result, headline=None):
    """The problem line of a failed command (after its headline), checking there is exactly one."""
    assert result.returncode == 1, result
    lines = result.stderr.rstrip("\n").split("\n")
    assert "Traceback" not in result.stderr
    if headline is not None:
        assert lines[0] == headline, lines
    if lines[0].endswith("was left as it was:"):
        lines = lines[1:]
    assert len(lines) == 1, lines
    return lines[0]


def build(tmp_path, *extra, content=None, templates=T, static=S):
    return run("--content", str(content or os.path.join(ROOT, "content")), "--templates", str(templates),
               "--static", str(static), *extra, cwd=tmp_path)


# --- options ------------------------------------------------------------------------------------------

def test_options_before_the_command_are_kept(tmp_path):
    out = tmp_path / "elsewhere"
    result = run("--quiet", "--out", str(out), "--base-url", "https://example.org/r/", "--templates", T, "build",
                 "--static", S, "--content", os.path.join(ROOT, "content"), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (out / "sitemap.xml").exists() and not (tmp_path / "site").exists()


@pytest.mark.parametrize("args,message", [
    (["serve", "--port", "99999"], "build.py serve: argument --port: '99999' is not a port; expected a whole number "
                                   "from 1 to 65535 (see build.py serve --help)"),
    (["serve", "--port", "0"], "build.py serve: argument --port: '0' is not a port; expected a whole number from 1 to "
                               "65535 (see build.py serve --help)"),
    (["--out", ""], "build.py: argument --out: '' is not a folder name; expected a path such as site (see build.py "
                    "--help)"),
    (["--bogus"], "build.py: unrecognized arguments: --bogus (see build.py --help)"),
])
def test_bad_options_get_one_line(tmp_path, args, message):
    assert one_problem(run(*args, cwd=tmp_path)) == message


@pytest.mark.parametrize("url", ["https://example.org/r/?x=1", "https://example.org/r/#top", "https://example.org/r/\n",
                                 "https://example.org/\ufdd2/"])
def test_base_url_with_query_fragment_newline_or_noncharacter_is_refused(tmp_path, url):
    out = tmp_path / "out"
    assert one_problem(build(tmp_path, "--out", str(out), "--base-url", url),
                       f"build failed; {out}/ was left as it was:") == (
        f"--base-url: {url!r} is not an absolute http(s) address; expected something like https://example.org/report/")


# --- folders ------------------------------------------------------------------------------------------

def test_out_inside_content_or_static_is_refused(content_copy, tmp_path):
    static = tmp_path / "static"
    shutil.copytree(S, static)
    out = content_copy / "site"
    assert one_problem(build(tmp_path, "--out", str(out), content=content_copy, static=static)) == (
        f"{out}: is inside {content_copy}/ (--content); expected the out folder outside it, since the build reads "
        "that folder")
    out = static / "site"
    assert one_problem(build(tmp_path, "--out", str(out), content=content_copy, static=static)) == (
        f"{out}: is inside {static}/ (--static); expected the out folder outside it, since the build reads that "
        "folder")


@pytest.mark.parametrize("case,message", [
    ("symlink", "{s}/passwd: is a symbolic link; expected a file of its own (static files are published as they "
                "are, never through links)"),
    ("subfolder", "{s}/fonts: is not a file; expected the static files directly in the folder, without subfolders"),
    ("no-app-js", "{s}/app.js: missing; expected this file (the pages link it)"),
    ("nope", "{s}: no such folder; expected the static folder (--static)"),
])
def test_bad_static_folders(tmp_path, case, message):
    static = tmp_path / "static"
    if case != "nope":
        shutil.copytree(S, static)
    if case == "symlink":
        os.symlink("/etc/passwd", static / "passwd")
    elif case == "subfolder":
        (static / "fonts").mkdir()
    elif case == "no-app-js":
        (static / "app.js").unlink()
    out = tmp_path / "out"
    assert one_problem(build(tmp_path, "--out", str(out), static=static),
                       f"build failed; {out}/ was left as it was:") == message.format(s=static)
    assert not out.exists()


def test_content_symlink_to_a_report_folder_is_refused(content_copy, tmp_path):
    os.symlink(content_copy / "jianghan-2025", content_copy / "other-2025")
    assert one_problem(build(tmp_path, "--out", str(tmp_path / "out"), content=content_copy))  == (
        f"{content_copy}/other-2025: is a symbolic link; expected a file or folder of its own (content is never read "
        "through links)")


@pytest.mark.parametrize("expression,expected", [
    ("{{ 1 // 0 }}", "ZeroDivisionError: integer division or modulo by zero"),
    ("{{ (5).upper() }}", "'int object' has no attribute 'upper'"),
    ("{% macro r() %}{{ r() }}{% endmacro %}{{ r() }}", "RecursionError: maximum recursion depth exceeded"),
])
def test_template_runtime_errors_name_the_template_and_line(tmp_path, expression, expected):
    templates = tmp_path / "templates"
    shutil.copytree(T, templates)
    base = templates / "base.html"
    base.write_text(base.read_text(encoding="utf-8").replace("<title>", "<title>" + expression, 1), encoding="utf-8")
    line = one_problem(build(tmp_path, "--out", str(tmp_path / "out"), templates=templates))
    assert line.startswith(f"{base}:") and expected in line and "(rendering " in line, line


def test_a_template_not_in_utf8_is_named(tmp_path):
    templates = tmp_path / "templates"
    shutil.copytree(T, templates)
    (templates / "404.html").write_bytes(b"<p>\xff</p>\n")
    assert one_problem(build(tmp_path, "--out", str(tmp_path / "out"), templates=templates)) == (
        f"{templates}/404.html:1: is not UTF-8; templates are expected in UTF-8")


# --- the environment ------------------------------------------------------------------------------------

def test_out_under_a_file_is_one_line(tmp_path):
    (tmp_path / "README.md").write_text("x", encoding="utf-8")
    out = tmp_path / "README.md" / "site"
    assert one_problem(build(tmp_path, "--out", str(out)), f"build failed; {out}/ was left as it was:") == (
        f"{out}: {tmp_path}/README.md is a file; expected the output folder's path to go through folders only")


def as_a_user(command):
    """`command` without root's power to read and write whatever a file's mode says (CAP_DAC_OVERRIDE,
    CAP_DAC_READ_SEARCH), so that a mode of 000 or 555 stops it as it stops any user."""
    if os.geteuid() != 0:
        return command
    if not shutil.which("setpriv"):
        pytest.skip("run as root, and without setpriv root reads and writes whatever a file's mode says")
    return ["setpriv", "--bounding-set=-dac_override,-dac_read_search", *command]


def tree(folder):
    """Every file under `folder` with its bytes and mode, and every folder."""
    out = {}
    for root, dirs, files in os.walk(folder):
        for name in dirs + files:
            path = os.path.join(root, name)
            out[os.path.relpath(path, folder)] = (stat.S_IMODE(os.lstat(path).st_mode),
                                                  None if name in dirs else open(path, "rb").read())
    return out


FULL = "expected free space on its disk and no file size limit (ulimit -f) below the largest file written"
UNREADABLE = "expected a readable input and a writable output folder with free space"


def test_unwritable_parent_is_one_line(tmp_path):
    parent = tmp_path / "ro"
    parent.mkdir()
    parent.chmod(0o555)
    command = [sys.executable, os.path.join(ROOT, "build.py"), "--content", os.path.join(ROOT, "content"),
               "--templates", T, "--static", S, "--out", str(parent / "site")]
    result = subprocess.run(as_a_user(command), capture_output=True, text=True, cwd=tmp_path, timeout=300)
    assert one_problem(result, f"build failed; {parent}/site/ was left as it was:") == (
        f"{parent}/.site.lock: Permission denied; {UNREADABLE}")
    assert os.listdir(parent) == []


@pytest.mark.parametrize("record", [False, True], ids=["from scratch", "from the record"])
def test_a_file_size_limit_is_one_line_and_the_site_is_kept(content_copy, tmp_path, record):
    """ulimit -f: writing past it fails part-way through a page with EFBIG (no file name); both when the
    whole site is written anew and when only a report edited since the last build is (record.py)."""
    out = tmp_path / "out"
    assert build(tmp_path, "--quiet", "--out", str(out), content=content_copy).returncode == 0
    zh = content_copy / "jianghan-2025" / "zh.yaml"
    os.utime(zh, ns=(zh.stat().st_atime_ns, zh.stat().st_mtime_ns + 10**9))  # the report counts as changed
    if not record:  # another folder in out's place: its record is not trusted
        shutil.copytree(out, tmp_path / "copy")
        shutil.rmtree(out)
        os.rename(tmp_path / "copy", out)
    before = tree(out)
    result = subprocess.run(["bash", "-c", f"ulimit -f 64; exec {sys.executable} {ROOT}/build.py --quiet --content "
                             f"{content_copy} --templates {T} --static {S} --out {out}"], capture_output=True, text=True,
                            cwd=tmp_path, timeout=300)
    assert one_problem(result, f"build failed; {out}/ was left as it was:") == (
        f"{out}: File too large while writing the new site; {FULL}")
    assert tree(out) == before
    assert sorted(os.listdir(tmp_path)) == [".out.lock", "content", "out"]


def test_ingest_into_a_closed_pipe_and_on_a_latin1_terminal(tmp_path):
    content = tmp_path / "content"
    piped = subprocess.run(f"{sys.executable} {ROOT}/build.py ingest {SEED} --content {content} | true", shell=True,
                           capture_output=True, text=True, timeout=120)
    assert "Traceback" not in piped.stderr and (content / "jianghan-2025" / "zh.yaml").exists()
    env = dict(os.environ, PYTHONIOENCODING="latin-1", LC_ALL="C")
    result = run("ingest", SEED, "--content", str(content), env=env)
    assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr
    assert "jianghan-2025/zh.yaml" in result.stdout


def test_output_modes_follow_the_umask_and_an_existing_folder_keeps_its_own(tmp_path):
    out = tmp_path / "site"
    result = subprocess.run(["bash", "-c", f"umask 022; exec {sys.executable} {ROOT}/build.py --quiet --content "
                             f"{ROOT}/content --templates {T} --static {S} --out {out}"], capture_output=True, text=True,
                            cwd=tmp_path, timeout=300)
    assert result.returncode == 0, result.stderr
    assert stat.S_IMODE(out.stat().st_mode) == 0o755
    assert stat.S_IMODE((out / "index.html").stat().st_mode) == 0o644
    assert stat.S_IMODE((out / "jianghan-2025" / "download").stat().st_mode) == 0o755
    empty = tmp_path / "empty"
    empty.mkdir()
    empty.chmod(0o751)
    assert build(tmp_path, "--quiet", "--out", str(empty)).returncode == 0
    assert stat.S_IMODE(empty.stat().st_mode) == 0o751


def test_ingest_and_stamp_keep_the_files_mode_and_stamp_its_comments(content_copy, tmp_path):
    zh = content_copy / "jianghan-2025" / "zh.yaml"
    zh.chmod(0o664)
    assert run("ingest", SEED, "--content", str(content_copy), cwd=tmp_path).returncode == 0
    assert stat.S_IMODE(zh.stat().st_mode) == 0o664
    en = content_copy / "jianghan-2025" / "en" / "01-opening-p1s1-s2.yaml"
    original = en.read_text(encoding="utf-8")
    en.write_text("# an editor's comment\n" + original.replace("source: fa7f5fd7e536", "source: stale"),
                  encoding="utf-8")
    en.chmod(0o644)
    result = run("stamp", "--content", str(content_copy), cwd=tmp_path)
    assert result.returncode == 0 and "stamped 1 en unit(s)" in result.stdout, result
    assert stat.S_IMODE(en.stat().st_mode) == 0o644
    assert en.read_text(encoding="utf-8") == "# an editor's comment\n" + original  # comments and layout kept


def test_stamp_of_an_unknown_id_or_broken_content_is_an_error(content_copy, tmp_path):
    assert one_problem(run("stamp", "no-such-id", "--content", str(content_copy), cwd=tmp_path),
                       f"stamp failed; {content_copy}/ was left as it was:") == (
        f"{content_copy}: no en translation of 'no-such-id'; nothing stamped (expected ids of translated units, e.g. "
        "p1-2)")
    (content_copy / "jianghan-2025" / "zh.yaml").write_text("parts: 5\n", encoding="utf-8")
    assert one_problem(run("stamp", "--content", str(content_copy), cwd=tmp_path)) == (
        f"{content_copy}/jianghan-2025/zh.yaml: parts: expected list, got int 5")


def test_a_read_only_previous_site_is_replaced_without_leftovers(tmp_path):
    out = tmp_path / "site"
    assert build(tmp_path, "--quiet", "--out", str(out)).returncode == 0
    for root, dirs, files in os.walk(out):
        for name in dirs + files:
            os.chmod(os.path.join(root, name), 0o555 if name in dirs else 0o444)
    assert build(tmp_path, "--quiet", "--out", str(out)).returncode == 0
    assert not [p for p in os.listdir(tmp_path) if p.startswith(".site.tmp-")]


def test_reingest_over_an_editors_field_3000_deep_is_one_line(content_copy, tmp_path):
    zh = content_copy / "jianghan-2025" / "zh.yaml"
    lines = zh.read_text(encoding="utf-8").count("\n")
    zh.write_text(zh.read_text(encoding="utf-8") + "notes: " + "[" * 3000 + "]" * 3000 + "\n", encoding="utf-8")
    before = zh.read_bytes()
    assert one_problem(run("ingest", SEED, "--content", str(content_copy), cwd=tmp_path),
                       f"ingest failed; {content_copy}/ was left as it was:") == (
        f"{zh}:{lines + 1}: nested more than 40 levels deep; expected content nested at most a few levels")
    assert zh.read_bytes() == before


def test_a_jinja_cache_folder_made_by_someone_else_does_not_stop_the_build(tmp_path):
    """Jinja's own cache folder in the temp folder, if another user made it first, fails every build; the
    build keeps compiled templates in its own private folder instead."""
    temp = tmp_path / "tmp"
    temp.mkdir()
    theirs = temp / f"_jinja2-cache-{os.getuid()}"
    theirs.mkdir(mode=0o777)
    if os.geteuid() == 0:
        os.chown(theirs, 65534, 65534)  # nobody's
    else:
        os.chmod(theirs, 0o777)  # open to all: Jinja refuses it as it would another user's
    env = dict(os.environ, TMPDIR=str(temp))
    result = run("--quiet", "--content", os.path.join(ROOT, "content"), "--templates", T, "--static", S, "--out",
                 str(tmp_path / "out"), cwd=tmp_path, env=env)
    assert result.returncode == 0, result.stderr
