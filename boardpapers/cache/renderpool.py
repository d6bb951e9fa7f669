"""Stage 8's rendering, over all cores when there are many pages (core.forkpool): the forked workers share the
graph, layouts and site view without pickling them, write their pages into the staging folder themselves and
send back only hashes, the keys each page read and the fingerprints of those keys, which `pagecache.remember`
would otherwise compute alone. With one core, or few pages, the same function renders in this process."""

from __future__ import annotations

from array import array
from itertools import groupby
from typing import TYPE_CHECKING

from boardpapers.cache.incremental import KeyIndex
from boardpapers.cache.pagecache import part_of
from boardpapers.core.diagnostics import Diagnostics
from boardpapers.core.forkpool import cores, spread
from boardpapers.core.memory import give_back
from boardpapers.outputs import opendata
from boardpapers.render.jinja import layouts_of, render_pages
from boardpapers.write.memory import MemoryWriter
from boardpapers.write.sitewriter import content_hash

if TYPE_CHECKING:
    from boardpapers.cache.pagecache import Planner

PARALLEL_PAGES = 400


def render_jobs(jobs, site, env, diags, writer, keys: KeyIndex | None, workers: int = 0,
                planner: Planner | None = None) -> dict:
    """Render `jobs` into `writer`; -> {path: (hash, search part, layouts, numbers of the keys read in `keys`)}
    (no numbers without `keys`). `planner`: the workers also fingerprint the keys they number
    (Planner.worker_fingerprints)."""
    info: dict = {}

    def sink(job, data, read):
        digest, _ = writer.add(job.path, data)
        numbers = keys.numbers(read).tobytes() if keys is not None else b""
        info[job.path] = (digest, part_of(job.path, data), layouts_of(read), numbers)

    workers = cores(workers) if len(jobs) >= PARALLEL_PAGES else 1
    if workers < 2:
        render_pages(jobs, site, env, diags, sink)
        return info
    # Warm up in this process first: one page per layout compiles every template and fills the captures every
    # page of that layout shares (base layout fragments, macros), so the forked workers inherit them instead of
    # each making them again.
    first: dict = {}
    for n, job in enumerate(jobs):
        if not whole_site(job):  # their records would stay in this process, and every worker, to the end
            first.setdefault(job.layout or getattr(job.produce, "func", job.produce), n)
    warm = set(first.values())
    rows_of = {}  # layout -> the register row macros its first page showed (siteview.SiteView.rows)
    for n in sorted(warm):
        site.row_names = set()
        render_pages([jobs[n]], site, env, diags, sink)
        rows_of[jobs[n].layout] = site.row_names
    site.row_names = None
    rest, chunks = _chunks([job for n, job in enumerate(jobs) if n not in warm], rows_of, workers)
    base, shared = len(keys.table) if keys is not None else 0, {}
    worker_state = (rest, site, env, writer, keys, base, planner)
    # Each chunk also fingerprints every len(chunks)-th of the keys numbered here so far (the warm-up pages'
    # reads, registers among them): made in this process after rendering, they were 0.5 s of a cold 10k build's
    # wall time, alone on one core.
    tasks = [(bounds, n, len(chunks)) for n, bounds in enumerate(chunks)]
    for done, (n, pages, new_keys, items, fps, base_fps) in enumerate(
            spread(_render_chunk, worker_state, tasks, workers)):
        if done == 0 and planner is not None:  # every worker has forked (a fork pool starts them all at once)
            planner.forget_fingerprints()
            give_back()
        if base_fps:
            planner.note_worker_fingerprints(range(n, base, len(chunks)), base_fps)
        # A worker numbers the keys it met first itself, from `base` on: renumber those in this table.
        local = keys.numbers(new_keys) if new_keys else ()
        if fps:
            planner.note_worker_fingerprints(local, fps)
        for n, digest, changed, part, layouts, numbers, data in pages:
            path = rest[n].path  # this process's string, not one more copy per page
            if data is not None:
                writer.add(path, data)
            else:
                writer.note(path, digest, changed)
            if local:
                found = array("I", numbers)
                numbers = array("I", [n if n < base else local[n - base] for n in found]).tobytes()
            layouts = shared.setdefault(layouts, layouts)  # a few distinct sets, not one per page
            part = shared.setdefault(part, part)
            info[path] = (digest, part, layouts, numbers)
        diags.items.extend(items)
    return info


def whole_site(job) -> bool:
    return getattr(job.produce, "func", job.produce) in opendata.WHOLE_SITE


def render_data(jobs: list, site, env, diags, sink) -> None:
    """The open data files a dataset at a time (`data/<name>.json` and `.csv.zip` share its records), its records
    let go after them: no page of a later chunk reads them (one that did would make them again)."""
    kept = set(site.reads.captured)
    for _, files in groupby(jobs, key=lambda job: job.path.rsplit("/", 1)[-1].split(".")[0]):
        render_pages(list(files), site, env, diags, sink)
        for key in set(site.reads.captured) - kept:
            del site.reads.captured[key]
        give_back()


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
    data = [job for job in others if whole_site(job)]
    if data:  # first, one chunk: one worker makes the site's records once, then lets them go (_render_chunk)
        grouped.insert(0, data)
        others = [job for job in others if not whole_site(job)]
    ordered, chunks = [], []
    for group in grouped:
        chunks.append((len(ordered), len(ordered) + len(group)))
        ordered.extend(group)
    size = max(50, len(jobs) // (workers * 6))
    chunks += [(a, min(a + size, len(jobs))) for a in range(len(ordered), len(jobs), size)]
    return ordered + others, chunks


def _render_chunk(state: tuple, task: tuple):
    """In a worker: -> (the chunk's number, pages, the keys first numbered here, diagnostics, their
    fingerprints, the fingerprints of its share of the keys numbered before the fork): per page only numbers and
    hashes (its position in the job list, not its path), and its bytes when the writer keeps them in memory (a
    build that writes nothing: the bytes in this process would be lost). `task`: ((start, end) of the chunk, its
    number, how many chunks there are)."""
    jobs, site, env, writer, keys, base, planner = state
    bounds, n, step = task
    if keys is not None:
        keys.rollback(base)  # the keys numbered by this worker's last chunk were sent with it
    diags, pages = Diagnostics(), []
    chunk = jobs[bounds[0]:bounds[1]]
    position = {id(job): bounds[0] + n for n, job in enumerate(chunk)}
    in_memory = isinstance(writer, MemoryWriter)

    def sink(job, data, read):
        digest, changed = (content_hash(data), True) if in_memory else writer.add(job.path, data)
        numbers = keys.numbers(read).tobytes() if keys is not None else b""
        pages.append((position[id(job)], digest, changed, part_of(job.path, data), layouts_of(read), numbers,
                      data if in_memory else None))

    if chunk and whole_site(chunk[0]):
        render_data(chunk, site, env, diags, sink)
    else:
        render_pages(chunk, site, env, diags, sink)
    new_keys = keys.table[base:] if keys is not None else []
    fps = planner.worker_fingerprints(new_keys) if planner is not None else b""
    base_fps = b"" if planner is None or keys is None else planner.worker_fingerprints(
        [keys.table[i] for i in range(n, base, step)])
    return n, pages, new_keys, diags.items, fps, base_fps
