"""The decisions and actions registers, their filter pages, topics and the home page's summary (issue #3).

Filters are pages of their own (/decisions/verb/agreed/, /actions/status/overdue/ ...), so the registers work on
a static host with JavaScript off: the tests read the HTML the build wrote and nothing else.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from conftest import FIXTURES, ROOT

from boardpapers.pipeline import Options, build

TRAILS = FIXTURES / "trails" / "content"


@pytest.fixture(scope="module")
def built():
    return build(Options(content_dir=TRAILS, now=dt.datetime(2014, 3, 1, 9, 0), search=False, write=False))


@pytest.fixture(scope="module")
def sample():
    return build(Options(content_dir=ROOT / "content", now=dt.datetime(2026, 1, 1, 9, 0), search=False,
                         write=False))


def page(result, path: str) -> str:
    return result.outputs[path].decode("utf-8")


def decision_links(html: str) -> list[str]:
    """The decisions a register lists, by the link of each row to the decision's own page."""
    return re.findall(r'<th scope="row" class="key register-main"><a href="/decisions/([^/"]+)/">', html)


def test_decisions_register_newest_first_grouped_by_year(built):
    html = page(built, "decisions/index.html")
    assert decision_links(html) == ["d-2014-01-20-iib-4-1", "d-2013-11-12-iib-3-1", "d-2013-06-10-iib-2-1"]
    assert html.index('<h2 id="y2014">') < html.index('<h2 id="y2013">')
    assert '<th scope="col">Decision</th><th scope="col">Agenda item</th><th scope="col">Meeting</th>' in html
    assert "<caption" in html
    assert 'href="/meetings/2013-06-10-iib/2/">2. ' in html  # the item, by number and title
    assert 'href="/meetings/2013-06-10-iib/"' in html  # the meeting
    assert 'href="/data/decisions.csv.zip"' in html and 'href="/data/decisions.json"' in html  # the register's data
    assert "data-pagefind-body" not in html  # registers stay out of search; the decisions are indexed elsewhere


@pytest.mark.parametrize(("path", "expected"), [
    ("decisions/verb/agreed/index.html", ["d-2013-06-10-iib-2-1"]),
    ("decisions/year/2013/index.html", ["d-2013-11-12-iib-3-1", "d-2013-06-10-iib-2-1"]),
    ("decisions/board/iib/index.html", ["d-2014-01-20-iib-4-1", "d-2013-11-12-iib-3-1", "d-2013-06-10-iib-2-1"]),
    ("decisions/topic/review/index.html", ["d-2014-01-20-iib-4-1"]),
])
def test_decision_filter_pages(built, path, expected):
    html = page(built, path)
    assert decision_links(html) == expected
    filters = html[html.index('<nav class="filters"'):]
    current = re.search(r'<a href="([^"]+)" aria-current="page">', filters).group(1)
    assert "/" + path.removesuffix("index.html") == current
    kind = path.split("/")[1]
    if kind in ("year", "verb"):  # a handful of values: listed, and the list in use is open
        assert f'<details class="filter" id="filter-{kind}" open>' in html
    else:  # one per board or topic: a link to the kind's index page, and the value in use
        assert f'<p class="filter" id="filter-{kind}"><a href="/decisions/{kind}/">By {kind}</a>' in html


def test_decisions_filters_are_links_without_javascript(built):
    html = page(built, "decisions/index.html")
    for href in ("/decisions/verb/noted/", "/decisions/year/2014/", "/decisions/topic/", "/decisions/board/"):
        assert f'href="{href}"' in html
        assert href.strip("/") + "/index.html" in built.outputs
    assert "<script" not in html.split("<main", 1)[1].split("</main>", 1)[0]


def test_actions_register_open_first_with_overdue_flag(built):
    html = page(built, "actions/index.html")
    assert html.index('id="open"') < html.index("/actions/chase-funding/") < html.index('id="closed"')
    assert html.index('id="closed"') < html.index("/actions/publish-plan/")
    assert '<strong class="tag tag-overdue">overdue</strong>' in html
    assert "1 open action, of which 1 overdue; 1 closed." in html
    # owner, due date, where raised and the latest update
    assert 'href="/people/olive-officer/"' in html and 'href="/people/ann-chair/"' in html
    assert '<time datetime="2013-12-01">1 Dec 2013</time>' in html
    assert "The plan was published on the website in December." in html
    assert 'href="/meetings/2014-01-20-iib/1/#u-2014-01-20-iib-1-1"' in html


