"""Row (f) of the benchmark: `build.py serve` in its own process, and one edit timed until the browser could
show it (the page rewritten) and until search has it (the Pagefind bundle holding the page replaced)."""

import os
import re
import signal
import subprocess
import time
import urllib.request
from pathlib import Path

import measure

ROOT = Path(__file__).resolve().parent.parent
MARKER = "\n\nBENCHMARK EDIT:"  # run.MARKER: what the edit scenario appends

POLL = 0.02  # seconds between looks at the output while waiting for `serve`
SETTLE = 1.0  # seconds without a new rebuild line after which `serve` is taken to be idle
REBUILT = re.compile(r"^(rebuilt in |build failed|internal error while building)", re.M)


class Server:
    """`build.py serve` in its own process group, its output in a log file beside the site."""

    def __init__(self, args, content: Path, site: Path):
        self.site, self.timeout = site, args.timeout
        self.log = site.with_name(site.name + ".log")
        with open(self.log, "wb") as log:
            self.proc = subprocess.Popen(
                [args.python, "build.py", "serve", "--content", str(content), "--out", str(site), "--port", "0"],
                cwd=ROOT, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        self.url = ""

    def output(self) -> str:
        return self.log.read_text("utf-8", "replace")

    def tail(self) -> str:
        return self.output()[-1500:].strip()

    def rebuilds(self) -> int:
        """Rebuilds finished after the first build (serve prints a line after each)."""
        return len(REBUILT.findall(self.output())) - 1

    def wait(self, what: str, done, timeout: float | None = None) -> float:
        """Polls `done()` every POLL seconds; -> seconds it took. Raises if the server dies or time runs out."""
        started = time.perf_counter()
        deadline = started + (timeout or self.timeout)
        while not done():
            if self.proc.poll() is not None:
                raise RuntimeError(f"serve exited with status {self.proc.returncode} while waiting for {what}")
            if time.perf_counter() > deadline:
                raise RuntimeError(f"timed out after {timeout or self.timeout:g} s waiting for {what}")
            time.sleep(POLL)
        return time.perf_counter() - started

    def start(self) -> float:
        """Waits until the first build is done and the site is served; -> seconds since the start."""
        started = time.perf_counter()

        def serving() -> bool:
            found = re.search(r"^Serving .* on (http://\S+/)", self.output(), re.M)
            self.url = found.group(1) if found else ""
            return bool(found)

        self.wait("the first build", serving)  # serve prints this line after its first build
        if not (self.site / "index.html").is_file():
            raise RuntimeError("the first build failed")
        self.wait("GET / to answer 200", lambda: _status(self.url) == 200, 60)
        return time.perf_counter() - started

    def settle(self) -> None:
        """Waits until no rebuild has finished for SETTLE seconds (serve polls files every 0.3 s)."""
        count, since = self.rebuilds(), time.perf_counter()
        while time.perf_counter() - since < SETTLE:
            time.sleep(POLL * 5)
            if (now := self.rebuilds()) != count:
                count, since = now, time.perf_counter()

    def stop(self) -> None:
        """Ctrl-C to the process group (serve saves its cache and exits, Pagefind with it), then harder."""
        for sig, grace in ((signal.SIGINT, 60), (signal.SIGTERM, 10), (signal.SIGKILL, 10)):
            if self.proc.poll() is not None:
                return
            try:
                os.killpg(self.proc.pid, sig)
            except ProcessLookupError:
                return
            try:
                self.proc.wait(grace)
                return
            except subprocess.TimeoutExpired:
                continue


def _status(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status
    except OSError:
        return 0


def _search_entries(site: Path) -> dict:
    """{entry file: stat} of every Pagefind bundle: pagefind/ with one index, pagefind/<part>/ when split (the
    part of a page, a year or a bucket of one, is boardpapers/searchparts.py's business: any bundle replaced
    counts, and an edit to one item replaces exactly one)."""
    found = {}
    for entry in [site / "pagefind" / "pagefind-entry.json", *site.glob("pagefind/*/pagefind-entry.json")]:
        try:
            st = entry.stat()
        except OSError:
            continue
        found[entry] = (st.st_mtime_ns, st.st_ino, st.st_size)
    return found


def _contains(path: Path, needle: bytes) -> bool:
    try:
        return needle in path.read_bytes()
    except OSError:
        return False


def serve_edit(server: Server, page: Path, edit, content: Path, n: int) -> tuple:
    """One run of (f): saves the edit, polls until the page shows it and the bundle indexing the page has been
    replaced, undoes it and waits until the rebuild that removes it has finished. -> (seconds to the page,
    seconds to the bundle or None when it was not replaced, CPU seconds of the rebuild, serve's peak RSS).
    Raises RuntimeError."""
    server.settle()
    before, count, cpu = _search_entries(server.site), server.rebuilds(), measure.tree_cpu(server.proc.pid)
    needle, seen = edit.sentence(n).encode(), {}

    def progress() -> bool:
        if "page" not in seen and _contains(page, needle):
            seen["page"] = time.perf_counter() - written
        if "search" not in seen and before and _search_entries(server.site) != before:
            seen["search"] = time.perf_counter() - written
        # The page and the search bundle are committed by the same rebuild, which then prints a line.
        return "page" in seen and (not before or "search" in seen or server.rebuilds() > count)

    edit.apply(n, content)
    written = time.perf_counter()
    try:
        server.wait("the page to show the edit", progress)
        server.wait("the rebuild to finish", lambda: server.rebuilds() > count)  # for its CPU time
        used, rss = measure.tree_cpu(server.proc.pid) - cpu, measure.peak_rss_mb(server.proc.pid)
        count = server.rebuilds()
    finally:
        edit.restore()
    # Until the undo's rebuild has finished, not only committed the page: serve is then idle, and may be stopped.
    server.wait("the page to lose the edit",
                lambda: not _contains(page, MARKER.strip().encode()) and server.rebuilds() > count)
    return seen["page"], seen.get("search"), used, rss
