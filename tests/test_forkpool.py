"""core/forkpool.py: work spread over forked workers gives what the same work gives in this process, in task
order, with `shared` inherited (never pickled)."""

from __future__ import annotations

import os

import pytest

from boardpapers.core import forkpool
from boardpapers.core.forkpool import ranges, spread


def work(shared, bounds):
    start, end = bounds
    return [(shared["f"](n), os.getpid()) for n in range(start, end)]


def test_forked_workers_give_what_this_process_gives_in_order():
    shared = {"f": lambda n: n * n}  # a lambda: it could not be pickled to a worker, only inherited
    tasks = ranges(103, 10)
    assert tasks[0] == (0, 10) and tasks[-1] == (100, 103) and len(tasks) == 11
    here = [value for batch in spread(work, shared, tasks, workers=1) for value in batch]
    forked = [value for batch in spread(work, shared, tasks, workers=2) for value in batch]
    assert [v for v, _ in here] == [v for v, _ in forked] == [n * n for n in range(103)]
    assert {pid for _, pid in here} == {os.getpid()}
    assert os.getpid() not in {pid for _, pid in forked}
    assert forkpool._INHERITED is None  # nothing held after the pool


def test_one_task_or_one_worker_runs_here_and_pools_do_not_nest():
    assert [pid for _, pid in next(iter(spread(work, {"f": abs}, [(0, 1)], workers=4)))] == [os.getpid()]

    def nested(shared, task):
        return list(spread(work, shared, [(0, 1), (1, 2)], workers=2))

    with pytest.raises(RuntimeError, match="do not nest"):
        list(spread(nested, {"f": abs}, [(0, 1), (1, 2)], workers=2))
