"""The one way work is spread over all cores: forked workers that inherit what they work on.

`spread(work, shared, tasks)` gives `[work(shared, task) for task in tasks]`, computed by forked worker processes
when there are several tasks and cores. `shared` (the files to validate, the texts to render as markdown, the
graph and layouts to render pages with) is never pickled: the workers inherit it from this process by fork(),
so only each task (usually a range of indexes into `shared`) goes to a worker and only its result comes back.
The stages that use it (validate, markdown, render) call it the same way whether there are cores to spare or
not: the pool is how a stage runs, not a second way of running it.

While a pool runs, `shared` is held in a module global (what the workers read); pools never nest.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor

_INHERITED: tuple | None = None  # (work, shared) of the pool running now, read by its forked workers


def cores(asked: int = 0) -> int:
    """How many workers to use: `asked`, else one per core."""
    return asked or os.cpu_count() or 1


def ranges(count: int, size: int) -> list[tuple[int, int]]:
    """(start, end) of consecutive chunks of `size` covering range(count)."""
    size = max(1, size)
    return [(start, min(start + size, count)) for start in range(0, count, size)]


def spread(work: Callable, shared, tasks: Sequence, workers: int = 1) -> Iterator:
    """work(shared, task) for each task, in task order: in this process when `workers` < 2 or there is one task,
    else in `workers` forked processes."""
    if workers < 2 or len(tasks) < 2:
        return (work(shared, task) for task in tasks)
    return _forked(work, shared, tasks, workers)


def _forked(work: Callable, shared, tasks: Sequence, workers: int) -> Iterator:
    global _INHERITED
    if _INHERITED is not None:
        raise RuntimeError("fork pools do not nest")
    _INHERITED = (work, shared)  # before the pool forks its workers
    try:
        with ProcessPoolExecutor(min(workers, len(tasks)), mp_context=multiprocessing.get_context("fork")) as pool:
            yield from pool.map(_run, tasks)
    finally:
        _INHERITED = None


def _run(task):
    work, shared = _INHERITED
    return work(shared, task)
