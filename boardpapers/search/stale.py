"""Whether the stale copies an overlay leaves in the year bundles show anything their pages no longer do.

Under an overlay (search.recent) the year bundles keep the last indexed copy of every covered page: the search page
hides it, but its fragment file (and the words in the bundle's index) can be fetched by anyone. That is harmless
when the stale copy says nothing the page's new copy (in pagefind/recent/) doesn't say too: same URL, meta (title,
date) and filters, and its words and anchors are the start of the new copy's (an edit that only added text at the
end of the page's text, such as a sentence appended to a report that ends the page). Words inserted anywhere else
are not safe: "is" -> "is not" keeps every old word, in order, and reverses what they say. Then a build that
publishes (the CLI) may keep the overlay instead of indexing the year part again. A deleted or changed word, a
changed title or filter value, a field this module does not know: the stale copy may reveal something, and the
overlay is folded.

The check is made on every build against the current new copy, so a chain of edits (a sentence added, the page
edited back, a sentence deleted) is judged by what the year bundle really holds. Sort values (data-pagefind-sort)
are not in fragments; on the shipped layouts they are the meeting's date (or a constant), which meta "date" shows.
"""

from __future__ import annotations

import gzip
import json
import os
from pathlib import Path

from boardpapers.search.parts import bundle_dir

FRAGMENT_MARK = b"pagefind_dcd"
KNOWN = frozenset({"url", "content", "word_count", "filters", "meta", "anchors"})  # Pagefind 1.x fragments


def reveals_nothing(covered: dict, years: dict, out_dir: Path, overlay: Path) -> bool:
    """Whether every stale copy in `covered` ({path: (stale page id, filters)}, "" for none) reveals nothing its
    page's new copy in the overlay bundle folder `overlay` doesn't; False when either copy cannot be read."""
    stale_ids = {stale_id for stale_id, _ in covered.values() if stale_id}
    if not stale_ids:
        return True
    new = {}
    for fragment in _fragments(overlay):
        new[fragment.get("url")] = fragment
    for stale_id in stale_ids:
        stale = _stale_fragment(out_dir, years, stale_id)
        if stale is None or not _within(stale, new.get(stale.get("url"))):
            return False
    return True


def _within(stale: dict, new: dict | None) -> bool:
    """Whether `new` shows all that `stale` shows: nothing stale is unknown, changed or missing from `new`."""
    if new is None or not set(stale) <= KNOWN:
        return False
    if stale.get("url") != new.get("url") or stale.get("meta") != new.get("meta"):
        return False
    if _filters(stale) != _filters(new):
        return False
    if not _prefix(str(stale.get("content", "")).split(), str(new.get("content", "")).split()):
        return False
    return _prefix(_anchors(stale), _anchors(new))


def _filters(fragment: dict) -> dict:
    found = fragment.get("filters") or {}
    return {name: sorted(map(str, values)) for name, values in found.items()} if isinstance(found, dict) else {}


def _anchors(fragment: dict) -> list:
    """Anchors without their word positions (which an insertion before them moves)."""
    return [(a.get("element"), a.get("id"), a.get("text")) if isinstance(a, dict) else a
            for a in fragment.get("anchors") or ()]


def _prefix(short: list, long: list) -> bool:
    """Whether `long` is `short` with items added at its end only. Words inserted anywhere else can turn what the
    stale copy says into its opposite ("is" -> "is not"): the stale copy would still say it, in public files."""
    return long[:len(short)] == short


def _stale_fragment(out_dir: Path, years: dict, stale_id: str) -> dict | None:
    for part in years:
        found = read_fragment(out_dir / bundle_dir(part) / "fragment" / f"{stale_id}.pf_fragment")
        if found is not None:
            return found
    return None


def _fragments(bundle: Path) -> list[dict]:
    folder = bundle / "fragment"
    try:
        names = sorted(os.listdir(folder))
    except OSError:
        return []
    return [found for name in names if (found := read_fragment(folder / name)) is not None]


def read_fragment(path: Path) -> dict | None:
    """A fragment file: gzip of b"pagefind_dcd" + JSON."""
    try:
        data = gzip.decompress(path.read_bytes())
        found = json.loads(data[len(FRAGMENT_MARK):] if data.startswith(FRAGMENT_MARK) else data)
    except (OSError, ValueError, EOFError):
        return None
    return found if isinstance(found, dict) else None
