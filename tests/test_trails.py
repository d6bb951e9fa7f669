"""Action trails (issue #3): raised -> progress -> closed, over the `trails` fixture.

The fixture raises two actions at the meeting of 10 June 2013 (item 2):
- publish-plan (due 31 Dec 2013): "in progress" at 12 Nov 2013 (item 3), "done" at 20 Jan 2014 (item 1);
- chase-funding (due 1 Dec 2013, two owners): never updated, so overdue at the fixture's clock (1 Mar 2014).
Items 2013-06-10-iib/2 <- 2013-11-12-iib/3 <- 2014-01-20-iib/4 form one matter through `follows`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest
from conftest import FIXTURES

from boardpapers.graph.trails import build_trails, is_overdue, register_order
from boardpapers.pipeline import Options, build

TRAILS = FIXTURES / "trails" / "content"
NOW = dt.datetime(2014, 3, 1, 9, 0)


@pytest.fixture(scope="module")
def built():
    return build(Options(content_dir=TRAILS, now=NOW, search=False, write=False))


def html(built, path: str) -> str:
    return built.outputs[path].decode("utf-8")


def test_trail_across_three_meetings(built):
    trail = build_trails(built.graph)["publish-plan"]
    assert [s.kind for s in trail.steps] == ["raised", "progress", "closed"]
    assert [s.meeting_id for s in trail.steps] == ["2013-06-10-iib", "2013-11-12-iib", "2014-01-20-iib"]
    assert [s.item_id for s in trail.steps] == ["2013-06-10-iib/2", "2013-11-12-iib/3", "2014-01-20-iib/1"]
    assert [(s.status_from, s.status_to) for s in trail.steps] == [
        ("", "open"), ("open", "in progress"), ("in progress", "done")]
    assert trail.updates[0].ref == "u-2013-11-12-iib-3-1"
    assert trail.status == "done" and not trail.is_open and trail.closed is trail.steps[-1]
    assert not trail.overdue  # due 31 Dec 2013 has passed, but it is done


def test_status_is_authored_and_overdue_follows_the_clock(built):
    trails = build_trails(built.graph)
    funding = trails["chase-funding"]
    assert funding.steps == (funding.raised,) and funding.latest is None
    assert funding.status == "open" and funding.overdue
    earlier = build_trails(replace(built.graph, now=dt.datetime(2013, 11, 30, 9, 0)))
    assert not earlier["chase-funding"].overdue
    action = built.graph.actions["chase-funding"]
    assert not is_overdue(action, "dropped", dt.date(2014, 3, 1))
    assert not is_overdue(action, "open", dt.date(2013, 12, 1))  # due today is not yet overdue


def test_register_order_and_filters(built):
    trails = build_trails(built.graph).values()
    open_, closed = register_order(trails)
    assert [t.id for t in open_] == ["chase-funding"]
    assert [t.id for t in closed] == ["publish-plan"]
    chosen = built.graph.action_selections  # graph.facts: trails.selections
    assert [t.id for t in chosen[("status", "overdue")]] == ["chase-funding"]
    assert [t.id for t in chosen[("status", "done")]] == ["publish-plan"]
    assert [t.id for t in chosen[("owner", "ann-chair")]] == ["chase-funding"]
    assert len(chosen[("board", "iib")]) == 2 and len(chosen[("", "")]) == 2


def test_action_page_is_a_linked_timeline(built):
    page = html(built, "actions/publish-plan/index.html")
    assert page.count('class="moj-timeline__item') == 3
    for meeting in ("2013-06-10-iib", "2013-11-12-iib", "2014-01-20-iib"):
        assert f'href="/meetings/{meeting}/"' in page
    assert 'href="/meetings/2013-11-12-iib/3/#u-2013-11-12-iib-3-1"' in page
    assert 'href="/meetings/2014-01-20-iib/1/#u-2014-01-20-iib-1-1"' in page
    assert 'href="/meetings/2013-06-10-iib/2/#publish-plan"' in page
    assert "The draft plan has been circulated to members." in page
    assert "Closed: done" in page and "Progress reported" in page
    # searched through its item's page (not indexed of its own): the item carries its type and status
    assert 'data-pagefind-body' not in page
    item = html(built, "meetings/2013-06-10-iib/2/index.html")
    assert 'data-pagefind-body' in item and '<span data-pagefind-filter="type">action</span>' in item
    assert '<span data-pagefind-filter="status">done</span>' in item
    assert '["/actions/publish-plan/", "publish-plan", ' in item


def test_overdue_action_page(built):
    page = html(built, "actions/chase-funding/index.html")
    assert '<strong class="tag tag-overdue">overdue</strong>' in page
    assert '<span data-pagefind-filter="status">overdue</span>' in html(built, "meetings/2013-06-10-iib/2/index.html")
    assert "still open" in page


def test_item_page_shows_progress_of_its_actions(built):
    page = html(built, "meetings/2013-06-10-iib/2/index.html")
    assert "Progress:" in page
    assert 'href="/meetings/2013-11-12-iib/3/#u-2013-11-12-iib-3-1"' in page
    assert 'href="/meetings/2014-01-20-iib/1/#u-2014-01-20-iib-1-1"' in page
    # The reporting item still names the action its update reports on.
    report = html(built, "meetings/2014-01-20-iib/1/index.html")
    assert 'href="/actions/publish-plan/"' in report


@pytest.mark.parametrize("item", ["2013-06-10-iib/2", "2013-11-12-iib/3", "2014-01-20-iib/4"])
def test_history_of_a_matter_is_the_whole_chain(built, item):
    page = html(built, f"meetings/{item}/index.html")
    history = page[page.index('id="history"'):page.index("</ol>", page.index('id="history"'))]
    chain = ["2013-06-10-iib/2", "2013-11-12-iib/3", "2014-01-20-iib/4"]
    others = [f'href="/meetings/{i}/"' for i in chain if i != item]
    assert all(link in history for link in others)
    positions = [history.index(f"item {i.rsplit('/', 1)[1]}:") for i in chain]
    assert positions == sorted(positions)  # oldest first
    assert 'aria-current="page"' in history


def test_sample_september_actions_have_trails_to_november():
    """Done when: the three actions of 17 September 2012 each show the progress the 2 November 2012 Action
    Monitor Schedule reported, linked to that meeting."""
    result = build(Options(content_dir=FIXTURES.parent.parent / "content", now=dt.datetime(2026, 1, 1, 9, 0),
                           search=False, write=False))
    september = [a for a in result.graph.actions.values() if a.meeting_id == "2012-09-17-iib"]
    assert len(september) == 3
    for action in september:
        page = result.outputs[f"actions/{action.id}/index.html"].decode()
        assert 'href="/meetings/2012-11-02-iib/"' in page
        assert 'href="/meetings/2012-11-02-iib/9a/#u-2012-11-02-iib-9a-' in page
        assert len(build_trails(result.graph)[action.id].updates) >= 1
