"""Benchmark boardpapers against Hugo (+ Pagefind) on the same synthetic corpus. See bench/README.md.

    python bench/run.py                         # 10k items, 3 runs
    python bench/run.py --sizes 1000,10000 --runs 5
    python bench/run.py --ours-only             # or --peer-only
"""

import argparse
import hashlib
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from dataclasses import asdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import generate  # noqa: E402
import measure  # noqa: E402
import report  # noqa: E402

ROOT = HERE.parent
OUT = HERE / "out"
SEED = 1
MARKER = "\n\nBENCHMARK EDIT:"  # appended by the edit scenario; stripped again, even after a crash


def corpus(size: int, fmt: str) -> Path:
    """The cached corpus for `size` items, regenerated when the generator (or the Hugo layouts) changed.

    A regeneration writes a fresh folder beside the old one and swaps it in (old renamed away, new renamed in,
    old deleted), so nothing of an earlier generation (nor a build's leftovers) can survive into the new one."""
    target = OUT / f"{'corpus' if fmt == 'native' else 'hugo'}-{size}"
    digest = hashlib.sha256(f"{size} {SEED} {fmt}".encode())
    for path in sorted([*HERE.glob("*.py"), *(HERE / "hugo").rglob("*.html")]):
        if path.name not in ("run.py", "measure.py", "report.py"):
            digest.update(path.name.encode() + path.read_bytes())
    stamp = target.with_name(target.name + ".stamp")
    if target.is_dir() and stamp.is_file() and stamp.read_text() == digest.hexdigest():
        return target
    started = time.perf_counter()
    stamp.unlink(missing_ok=True)
    fresh, old = target.with_name(target.name + ".tmp"), target.with_name(target.name + ".old")
    wipe(fresh, old)  # an interrupted regeneration's leftovers
    generate.generate(size, fresh, fmt, SEED)
    if target.exists() or target.is_symlink():
        target.rename(old)
    fresh.rename(target)
    wipe(old, cache_dir(target))  # a build cache of the old corpus is worthless (cold builds delete it anyway)
    stamp.write_text(digest.hexdigest())
    print(f"generated {os.path.relpath(target, ROOT)} in {time.perf_counter() - started:.1f} s", flush=True)
    return target


def cache_dir(content: Path) -> Path:
    """Where our builder keeps its build cache for `content`: `.cache/` beside it, one pickle per output folder
    (boardpapers/incremental.py cache_path; tests/test_bench_harness.py checks that the two agree)."""
    return content.resolve().parent / ".cache"


def site_leftovers(site: Path) -> list[Path]:
    """`site` and what a killed build of it can leave beside it: its commit journal (which the next build would
    roll forward), staging, old and search-index scratch folders (named `.site-<kind>-<site>-<pid>...`)."""
    return [site, site.parent / f".site-journal-{site.name}.json",
            *sorted(site.parent.glob(f".site-*-{site.name}-*"))]


