"""cache/deps.py: every recorded key fingerprints what it reads in this build, and only that; models stand for
their id and file (not their body text); the keys that follow the clock are known as such."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path

from conftest import write_project

from boardpapers.cache.deps import Fingerprinter, clock_reads, key_fingerprint, model_tokens
from boardpapers.pipeline import Options, build
from boardpapers.render.recording import ALL

NOW = dt.datetime(2014, 2, 1, 9, 0)


def graph_of(tmp_path: Path, files=None, now=NOW):
    content = write_project(tmp_path, files or {})
    return build(Options(content_dir=content, now=now, search=False, write=False)).graph


def fp_of(graph, key, inputs=None):
    return key_fingerprint(key, graph, inputs or {}, Fingerprinter({}), {})


def test_each_key_shape_reads_its_part_of_the_graph(tmp_path):
    graph = graph_of(tmp_path)
    renamed = replace(graph, people={"ann": replace(graph.people["ann"], name="Ann Other")})
    assert fp_of(graph, ("g", "people", "ann")) != fp_of(renamed, ("g", "people", "ann"))
    assert fp_of(graph, ("g", "boards", "b")) == fp_of(renamed, ("g", "boards", "b"))
    assert fp_of(graph, ("g", "people", ALL)) != fp_of(renamed, ("g", "people", ALL))
    assert fp_of(graph, ("id", "ann")) != fp_of(renamed, ("id", "ann"))  # everything known of an id
    assert fp_of(graph, ("id", "b")) == fp_of(renamed, ("id", "b"))
    missing = fp_of(graph, ("g", "people", "nobody"))  # a key that reads nothing reads MISSING
    assert missing == fp_of(graph, ("g", "nothing")) != fp_of(graph, ("g", "people", "ann"))
    assert fp_of(graph, ("g", "trails", "fix-roads")) is not None  # a global fact's entry (graph.facts)
    assert fp_of(graph, ("g", ALL)) is None  # an unmirrored Graph method: unknowable, always rendered again
    inputs = {("layout", "a.html"): "hash-1"}
    assert fp_of(graph, ("layout", "a.html"), inputs) != fp_of(graph, ("layout", "a.html"), {("layout", "a.html"): "2"})


def test_the_date_and_the_time_are_keys_of_their_own(tmp_path):
    graph = graph_of(tmp_path)
    later_today = replace(graph, now=NOW + dt.timedelta(hours=2))
    assert fp_of(graph, ("g", "today")) == fp_of(later_today, ("g", "today"))
    assert fp_of(graph, ("g", "now")) != fp_of(later_today, ("g", "now"))
    assert clock_reads([("g", "people", "ann")]) == (False, False)
    assert clock_reads([("g", "today")]) == (False, True)
    assert clock_reads([("g", "trails", "fix-roads")]) == (False, True)  # overdue follows the date
    assert clock_reads([("g", "now"), ("layout", "x")]) == (True, False)


def test_a_model_fingerprints_as_its_file_without_its_body(tmp_path):
    first = graph_of(tmp_path / "a")
    body = write_project(tmp_path / "b", {}).joinpath("meetings/2014-01-21-b/01-report.md")
    body.write_text(body.read_text() + "\nA sentence added.\n")
    second = graph_of(tmp_path / "b")
    item_id = "2014-01-21-b/1"

    def fp(graph, digest):
        return Fingerprinter(model_tokens_of(graph, digest))(graph.items[item_id])

    assert fp(first, "front-1") == fp(second, "front-1")  # the body is not part of the token
    assert fp(first, "front-1") != fp(first, "front-2")


def model_tokens_of(graph, digest):
    class Content:
        boards, people, meetings, papers = graph.boards.values(), graph.people.values(), [], []
        items = graph.items.values()

    return model_tokens(Content, {item.source: digest for item in graph.items.values()})


def test_long_containers_are_walked_once_per_build():
    fp = Fingerprinter({})
    shared = list(range(100))
    first = fp(("a", shared))
    assert id(shared) in fp.big and fp(("a", shared)) == first
    assert fp(("a", list(range(100)))) == first  # equal values, equal fingerprints
    assert fp("text") == Fingerprinter({})("text") and fp(b"x") != fp(b"y")