@pytest.mark.parametrize(("path", "shown", "hidden"), [
    ("actions/status/overdue/index.html", ["chase-funding"], ["publish-plan"]),
    ("actions/status/done/index.html", ["publish-plan"], ["chase-funding"]),
    ("actions/status/in-progress/index.html", [], ["publish-plan", "chase-funding"]),
    ("actions/owner/ann-chair/index.html", ["chase-funding"], ["publish-plan"]),
    ("actions/owner/olive-officer/index.html", ["chase-funding", "publish-plan"], []),
    ("actions/board/iib/index.html", ["chase-funding", "publish-plan"], []),
])
def test_action_filter_pages(built, path, shown, hidden):
    html = page(built, path)
    for ident in shown:
        assert f'href="/actions/{ident}/"' in html
    for ident in hidden:
        assert f'href="/actions/{ident}/"' not in html


def test_topic_pages(built):
    index = page(built, "topics/index.html")
    assert 'href="/topics/improvement-plan/"' in index and 'href="/topics/review/"' in index
    html = page(built, "topics/improvement-plan/index.html")
    items = [html.index(f'href="/meetings/{i}/"') for i in ("2013-06-10-iib/2", "2013-11-12-iib/3",
                                                            "2014-01-20-iib/4")]
    assert items == sorted(items)  # date order
    # decisions and actions inherit their item's topics
    assert 'href="/decisions/d-2013-06-10-iib-2-1/"' in html  # each decision links its own page
    assert 'href="/actions/publish-plan/"' in html and 'href="/actions/chase-funding/"' in html
    assert "3 items, 3 decisions and 2 actions" in html


def test_home_counts_and_latest_decisions(built):
    html = page(built, "index.html")
    assert 'href="/actions/#open">1 open action</a>' in html
    assert 'href="/actions/status/overdue/">1 overdue</a>' in html
    assert 'href="/decisions/d-2014-01-20-iib-4-1/"' in html  # a latest decision, on its own page
    assert 'href="/meetings/2014-03-18-iib/"' in html  # next meeting
    assert 'href="/meetings/2014-03-18-iib/meeting.ics"' in html  # and its calendar file


def test_sample_every_decision_is_in_the_register(sample):
    html = page(sample, "decisions/index.html")
    assert sorted(decision_links(html)) == sorted(sample.graph.decisions)


def test_sample_january_2014_actions_with_owners(sample):
    html = page(sample, "actions/index.html")
    january = [a for a in sample.graph.actions.values() if a.meeting_id == "2014-01-21-iib"]
    assert january
    for action in january:
        row = html[html.index(f'href="/actions/{action.id}/"'):]
        row = row[:row.index("</tr>")]
        assert action.owners
        for owner in action.owners:
            assert f'href="/people/{owner}/"' in row


def test_a_long_topic_page_lists_its_latest_years_and_searches_the_earlier_ones(built, monkeypatch):
    """Past TOPIC_RECENT entries a topic page shows its latest whole years (oldest first, as the subject's
    history) and links a search of each earlier year: a topic's every item on one page grew to 800 KB."""
    from boardpapers.pages import registers

    monkeypatch.setattr(registers, "TOPIC_RECENT", 1)
    result = build(Options(content_dir=TRAILS, now=dt.datetime(2014, 3, 1, 9, 0), search=False, write=False))
    html = page(result, "topics/improvement-plan/index.html")
    assert "3 items, 3 decisions and 2 actions" in html  # the counts are the topic's
    assert 'href="/meetings/2014-01-20-iib/4/"' in html and 'href="/meetings/2013-06-10-iib/2/"' not in html
    assert "This page lists the papers of 2014 onwards" in html
    assert '<a href="/search/?topic=improvement-plan&amp;year=2013&amp;sort=asc">2013</a>' in html
    assert "(2 items or papers)" in html
    short = page(built, "topics/improvement-plan/index.html")  # built with TOPIC_RECENT as shipped
    assert 'id="earlier"' not in short and 'href="/meetings/2013-06-10-iib/2/"' in short
