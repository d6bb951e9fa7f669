"""Benchmark boardpapers against Hugo (+ Pagefind) on the same synthetic corpus. See bench/README.md.

    python bench/run.py                         # 10k items, 3 runs
    python bench/run.py --sizes 1000,10000 --runs 5
    python bench/run.py --ours-only             # or --peer-only
"""

import argparse
import hashlib
import json
import os
import shutil
import subprocess
import sys
import time
from dataclasses import asdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import footprint  # noqa: E402
import generate  # noqa: E402
import measure  # noqa: E402
import report  # noqa: E402
import searchcost  # noqa: E402
from serve_edit import Server, serve_edit  # noqa: E402

ROOT = HERE.parent
OUT = HERE / "out"
SEED = 1
MARKER = "\n\nBENCHMARK EDIT:"  # appended by the edit scenario; stripped again, even after a crash
HARNESS = ("run.py", "measure.py", "report.py", "footprint.py", "searchcost.py")  # not part of the corpus's stamp


def corpus(size: int, fmt: str) -> Path:
    """The cached corpus for `size` items, regenerated when the generator (or the Hugo layouts) changed.

    A regeneration writes a fresh folder beside the old one and swaps it in (old renamed away, new renamed in,
    old deleted), so nothing of an earlier generation (nor a build's leftovers) can survive into the new one."""
    target = OUT / f"{'corpus' if fmt == 'native' else 'hugo'}-{size}"
    digest = hashlib.sha256(f"{size} {SEED} {fmt}".encode())
    for path in sorted([*HERE.glob("*.py"), *(HERE / "hugo").rglob("*.html")]):
        if path.name not in HARNESS:
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
    """Where our builder keeps its build cache for `content`: `.cache/` beside it, one cache per output folder
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
        reader_and_host(site, res, peer=False)  # what the site (b) built costs a reader and a host
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
    if cold.ok and search.ok:
        reader_and_host(hugo_dir / "public", res, peer=True)
    if cold.ok:
        res.setdefault("c", []).append(measure.run(hugo, cwd=hugo_dir, timeout=args.timeout))
        edit.apply(n, hugo_dir)
        try:
            res.setdefault("d", []).append(measure.run(hugo, cwd=hugo_dir, timeout=args.timeout))
        finally:
            edit.restore()


def reader_and_host(site: Path, res: dict, peer: bool) -> None:
    """(g) the bytes and requests of a search from a fresh page, for each fixed query (`searchcost`, Debian's
    chromium), and (h) the site's size and files (`footprint`), of a site just built cold."""
    res.setdefault("h", []).append(footprint.measure(site))
    for cost in searchcost.measure(site, peer=peer):
        res.setdefault(f"g:{cost.query}", []).append(cost)


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
    # The engine's modules compiled to bytecode first, as an installed package's are (pip compiles them). A
    # checkout's modules are compiled by their first import, unless PYTHONDONTWRITEBYTECODE forbids it (as some
    # containers set): each build would then compile ~80 modules again, ~0.1 s a build.
    subprocess.run([args.python, "-m", "compileall", "-q", str(ROOT / "boardpapers")], check=False,
                   stdout=subprocess.DEVNULL)
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
