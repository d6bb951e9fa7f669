"""Publish + link stages over the mini project: withheld ids, backlinks, follow-ups, reference errors."""

from __future__ import annotations

import datetime as dt
import shutil

from conftest import FIXTURES

from boardpapers.content.discover import discover
from boardpapers.content.publish import apply_publishing
from boardpapers.content.read import read_all
from boardpapers.content.validate import validate
from boardpapers.core.diagnostics import Diagnostics
from boardpapers.graph.link import link, number_key
from boardpapers.markdown.convert import render_markdown

NOW = dt.datetime(2026, 1, 1, 9, 0)


def graph_of(content_dir, now=NOW):
    diags = Diagnostics()
    sources = discover(content_dir, diags)
    content = validate(read_all(sources, diags), [], diags)
    published = apply_publishing(content, now)
    graph = link(published, render_markdown(published.content, diags), now, diags)
    return graph, diags


def test_mini_graph():
    graph, diags = graph_of(FIXTURES / "mini" / "content")
    assert not diags.items, diags.format()
    assert list(graph.meetings) == ["2014-01-21-iib", "2014-03-18-iib"]
    assert graph.items_by_meeting["2014-01-21-iib"] == ("2014-01-21-iib/1", "2014-01-21-iib/2", "2014-01-21-iib/3")
    assert graph.kind_of("publish-findings") == "action"
    assert graph.kind_of("d-2014-01-21-iib-2-1") == "decision"
    assert graph.item_of["d-2014-01-21-iib-2-1"] == "2014-01-21-iib/2"
    assert graph.followed_by["2014-01-21-iib/2"] == ("2014-03-18-iib/1",)
    # [[ann-chair]] in item 2's minutes and [[iib]] in the meeting's cover notes are backlinks.
    assert "2014-01-21-iib/2" in graph.backlinks["ann-chair"]
    assert graph.backlinks["iib"] == ("2014-01-21-iib",)


def test_exempt_item_is_stripped_and_its_parts_withheld():
    graph, _ = graph_of(FIXTURES / "mini" / "content")
    exempt = graph.items["2014-01-21-iib/3"]
    assert exempt.exempt and not exempt.summary and not exempt.body
    # The item keeps its page (number, title, reason), so links to it are allowed; nothing else survives.
    assert "2014-01-21-iib/3" not in graph.withheld
    assert "2014-01-21-iib/3" in graph.kinds


def test_link_to_draft_is_an_error(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(FIXTURES / "mini" / "content", content)
    item = content / "meetings" / "2014-03-18-iib" / "01-actions.md"
    item.write_text(item.read_text().replace("title: Action monitor", "title: Action monitor\ndraft: true"))
    graph, diags = graph_of(content)
    assert "2014-03-18-iib/1" not in graph.items
    # Item 2's body links to item 3 (exempt: allowed, it has a page); nothing links to the draft, so no error.
    assert not diags.items, diags.format()
    linker = content / "meetings" / "2014-01-21-iib" / "01-welcome.md"
    linker.write_text("---\nnumber: 1\ntitle: Welcome\n---\nSee [[2014-03-18-iib/1]].\n")
    _, diags = graph_of(content)
    assert [(d.pos.path, d.pos.line, d.code) for d in diags.items] == [
        ("content/meetings/2014-01-21-iib/01-welcome.md", 5, "unpublished-ref")]


def test_embargo_lifts_at_publish_from(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(FIXTURES / "mini" / "content", content)
    index = content / "meetings" / "2014-03-18-iib" / "index.md"
    index.write_text(index.read_text().replace("status: minutes draft", "status: minutes draft\n"
                                               "publish_from: 2014-03-11T09:00"))
    before, _ = graph_of(content, dt.datetime(2014, 3, 11, 8, 59))
    after, _ = graph_of(content, dt.datetime(2014, 3, 11, 9, 0))
    assert "2014-03-18-iib" not in before.meetings and "2014-03-18-iib/1" not in before.items
    assert "2014-03-18-iib" in after.meetings and "2014-03-18-iib/1" in after.items


def test_item_number_order():
    assert sorted(["10", "2", "9a", "9", "1"], key=number_key) == ["1", "2", "9", "9a", "10"]
