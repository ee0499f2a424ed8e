"""One build at a time writes a given output folder, on every OS.

A second build into the same folder waits for the first to finish (its clean-up would otherwise remove
the other's folder in the making). The lock is `filelock`'s, which takes the operating system's own lock
(flock on Linux and macOS, msvcrt on Windows) and so is released by the OS even when a build is killed.
Where filelock is not installed the build still runs, with a lock made of the standard library alone:
an exclusively created claim file naming its owner's process."""

import contextlib
import os
import time

try:
    import filelock
except ImportError:
    filelock = None

POLL = 0.05  # seconds between looks at a claim another build holds
WRITING_GRACE = 5.0  # seconds a claim may stay empty while its owner writes its process id in


def lock_path(target):
    return os.path.join(os.path.dirname(target), f".{os.path.basename(target)}.lock")


@contextlib.contextmanager
def locked(target):
    """Hold the output folder `target` for the length of the block."""
    path = lock_path(target)
    if filelock is not None:
        with filelock.FileLock(path):
            yield
    else:
        with claimed(path + ".claim"):
            yield


@contextlib.contextmanager
def claimed(path):
    """Create `path` exclusively (O_EXCL: of all builds, exactly one succeeds), hold it for the block,
    then remove it. A claim whose process no longer exists (a killed build) is taken over."""
    while True:
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
            break
        except FileExistsError:
            _take_over_if_abandoned(path)
            time.sleep(POLL)
    try:
        os.write(fd, f"{os.getpid()}\n".encode())
        os.close(fd)
        yield
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.remove(path)


def _take_over_if_abandoned(path):
    """Remove the claim at `path` if its owner is gone. Only one waiter at a time judges and removes
    (it holds `path`.takeover), so no waiter can remove a claim another has just made."""
    guard = path + ".takeover"
    try:
        os.close(os.open(guard, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644))
    except FileExistsError:
        if _age(guard) > WRITING_GRACE:  # its holder was killed while judging
            with contextlib.suppress(FileNotFoundError):
                os.remove(guard)
        return
    try:
        if _abandoned(path):
            os.remove(path)
    except FileNotFoundError:
        pass
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.remove(guard)


def _abandoned(path):
    with open(path, encoding="ascii", errors="replace") as f:
        text = f.read().strip()
    if not text.isdigit():
        return _age(path) > WRITING_GRACE  # empty while its owner writes; empty for long: owner died there
    return not _process_exists(int(text))


def _age(path):
    try:
        return time.time() - os.stat(path).st_mtime
    except FileNotFoundError:
        return 0.0


def _process_exists(pid):
    if os.name == "nt":  # os.kill(pid, 0) would terminate the process on Windows
        import ctypes
        handle = ctypes.windll.kernel32.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
        if handle:
            ctypes.windll.kernel32.CloseHandle(handle)
        return bool(handle)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # exists, owned by someone else
    return True
