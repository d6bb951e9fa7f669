"""Register pages at scale: filter kinds with many values (owners, boards, topics) have an index page instead of a
list on every register page, and /decisions/ and /actions/ show their latest whole years, linking to the rest."""

from __future__ import annotations

import datetime as dt
import re
import shutil

import pytest
from conftest import FIXTURES
from test_incremental import edit

from boardpapers import pages_registers
from boardpapers.pipeline import Options, build
from boardpapers.topics import recent_years

TRAILS = FIXTURES / "trails" / "content"
NOW = dt.datetime(2014, 3, 1, 9, 0)


@pytest.fixture(scope="module")
def built():
    return build(Options(content_dir=TRAILS, now=NOW, search=False, write=False))


def page(result, path: str) -> str:
    return result.outputs[path].decode("utf-8")


def main(html: str) -> str:
    return html.split("<main", 1)[1].split("</main>", 1)[0]


def register_pages(result, register: str) -> list[str]:
    return [path for path in result.outputs if path.startswith(f"{register}/") and path.count("/") <= 3
            and '<nav class="filters"' in page(result, path)]


def test_long_filter_kinds_are_linked_not_listed(built):
    """No register page lists owners, boards or topics: each links to the kind's index page, and a page filtered
    by one of them names only its own value."""
    for register, kinds in (("actions", ("owner", "board")), ("decisions", ("board", "topic"))):
        paths = register_pages(built, register)
        assert len(paths) > 10
        for path in paths:
            html = page(built, path)
            nav = html[html.index('<nav class="filters"'):html.index("</nav>", html.index('<nav class="filters"'))]
            for kind in kinds:
                assert f'href="/{register}/{kind}/"' in nav, (path, kind)
                values = set(re.findall(rf'href="/{register}/{kind}/([^"/]+)/"', nav))
                own = path.split("/")[2] if path.startswith(f"{register}/{kind}/") and path.count("/") == 3 else None
                assert values == ({own} if own else set()), (path, kind, values)


def test_short_filter_kinds_are_listed_with_a_link_to_their_counts(built):
    nav = page(built, "actions/owner/ann-chair/index.html")
    for path in ("status/overdue/", "status/in-progress/", "year/2013/", "status/", "year/"):
        assert f'href="/actions/{path}"' in nav
    assert '<a href="/actions/owner/ann-chair/" aria-current="page">Ann Chair</a>' in nav
    assert "/actions/owner/olive-officer/" not in nav


def test_filter_index_pages_list_every_value_with_counts(built):
    html = page(built, "actions/owner/index.html")
    assert "<h1>Actions by owner</h1>" in html
    assert '<nav class="breadcrumbs" aria-label="Breadcrumb">' in html and 'href="/actions/">Actions</a>' in html
    assert '<a href="/actions/owner/" aria-current="page">By owner</a>' in html
    rows = dict(re.findall(r'<tr><th scope="row"><a href="/actions/owner/([^/]+)/">[^<]+</a></th>(.*?)</tr>', html))
    assert rows == {"olive-officer": "<td>1</td><td>1</td><td>2</td>", "ann-chair": "<td>1</td><td>1</td><td>1</td>"}
    assert "<caption" in html and '<th scope="col">Overdue</th>' in html
    status = page(built, "actions/status/index.html")
    for value, counts in (("overdue", "1</td><td>1</td><td>1"), ("done", "0</td><td>0</td><td>1"),
                          ("superseded", "0</td><td>0</td><td>0")):  # every status, even an empty one
        assert f'href="/actions/status/{value}/">' in status and counts in status
    topics = page(built, "decisions/topic/index.html")
    assert re.search(r'href="/decisions/topic/review/">Review</a></th><td>1</td>', topics)
    assert re.search(r'href="/decisions/topic/improvement-plan/">Improvement plan</a></th><td>3</td>', topics)
    for register, kinds in (("decisions", ("board", "year", "verb", "topic")),
                            ("actions", ("status", "year", "owner", "board"))):
        for kind in kinds:
            assert f"{register}/{kind}/index.html" in built.outputs
    assert "<script" not in main(html)


def test_recent_years_are_whole_years():
    groups = [(2025, [1] * 70), (2024, [1] * 900), (2023, [1] * 800)]
    assert recent_years(groups, 200) == (groups[:2], groups[2:])
    assert recent_years(groups, 50) == (groups[:1], groups[1:])
    assert recent_years(groups, 0) == (groups, [])
    assert recent_years([], 200) == ([], [])


@pytest.fixture
def split(tmp_path, monkeypatch):
    """The trails fixture with a 2014 action, built as if it were big: the main pages show one year only."""
    shutil.copytree(TRAILS, tmp_path / "content")
    edit(tmp_path / "content/meetings/2014-01-20-iib/04-plan-review.md", "    text: the review of the plan.\n",
         "    text: the review of the plan.\nactions:\n  - id: review-again\n    text: To review the plan again.\n"
         "    owner: bob-member\n    due: 2014-06-30\n")
    monkeypatch.setattr(pages_registers, "RECENT", 1)
    return build(Options(content_dir=tmp_path / "content", now=NOW, search=False, write=False))


def test_main_decisions_page_shows_the_latest_years_and_links_the_rest(split):
    html = page(split, "decisions/index.html")
    assert "3 decisions, newest first." in html  # the lead counts the whole register
    assert re.findall(r'<a class="verb" href="[^"#]+#([^"]+)">', html) == ["d-2014-01-20-iib-4-1"]
    assert '<h2 id="earlier">Earlier years</h2>' in html and 'href="#earlier"' in html
    assert '<a href="/decisions/year/2013/">Decisions in 2013</a> <span class="hint">(2 decisions)</span>' in html
    year = page(split, "decisions/year/2013/index.html")
    assert len(re.findall(r'<a class="verb" href=', year)) == 2


def test_main_actions_page_shows_the_latest_years_and_every_open_action_stays_reachable(split):
    html = page(split, "actions/index.html")
    assert "2 open actions, of which 1 overdue; 1 closed." in html  # the whole register
    shown = main(html).split('id="earlier"')[0]
    assert 'href="/actions/review-again/"' in shown and 'href="/actions/chase-funding/"' not in shown
    assert re.search(r'href="/actions/year/2013/">2013</a></th><td>1</td><td>1</td><td>2</td>', html)
    for status in ("overdue", "open", "in-progress"):
        assert f'href="/actions/status/{status}/"' in shown
    reachable = page(split, "actions/status/overdue/index.html") + page(split, "actions/status/open/index.html")
    for action in split.graph.actions.values():
        if action.id != "publish-plan":  # the one done action
            assert f'href="/actions/{action.id}/"' in reachable, action.id
    assert html.index('id="open"') < html.index('id="closed"') < html.index('id="earlier"')
