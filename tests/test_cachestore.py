"""The build cache on disk in shards (cachestore): it round-trips, a build that changed little rewrites few
shards, a broken or missing shard only makes the next build a full one, a crash midway through a save leaves
the last good cache, and pages rendered in worker processes record the same keys and fingerprints as pages
rendered here."""

from __future__ import annotations

import shutil
import sys
from array import array
from itertools import pairwise
from pathlib import Path

import pytest
import test_incremental
from test_incremental import ITEM, differing, edit, full_build, opts

from boardpapers.cache import guard, incremental, renderpool, signatures, tags
from boardpapers.cache import store as cachestore
from boardpapers.core import forkpool
from boardpapers.markdown.convert import unpack
from boardpapers.pipeline import build

project = test_incremental.project  # the fixture: a copy of the mini project, its layouts and assets


def shard_files(project: Path) -> dict[str, float]:
    (folder,) = (project / ".cache").glob("build-*.shards")
    return {p.name: p.stat().st_mtime_ns for p in folder.iterdir()}


def reads(cache) -> dict[str, set]:
    """Every page's recorded keys, as the keys themselves (numbers differ with the order they were met in)."""
    return {path: {cache.key_table[n] for n in array("I", entry.keys)} for path, entry in cache.pages.items()}


def fingerprints(cache) -> tuple[dict, dict]:
    """{key: its fingerprint}, {page: (view fp, declared fp)}: what the next build compares against."""
    size = incremental.FP_SIZE
    fps = [cache.key_fps[n * size:(n + 1) * size] for n in range(len(cache.key_table))]
    assert b"".join(fps) == cache.key_fps
    return (dict(zip(cache.key_table, fps, strict=True)),
            {path: (entry.view, entry.declared) for path, entry in cache.pages.items()})


@pytest.mark.parametrize("site", ["small", "large"])
def test_the_cache_round_trips(project, monkeypatch, site):
    """Either way a save pickles text: a small site's with the standard pickler, a large one's (MANY_SOURCES)
    with the text pickler, whose non-ASCII strings are persistent ids (no second UTF-8 copy kept in memory)."""
    if site == "large":
        monkeypatch.setattr(cachestore, "MANY_SOURCES", 0)
        monkeypatch.setattr(cachestore, "FEW_TEXT_SHARDS", 0)
    picklers = []
    real_dump = cachestore.dump
    monkeypatch.setattr(cachestore, "dump", lambda value, path, text=False: picklers.append(
        (path.name.split("-")[0], text)) or real_dump(value, path, text))
    welcome = project / "content" / test_incremental.WELCOME
    welcome.write_text(welcome.read_text() + "Caf\u00e9 s\u00e9ance \u2014 \u201cquoted\u201d.\n")
    build(opts(project))
    assert {text for name, text in picklers if name in ("sources", "keys")} == {site == "large"}
    loaded = incremental.load(opts(project))
    assert any("\u201cquoted\u201d" in getattr(entry.model, "body", "") for entry in loaded.sources.values())
    assert loaded.pages and loaded.sources and loaded.outputs
    markdown = [entry.markdown for entry in loaded.sources.values() if entry.markdown is not None]
    assert markdown and any(done.html for done in markdown)
    assert len(loaded.key_fps) == incremental.FP_SIZE * len(loaded.key_table)
    loaded.path = project / "copy" / "build-x.pickle"
    loaded.stored = {}
    incremental.save(loaded)
    again = incremental.BuildCache(options=loaded.options)
    head = incremental._read_head(loaded.path)
    cachestore.join(again, head, cachestore.read(head, cachestore.shard_folder(loaded.path)))
    for name in ("sources", "pages", "key_table", "key_fps"):
        assert getattr(again, name) == getattr(loaded, name), name
    texts = [unpack(html) for done in markdown for html in done.html.values()]
    assert any(not text.isascii() for text in texts)  # "£", "–": through the text pickler


def test_a_body_edit_rewrites_a_few_shards_and_no_change_none(project):
    build(opts(project))
    first = shard_files(project)
    with (project / "content" / ITEM).open("a") as handle:
        handle.write("\nA sentence added to the report.\n")
    build(opts(project))
    second = shard_files(project)
    kept = set(first) & set(second)
    assert kept and len(second) - len(kept) <= 6, sorted(set(second) - kept)
    assert all(first[name] == second[name] for name in kept)  # not even rewritten in place
    cache = incremental.load(opts(project))
    cache.outputs = dict(cache.outputs)  # a save of what was loaded rewrites no shard at all
    incremental.save(cache)
    assert shard_files(project) == second


