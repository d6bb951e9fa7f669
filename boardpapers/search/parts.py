"""Stage 9, index, by parts: Pagefind over only the pages that changed, in bounded memory, in parts a reader
can search one at a time.

Pagefind cannot update an index, its memory grows with the pages it holds (about 0.4 MB a page), and a reader's
query costs about 10 bytes of metadata per page of every bundle it opens plus an index chunk (~25 KB) per word
per bundle. So the index is cut into parts, each a complete Pagefind bundle of its own: a build re-indexes only
the parts whose pages changed, and the search page opens the newest part first and older ones only when the
reader asks (assets/search.js). The pages of a part are hard-linked into a scratch folder that mirrors site/ (so
result URLs are the same as with one index) and Pagefind runs on that. Parts run two at a time.

A part is a span of whole years, oldest first, filled up to `part_pages` pages (a year larger than that is cut
by day into '<year>.<n>'); the pages that have no date (people, boards, topics, undated papers) join the newest
span, which is merged into the one before it while it has few dated pages. Spans are cut from the oldest year,
so new papers change only the newest part. Each page's key (`page_key`: its type and its `date` sort value)
is all this needs, and is kept in the build cache (`PageEntry.part`).

With one index (up to SPLIT_AT indexed pages, or `--one-index`) there is one part, '', whose bundle is
site/pagefind/. Split, bundles are site/pagefind/<part>/ and site/pagefind/parts.json lists them, newest first
(the contract with the search page is in `search.pagefind`). Every bundle keeps only what the search page uses:
pagefind.js, the WASM of its languages and the index; Pagefind's UI files and web worker are removed.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
import zlib
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from boardpapers.core.diagnostics import Diagnostics, SourcePos
from boardpapers.search.pagefind import check_bundle, strip_bundle
from boardpapers.write.staging import _link_or_copy

CONCURRENT = 2
MANIFEST = "pagefind/parts.json"
SPLIT_AT = 5000  # indexed pages: above this, the index is split unless told otherwise (Options.search_parts)
PART_PAGES = 5000  # pages per part (Options.search_part_pages); the newest part may take half as many again.
# Not fewer: people, boards and topics (3,000 pages at 10k items) then no longer fit in the newest part and get
# parts of their own, which every first query opens too (3,000: 438 KB for "peer challenge" at 10k, not 311 KB)
BODY = b"data-pagefind-body"
TYPE_RE = re.compile(rb'data-pagefind-filter="type"[^>]*>\s*([a-z-]+)\s*<')
DATE_RE = re.compile(rb'data-pagefind-sort="date"[^>]*>\s*(\d{4}-\d{2}-\d{2})\s*<')


def page_key(data: bytes) -> str | None:
    """'<types>:<date>' of an indexed page ('person:' for a page without a date; 'item,decision,action:<date>'
    for an item that carries its decisions and actions), None when not indexed. The date is the page's `date`
    sort value, so that parts are spans of the order "newest first" shows."""
    if BODY not in data:
        return None
    kinds = ",".join(dict.fromkeys(k.decode() for k in TYPE_RE.findall(data)))
    date = DATE_RE.search(data)
    day = date.group(1).decode() if date else ""
    return sys.intern(f"{kinds}:{'' if day.startswith('0000') else day}")


@dataclass
class Part:
    name: str
    paths: list[str] = field(default_factory=list)
    first: str = ""  # the span of dates it covers, ISO ('' for a part of undated pages only)
    last: str = ""
    types: set = field(default_factory=set)
    undated: int = 0  # pages without a date

    def entry(self) -> dict:
        return {"name": self.name, "bundle": bundle_dir(self.name) + "/", "pages": len(self.paths),
                "from": self.first, "to": self.last, "types": sorted(self.types)}


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


def plan_parts(pages: dict, split: bool, part_pages: int | None = None) -> dict[str, Part]:
    """{part name: Part}, newest first, from {path: (hash, page_key)}; one part, '', unless `split`."""
    size = max(1, part_pages or PART_PAGES)
    keyed = {path: key for path, (_, key) in pages.items() if key is not None}
    if not split:
        whole = Part("", sorted(keyed))
        for key in keyed.values():
            whole.types.update(key.partition(":")[0].split(","))
        return {"": whole} if keyed else {}
    years: dict[str, dict[str, list[str]]] = {}  # year -> date -> paths
    undated: list[str] = []
    for path, key in keyed.items():
        date = key.partition(":")[2]
        if date:
            years.setdefault(date[:4], {}).setdefault(date, []).append(path)
        else:
            undated.append(path)
    spans = _spans(years, size, 0 if len(undated) > size else len(undated))
    for n in range(1, len(spans)):  # no gaps: a year without papers belongs to the part after it
        name, _, last, paths = spans[n]
        spans[n] = (name, _day_after(spans[n - 1][2]), last, paths)
    if undated and len(undated) > size:  # too many for the newest part: parts of their own, by a stable hash
        buckets = -(-len(undated) // size)
        for n in range(buckets):
            spans.append((f"other.{n}", "", "", [p for p in undated if zlib.crc32(p.encode()) % buckets == n]))
    elif undated and spans:
        name, first, last, paths = spans.pop()
        spans.append((name, first, last, paths + undated))
    elif undated:
        spans.append(("other", "", "", undated))
    parts = {}
    for name, first, last, paths in spans:
        part = Part(name, sorted(paths), first, last)
        for path in paths:
            kind, _, date = keyed[path].partition(":")
            part.types.update(kind.split(","))
            part.undated += not date
        parts[name] = part
    order = sorted(parts.values(), key=lambda p: (p.undated == len(p.paths), p.last or "9999"), reverse=True)
    return {part.name: part for part in order}


def _spans(years: dict, size: int, undated: int) -> list[tuple[str, str, str, list[str]]]:
    """Whole years, oldest first, grouped while they fit in `size` pages; a larger year cut by day. The newest
    span, if it holds fewer than size/2 pages, joins the one before it when both, with the `undated` pages that
    will join them, fit in 1.5 x size: so that the part a search opens first is not a few weeks of papers."""
    spans: list[tuple[str, str, str, list[str]]] = []
    group: list[str] = []

    def close() -> None:
        if group:
            name = group[0] if len(group) == 1 else f"{group[0]}-{group[-1]}"
            paths = [p for y in group for day in years[y].values() for p in day]
            spans.append((name, f"{group[0]}-01-01", f"{group[-1]}-12-31", paths))
            group.clear()

    def count(year: str) -> int:
        return sum(len(day) for day in years[year].values())

    for year in sorted(years):
        n = count(year)
        if n > size:
            close()
            spans.extend(_cut_year(year, years[year], size))
        else:
            if group and sum(map(count, group)) + n > size:
                close()
            group.append(year)
    close()
    if len(spans) > 1 and len(spans[-1][3]) < size // 2 and (
            len(spans[-2][3]) + len(spans[-1][3]) + undated <= size * 3 // 2):
        (name, first, _, older), (newer_name, _, last, newer) = spans[-2], spans[-1]
        start = name.split("-")[0].split(".")[0]
        end = newer_name.split("-")[-1].split(".")[0]
        spans[-2:] = [(start if start == end else f"{start}-{end}", first, last, older + newer)]
    return spans


def _day_after(iso: str) -> str:
    return (dt.date.fromisoformat(iso) + dt.timedelta(days=1)).isoformat()


def _day_before(iso: str) -> str:
    return (dt.date.fromisoformat(iso) - dt.timedelta(days=1)).isoformat()


def _cut_year(year: str, days: dict, size: int) -> list[tuple[str, str, str, list[str]]]:
    """A year of more than `size` pages in chunks of whole days, filled from its first day; a last chunk of fewer
    than size/2 pages joins the one before it (up to 1.5 x size), so a year of 5,600 pages is one part."""
    chunks: list[list[str]] = [[]]
    for day in sorted(days):
        if chunks[-1] and sum(len(days[d]) for d in chunks[-1]) + len(days[day]) > size:
            chunks.append([])
        chunks[-1].append(day)
    if len(chunks) > 1:
        last, before = (sum(len(days[d]) for d in chunk) for chunk in (chunks[-1], chunks[-2]))
        if last < size // 2 and last + before <= size * 3 // 2:
            chunks[-2:] = [chunks[-2] + chunks[-1]]
    out = []
    for n, chunk in enumerate(chunks):  # contiguous: a chunk ends the day before the next one starts
        first = f"{year}-01-01" if n == 0 else chunk[0]
        last = f"{year}-12-31" if n == len(chunks) - 1 else _day_before(chunks[n + 1][0])
        name = year if len(chunks) == 1 else f"{year}.{n}"
        out.append((name, first, last, [p for d in chunk for p in days[d]]))
    return out


def manifest(parts: dict[str, Part], part_pages: int | None = None) -> bytes:
    """parts.json: the parts newest first, and `tier`, the pages the search page opens before it asks."""
    doc = {"version": 2, "tier": part_pages or PART_PAGES, "parts": [part.entry() for part in parts.values()]}
    return (json.dumps(doc, indent=1) + "\n").encode()


def holders(key: str, entries: list[dict]) -> list[str]:
    """The parts (entries of a parts.json, newest first) that may hold a page of `key` (see page_key)."""
    date = key.partition(":")[2]
    if date:
        return [e["name"] for e in entries if e.get("from") and e["from"] <= date <= e.get("to", "")]
    undated = [e["name"] for e in entries if not e.get("from")]
    return undated or [e["name"] for e in entries[:1]]


def index_parts(members: dict[str, list[str]], dirty: list[str], writer, diags: Diagnostics,
                then: Callable[[Path], None] | None = None) -> None:
    """Index each part in `dirty` into the writer's staging folder; keep the others' bundles as they are.
    `then(bundle folder)`: called on each bundle Pagefind wrote, in the thread that ran it (search.urlmap)."""
    with ThreadPoolExecutor(CONCURRENT) as pool:
        results = list(pool.map(lambda part: _index_one(part, members[part], writer, then), dirty))
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


def _index_one(part: str, paths: list[str], writer, then=None) -> tuple[str, int, str]:
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
        if done.returncode == 0:
            strip_bundle(out)
            if then is not None:
                then(out)  # in this thread, while the other parts' Pagefind runs
        return part, done.returncode, done.stderr or done.stdout
    except (OSError, subprocess.TimeoutExpired) as exc:
        return part, -1, f"could not run Pagefind: {exc}"
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def bundle_present(out_dir: Path, part: str) -> bool:
    return (out_dir / bundle_dir(part) / "pagefind.js").is_file()
