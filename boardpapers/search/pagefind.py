"""Stage 10, index: Pagefind over the finished output, in one call.

Pagefind's Python wrapper waits ~100 ms per message and has been seen to truncate its UI files on close, so the
binary indexes the whole staged directory at once and the bundle it wrote is checked before the swap.

The build itself indexes through `search.parts` (only the parts whose pages changed; `index_site` stays for one
whole directory). Every bundle is stripped to what the search page uses (`strip_bundle`): pagefind.js, the WASM of
its languages and the index; Pagefind's own UI and its web worker are not used (the page runs it with noWorker).
Contract with the search page (layouts/search.html + assets/search.js), both modes:

- One index (up to 5,000 indexed pages, or `--one-index`): the bundle is `<base>pagefind/` (`pagefind.js` in it).
- Split (`--search-parts`, the default above 5,000 indexed pages): `<base>pagefind/parts.json` is
      {"version": 2, "tier": 5000,
       "parts": [{"name": "2023-2025", "bundle": "pagefind/2023-2025/", "pages": 6912,
                  "from": "2023-01-01", "to": "2025-12-31", "types": ["action", "board", ...]}, ...]}
  listing the parts newest first. Each `bundle` is a complete Pagefind bundle, relative to the site root (prefix
  it with the site's base path); a part holds the pages whose `date` sort value is in [from, to] (a span of
  whole years, or of days within one large year), and the newest part also the pages without a date (people,
  boards, topics; from and to are "" for a part of those alone). `types` are the `type` filter values it has.
  The page imports the `pagefind.js` of the first part it opens, sets `basePath` to that part's bundle
  (`options({basePath, baseUrl: <base>, noWorker: true, mergeFilter: {part: <name>}})`), and merges more parts
  with `mergeIndex(<base><bundle>, {baseUrl: <base>, mergeFilter: {part: <name>}})` when it needs them: first
  the parts a query can match (by its year and type filters) in the order of the sort, until `tier` pages,
  then more when the reader asks for earlier (or later) years. The synthetic `part` filter lets it search one
  part at a time, which a date sort needs (Pagefind's merged results are ordered by score, not by date).
  parts.json changes whenever a part is added or removed; the page must not cache it across builds.
- After a small edit (search.recent), the changed pages are indexed alone into one more part, named "recent"
  and listed last (always opened), and parts.json also has
      "hide": ["en-gb_1ae827e", ...], "stale": {"type": {"item": 1}, "year": {"2015": 1}, ...},
      "replace": {"en-gb_1ae827e": "en-gb_93c01f4", ...}, "home": {"en-gb_93c01f4": "2015-2016", ...}
  The page drops every result whose `id` is in "hide" (stale copies still in the other bundles) or whose `id` it
  has already seen (an identical copy in two bundles); it shows a new copy once its "home" part is searched, and
  in a search sorted by date in the place of its stale one ("replace": stale id -> the new copy's id), a new
  page first (or last) in its part. "stale" counts the stale copies' filter values (for a page that shows
  filter counts). Without them there is nothing to drop.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

from boardpapers.core.diagnostics import Diagnostics, SourcePos

REQUIRED = ("pagefind.js", "pagefind-entry.json")
# What Pagefind writes that the search page does not use: its UI (in three flavours), the highlighting script and
# the web worker (search.js sets noWorker). 600 KB a bundle.
UNUSED = ("pagefind-ui.js", "pagefind-ui.css", "pagefind-modular-ui.js", "pagefind-modular-ui.css",
          "pagefind-component-ui.js", "pagefind-component-ui.css", "pagefind-highlight.js", "pagefind-worker.js")
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
    strip_bundle(site_dir / "pagefind")
    for problem in check_bundle(site_dir / "pagefind", count_indexable(site_dir)):
        diags.error(SourcePos("pagefind"), "search-index", problem, "run the build again; if it persists, "
                    "reinstall the pagefind[bin] package")


def strip_bundle(bundle: Path) -> None:
    """Remove what the search page does not use: Pagefind's UI files, its worker, and the WASM of languages the
    entry file does not name (Pagefind writes wasm.unknown.pagefind beside the site's language)."""
    for name in UNUSED:
        (bundle / name).unlink(missing_ok=True)
    try:
        languages = json.loads((bundle / "pagefind-entry.json").read_text("utf-8"))["languages"]
        used = {f"wasm.{lang.get('wasm') or 'unknown'}.pagefind" for lang in languages.values()}
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return  # check_bundle says what is wrong
    for wasm in bundle.glob("wasm.*.pagefind"):
        if wasm.name not in used:
            wasm.unlink()


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
