"""The page jobs of the cache's live shard, unpickled a chunk at a time, when a build asks for one of its jobs.

A body edit takes the last build's page jobs (cache.live) but renders a handful of them: it needs every job's
output path (to plan and keep the other pages) and the whole job only for the pages it renders. Unpickling all
46,000 jobs of a 10k-item site with their views took a fifth of such a build, so the shard keeps the paths and
layouts as plain tuples, and the jobs in chunks, each its own pickle, unpickled on first use.

A chunk names the objects the graph holds (models, decisions, actions, updates) by reference (cache.heldrefs), so
a job loaded from a chunk shows the very objects of the graph it was loaded with, as one pickled with the graph
does.
"""

from __future__ import annotations

import pickle
from collections.abc import Sequence

from boardpapers.cache import heldrefs

CHUNK = 512  # jobs per pickle: a body edit's few pages unpickle one chunk each (~2 ms)
TABLES = ("boards", "people", "meetings", "items", "papers", "decisions", "actions", "updates")


class HeldJobs(Sequence):
    """The page jobs in output order, as a tuple of them would be; `paths` and `layouts` without unpickling."""

    def __init__(self, paths: tuple, layouts: tuple, chunks: tuple):
        self.paths, self.layouts, self.chunks = paths, layouts, chunks
        self.loaded: dict[int, list] = {}
        self.graph = None
        self.models: dict = {}

    def __reduce__(self):
        return HeldJobs, (self.paths, self.layouts, self.chunks)

    def bind(self, graph, models: dict) -> HeldJobs:
        """The graph and the source entries (rel -> SourceEntry) the chunks' references are resolved in."""
        self.graph, self.models = graph, models
        return self

    def __len__(self) -> int:
        return len(self.paths)

    def __getitem__(self, n):
        if isinstance(n, slice):
            return [self[i] for i in range(*n.indices(len(self)))]
        if n < 0:
            n += len(self)
        chunk = self.loaded.get(n // CHUNK)
        if chunk is None:
            chunk = self.loaded[n // CHUNK] = self._load(n // CHUNK)
        return chunk[n % CHUNK]

    def __iter__(self):
        for n in range(len(self)):
            yield self[n]

    def _load(self, number: int) -> list:
        if self.graph is None:
            raise RuntimeError("HeldJobs used before bind()")
        return heldrefs.loads(self.chunks[number], self._resolve)

    def _resolve(self, ref):
        table, key = ref
        try:
            if table == "m":
                return self.models[key].model
            return getattr(self.graph, table)[key]
        except (KeyError, AttributeError):
            raise pickle.UnpicklingError(f"a held page job names {table} '{key}', which the graph does not "
                                         "have") from None


def pack(jobs, graph, sources: dict) -> HeldJobs:
    """`jobs` (route's) cut into chunks that refer to `graph` and the models of `sources` (rel -> SourceEntry)."""
    refs: dict = {id(entry.model): ("m", rel) for rel, entry in sources.items() if entry.model is not None}
    for table in TABLES:
        for key, value in getattr(graph, table).items():
            refs.setdefault(id(value), (table, key))
    chunks = [heldrefs.dumps(list(jobs[start:start + CHUNK]), refs) for start in range(0, len(jobs), CHUNK)]
    return HeldJobs(tuple(job.path for job in jobs), tuple(job.layout for job in jobs), tuple(chunks))
