"""One build at a time into an output folder, also where neither fcntl nor filelock exists (as on Windows
without filelock): the standard-library claim file is forced here on Linux by making both imports fail."""
import os
import subprocess
import sys
import time

from conftest import ROOT
from reportgen import lock

# build.py as a process in which `import fcntl` and `import filelock` fail, so the claim-file lock is used.
WITHOUT_OS_LOCKS = ("import runpy, sys; sys.modules['fcntl'] = sys.modules['filelock'] = None; "
                    "sys.argv = ['build.py'] + sys.argv[1:]; runpy.run_path('build.py', run_name='__main__')")


def test_the_lock_is_filelock_where_it_is_installed():
    import filelock
    assert lock.filelock is filelock


def test_two_builds_at_once_without_fcntl_or_filelock_take_turns_and_both_succeed(tmp_path):
    out = tmp_path / "site"
    procs = [subprocess.Popen([sys.executable, "-c", WITHOUT_OS_LOCKS, "--quiet", "--out", str(out)], cwd=ROOT,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(3)]
    results = [p.communicate(timeout=120) + (p.returncode,) for p in procs]
    assert [rc for _, _, rc in results] == [0, 0, 0], results
    assert (out / "jianghan-2025" / "zh" / "p1-s1.html").is_file() and (out / ".reportgen-site").is_file()
    leftovers = sorted(p.name for p in tmp_path.iterdir() if p.name != "site")
    assert leftovers == [], leftovers  # no claim file, no half-made folder, no .site.lock (filelock leaves one)


# A process that holds the claim at argv[1] for argv[2] seconds, then writes argv[3] before it lets go.
HOLDER = ("import sys, time; sys.path.insert(0, %r); from reportgen import lock\n"
          "with lock.claimed(sys.argv[1]):\n"
          "    print('held', flush=True); time.sleep(float(sys.argv[2])); open(sys.argv[3], 'w').close()\n") % ROOT


def test_a_claim_held_by_a_live_build_makes_the_next_wait_until_it_is_released(tmp_path):
    claim, released = tmp_path / ".site.lock.claim", tmp_path / "released"
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(claim), "1", str(released)], stdout=subprocess.PIPE,
                              text=True)
    assert holder.stdout.readline() == "held\n"
    with lock.claimed(str(claim)):
        assert released.exists(), "the claim was taken while its owner still held it"
        assert claim.read_text() == f"{os.getpid()}\n"
    assert holder.wait(timeout=30) == 0 and not claim.exists()


def test_a_claim_left_by_a_killed_build_is_taken_over(tmp_path):
    claim = tmp_path / ".site.lock.claim"
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(claim), "600", str(tmp_path / "never")],
                              stdout=subprocess.PIPE, text=True)
    assert holder.stdout.readline() == "held\n"
    holder.kill()
    holder.wait()
    assert claim.read_text() == f"{holder.pid}\n"
    with lock.claimed(str(claim)):
        assert claim.read_text() == f"{os.getpid()}\n"
    assert not claim.exists() and not (tmp_path / ".site.lock.claim.takeover").exists()


def test_an_empty_claim_is_its_owner_writing_until_it_has_stayed_empty_too_long(tmp_path, monkeypatch):
    claim = tmp_path / ".site.lock.claim"
    claim.write_text("")
    assert not lock._abandoned(str(claim))
    old = time.time() - lock.WRITING_GRACE - 1
    os.utime(claim, (old, old))
    assert lock._abandoned(str(claim))
