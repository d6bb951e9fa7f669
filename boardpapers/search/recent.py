"""Stage 9, index, after a small edit: a "recent changes" Pagefind bundle on top of the year parts.

Re-indexing a year part (up to 5,000 pages: about 10 s at 10,000 items) for one edited page was most of an
edit's rebuild. So while few indexed pages (at most RECENT_PAGES) changed since the year parts were last
indexed, those pages alone are indexed into one small extra bundle, pagefind/recent/, and the year bundles are
kept as they are.
The year bundles then still hold stale copies of the changed (or removed) pages, so parts.json tells the search
page which to ignore (contract in `search.pagefind`):
- "hide": the Pagefind page ids of the stale copies (a result's `id`); the page drops results with those ids,
  and results whose id it has already seen (a page edited back to the text its year part has: same id twice);
- "stale": {filter: {value: count}} of the stale copies, subtracted from `pagefind.filters()`'s counts.
A changed page is then found only through its new copy, a removed one not at all, and filter values agree.

Which pages an overlay covers is kept in the build cache, under RECORD in `BuildCache.parts` (beside the year
parts' fingerprints, which stay those of the pages the year bundles hold): {"covered": {path: (stale id, stale
filters)}, "fp": fingerprint of the pages in the bundle, "ids": their page ids, "public": whether no stale copy
shows text its page no longer has}. Once covered, a page stays covered until the overlay is folded: the year
parts that changed are indexed again and pagefind/recent/ is removed, by the ordinary build
(`search.index`), whenever
- more than RECENT_PAGES indexed pages changed since the year parts were indexed,
- there is no cache (a cold build, `--no-cache`, a new engine) or site/ is not what the last build wrote,
- a page left the index (removed, withdrawn) or a changed file changed its publishing or exemption: the text
  withdrawn must leave the year bundles (whose fragments anyone can fetch), not only be hidden by the search page,
- a year bundle is missing, the index is split or joined, or a stale copy cannot be found in its year bundle,
- the build publishes (the CLI: options.Options.search_overlay False) and a stale copy shows anything its page's
  new copy doesn't (search.stale: a word deleted or changed, a title or filter value changed); checked on every
  build against the current copies, so a page edited back and forth is judged by what the bundles hold. A page
  that only gained words, anywhere, is kept: its stale fragment is rewritten with the new copy's text
  (`stale.rewrites`, through `SiteWriter.patch`), and its year part's fingerprint tagged PATCHED, so that a fold
  indexes that part again whatever its pages become.
Only `serve`'s preview keeps an edit that removed text in the overlay (the search page hides the old copy, but
its year bundle's fragment files still have it until the fold; "public" in RECORD says whether they do, and a
publishing build with nothing else to do folds then). A build without the cache (`--no-cache`) folds at once.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

from boardpapers.search import urlmap
from boardpapers.search.parts import MANIFEST, bundle_dir, bundle_present, holders, index_parts
from boardpapers.search.stale import read_fragment, rewrites

RECENT = "recent"  # the overlay's part name (bundle pagefind/recent/); no year part can be called that
RECORD = "recent:covered"  # its record in BuildCache.parts (not a bundle)
RECENT_PAGES = 200
PATCHED = "patched"  # tags the fingerprint of a year part whose bundle has a rewritten fragment (search.stale)


def year_parts(parts: dict) -> dict:
    return {part: found for part, found in parts.items() if part not in (RECENT, RECORD)}


def plan(state, pages: dict, out_dir: Path, before: dict, urls: Path | None = None) -> dict | None:
    """-> the overlay's record for this build, or None when the year parts must be indexed again (folded).
    `pages`: {path: (hash, part)} of every page this build has; `state` still holds the last build's pages, and
    `before` the source entries the last build read (state.sources has this build's). `urls`: the folder of the
    year bundles' URL maps (search.urlmap), None without a cache."""
    if withdrawn(before, state.sources):
        return None
    years = year_parts(state.parts)
    record = state.parts.get(RECORD) or {"covered": {}}
    kept = kept_manifest(out_dir, years)
    if (not years or "" in years or not isinstance(record, dict) or not isinstance(record.get("covered"), dict)
            or kept is None or not all(bundle_present(out_dir, part) for part in years)):
        return None
    covered = dict(record["covered"])
    fresh: list[tuple[str, str | None]] = []  # newly covered: (path, the part its indexed copy is in)
    for path, (digest, part) in pages.items():
        old = state.pages.get(path)
        was = old.part if old is not None else None
        if path in covered or (part is None and was is None):
            continue
        if old is None or old.hash != digest or was != part:
            fresh.append((path, was))
    if any(old.part is not None and pages.get(path, (None, None))[1] is None for path, old in state.pages.items()):
        return None  # a page left the index: its text must leave the year bundle too, not only be hidden
    if len(covered) + len(fresh) > RECENT_PAGES:
        return None
    for path, was in fresh:
        stale = ("", {}) if was is None else _stale_copy(out_dir, holders(was, kept[0]), path, urls)
        if stale is None:
            return None
        covered[path] = stale
    return {"covered": covered, "fp": record.get("fp"), "ids": record.get("ids", ()), "manifest": kept}


def kept_manifest(out_dir: Path, years: dict) -> tuple[list[dict], int] | None:
    """(the entries of the year parts, tier) in the parts.json the last build wrote (what their bundles hold),
    newest first; None when it cannot be read or does not list exactly those parts."""
    try:
        doc = json.loads((out_dir / MANIFEST).read_text("utf-8"))
        entries = [e for e in doc["parts"] if e["name"] != RECENT]
        tier = int(doc["tier"])
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None
    return (entries, tier) if sorted(e.get("name") for e in entries) == sorted(years) else None


def withdrawn(before: dict, after: dict) -> bool:
    """Whether a changed file changed its publishing (draft, embargo) or exemption: text may have been withdrawn
    then (an exempt item keeps its page, without its report), and must leave the year bundles at once."""
    for rel, entry in after.items():
        old = before.get(rel)
        if old is None or old is entry or old.digest == entry.digest or old.model is None or entry.model is None:
            continue
        for name in ("publishing", "exempt"):
            if getattr(old.model, name, None) != getattr(entry.model, name, None):
                return True
    return False


def index(record: dict, years: dict, pages: dict, writer, fp, diags, publishing: bool) -> tuple[dict, bytes] | None:
    """Index the overlay's pages when they changed, keep the year bundles; -> (BuildCache.parts, parts.json).
    None when `publishing` and a stale copy shows what its page no longer does (search.stale): fold instead."""
    inside = sorted(path for path in record["covered"] if pages.get(path, (None, None))[1] is not None)
    found = fp(tuple((path, pages[path][0]) for path in inside)) if inside else None
    out_dir = writer.out_dir
    ids = tuple(record["ids"]) if found == record["fp"] else ()
    kept = bool(inside) and found == record["fp"] and bundle_present(out_dir, RECENT)
    if inside and not kept:
        index_parts({RECENT: inside}, [RECENT], writer, diags)
        ids = _ids(writer.staging / bundle_dir(RECENT))
    overlay = (out_dir if kept else writer.staging) / bundle_dir(RECENT)
    # A stale copy that shows words its page no longer has makes the overlay private (serve's preview keeps it,
    # a publishing build folds it); one whose page only gained words is rewritten with the new text (search.stale).
    patches = rewrites(record["covered"], years, out_dir, overlay)
    public = patches is not None
    for path, data in (patches or {}).items():
        writer.patch(path, data)
    patched = {part for part in years for path in patches or () if path.startswith(bundle_dir(part) + "/")}
    if publishing and not public:
        if bundle_dir(RECENT) in writer.bundles:
            writer.bundles.remove(bundle_dir(RECENT))
            shutil.rmtree(overlay, ignore_errors=True)
        return None
    writer.keep_bundles.extend(bundle_dir(part) for part in years)
    if kept:
        writer.keep_bundles.append(bundle_dir(RECENT))
    # A patched year bundle no longer holds the pages its fingerprint names: whatever those pages become (even the
    # very text it was indexed from), a fold must index it again.
    parts = {part: (PATCHED, found) if part in patched else found for part, found in years.items()}
    if inside:
        parts[RECENT] = found
    if record["covered"]:
        parts[RECORD] = {"covered": record["covered"], "fp": found, "ids": ids, "public": public}
    new_ids = {url: page_id for url, (page_id, _) in _bundle_pages(overlay).items()} if inside else {}
    replace, home = {}, {}
    for path, (stale_id, _) in record["covered"].items():
        new_id = new_ids.get(url_of(path))
        if stale_id and new_id and new_id != stale_id:
            replace[stale_id] = new_id
        holder = holders(pages[path][1], record["manifest"][0]) if new_id and path in pages else []
        if holder:
            home[new_id] = holder[0]
    doc = _manifest(record["manifest"], len(inside), record["covered"], set(ids), {"replace": replace, "home": home})
    return parts, doc


def _manifest(manifest: tuple, recent_pages: int, covered: dict, recent_ids: set, places: dict) -> bytes:
    entries, tier = manifest
    parts = [dict(entry) for entry in entries]
    if recent_pages:
        parts.append({"name": RECENT, "bundle": bundle_dir(RECENT) + "/", "pages": recent_pages})
    hide, stale = set(), {}
    for stale_id, filters in covered.values():
        if not stale_id:
            continue
        if stale_id not in recent_ids:
            hide.add(stale_id)
        for name, values in filters.items():
            counts = stale.setdefault(name, {})
            for value in values:
                counts[value] = counts.get(value, 0) + 1
    stale = {name: dict(sorted(values.items())) for name, values in sorted(stale.items())}
    doc = {"version": 2, "tier": tier, "parts": parts}
    if covered:  # else the same bytes as search.parts.manifest writes
        doc.update(hide=sorted(hide), stale=stale)
        doc.update({name: dict(sorted(found.items())) for name, found in places.items()})
    return (json.dumps(doc, indent=1) + "\n").encode()


def _ids(bundle: Path) -> tuple[str, ...]:
    try:
        return tuple(sorted(name.removesuffix(".pf_fragment") for name in os.listdir(bundle / "fragment")))
    except OSError:
        return ()


def url_of(path: str) -> str:
    """The URL Pagefind records for a page file (relative to the site root, as it was indexed)."""
    return "/" + (path[: -len("index.html")] if path.endswith("index.html") else path)


def _stale_copy(out_dir: Path, names: list[str], path: str, urls: Path | None = None) -> tuple[str, dict] | None:
    """(page id, filters) of the copy of `path` indexed in one of the parts `names`, or None."""
    url = url_of(path)
    for name in names:
        bundle = out_dir / bundle_dir(name)
        page_id = _bundle_urls(bundle, urls).get(url)
        fragment = read_fragment(bundle / "fragment" / f"{page_id}.pf_fragment") if page_id else None
        if fragment is not None and fragment.get("url") == url:
            return page_id, {key: tuple(values) for key, values in sorted(fragment.get("filters", {}).items())}
    return None


_SEEN: dict = {}  # (bundle folder, what) -> (entry file's stat, its map): serve re-reads only what changed


def _seen(bundle: Path, what: str, make) -> dict:
    try:
        st = (bundle / "pagefind-entry.json").stat()
    except OSError:
        return {}
    stamp = (st.st_ino, st.st_mtime_ns, st.st_size)
    known = _SEEN.get((str(bundle), what))
    if known is not None and known[0] == stamp:
        return known[1]
    found = make(bundle / "fragment")
    _SEEN[(str(bundle), what)] = (stamp, found)
    return found


def _bundle_urls(bundle: Path, urls: Path | None = None) -> dict:
    """{url: page id} of every page in a bundle: the map noted when it was indexed (search.urlmap), else read
    from the start of each fragment (0.1 s for a part of 4,500 pages)."""
    return _seen(bundle, "urls", lambda folder: urlmap.known(bundle, urls) or urlmap.scan(bundle))


def _bundle_pages(bundle: Path) -> dict:
    """{url: (page id, filters)} of every page in a bundle, from its fragments (gzip: b"pagefind_dcd" + JSON)."""
    def make(folder: Path) -> dict:
        found = {}
        for name in sorted(os.listdir(folder)) if folder.is_dir() else ():
            try:
                fragment = read_fragment(folder / name)
                filters = {key: tuple(values) for key, values in sorted(fragment.get("filters", {}).items())}
                found[fragment["url"]] = (name.removesuffix(".pf_fragment"), filters)
            except (KeyError, TypeError, AttributeError):  # not a fragment (None), or not as Pagefind writes
                continue
        return found
    return _seen(bundle, "pages", make)
