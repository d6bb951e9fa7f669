"""cache/heldgraph.py and cache/heldjobs.py: the live shard's graph and page jobs, packed table by table and chunk by
chunk, come back equal to what was packed, with the very objects of the graph (and the sources' models), and
unpickle only what a build reads."""

from __future__ import annotations

import dataclasses
import datetime as dt
import pickle
import shutil

import pytest
from conftest import FIXTURES, ROOT

from boardpapers.cache import heldgraph, heldjobs, incremental
from boardpapers.cache import live as livebuild
from boardpapers.cache.pagecache import callable_token
from boardpapers.pipeline import Options, build

NOW = dt.datetime(2014, 3, 1, 9, 0)


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The trails fixture built the way `serve` does: its cache's source entries, its graph and its page jobs."""
    project = tmp_path_factory.mktemp("held")
    shutil.copytree(FIXTURES / "trails" / "content", project / "content")
    cache, live = incremental.BuildCache(), livebuild.Live()
    build(Options(content_dir=project / "content", out_dir=project / "site", now=NOW, search=False,
                  layouts_dir=ROOT / "layouts", assets_dir=ROOT / "assets"), cache, live)
    return cache.sources, dataclasses.replace(live.graph, html={}), live.jobs


def roundtrip(value):
    return pickle.loads(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))


def test_a_held_graph_equals_the_graph_and_reads_a_table_only_when_asked(built):
    sources, graph, _ = built
    packed = roundtrip(heldgraph.pack(graph, sources))
    assert packed.tables, "the tables are packed one by one"
    held = packed.unpack(sources)
    assert not any(name in vars(held) for name in packed.tables)  # nothing unpickled yet
    assert held.trails == graph.trails and "trails" in vars(held) and "roles" not in vars(held)
    for field in dataclasses.fields(graph):
        assert getattr(held, field.name) == getattr(graph, field.name), field.name


def test_a_held_graph_shares_objects_as_the_graph_did(built):
    sources, graph, _ = built
    held = roundtrip(heldgraph.pack(graph, sources)).unpack(sources)
    models = {id(entry.model) for entry in sources.values()}
    assert held.items and all(id(item) in models for item in held.items.values())  # the sources' own models
    listed = [trail for rows in held.action_selections.values() for trail in rows]
    assert listed and all(trail is held.trails[trail.action.id] for trail in listed)


def test_a_replaced_held_graph_shares_its_tables_and_loads_none(built):
    sources, graph, _ = built
    held = roundtrip(heldgraph.pack(graph, sources)).unpack(sources)
    copy = heldgraph.replaced(held, html={"x": "y"}, now=NOW)
    assert copy.html == {"x": "y"} and held.html == {} and not any(name in vars(copy) for name in ("items", "trails"))
    assert copy.trails is held.trails  # unpickled once, for both
    assert heldgraph.replaced(graph, now=NOW) == dataclasses.replace(graph, now=NOW)


def test_a_held_graph_pickles_again_as_the_graph_it_stands_for(built):
    sources, graph, _ = built
    held = roundtrip(heldgraph.pack(graph, sources)).unpack(sources)
    again = roundtrip(held)
    assert type(again) is type(graph) and again == graph


def test_held_jobs_are_the_jobs_and_unpickle_a_chunk_at_a_time(built, monkeypatch):
    sources, graph, jobs = built
    monkeypatch.setattr(heldjobs, "CHUNK", 7)
    packed = heldjobs.pack(jobs, graph, sources)
    held_graph = heldgraph.pack(graph, sources).unpack(sources)
    held = roundtrip(packed).bind(held_graph, sources)
    assert len(held) == len(jobs) and held.paths == tuple(job.path for job in jobs)
    assert held.layouts == tuple(job.layout for job in jobs)
    assert same(held[9], jobs[9]) and set(held.loaded) == {1}  # the second chunk alone
    assert all(map(same, held, jobs)) and same(held[-1], jobs[-1])
    assert list(map(same, held[2:4], jobs[2:4])) == [True, True]
    item_job = next(job for job in held if "item" in job.view)
    assert item_job.view["item"] is held_graph.items[item_job.view["item"].id]  # the graph's own model


def same(a, b) -> bool:
    """Equal jobs: a `produce` partial compares by identity, so by what it calls with what."""
    return (a.path, a.layout, a.view, a.source, callable_token(a.produce), a.deps) == (
        b.path, b.layout, b.view, b.source, callable_token(b.produce), b.deps)


def test_held_jobs_unbound_say_so(built):
    sources, graph, jobs = built
    with pytest.raises(RuntimeError):
        roundtrip(heldjobs.pack(jobs, graph, sources))[0]


def test_a_reference_is_resolved_by_the_innermost_load():
    """cache/heldrefs.py: objects named in `refs` are pickled as references, and come back as what the loader's
    resolver gives, even when resolving one loads another part (nested loads)."""
    from boardpapers.cache import heldrefs
    from boardpapers.core.diagnostics import SourcePos

    ann, bob = SourcePos("people/ann.md"), SourcePos("people/bob.md")
    inner = heldrefs.dumps([bob], {id(bob): ("people", "bob")})
    outer = heldrefs.dumps({"who": ann, "text": "plain"}, {id(ann): ("people", "ann")})
    assert len(outer) < len(pickle.dumps({"who": ann, "text": "plain"}))  # ann is not in it
    theirs = {"ann": object(), "bob": object()}

    def resolve(ref):
        if ref[1] == "ann":  # resolving ann loads the other part first
            assert heldrefs.loads(inner, lambda r: theirs[r[1]]) == [theirs["bob"]]
        return theirs[ref[1]]

    assert heldrefs.loads(outer, resolve) == {"who": theirs["ann"], "text": "plain"}
