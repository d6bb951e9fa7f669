"""The linked graph of the cache's live shard, each of its tables unpickled when a build first reads it.

A body edit takes the last build's graph (cache.live) and renders a handful of pages, which read a few of the
graph's tables: an item page and its meeting's pack read the meetings, items, people and trails, never the
registers' selections, the boards' years or the people's roles. Unpickling every table took a sixth of such a
build at 10,000 items, so the shard keeps each table (a dict field of Graph) as its own pickle, and `HeldGraph`
unpickles one when it is first read (`__getattr__`, which Python asks only for an attribute not yet set).

A table's pickle names the validated models by their file (as the live shard does) and the objects of tables
before it in Graph's field order by (table, key) (cache.heldrefs), so that a Trail listed in `action_selections`
is the very object of `trails`, as in the graph that was saved. Only objects of our own classes are named that
way: a string or a date shared by two tables is simply pickled in both.
"""

from __future__ import annotations

import dataclasses
import pickle
from functools import partial

from boardpapers.cache import heldrefs
from boardpapers.graph.link import Graph

EAGER = ("html", "attachment_texts")  # not plain tables (kept whole in the shard, like the small fields)


class HeldGraph(Graph):
    """A Graph whose tables are unpickled on first use; equal in every field to the graph that was packed."""

    def __getattr__(self, name):
        tables = self.__dict__.get("_tables")
        if tables is None or name not in tables.packed:
            raise AttributeError(name)
        value = tables.value(name, self)
        object.__setattr__(self, name, value)
        return value

    def __reduce__(self):  # pickled again (rare): as the plain Graph it stands for, every table read
        return Graph, tuple(getattr(self, f.name) for f in dataclasses.fields(Graph))


@dataclasses.dataclass
class Packed:
    """What the live shard holds for a graph: its small fields as they are, each table as a pickle."""

    fields: dict
    tables: dict  # field name -> bytes

    def unpack(self, sources: dict) -> HeldGraph:
        """A HeldGraph of these fields; `sources`: rel -> SourceEntry, in which the models are resolved."""
        graph = object.__new__(HeldGraph)
        graph.__dict__.update(self.fields)
        graph.__dict__["_tables"] = _Tables(self.tables, sources)
        return graph


class _Tables:
    """The packed tables of a HeldGraph and its copies (`replaced`): each unpickled once, for all of them."""

    def __init__(self, packed: dict, sources: dict):
        self.packed, self.sources, self.loaded = packed, sources, {}

    def value(self, name: str, graph):
        found = self.loaded.get(name)
        if found is None:
            found = self.loaded[name] = heldrefs.loads(self.packed[name], partial(self.resolve, graph))
        return found

    def resolve(self, graph, ref):
        table, key = ref
        try:
            return self.sources[key].model if table == "m" else getattr(graph, table)[key]
        except (KeyError, AttributeError):
            raise pickle.UnpicklingError(f"a held graph table names {table} '{key}', which the graph does not "
                                         "have") from None


def pack(graph: Graph, sources: dict) -> Packed:
    """`graph` cut into its small fields and one pickle per table (a non-empty dict field without a class
    default: a field with one is found on the class, so it could never be loaded late)."""
    refs: dict = {id(entry.model): ("m", rel) for rel, entry in sources.items() if entry.model is not None}
    fields, tables = {}, {}
    for field in dataclasses.fields(graph):
        value = getattr(graph, field.name)
        if type(value) is not dict or not value or field.name in EAGER or hasattr(Graph, field.name):
            fields[field.name] = value
            continue
        tables[field.name] = heldrefs.dumps(value, refs)
        for key, item in value.items():  # what later tables may name
            if type(item).__module__.startswith("boardpapers.") and id(item) not in refs:
                refs[id(item)] = (field.name, key)
    return Packed(fields, tables)


def replaced(graph: Graph, **changes) -> Graph:
    """dataclasses.replace, without reading a HeldGraph's tables: the copy shares them, loaded or not."""
    if not isinstance(graph, HeldGraph):
        return dataclasses.replace(graph, **changes)
    copy = object.__new__(HeldGraph)
    copy.__dict__.update(graph.__dict__)
    copy.__dict__.update(changes)
    return copy
