"""Pickles of parts of the live shard that name, rather than hold, objects that another part holds.

The live shard's graph tables (cache.heldgraph) and page-job chunks (cache.heldjobs) are each pickled on its
own, so that a build unpickles only those it reads. An object that several of them show (a model, a decision, a
trail listed by a register) is pickled once where it belongs and named elsewhere by a reference (a tuple such
as ("m", "content/people/ann.md") or ("trails", "a-1")), which the loader resolves in what it loaded before.

The references are made by `reducer_override`, which the pickler asks only about instances of classes, not
about each string, number, tuple, list or dict: a `persistent_id` hook, asked about every object, made packing
the graph of a 10k-item site take twice as long.
"""

from __future__ import annotations

import io
import pickle
from collections.abc import Callable

_RESOLVERS: list[Callable] = []  # the resolver of each `loads` under way, innermost last


def dumps(value, refs: dict) -> bytes:
    """`value` pickled, each object whose id() is a key of `refs` pickled as that reference."""
    buf = io.BytesIO()
    dump(value, refs, buf)
    return buf.getvalue()


def dump(value, refs: dict, handle) -> None:
    """`dumps` into a file (the live shard's, cache.store.dump_live)."""
    _Referring(handle, refs).dump(value)


def loads(data: bytes, resolve: Callable):
    """What `dumps` pickled, each reference given to `resolve` (which may itself load another part)."""
    _RESOLVERS.append(resolve)
    try:
        return pickle.loads(data)
    finally:
        _RESOLVERS.pop()


def _named(ref):
    """What a reference stands for (the unpickler calls this, as the pickled object's constructor)."""
    return _RESOLVERS[-1](ref)


class _Referring(pickle.Pickler):
    def __init__(self, handle, refs: dict):
        super().__init__(handle, protocol=pickle.HIGHEST_PROTOCOL)
        self.refs = refs

    def reducer_override(self, obj):
        ref = self.refs.get(id(obj))
        return NotImplemented if ref is None else (_named, (ref,))
