"""Whether the stale copies an overlay leaves in the year bundles show anything their pages no longer do, and
how to make them show nothing more.

Under an overlay (search.recent) the year bundles keep the last indexed copy of every covered page: the search page
hides it, but its fragment file (and the words in the bundle's index) can be fetched by anyone. That is harmless
when the stale copy says nothing the page's new copy (in pagefind/recent/) doesn't say too: same URL, meta (title,
date) and filters, and its words and anchors are the start of the new copy's (an edit that only added text at the
end of the page's text). Words inserted anywhere else are not safe as they are: "is" -> "is not" keeps every old
word, in order, and the stale fragment would say the opposite of the page (issue 13, item 11). Such a stale
fragment is rewritten with the new copy's text instead (`rewrites`): the fragment file then says what the page says,
and the year bundle's index still lists only words the page still has (insertion keeps every old word), at the
positions they had. A deleted or changed word, a changed title or filter value, a field this module does not know:
the bundle's index would still find the page by a word it no longer has, and the overlay is folded (the year part
indexed again) by a build that publishes (the CLI).

The check is made on every build against the current new copy, so a chain of edits (a sentence added, the page
edited back, a sentence deleted) is judged by what the year bundle really holds: a rewritten fragment holds every
word its bundle's index has for it, and more. Sort values (data-pagefind-sort) are not in fragments; on the shipped
layouts they are the meeting's date (or a constant), which meta "date" shows.
"""

from __future__ import annotations

import gzip
import json
import os
import zlib
from pathlib import Path

from boardpapers.search.parts import bundle_dir

FRAGMENT_MARK = b"pagefind_dcd"
KNOWN = frozenset({"url", "content", "word_count", "filters", "meta", "anchors"})  # Pagefind 1.x fragments


def rewrites(covered: dict, years: dict, out_dir: Path, overlay: Path) -> dict | None:
    """{site path of a stale fragment: the bytes to rewrite it with} that make every stale copy in `covered` show
    nothing its new copy in `overlay` doesn't: empty when none shows more; None when one cannot be made so (a
    word of it deleted or changed, another title or filter value, a copy unreadable): then fold. `covered`:
    {path: (stale page id, filters)}, "" for a page with no stale copy."""
    stale_ids = {stale_id for stale_id, _ in covered.values() if stale_id}
    if not stale_ids:
        return {}
    new = {}
    for _name, raw, fragment in _fragments(overlay):
        new[fragment.get("url")] = (raw, fragment)
    patches = {}
    for stale_id in stale_ids:
        found = _stale_fragment(out_dir, years, stale_id)
        if found is None:
            return None
        path, stale = found
        raw, fresh = new.get(stale.get("url"), (None, None))
        if _within(stale, fresh):
            continue
        if not _inserted(stale, fresh):
            return None
        patches[path] = raw
    return patches


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


def _inserted(stale: dict, new: dict | None) -> bool:
    """Whether `new` is `stale` with words inserted anywhere (none deleted or changed), under the same URL, meta
    and filters: rewritten with `new`'s text, the stale copy's index entries then point at words the page has."""
    if new is None or not set(stale) <= KNOWN or not set(new) <= KNOWN:
        return False
    if stale.get("url") != new.get("url") or stale.get("meta") != new.get("meta"):
        return False
    if _filters(stale) != _filters(new):
        return False
    words = iter(str(new.get("content", "")).split())
    return all(word in words for word in str(stale.get("content", "")).split())


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


def _stale_fragment(out_dir: Path, years: dict, stale_id: str) -> tuple[str, dict] | None:
    """(its path in the site, the fragment) of a stale copy, from whichever year bundle holds it."""
    for part in years:
        path = f"{bundle_dir(part)}/fragment/{stale_id}.pf_fragment"
        found = read_fragment(out_dir / path)
        if found is not None:
            return path, found
    return None


def _fragments(bundle: Path) -> list[tuple[str, bytes, dict]]:
    """(file name, its bytes, the fragment) of every fragment in a bundle folder."""
    folder = bundle / "fragment"
    try:
        names = sorted(os.listdir(folder))
    except OSError:
        return []
    found = []
    for name in names:
        try:
            raw = (folder / name).read_bytes()
        except OSError:
            continue
        fragment = _decode(raw)
        if fragment is not None:
            found.append((name, raw, fragment))
    return found


def read_fragment(path: Path) -> dict | None:
    """A fragment file: gzip of b"pagefind_dcd" + JSON."""
    try:
        return _decode(path.read_bytes())
    except OSError:
        return None


URL_START = FRAGMENT_MARK + b'{"url":'


def fragment_url(path: Path) -> str | None:
    """The URL of a fragment file, from its first bytes only (Pagefind writes "url" first); None when it does not
    start so (its page is then not found in the bundle, and the overlay folds: the safe side). Only the file's
    first HEAD_BYTES are read (a fragment is a few KB; the URL is in its first hundred bytes): an edit's first
    build under an overlay scans a whole year part (4,500 fragments at 10k items: 0.12 s reading whole files,
    0.07 s so); the whole file when its URL does not end within them."""
    try:
        fd = os.open(path, os.O_RDONLY)
        try:
            raw = os.read(fd, HEAD_BYTES)
            url = _url_in(raw)
            if url is None and len(raw) == HEAD_BYTES:
                url = _url_in(raw + path.read_bytes()[HEAD_BYTES:])
        finally:
            os.close(fd)
    except OSError:
        return None
    return url


HEAD_BYTES = 1024


def _url_in(raw: bytes) -> str | None:
    """The URL at the start of a fragment's gzip bytes (all of them, or the file's first ones), or None."""
    try:
        head = zlib.decompressobj(wbits=31).decompress(raw, 2048)
    except zlib.error:
        return None
    if not head.startswith(URL_START) or head[len(URL_START):len(URL_START) + 1] != b'"':
        return None
    try:
        url, _ = json.decoder.scanstring(head.decode("utf-8", "replace"), len(URL_START) + 1)
    except ValueError:  # not ended within `head`
        return None
    return url


def _decode(raw: bytes) -> dict | None:
    try:
        data = gzip.decompress(raw)
        found = json.loads(data[len(FRAGMENT_MARK):] if data.startswith(FRAGMENT_MARK) else data)
    except (ValueError, EOFError, gzip.BadGzipFile, zlib.error):  # a damaged file: not a fragment (fold)
        return None
    return found if isinstance(found, dict) else None
