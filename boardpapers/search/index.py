"""Stage 9, index: Pagefind over the pages the writer holds (staging and site/), before anything moves into site/.

One bundle for the site, or on large sites one per span of years of the pages' `date` (parts: `search.parts`;
which of the two was decided before rendering, `cache.render.search_split`), of which only those whose pages
changed are indexed again; a few changed pages go into a small `recent` bundle on top of the parts instead
(`search.recent`). What each part held is kept in the build cache (`parts`), so
the next build knows which changed.
"""

from __future__ import annotations

from dataclasses import dataclass

from boardpapers.core.diagnostics import abort_if_errors
from boardpapers.search import recent, urlmap
from boardpapers.search.parts import MANIFEST, bundle_dir, bundle_present, index_parts, manifest, plan_parts


@dataclass(frozen=True)
class Indexed:
    rendered: object  # cache.render.Rendered: what was indexed
    parts: dict  # search part -> fingerprint of its pages (and the overlay's record, search.recent.RECORD)
    stale: tuple[str, ...]  # bundle folders of parts the site no longer has: removed when the writer commits


def index(rendered, run, writer) -> Indexed:
    """Raises BuildFailed when Pagefind failed or wrote an incomplete bundle."""
    opts, state = run.opts, run.cache
    if not (opts.search and opts.write):
        return Indexed(rendered, {}, ())
    pages = {}
    for path in rendered.routed.paths:
        done = rendered.pages.get(path)
        if done is not None:
            pages[path] = (done[0], done[1])
        elif path in state.pages:
            entry = state.pages[path]
            pages[path] = (entry.hash, entry.part)
    parts = _index(opts, state, pages, writer, rendered.fp, run, rendered.search_split)
    abort_if_errors(run.diags)
    stale = tuple(bundle_dir(part) for part in state.parts if part not in parts and part != recent.RECORD)
    run.timed("index")
    return Indexed(rendered, parts, stale)


def _index(opts, state, pages: dict, writer, fp, run, split: bool) -> dict:
    """Re-index the search parts whose pages changed, or only the changed pages on top of them (search.recent);
    -> {part: fingerprint of its pages} (and the overlay's record). `pages`: {path: (hash, part key)}."""
    if state.parts and ("" in state.parts) == split:
        # One index became parts or the other way round: the bundles nest in each other (pagefind/ and
        # pagefind/<year>/), so everything is indexed again and the new tree swapped in whole.
        state.parts, writer.in_place = {}, False
    urls = state.path.parent / urlmap.FOLDER if state.path is not None else None  # beside the build cache
    record = recent.plan(state, pages, opts.out_dir, run.before, urls) if split and state.parts else None
    # Few pages changed: index them alone, on top of the year parts (search.recent), unless the build publishes
    # and a stale copy in a year bundle would show text its page no longer has (options.Options.search_overlay).
    done = record and recent.index(record, recent.year_parts(state.parts), pages, writer, fp, run.diags,
                                   publishing=not opts.search_overlay)
    if done:
        parts, doc = done
        writer.add(MANIFEST, doc)
        return parts
    planned = plan_parts(pages, split, opts.search_part_pages)
    members = {name: part.paths for name, part in planned.items()}
    if split:
        writer.add(MANIFEST, manifest(planned, opts.search_part_pages))
    parts = {part: fp(tuple((path, pages[path][0]) for path in paths)) for part, paths in members.items()}
    dirty = [part for part, found in parts.items()
             if state.parts.get(part) != found or not bundle_present(opts.out_dir, part)]
    index_parts(members, dirty, writer, run.diags, (lambda bundle: urlmap.note(bundle, urls)) if split else None)
    return parts