@pytest.mark.parametrize("damage", ["garbage", "truncated", "missing", "foreign"])
def test_a_broken_shard_means_a_full_build(project, damage):
    build(opts(project))
    files = sorted((next((project / ".cache").glob("build-*.shards"))).iterdir())
    victim = next(p for p in files if p.name.startswith("pages-") and p.stat().st_size > 100)
    if damage == "garbage":
        victim.write_bytes(b"\x80\x05not a pickle at all")
    elif damage == "truncated":
        victim.write_bytes(victim.read_bytes()[:-40])
    elif damage == "missing":
        victim.unlink()
    else:  # a whole, valid shard, but not the one the head names
        shutil.copyfile(next(p for p in files if p.name.startswith("pages-") and p != victim), victim)
    assert not incremental.load(opts(project)).pages
    result = build(opts(project))
    assert len(result.record) == len(incremental.load(opts(project)).pages)  # every page rendered again
    assert differing(project / "site", full_build(project, "full")) == set()


def test_a_crash_while_saving_leaves_the_last_good_cache(project, monkeypatch):
    build(opts(project))
    before = reads(incremental.load(opts(project)))
    real, calls = cachestore.dump, []

    def dying(value, path, text=False):
        calls.append(path)
        if len(calls) == 3:
            raise KeyboardInterrupt
        real(value, path, text)

    monkeypatch.setattr(cachestore, "dump", dying)
    edit(project / "content" / ITEM, "title: Peer challenge", "title: Peer review")
    with pytest.raises(KeyboardInterrupt):
        build(opts(project))
    monkeypatch.setattr(cachestore, "dump", real)
    assert reads(incremental.load(opts(project))) == before  # the old head, naming the old shards
    build(opts(project))
    assert differing(project / "site", full_build(project, "full")) == set()


def test_pages_rendered_in_workers_record_what_pages_rendered_here_record(project, monkeypatch):
    build(opts(project, "serial"))
    serial = incremental.load(opts(project, "serial"))
    monkeypatch.setattr(renderpool, "PARALLEL_PAGES", 1)
    monkeypatch.setattr(forkpool.os, "cpu_count", lambda: 2)
    build(opts(project, "forked"))
    forked = incremental.load(opts(project, "forked"))
    assert reads(forked) == reads(serial)
    # The workers fingerprint the keys their pages read (pagecache.Planner.worker_fingerprints):
    # the same as the build process does for the pages it renders itself.
    assert fingerprints(forked) == fingerprints(serial)
    assert differing(project / "serial", project / "forked") == set()


def test_pages_that_show_the_same_register_rows_are_rendered_by_one_worker():
    """renderpool._chunks: layouts sharing a row macro, even through a third layout, are one chunk, first."""
    from types import SimpleNamespace

    layouts = ["item.html"] * 300 + ["actions.html"] * 5 + ["person.html"] * 7 + ["decisions.html"] * 3
    jobs = [SimpleNamespace(layout=name, path=f"{n}/index.html", produce=None) for n, name in enumerate(layouts)]
    rows_of = {"item.html": set(), "actions.html": {"action_head", "filter_group"}, "person.html": {"action_head"},
               "decisions.html": {"decision_row", "filter_group"}, "topic.html": {"topic_entry"}}
    ordered, chunks = renderpool._chunks(jobs, rows_of, workers=2)
    assert sorted(ordered, key=lambda job: int(job.path.split("/")[0])) == jobs  # every job, once
    assert chunks[0] == (0, 15) and {job.layout for job in ordered[:15]} == {"actions.html", "person.html",
                                                                               "decisions.html"}
    assert all(job.layout == "item.html" for job in ordered[15:])
    assert chunks[1][0] == 15 and chunks[-1][1] == len(jobs) and len(chunks) > 2
    assert all(a[1] == b[0] for a, b in pairwise(chunks))


