"""cache/pagecache.py: which pages to render again. A page is rendered when it is new, its view or declared ids
changed, or any key it read fingerprints differently; an edit of report text alone is recognised (body_edits) and
then only the keys it can change are looked at."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from functools import partial

from boardpapers.cache.deps import Fingerprinter
from boardpapers.cache.incremental import FP_SIZE, BuildCache, KeyIndex, PageEntry, SourceEntry
from boardpapers.cache.pagecache import Planner, body_edits, callable_token, part_of
from boardpapers.content.models import Ref
from boardpapers.core.diagnostics import SourcePos
from boardpapers.markdown.convert import FileMarkdown
from boardpapers.pages.job import PageJob


class Graph:  # the fields a key reads: enough of a graph for the planner
    def __init__(self, **fields):
        self.__dict__.update(fields)


def planned(graph, jobs, cache: BuildCache, bodies=None):
    return Planner(cache, graph, {}, Fingerprinter({}), bodies).plan(jobs)


def remembered(cache: BuildCache, graph, jobs, reads: dict) -> None:
    """What a build leaves: each page's view and reads, and each key's fingerprint now."""
    planner = Planner(cache, graph, {}, Fingerprinter({}))
    keys = KeyIndex(cache.key_table)
    for job in jobs:
        numbers = keys.numbers(reads[job.path]).tobytes()
        cache.pages[job.path] = PageEntry(planner.view(job), planner.declared_fp(job), numbers, (), "h", None)
    cache.key_fps = b"".join(bytes.fromhex(planner.key_fp(key)) for key in cache.key_table)
    assert len(cache.key_fps) == FP_SIZE * len(cache.key_table)


def test_only_pages_whose_reads_changed_are_planned():
    graph = Graph(people={"ann": "Ann", "bob": "Bob"}, now=dt.datetime(2014, 2, 1))
    jobs = [PageJob("ann.html", "p.html", {"who": "ann"}), PageJob("bob.html", "p.html", {"who": "bob"})]
    cache = BuildCache()
    todo, _ = planned(graph, jobs, cache)
    assert todo == jobs  # nothing known: everything
    remembered(cache, graph, jobs, {"ann.html": [("g", "people", "ann")], "bob.html": [("g", "people", "bob")]})
    assert planned(graph, jobs, cache)[0] == []
    graph.people = {"ann": "Ann Other", "bob": "Bob"}
    assert [job.path for job in planned(graph, jobs, cache)[0]] == ["ann.html"]
    moved = [replace(jobs[0], view={"who": "ann", "title": "new"}), jobs[1]]
    graph.people = {"ann": "Ann", "bob": "Bob"}
    assert [job.path for job in planned(graph, moved, cache)[0]] == ["ann.html"]  # its view changed


def entry(digest, front, refs=(), model=None):
    return SourceEntry((1, 1, 1), digest, model, (), front, FileMarkdown({}, tuple(refs)))


def test_an_edit_of_body_text_alone_is_recognised():
    class Item:
        id = "m/1"

    ref = Ref("any", "ann", SourcePos("f.md", 9), "m/1")
    old = {"f.md": entry("d1", "front", [ref], Item()), "g.md": entry("g", "gf")}
    body_only = {**old, "f.md": entry("d2", "front", [replace(ref, pos=SourcePos("f.md", 10))], Item())}
    assert body_edits(old, body_only) == {"item:m/1:body"}  # a reference moved a line: the same references
    assert body_edits(old, dict(old)) == frozenset()
    assert body_edits(old, {**old, "f.md": entry("d2", "other front", [ref], Item())}) is None
    assert body_edits(old, {**old, "f.md": entry("d2", "front", [], Item())}) is None  # a reference removed
    assert body_edits(old, {"f.md": old["f.md"]}) is None  # a file gone
    unrendered = replace(body_only["f.md"], markdown=None)
    assert body_edits(old, {**old, "f.md": unrendered}) is None


def test_under_a_body_edit_only_the_keys_it_can_change_are_compared():
    graph = Graph(html={"item:m/1:body": "<p>a</p>", "item:m/2:body": "<p>b</p>"}, people={"ann": "Ann"},
                  now=dt.datetime(2014, 2, 1))
    jobs = [PageJob("1.html", "p.html"), PageJob("2.html", "p.html")]
    cache = BuildCache()
    remembered(cache, graph, jobs, {"1.html": [("g", "html", "item:m/1:body"), ("g", "people", "ann")],
                                    "2.html": [("g", "html", "item:m/2:body"), ("g", "people", "ann")]})
    graph.html = {"item:m/1:body": "<p>a, and more</p>", "item:m/2:body": "<p>b</p>"}
    graph.people = {"ann": "changed, but not by a body edit"}
    planner = Planner(cache, graph, {}, Fingerprinter({}), frozenset({"item:m/1:body"}))
    todo, _ = planner.plan(jobs)
    assert [job.path for job in todo] == ["1.html"]
    assert {cache.key_table[n] for n in planner.suspects} == {("g", "html", "item:m/1:body")}


def test_a_page_knows_its_search_part_and_a_produce_function_its_name():
    page = (b'<main data-pagefind-body><span data-pagefind-filter="type">item</span>'
            b'<span data-pagefind-sort="date">2014-01-21</span>')
    assert part_of("a.html", page) == "item:2014-01-21" and part_of("b.html", b"<main data-pagefind-body>") == ":"
    assert part_of("c.html", b"<main>") is None
    assert callable_token(part_of) == "boardpapers.cache.pagecache.part_of"
    assert callable_token(partial(part_of, path="x")) == ("partial", "boardpapers.cache.pagecache.part_of", (),
                                                           (("path", "x"),))


def test_recorded_keys_share_their_strings():
    """A render worker's keys come unpickled, each with its own copy of "g", "items" and the id: the key table
    interns them as it numbers them (millions of keys at 100k items)."""
    import pickle

    keys = KeyIndex([])
    first, second = (pickle.loads(pickle.dumps(("g", "items", "".join(["2014-01-21", "/1"])))) for _ in range(2))
    keys.numbers([first])
    keys.numbers([("g", "items", "2014-01-21/2"), ("id", "".join(["2014-01-21", "/1"]))])
    assert keys.table[0][1] is keys.table[1][1] and keys.table[0][2] is keys.table[2][1]
    assert list(keys.numbers([second])) == [0]


def test_a_hinted_key_index_numbers_as_a_whole_one_does(monkeypatch):
    """A KeyIndex that starts with the keys the pages to render read last time (a hint) gives every key the number
    a complete index gives: a key outside the hint is looked up in the table, a new key is appended, and many
    unhinted keys make it index the whole table."""
    from boardpapers.cache import incremental

    table = [("g", "people", f"p{n}") for n in range(50)]
    whole, hinted = KeyIndex(list(table)), KeyIndex(list(table), hint={3, 4})
    asked = [("g", "people", "p3"), ("g", "people", "p40"), ("g", "people", "new"), ("g", "people", "p4")]
    assert list(hinted.numbers(asked)) == list(whole.numbers(asked)) == [3, 40, 50, 4]
    assert not hinted.complete and hinted.table == whole.table and len(hinted.index) == 4
    monkeypatch.setattr(incremental, "FEW_MISSING", 2)
    many = [("g", "people", f"p{n}") for n in (7, 8, 9)]
    assert list(hinted.numbers(many)) == [7, 8, 9] and hinted.complete and len(hinted.index) == 51
