"""The page jobs of the cache's live shard, unpickled a chunk at a time, when a build asks for one of its jobs.

A body edit takes the last build's page jobs (cache.live) but renders a handful of them: it needs every job's
output path (to plan and keep the other pages) and the whole job only for the pages it renders. Unpickling all
46,000 jobs of a 10k-item site with their views took a fifth of such a build, so the shard keeps the paths and
layouts as plain tuples, and the jobs in chunks, each its own pickle, unpickled on first use.

A chunk names the objects the graph holds (models, decisions, actions, updates) and the large sets several jobs
share by reference (`Refs`), so a job loaded from a chunk shows the very objects of the graph it was loaded with,
as one pickled with the graph does.
"""

from __future__ import annotations

import io
import pickle
from collections.abc import Sequence

from boardpapers.cache import store

CHUNK = 512  # jobs per pickle: a body edit's few pages unpickle one chunk each (~2 ms)
TABLES = ("boards", "people", "meetings", "items", "papers", "decisions", "actions", "updates")
SHARED_SIZE = 100  # a frozenset of more ids than this, shared by several jobs, is pickled once, not per chunk


class HeldJobs(Sequence):
    """The page jobs in output order, as a tuple of them would be; `paths` and `layouts` without unpickling."""

    def __init__(self, paths: tuple, layouts: tuple, chunks: tuple, shared: tuple):
        self.paths, self.layouts, self.chunks, self.shared = paths, layouts, chunks, shared
        self.loaded: dict[int, list] = {}
        self.graph = None
        self.models: dict = {}

    def __reduce__(self):
        return HeldJobs, (self.paths, self.layouts, self.chunks, self.shared)

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
        return _Resolver(io.BytesIO(self.chunks[number]), self).load()


def pack(jobs, graph, sources: dict) -> HeldJobs:
    """`jobs` (route's) cut into chunks that refer to `graph` and the models of `sources` (rel -> SourceEntry)."""
    refs: dict = {id(entry.model): ("m", rel) for rel, entry in sources.items() if entry.model is not None}
    for table in TABLES:
        for key, value in getattr(graph, table).items():
            refs.setdefault(id(value), (table, key))
    shared: list = []
    for job in jobs:
        if len(job.deps) > SHARED_SIZE and id(job.deps) not in refs:
            refs[id(job.deps)] = ("s", len(shared))
            shared.append(job.deps)
    chunks = []
    for start in range(0, len(jobs), CHUNK):
        buf = io.BytesIO()
        _Referring(buf, refs).dump(list(jobs[start:start + CHUNK]))
        chunks.append(buf.getvalue())
    return HeldJobs(tuple(job.path for job in jobs), tuple(job.layout for job in jobs), tuple(chunks),
                    tuple(shared))


class _Referring(store._TextPickler):
    def __init__(self, handle, refs: dict):
        super().__init__(handle, protocol=pickle.HIGHEST_PROTOCOL)
        self.refs = refs

    def persistent_id(self, obj):
        ref = self.refs.get(id(obj))
        return ref if ref is not None else super().persistent_id(obj)


class _Resolver(store._TextUnpickler):
    def __init__(self, handle, jobs: HeldJobs):
        super().__init__(handle)
        self.jobs = jobs

    def persistent_load(self, pid):
        if type(pid) is tuple and len(pid) == 2:
            table, key = pid
            try:
                if table == "m":
                    return self.jobs.models[key].model
                if table == "s":
                    return self.jobs.shared[key]
                if table in TABLES:
                    return getattr(self.jobs.graph, table)[key]
            except (KeyError, IndexError, AttributeError):
                pass
            raise pickle.UnpicklingError(f"a held page job names {table} '{key}', which the graph does not have")
        return super().persistent_load(pid)