class Edit:
    """Appends a sentence to one item's body (the same item in both corpora) and puts it back.

    Files are replaced whole (written beside the corpus, then renamed over the item), as most editors save: a
    watcher (`serve`) never sees a half-written file."""

    def __init__(self, native: Path, hugo: Path | None):
        meetings = sorted(p for p in (native / "meetings").iterdir())
        self.paths: list[Path] = []
        self.page = ""  # our output page of the item, relative to the site folder
        for meeting in meetings[len(meetings) // 2:]:  # an item in the middle of the site's history
            for item in sorted(meeting.glob("[0-9]*.md")):
                text = item.read_text()
                if "\nexempt:" in text or "\ndraft: true" in text or text.startswith("---\nnumber: 1\n"):
                    continue
                self.paths.append(item)
                number = text.split("\n", 2)[1].removeprefix("number: ").strip('"')
                self.page = f"meetings/{meeting.name}/{number}/index.html"
                if hugo is not None:
                    self.paths.append(hugo / "content" / "meetings" / meeting.name / f"{number}.md")
                break
            if self.paths:
                break
        self.scratch = native.parent / f".bench-edit-{native.name}.tmp"
        self.originals = {p: self._clean(p) for p in self.paths}

    def _write(self, path: Path, text: str) -> None:
        self.scratch.write_text(text)
        os.replace(self.scratch, path)

    def _clean(self, path: Path) -> str:
        text = path.read_text()
        if MARKER in text:
            text = text[: text.index(MARKER)] + "\n"
            self._write(path, text)
        return text

    @staticmethod
    def sentence(n: int) -> str:
        """What run `n` appends after MARKER; it shows as such in the item's HTML page."""
        return f"sentence number {n} was added."

    def apply(self, n: int, which: Path) -> None:
        for path in self.paths:
            if path.is_relative_to(which):
                self._write(path, f"{self.originals[path].rstrip()}{MARKER} {self.sentence(n)}\n")

    def restore(self) -> None:
        for path, text in self.originals.items():
            if path.read_text() != text:
                self._write(path, text)


def wipe(*paths: Path) -> None:
    for path in paths:
        if path.is_dir():
            shutil.rmtree(path)
        elif path.exists():
            path.unlink()


def bench_ours(args, size: int, content: Path, edit: Edit, n: int, res: dict) -> None:
    site = OUT / f"site-{size}"
    cmd = [args.python, "build.py", "--content", str(content), "--out", str(site)]

    def cold() -> None:
        """No site, no build cache (.cache/ beside the content), nothing a killed build left behind."""
        wipe(*site_leftovers(site), cache_dir(content), *map(Path, args.clean))

    def timed(key: str, command: list[str]) -> measure.Sample:
        sample = measure.run(command, cwd=ROOT, timeout=args.timeout)
        res.setdefault(key, []).append(sample)
        return sample

    cold()
    timed("a", [*cmd, "--no-search"])
    cold()
    if timed("b", cmd).ok:
        timed("c", cmd)  # keeps the site and the cache (b) made
        edit.apply(n, content)
        try:
            timed("d", cmd)
        finally:
            edit.restore()


def bench_peer(args, size: int, hugo_dir: Path, edit: Edit, n: int, res: dict) -> None:
    hugo = [measure.hugo_binary() or "hugo", "--quiet"]
    pagefind = [*measure.pagefind_command(), "--site", "public"]
    wipe(hugo_dir / "public", hugo_dir / "resources", hugo_dir / ".hugo_build.lock")
    cold = measure.run(hugo, cwd=hugo_dir, timeout=args.timeout)
    res.setdefault("a", []).append(cold)
    res.setdefault("pagefind", []).append(search := measure.run(pagefind, cwd=hugo_dir, timeout=args.timeout))
    res.setdefault("b", []).append(cold + search)
    if cold.ok:
        res.setdefault("c", []).append(measure.run(hugo, cwd=hugo_dir, timeout=args.timeout))
        edit.apply(n, hugo_dir)
        try:
            res.setdefault("d", []).append(measure.run(hugo, cwd=hugo_dir, timeout=args.timeout))
        finally:
            edit.restore()


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


def _search_entry(site: Path, page: bytes) -> Path | None:
    """The Pagefind entry file of the bundle indexing `page`: pagefind/ with one index, pagefind/<part>/ when
    the index is split (the part is the page's year filter, else 'other': boardpapers/searchparts.py)."""
    if (site / "pagefind" / "parts.json").is_file():
        year = re.search(rb'data-pagefind-filter="year"[^>]*>\s*(\d{4})\s*<', page)
        part = year.group(1).decode() if year else "other"
        entry = site / "pagefind" / part / "pagefind-entry.json"
    else:
        entry = site / "pagefind" / "pagefind-entry.json"
    return entry if entry.is_file() else None


def _stat(path: Path | None) -> tuple:
    try:
        st = path.stat() if path else None
    except OSError:
        return ()
    return (st.st_mtime_ns, st.st_ino, st.st_size) if st else ()


def _contains(path: Path, needle: bytes) -> bool:
    try:
        return needle in path.read_bytes()
    except OSError:
        return False


def serve_edit(server: Server, page: Path, edit: Edit, content: Path, n: int) -> tuple:
    """One run of (f): saves the edit, polls until the page shows it and the bundle indexing the page has been
    replaced, undoes it and waits until the rebuild that removes it has finished. -> (seconds to the page,
    seconds to the bundle or None when it was not replaced, CPU seconds of the rebuild, serve's peak RSS).
    Raises RuntimeError."""
    server.settle()
    entry = _search_entry(server.site, page.read_bytes())
    before, count, cpu = _stat(entry), server.rebuilds(), measure.tree_cpu(server.proc.pid)
    needle, seen = edit.sentence(n).encode(), {}

    def progress() -> bool:
        if "page" not in seen and _contains(page, needle):
            seen["page"] = time.perf_counter() - written
        if "search" not in seen and entry is not None and _stat(entry) != before:
            seen["search"] = time.perf_counter() - written
        # The page and the search bundle are committed by the same rebuild, which then prints a line.
        return "page" in seen and (entry is None or "search" in seen or server.rebuilds() > count)

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


def bench_serve(args, size: int, content: Path, edit: Edit, res: dict) -> None:
    """(f): one server, `--runs` edits; "f" is the time until the item's page shows the edit, "f_search" until
    the Pagefind bundle indexing that page has been replaced."""
    site = OUT / f"serve-{size}"
    wipe(*site_leftovers(site), cache_dir(content))  # serve's first build is a cold one
    server = Server(args, content, site)
    try:
        started = server.start()
        res.setdefault("f_start", []).append(measure.Sample(True, started))
        print(f"serve: first build done and serving after {started:.1f} s", flush=True)
        if not (site / edit.page).is_file():
            raise RuntimeError(f"no page {edit.page} in the site")
        for n in range(1, args.runs + 1):
            shown, indexed, cpu, rss = serve_edit(server, site / edit.page, edit, content, n)
            res.setdefault("f", []).append(measure.Sample(True, shown, cpu, rss))
            if (site / "pagefind").is_dir():
                res.setdefault("f_search", []).append(
                    measure.Sample(True, indexed, cpu, rss) if indexed is not None else
                    measure.Sample(False, error="the rebuild did not replace the bundle indexing the page"))
    except RuntimeError as exc:
        res.setdefault("f", []).append(measure.Sample(False, error=f"{exc}\n{server.tail()}"))
    finally:
        server.stop()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="10000", help="comma-separated item counts (default 10000)")
    parser.add_argument("--runs", type=int, default=3, help="runs per measurement (default 3)")
    side = parser.add_mutually_exclusive_group()
    side.add_argument("--ours-only", action="store_true", help="skip Hugo and Pagefind")
    side.add_argument("--peer-only", action="store_true", help="skip our builder")
    default_python = ROOT / ".venv" / "bin" / "python"
    python = default_python if default_python.exists() else Path(sys.executable)
    parser.add_argument("--python", default=str(python),
                        help="interpreter for build.py (default .venv/bin/python, else this one)")
    parser.add_argument("--clean", action="append", default=[], metavar="PATH",
                        help="extra path to delete before a cold build (e.g. a persistent build cache)")
    parser.add_argument("--timeout", type=float, default=3600, help="seconds per command (default 3600)")
    args = parser.parse_args(argv)
    sizes = [int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()]
    OUT.mkdir(exist_ok=True)
    print(report.versions(args), flush=True)
    for size in sizes:
        native = corpus(size, "native")
        hugo_dir = None if args.ours_only else corpus(size, "hugo")
        edit = Edit(native, hugo_dir)
        ours: dict = {}
        peer: dict = {}
        for n in range(1, args.runs + 1):
            print(f"{size} items: run {n} of {args.runs}", flush=True)
            # Interleaved, so that noise from other work on the machine hits both sides alike.
            if not args.peer_only:
                bench_ours(args, size, native, edit, n, ours)
            if hugo_dir is not None:
                bench_peer(args, size, hugo_dir, edit, n, peer)
        if not args.peer_only:
            print(f"{size} items: {args.runs} edits under serve", flush=True)
            bench_serve(args, size, native, edit, ours)
        print(report.table(size, args.runs, ours, peer), flush=True)
        results = {side: {k: [asdict(s) for s in v] for k, v in d.items()} for side, d in
                   (("ours", ours), ("peer", peer))}
        (OUT / f"results-{size}.json").write_text(json.dumps(results, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