def test_the_open_data_files_are_made_in_one_chunk_of_their_own_first():
    """renderpool._chunks: the data files made from every record of the site (opendata.WHOLE_SITE) go to one
    worker, first, which lets the records go after them (at 100k items they were ~0.7 GB that the build process
    and every worker kept to the end); no such file is rendered in the warm-up."""
    from functools import partial
    from types import SimpleNamespace

    from boardpapers.outputs import opendata

    data = [partial(opendata.dataset_json, name="items"), partial(opendata.dataset_csv_zip, name="items"),
            opendata.popolo_json]
    jobs = [SimpleNamespace(layout="item.html", path=f"{n}/index.html", produce=None) for n in range(200)]
    jobs[50:50] = [SimpleNamespace(layout="", path=f"data/{n}", produce=fn) for n, fn in enumerate(data)]
    jobs.append(SimpleNamespace(layout="", path="data/items/schema.json",
                                produce=partial(opendata.dataset_schema, name="items")))
    ordered, chunks = renderpool._chunks(jobs, {"item.html": set()}, workers=2)
    assert chunks[0] == (0, 3) and [job.path for job in ordered[:3]] == ["data/0", "data/1", "data/2"]
    assert sorted(job.path for job in ordered) == sorted(job.path for job in jobs)
    assert [renderpool.whole_site(job) for job in jobs].count(True) == 3  # the schema reads no records


def test_the_data_chunk_lets_each_datasets_records_go_after_its_files(monkeypatch):
    """renderpool.render_data: a dataset's .json and .csv.zip share its records (one capture); the records are
    let go before the next dataset's files, and what was captured before the chunk stays."""
    from types import SimpleNamespace

    from boardpapers.render.reads import Reads

    site = SimpleNamespace(reads=Reads())
    site.reads.capture("layout fragment", lambda: "kept")
    made, seen = [], []

    def render_pages(jobs, site, env, diags, sink):
        for job in jobs:
            name = job.path.split("/")[1].split(".")[0]
            seen.append(sorted(map(str, site.reads.captured)))
            site.reads.capture(("records", name), lambda name=name: made.append(name) or name)

    monkeypatch.setattr(renderpool, "render_pages", render_pages)
    jobs = [SimpleNamespace(path=path) for path in ("data/a.json", "data/a.csv.zip", "data/b.json", "data/b.csv.zip")]
    renderpool.render_data(jobs, site, None, None, None)
    assert made == ["a", "b"]  # once per dataset
    assert seen[2] == ["layout fragment"]  # a's records gone before b's files
    assert list(site.reads.captured) == ["layout fragment"]


class _Payload:
    """What an attacker with write access to .cache/ would put there: unpickling it makes a folder (or worse)."""

    def __init__(self, marker: Path):
        self.marker = marker

    def __reduce__(self):
        import os

        return (os.mkdir, (str(self.marker),))


@pytest.mark.parametrize("target", ["head", "shard"])
def test_a_cache_file_someone_else_wrote_is_never_unpickled(project, tmp_path, target):
    """Issue 13, item 19: every cache file ends in a keyed hash (tags.TAG_SIZE) of its bytes, checked before
    unpickling: a file made without the key (here a pickle that runs os.mkdir, with a made-up tag) is a cache
    miss, and the build is a full one, as correct as ever."""
    import pickle

    build(opts(project))
    (head,) = (project / ".cache").glob("build-*.pickle")
    victim = head if target == "head" else sorted(cachestore.shard_folder(head).iterdir())[0]
    marker = tmp_path / "pwned"
    victim.write_bytes(pickle.dumps(_Payload(marker)) + bytes(tags.TAG_SIZE))
    with pytest.raises(cachestore.Unreadable):
        cachestore.load_file(victim)
    edit(project / "content" / ITEM, "title: Peer challenge", "title: Peer review")
    build(opts(project))
    assert not marker.exists(), "the build unpickled a file it did not write"
    assert differing(project / "site", full_build(project, "full")) == set()


def test_a_cache_made_with_another_key_is_not_read(project, monkeypatch):
    build(opts(project))
    (head,) = (project / ".cache").glob("build-*.pickle")
    assert cachestore.load_file(head)["shards"]
    monkeypatch.setattr(tags, "_KEY", [bytes(32)])
    with pytest.raises(cachestore.Unreadable):
        cachestore.load_file(head)
    assert incremental.load_meta(opts(project)) is None


