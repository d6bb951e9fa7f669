"""Stage 8's rendering, over all cores when there are many pages: forked workers share the graph without
pickling it, write their pages into the staging folder themselves and send back only hashes, the keys each page
read and the fingerprints of those keys, which `pagecache.remember` would otherwise compute alone."""

from __future__ import annotations

import os
import pickle
from array import array
from typing import TYPE_CHECKING

from boardpapers.cache.incremental import KeyIndex
from boardpapers.cache.pagecache import part_of, pickled

if TYPE_CHECKING:
    from boardpapers.cache.pagecache import Planner

PARALLEL_PAGES = 400


def render_jobs(jobs, site, env, render_args: tuple, diags, record, writer, keys: KeyIndex, workers: int = 0,
                planner: Planner | None = None):
    """Render `jobs` into `writer`; -> {path: (hash, part, layouts, numbers of the keys read in `keys`)}.
    `record` gets {path: (layouts, None)} for every page rendered: the ids each page used are among its keys
    (a page that lists everything uses every id: one such set per layout was ~1 GB at 100k items).
    `planner`: the workers also fingerprint the keys they number (Planner.worker_fingerprints)."""
    from boardpapers.render.jinja import render_pages

    info: dict = {}

    def sink(job, data, layouts):
        digest, _ = writer.add(job.path, data)
        info[job.path] = (digest, part_of(job.path, data), layouts, keys.numbers(site.last_keys).tobytes())
        if record is not None:
            record[job.path] = (layouts, None)

    workers = workers or (os.cpu_count() or 1)
    if len(jobs) < PARALLEL_PAGES or workers < 2:
        render_pages(jobs, site, env, *render_args, diags, None, sink)
        return info
    # Warm up in this process first: one page per layout compiles every template and computes the global facts
    # the pages need, so the forked workers inherit them instead of each doing it again.
    first: dict = {}
    for n, job in enumerate(jobs):
        first.setdefault(job.layout or getattr(job.produce, "func", job.produce), n)
    warm = set(first.values())
    rows_of = {}  # layout -> the register row macros its first page showed (rowmemo)
    for n in sorted(warm):
        site.row_names = set()
        render_pages([jobs[n]], site, env, *render_args, diags, None, sink)
        rows_of[jobs[n].layout] = site.row_names
    site.row_names = None
    rest, chunks = _chunks([job for n, job in enumerate(jobs) if n not in warm], rows_of, workers)
    global _FORKED
    _FORKED = (rest, site, env, render_args, writer, keys, len(keys.table), planner)
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    base, shared = len(keys.table), {}
    try:
        with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
            for pages, new_keys, items, facts, fps in pool.map(_render_chunk, chunks):
                # A worker numbers the keys it met first itself, from `base` on: renumber those in this table.
                local = keys.numbers(new_keys)
                if fps:
                    planner.note_worker_fingerprints(local, fps)
                for n, digest, changed, part, layouts, numbers in pages:
                    path = rest[n].path  # this process's string, not one more copy per page
                    writer.note(path, digest, changed)
                    if local:
                        found = array("I", numbers)
                        numbers = array("I", [n if n < base else local[n - base] for n in found]).tobytes()
                    layouts = shared.setdefault(layouts, layouts)  # a few distinct sets, not one per page
                    part = shared.setdefault(part, part)
                    info[path] = (digest, part, layouts, numbers)
                    if record is not None:
                        record[path] = (layouts, None)
                diags.items.extend(items)
                for name, blob in facts.items():
                    if name not in site.fact_values and blob:
                        site.fact_values[name] = site.compute_fact(name, pickle.loads(blob))
    finally:
        _FORKED = None
    return info


def _chunks(jobs: list, rows_of: dict, workers: int) -> tuple[list, list]:
    """-> (the jobs in the order the workers take them, (start, end) of each chunk). Pages whose layouts show the
    same register rows (a decision's row on the decision registers, an action's on the action registers and on
    its owner's page) go into one chunk, so that one worker renders each row once instead of each worker
    rendering most rows (at 10,000 items ~20,000 of ~60,000 rows were rendered twice). Those chunks go first,
    the largest first, and the other pages after them in chunks small enough to even out the workers' loads."""
    groups: list[set] = []  # layouts that share a row macro, transitively
    for layout, names in rows_of.items():
        if not names:
            continue
        joined = [group for group in groups if group[1] & names]
        merged = ({layout}.union(*(g[0] for g in joined)), set(names).union(*(g[1] for g in joined)))
        groups = [group for group in groups if group not in joined] + [merged]
    group_of = {layout: n for n, (layouts, _) in enumerate(groups) for layout in layouts}
    grouped: list[list] = [[] for _ in groups]
    others = []
    for job in jobs:
        n = group_of.get(job.layout)
        (others if n is None else grouped[n]).append(job)
    grouped.sort(key=len, reverse=True)
    ordered, chunks = [], []
    for group in grouped:
        chunks.append((len(ordered), len(ordered) + len(group)))
        ordered.extend(group)
    size = max(50, len(jobs) // (workers * 6))
    chunks += [(a, min(a + size, len(jobs))) for a in range(len(ordered), len(jobs), size)]
    return ordered + others, chunks


_FORKED: tuple | None = None


def _render_chunk(bounds: tuple[int, int]):
    """-> (pages, the keys first numbered here, diagnostics, new facts): only numbers and hashes per page (its
    position in the job list, not its path)."""
    from boardpapers.core.diagnostics import Diagnostics
    from boardpapers.render.jinja import render_pages

    jobs, site, env, render_args, writer, keys, base, planner = _FORKED
    keys.rollback(base)  # the keys numbered by this worker's last chunk were sent with it
    known = set(site.fact_values)
    diags, pages = Diagnostics(), []
    chunk = jobs[bounds[0]:bounds[1]]
    position = {id(job): bounds[0] + n for n, job in enumerate(chunk)}

    def sink(job, data, layouts):
        digest, changed = writer.add(job.path, data)
        numbers = keys.numbers(site.last_keys).tobytes()
        pages.append((position[id(job)], digest, changed, part_of(job.path, data), layouts, numbers))

    render_pages(chunk, site, env, *render_args, diags, None, sink)
    facts = {name: pickled(fn) for name, fn in site.fact_fns.items() if name not in known}
    new_keys = keys.table[base:]
    fps = planner.worker_fingerprints(new_keys, site.fact_values) if planner is not None else b""
    return pages, new_keys, diags.items, facts, fps
