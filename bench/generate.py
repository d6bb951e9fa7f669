"""Generate a synthetic boardpapers site for benchmarks.

    python bench/generate.py --items 10000 --out /tmp/corpus-10k               # our content format
    python bench/generate.py --items 10000 --out /tmp/hugo-10k --format hugo   # the same corpus for Hugo

Deterministic: the same --items, --seed and --boards give byte-identical files (no wall clock, no hash
ordering). Meetings are generated and written one at a time, so memory stays low at 100k items.
"""

import argparse
import shutil
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))  # sibling modules, also when imported by run.py

import hugo_export
import native
from world import World


def generate(items: int, out: Path, fmt: str = "native", seed: int = 1, boards: int | None = None) -> int:
    """Writes the corpus into `out` (replacing it); returns the number of files written."""
    if out.exists():
        # Replace only what looks like an earlier corpus: a mistyped --out must not wipe a real folder.
        if any(out.iterdir()) and not ((out / "site.yaml").exists() or (out / "hugo.toml").exists()):
            raise SystemExit(f"{out} exists and is not a generated corpus: not replacing it")
        shutil.rmtree(out)
    tmp = out.with_name(out.name + ".partial")  # an interrupted run never leaves a half corpus at `out`
    if tmp.exists():
        shutil.rmtree(tmp)
    tmp.mkdir(parents=True)
    world = World(items, seed, boards)
    files = native.write(world, tmp) if fmt == "native" else hugo_export.write(world, tmp)
    tmp.rename(out)
    return files


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--items", type=int, default=1000, help="agenda items (default 1000)")
    parser.add_argument("--out", type=Path, required=True, help="output folder (replaced)")
    parser.add_argument("--format", choices=("native", "hugo"), default="native")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--boards", type=int, help="number of boards (default: items/150, 4 to 60)")
    args = parser.parse_args(argv)
    if args.items < 1:
        parser.error("--items must be at least 1")
    started = time.perf_counter()
    files = generate(args.items, args.out, args.format, args.seed, args.boards)
    elapsed = time.perf_counter() - started
    print(f"wrote {files} files for {args.items} items to {args.out} in {elapsed:.1f} s",
          file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