def test_the_cache_key_is_kept_outside_the_project_for_its_owner_only(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    monkeypatch.delenv(tags.KEY_ENV, raising=False)
    path = tags.key_path()
    first = tags._stored_key(path)
    assert len(first) == 32 and path.read_bytes() == first and tags._stored_key(path) == first
    assert path.stat().st_mode & 0o077 == 0


def test_a_dropped_cache_says_why_in_one_line(project, capsys):
    build(opts(project))
    capsys.readouterr()
    victim = next(p for p in sorted(next((project / ".cache").glob("build-*.shards")).iterdir())
                  if p.name.startswith("pages-"))
    victim.write_bytes(b"\x80\x05not a pickle at all")
    edit(project / "content" / ITEM, "title: Peer challenge", "title: Peer review")  # a build that loads it
    build(opts(project))
    lines = [line for line in capsys.readouterr().err.splitlines() if "dropped" in line]
    assert len(lines) == 1 and victim.name in lines[0] and "its tag does not match" in lines[0], lines
    edit(project / "content" / ITEM, "title: Peer review", "title: Peer challenge")
    build(opts(project))  # the cache saved by that build is used: nothing to say
    assert "dropped" not in capsys.readouterr().err


def test_a_bug_while_loading_the_cache_is_raised_not_taken_for_a_damaged_cache(project, monkeypatch):
    """Only I/O and unpickling errors mean a damaged cache: the same types raised by our code are bugs, which
    must not pass silently as a full build every time (cache/store.UNPICKLING)."""
    build(opts(project))

    def broken_join(cache, head, shards):
        raise TypeError("a bug in join")

    monkeypatch.setattr(cachestore, "join", broken_join)
    edit(project / "content" / ITEM, "title: Peer challenge", "title: Peer review")  # a build that loads it
    with pytest.raises(TypeError, match="a bug in join"):
        build(opts(project))


def test_a_changed_module_in_a_subfolder_changes_the_code_signature(tmp_path):
    engine = tmp_path / "engine"
    (engine / "render" / "deep").mkdir(parents=True)
    (engine / "__init__.py").write_text("")
    module = engine / "render" / "deep" / "view.py"
    module.write_text("X = 1\n")
    before = signatures.code_signature_at(engine)
    assert any(path.endswith("view.py") for path, *_ in before)
    module.write_text("X = 22\n")
    after = signatures.code_signature_at(engine)
    assert after != before
    assert "render/deep/view.py" in signatures.code_change((sys.version, *before), (sys.version, *after))


def test_every_module_of_the_package_is_in_the_code_signature():
    package = Path(signatures.__file__).resolve().parent.parent
    signed = {Path(path) for path, *_ in signatures.code_signature()[1:]}
    modules = set(package.rglob("*.py"))
    assert modules <= signed and any(path.parent.parent == package for path in modules)


def test_a_code_change_drops_the_cache_and_names_the_module(project, monkeypatch, capsys):
    build(opts(project))
    capsys.readouterr()
    real = signatures.code_signature()
    changed = tuple((path, mtime + 1, size) if path.endswith("graph/names.py") else (path, mtime, size)
                    for path, mtime, size in real[1:] if isinstance(path, str))
    changed = (real[0], *changed, *(entry for entry in real[1:] if not isinstance(entry[0], str)))
    monkeypatch.setattr(guard, "code_signature", lambda: changed)
    result = build(opts(project))
    assert len(result.record) == len(incremental.load(opts(project)).pages)  # every page rendered again
    err = [line for line in capsys.readouterr().err.splitlines() if "dropped" in line]
    assert len(err) == 1 and "graph/names.py" in err[0], err


def test_a_tag_is_made_with_a_key_of_its_own_for_each_kind_of_file(monkeypatch):
    """tags.mac: the store's files and the compiled layouts are tagged with keys derived from the cache key for
    each purpose, so that neither kind of file passes for the other; another cache key, other tags."""
    monkeypatch.setattr(tags, "_KEY", [bytes(32)])
    shard, layouts = tags.mac(b"same bytes").digest(), tags.mac(b"same bytes", b"bp-layouts").digest()
    assert len(shard) == tags.TAG_SIZE and shard != layouts
    assert tags.mac(b"same ").digest() != shard
    grown = tags.mac(b"same ")
    grown.update(b"bytes")  # what tags.Tagged does while a file is written
    assert grown.digest() == shard
    monkeypatch.setattr(tags, "_KEY", [bytes(31) + b"\x01"])
    assert tags.mac(b"same bytes").digest() != shard
