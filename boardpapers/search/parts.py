"""Stage 9, index, by parts: Pagefind over only the pages that changed, in bounded memory.

Pagefind cannot update an index and its memory grows with the site (4.4 GB at 11,000 pages, 18 GB at 55,000).
So the index is cut into parts, each a complete Pagefind bundle of its own, and a build re-indexes only the
parts whose pages changed: the pages of a part are hard-linked into a scratch folder that mirrors site/ (so
result URLs are the same as with one index) and Pagefind runs on that. Parts run two at a time.

With one index there is one part, '', whose bundle is site/pagefind/. Split (`--search-parts`, and by default
above SPLIT_AT indexed pages), a page's part is the year in its `data-pagefind-filter="year"` (see
`pagecache.part_of`), or 'other'; bundles are site/pagefind/<part>/ and site/pagefind/parts.json lists them
(the contract with the search page is in `search.pagefind`).
"""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import subprocess
import sys
import zlib
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from boardpapers.core.diagnostics import Diagnostics, SourcePos
from boardpapers.search.pagefind import check_bundle
from boardpapers.write.staging import _link_or_copy

CONCURRENT = 2
MANIFEST = "pagefind/parts.json"
SPLIT_AT = 5000  # indexed pages: above this, one index per year unless told otherwise (options.Options)
PART_PAGES = 5000  # at most this many pages in one part (Pagefind took 4.4 GB for 11,000 pages: ~2 GB here)


def bundle_dir(part: str) -> str:
    return "pagefind" if part == "" else f"pagefind/{part}"


def pagefind_command() -> list[str]:
    """The Pagefind binary itself when the pagefind[bin] wheel has it (saves ~0.5 s of Python start-up per
    part), else the `python -m pagefind` wrapper."""
    spec = importlib.util.find_spec("pagefind_bin")
    if spec and spec.origin:
        binary = Path(spec.origin).parent / "pagefind"
        if binary.is_file() and os.access(binary, os.X_OK):
            return [str(binary)]
    return [sys.executable, "-m", "pagefind"]


def members_of(pages: dict, split: bool) -> dict[str, list[str]]:
    """{part: sorted page paths} from {path: (hash, year part)}; one part, '', unless `split`. A year with more
    than PART_PAGES pages is cut into equal buckets by a stable hash of the path ('2015.0', '2015.1', ...), so
    that no Pagefind process holds more than about PART_PAGES pages (about 0.4 MB of memory each)."""
    parts: dict[str, list[str]] = {}
    for path, (_, part) in pages.items():
        if part is not None:
            parts.setdefault(part if split else "", []).append(path)
    cut: dict[str, list[str]] = {}
    for part, paths in parts.items():
        buckets = -(-len(paths) // PART_PAGES) if split else 1
        if buckets == 1:
            cut[part] = paths
            continue
        for path in paths:
            cut.setdefault(f"{part}.{zlib.crc32(path.encode()) % buckets}", []).append(path)
    return {part: sorted(paths) for part, paths in sorted(cut.items())}


def manifest(members: dict[str, list[str]]) -> bytes:
    order = sorted(members, key=lambda p: (p != "other", p))
    parts = [{"name": p, "bundle": bundle_dir(p) + "/", "pages": len(members[p])} for p in order]
    return (json.dumps({"version": 1, "parts": parts}, indent=1) + "\n").encode()


def index_parts(members: dict[str, list[str]], dirty: list[str], writer, diags: Diagnostics) -> None:
    """Index each part in `dirty` into the writer's staging folder; keep the others' bundles as they are."""
    with ThreadPoolExecutor(CONCURRENT) as pool:
        results = list(pool.map(lambda part: _index_one(part, members[part], writer), dirty))
    where = SourcePos("pagefind")
    for part, returncode, output in results:
        if returncode != 0:
            tail = " / ".join((output or "").strip().splitlines()[-5:])
            diags.error(where, "search-index", f"Pagefind failed on part '{part or 'all'}': {tail}",
                        "is the pagefind[bin] package installed?")
            continue
        for problem in check_bundle(writer.staging / bundle_dir(part), len(members[part])):
            diags.error(where, "search-index", problem, "run the build again; if it persists, reinstall the "
                        "pagefind[bin] package")
        writer.bundles.append(bundle_dir(part))
    writer.keep_bundles.extend(bundle_dir(part) for part in members if part not in dirty)


def _index_one(part: str, paths: list[str], writer) -> tuple[str, int, str]:
    scratch = writer.out_dir.parent / f".site-index-{writer.out_dir.name}-{os.getpid()}-{part or 'all'}"
    shutil.rmtree(scratch, ignore_errors=True)
    try:
        for path in paths:
            target = scratch / path
            target.parent.mkdir(parents=True, exist_ok=True)
            _link_or_copy(writer.current(path), target)
        out = writer.staging / bundle_dir(part)
        command = [*pagefind_command(), "--site", str(scratch), "--output-path", str(out), "--quiet"]
        done = subprocess.run(command, capture_output=True, text=True, timeout=3600)
        return part, done.returncode, done.stderr or done.stdout
    except (OSError, subprocess.TimeoutExpired) as exc:
        return part, -1, f"could not run Pagefind: {exc}"
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def bundle_present(out_dir: Path, part: str) -> bool:
    return (out_dir / bundle_dir(part) / "pagefind.js").is_file()
