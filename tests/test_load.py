"""The read stage through the pool: the same content as reading every file in turn, and no reference cycles
(load_sources turns the garbage collector off while it reads, on that promise)."""

from __future__ import annotations

import gc

from conftest import ROOT

from boardpapers.cache.incremental import BuildCache
from boardpapers.cache.load import load_one, load_sources
from boardpapers.content.discover import discover
from boardpapers.content.read import read_all
from boardpapers.content.validate import validate
from boardpapers.core.diagnostics import Diagnostics

CONTENT = ROOT / "content"


def test_reading_makes_no_reference_cycles():
    sources = [s for s in discover(CONTENT, Diagnostics()) if s.kind != "attachment"]
    load_one(sources[0])  # first use: caches (regexes, parsers) are filled, and kept
    gc.collect()
    collecting = gc.isenabled()
    gc.disable()
    try:
        kept = [load_one(source) for source in sources]
        assert gc.collect() == 0
    finally:
        if collecting:
            gc.enable()
    assert kept


def test_pool_gives_what_reading_in_turn_gives(monkeypatch):
    import boardpapers.cache.load as load

    monkeypatch.setattr(load, "PARALLEL_FILES", 1)  # the pool even for the sample site (~100 files: 5 batches)
    diags = Diagnostics()
    sources = discover(CONTENT, diags)
    pooled = load_sources(sources, BuildCache(), diags, workers=2)
    direct = validate(read_all(sources, diags), tuple(s for s in sources if s.kind == "attachment"), diags)
    assert pooled == direct
    assert gc.isenabled()
