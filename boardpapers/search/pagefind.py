"""Stage 9, index: Pagefind over the finished output, in one call.

Pagefind's Python wrapper waits ~100 ms per message and has been seen to truncate its UI files on close, so the
binary indexes the whole staged directory at once and the bundle it wrote is checked before the swap.

The build itself indexes through `search.parts` (only the parts whose pages changed; `index_site` stays for one
whole directory). Contract with the search page (layouts/search.html + assets/search.js), both modes:

- One index (up to 5,000 indexed pages, or `--one-index`): the bundle is `<base>pagefind/` (`pagefind.js` in it).
- Split (`--search-parts`, the default above 5,000 indexed pages): `<base>pagefind/parts.json` is
      {"version": 1, "parts": [{"name": "other", "bundle": "pagefind/other/", "pages": 812},
                               {"name": "2014", "bundle": "pagefind/2014/", "pages": 655}, ...]}
  Each `bundle` is a complete Pagefind bundle, relative to the site root (prefix it with the site's base path).
  The page imports `<base><parts[0].bundle>pagefind.js`, calls `options({baseUrl: <base>})` on it, then
  `await pagefind.mergeIndex(<base><bundle>, {baseUrl: <base>})` for every other part, before the first
  search. Results, filters (type, year, board, status, ...) and the `date` sort then span all parts: every
  part is built from the same layouts, so filter names and values agree. A part is one year of meetings
  (the page's `data-pagefind-filter="year"`), 'other' holds pages with no year (people, boards, papers);
  a part of more than search.parts.PART_PAGES pages is cut into buckets named '<year>.<n>'.
  parts.json changes whenever a part is added or removed; the page must not cache it across builds.
- After a small edit (search.recent), the changed pages are indexed alone into one more part, named "recent"
  and listed last, and parts.json also has
      "hide": ["en-gb_1ae827e", ...], "stale": {"type": {"item": 1}, "year": {"2015": 1}, ...}
  The page drops every result whose `id` is in "hide" (stale copies still in the year bundles) or whose `id` it
  has already seen (an identical copy in two bundles), and subtracts "stale" from `pagefind.filters()`'s counts
  (a value left at 0 is not offered). Without "hide"/"stale" there is nothing to drop.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

from boardpapers.core.diagnostics import Diagnostics, SourcePos

REQUIRED = ("pagefind.js", "pagefind-ui.js", "pagefind-ui.css", "pagefind-entry.json")
BODY_MARK = re.compile(rb"<[a-zA-Z][^<>]*\sdata-pagefind-body[\s>=/]")  # the attribute in a tag, not in text


def index_site(site_dir: Path, diags: Diagnostics) -> None:
    command = [sys.executable, "-m", "pagefind", "--site", str(site_dir), "--output-subdir", "pagefind", "--quiet"]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=3600)
    except (OSError, subprocess.TimeoutExpired) as exc:
        diags.error(SourcePos("pagefind"), "search-index", f"could not run Pagefind: {exc}")
        return
    if done.returncode != 0:
        tail = (done.stderr or done.stdout).strip().splitlines()[-5:]
        diags.error(SourcePos("pagefind"), "search-index", "Pagefind failed: " + " / ".join(tail),
                    "is the pagefind[bin] package installed?")
        return
    for problem in check_bundle(site_dir / "pagefind", count_indexable(site_dir)):
        diags.error(SourcePos("pagefind"), "search-index", problem, "run the build again; if it persists, "
                    "reinstall the pagefind[bin] package")


def count_indexable(site_dir: Path) -> int:
    """Pages Pagefind must index: the HTML files whose layout marks a data-pagefind-body."""
    return sum(1 for page in site_dir.rglob("*.html") if BODY_MARK.search(page.read_bytes()))


def check_bundle(bundle: Path, expected_pages: int) -> list[str]:
    """What is wrong with the bundle Pagefind wrote: missing or empty UI files, an unreadable entry file, a
    language's index or wasm file missing, or fewer (or more) pages indexed than the site has."""
    missing = [name for name in REQUIRED if not (bundle / name).is_file() or (bundle / name).stat().st_size == 0]
    if missing:
        return [f"Pagefind's bundle is incomplete: {', '.join(missing)}"]
    try:
        languages = json.loads((bundle / "pagefind-entry.json").read_text("utf-8"))["languages"]
        indexed = sum(int(lang["page_count"]) for lang in languages.values())
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        return [f"Pagefind's pagefind-entry.json is unreadable: {exc!r}"]
    problems = []
    for name, lang in languages.items():
        for part in (f"pagefind.{lang.get('hash')}.pf_meta", f"wasm.{lang.get('wasm') or 'unknown'}.pagefind"):
            if not (bundle / part).is_file() or (bundle / part).stat().st_size == 0:
                problems.append(f"Pagefind's bundle lacks {part} (language {name})")
    if indexed != expected_pages:
        problems.append(f"Pagefind indexed {indexed} pages, but {expected_pages} pages are marked "
                        "data-pagefind-body")
    return problems
