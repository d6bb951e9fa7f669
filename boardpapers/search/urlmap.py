"""{URL: Pagefind page id} of a search bundle, noted when the bundle is indexed and kept beside the build cache.

An edit's first build under an overlay (search.recent) must find the stale copy of each changed page in its year
bundle: Pagefind names a page's fragment by a hash of its content, so the page's URL is found only by reading
the fragments. At 10k items a year part has 4,500 of them, 0.1 s to read, in a build whose target is 2 s. So the
build that indexes a part reads them then, in the thread that ran Pagefind (beside the other parts' runs), and
keeps the map in the cache folder (`FOLDER`), named by a hash of the bundle's pagefind-entry.json, which names
the hashes of the bundle's index files: a map is found only for the very bundle it was made from.

The map is a hint, never trusted alone: search.recent reads the fragment it names and checks its URL (a wrong or
damaged map folds the overlay: the safe side). A missing one (no cache, a bundle indexed by an older engine)
means reading the fragments, as before.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

from boardpapers.search.stale import fragment_url

FOLDER = "search-urls"  # inside the build cache's folder
KEEP = 48  # maps kept (newest first): a few builds' worth of parts, of every site built from this content


def bundle_key(bundle: Path) -> str | None:
    """A hash of the bundle's pagefind-entry.json, None when it cannot be read."""
    try:
        return hashlib.sha256((bundle / "pagefind-entry.json").read_bytes()).hexdigest()[:32]
    except OSError:
        return None


def scan(bundle: Path) -> dict:
    """{url: page id} of every page in a bundle, from the start of each fragment (search.stale.fragment_url)."""
    folder = bundle / "fragment"
    found = {}
    for name in sorted(os.listdir(folder)) if folder.is_dir() else ():
        url = fragment_url(folder / name)
        if url is not None:
            found[url] = name.removesuffix(".pf_fragment")
    return found


def note(bundle: Path, folder: Path | None) -> None:
    """Read the map of a bundle just indexed and keep it in `folder` (None: no cache, nothing kept)."""
    key = bundle_key(bundle) if folder is not None else None
    if key is None:
        return
    text = json.dumps(scan(bundle), separators=(",", ":"), sort_keys=True)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        tmp = folder / f".{key}.tmp{os.getpid()}"
        tmp.write_text(text, "utf-8")
        os.replace(tmp, folder / f"{key}.json")
        _prune(folder)
    except OSError:
        return  # not kept: the next edit reads the fragments instead


def known(bundle: Path, folder: Path | None) -> dict | None:
    """The map noted for this very bundle, or None."""
    key = bundle_key(bundle) if folder is not None else None
    if key is None:
        return None
    try:
        found = json.loads((folder / f"{key}.json").read_text("utf-8"))
    except (OSError, ValueError):
        return None
    if not (isinstance(found, dict) and all(type(k) is str and type(v) is str for k, v in found.items())):
        return None
    return found


def _prune(folder: Path) -> None:
    maps = []
    for entry in os.scandir(folder):
        try:
            maps.append((entry.stat().st_mtime_ns, entry.path))
        except OSError:
            continue
    for _, path in sorted(maps, reverse=True)[KEEP:]:
        Path(path).unlink(missing_ok=True)
