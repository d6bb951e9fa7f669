"""Benchmark boardpapers against Hugo (+ Pagefind) on the same synthetic corpus. See bench/README.md.

    python bench/run.py                         # 10k items, 3 runs
    python bench/run.py --sizes 1000,10000 --runs 5
    python bench/run.py --ours-only             # or --peer-only
"""

import argparse
import hashlib
import json
import shutil
import sys
import time
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
    """The cached corpus for `size` items, regenerated when the generator (or the Hugo layouts) changed."""
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
    generate.generate(size, target, fmt, SEED)
    stamp.write_text(digest.hexdigest())
    print(f"generated {target.relative_to(ROOT)} in {time.perf_counter() - started:.1f} s", flush=True)
    return target


class Edit:
    """Appends a sentence to one item's body (the same item in both corpora) and puts it back."""

    def __init__(self, native: Path, hugo: Path | None):
        meetings = sorted(p for p in (native / "meetings").iterdir())
        self.paths: list[Path] = []
        for meeting in meetings[len(meetings) // 2:]:  # an item in the middle of the site's history
            for item in sorted(meeting.glob("[0-9]*.md")):
                text = item.read_text()
                if "\nexempt:" in text or "\ndraft: true" in text or text.startswith("---\nnumber: 1\n"):
                    continue
                self.paths.append(item)
                number = text.split("\n", 2)[1].removeprefix("number: ").strip('"')
                if hugo is not None:
                    self.paths.append(hugo / "content" / "meetings" / meeting.name / f"{number}.md")
                break
            if self.paths:
                break
        self.originals = {p: self._clean(p) for p in self.paths}

    @staticmethod
    def _clean(path: Path) -> str:
        text = path.read_text()
        if MARKER in text:
            text = text[: text.index(MARKER)] + "\n"
            path.write_text(text)
        return text

    def apply(self, n: int, which: Path) -> None:
        for path in self.paths:
            if path.is_relative_to(which):
                path.write_text(f"{self.originals[path].rstrip()}{MARKER} sentence number {n} was added.\n")

    def restore(self) -> None:
        for path, text in self.originals.items():
            path.write_text(text)


def wipe(*paths: Path) -> None:
    for path in paths:
        if path.is_dir():
            shutil.rmtree(path)
        elif path.exists():
            path.unlink()


def bench_ours(args, size: int, content: Path, edit: Edit, n: int, res: dict) -> None:
    site = OUT / f"site-{size}"
    cmd = [args.python, "build.py", "--content", str(content), "--out", str(site)]
    clean = [site, *map(Path, args.clean)]

    def timed(key: str, command: list[str]) -> measure.Sample:
        sample = measure.run(command, cwd=ROOT, timeout=args.timeout)
        res.setdefault(key, []).append(sample)
        return sample

    wipe(*clean)
    timed("a", [*cmd, "--no-search"])
    wipe(*clean)
    if timed("b", cmd).ok:
        timed("c", cmd)
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
        print(report.table(size, args.runs, ours, peer), flush=True)
        results = {side: {k: [asdict(s) for s in v] for k, v in d.items()} for side, d in
                   (("ours", ours), ("peer", peer))}
        (OUT / f"results-{size}.json").write_text(json.dumps(results, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
