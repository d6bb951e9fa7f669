"""Register pages at scale: filter kinds with many values (owners, boards, topics) have an index page instead of a
list on every register page, and /decisions/ and /actions/ show their latest whole years, linking to the rest."""

from __future__ import annotations

import datetime as dt
import re
import shutil

import pytest
from conftest import FIXTURES
from test_incremental import edit

from boardpapers.graph.topics import decision_selections, recent_years, years_apart
from boardpapers.graph.trails import selections, status_slug
from boardpapers.pages import registers as pages_registers
from boardpapers.pipeline import Options, build

TRAILS = FIXTURES / "trails" / "content"
NOW = dt.datetime(2014, 3, 1, 9, 0)


@pytest.fixture(scope="module")
def built():
    return build(Options(content_dir=TRAILS, now=NOW, search=False, write=False))


def page(result, path: str) -> str:
    return result.outputs[path].decode("utf-8")


DECISION_ROW = r'<th scope="row" class="key register-main"><a href="/decisions/([^/"]+)/">'
ACTION_ROW = r'<th scope="row" class="key register-main"><a href="/actions/([^/"]+)/">'


def bare(html: str) -> str:
    """Table cells without the attributes that lay them out on a phone (class, data-label)."""
    return re.sub(r'(<t[dh]\b[^>]*?) (?:class|data-label)="[^"]*"', r"\1", re.sub(
        r'(<t[dh]\b[^>]*?) (?:class|data-label)="[^"]*"', r"\1", html))


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
    rows = dict(re.findall(r'<tr><th scope="row"><a href="/actions/owner/([^/]+)/">[^<]+</a></th>(.*?)</tr>',
                           bare(html)))
    assert rows == {"olive-officer": "<td>1</td><td>1</td><td>2</td>", "ann-chair": "<td>1</td><td>1</td><td>1</td>"}
    assert "<caption" in html and '<th scope="col">Overdue</th>' in html
    status = bare(page(built, "actions/status/index.html"))
    for value, counts in (("overdue", "1</td><td>1</td><td>1"), ("done", "0</td><td>0</td><td>1"),
                          ("superseded", "0</td><td>0</td><td>0")):  # every status, even an empty one
        assert f'href="/actions/status/{value}/">' in status and counts in status
    topics = bare(page(built, "decisions/topic/index.html"))
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
    assert re.findall(DECISION_ROW, html) == ["d-2014-01-20-iib-4-1"]
    assert '<h2 id="earlier">Earlier years</h2>' in html and 'href="#earlier"' in html
    assert '<a href="/decisions/year/2013/">Decisions in 2013</a> <span class="hint">(2 decisions)</span>' in html
    year = page(split, "decisions/year/2013/index.html")
    assert len(re.findall(DECISION_ROW, year)) == 2


def test_main_actions_page_shows_the_latest_years_and_every_open_action_stays_reachable(split):
    html = page(split, "actions/index.html")
    assert "2 open actions, of which 1 overdue; 1 closed." in html  # the whole register
    shown = main(html).split('id="earlier"')[0]
    assert 'href="/actions/review-again/"' in shown and 'href="/actions/chase-funding/"' not in shown
    assert re.search(r'href="/actions/year/2013/">2013</a></th><td>1</td><td>1</td><td>2</td>', bare(html))
    for status in ("overdue", "open", "in-progress"):
        assert f'href="/actions/status/{status}/"' in shown
    # an open action raised in an earlier year: on the year page its status page links (the archive)
    status = page(split, "actions/status/open/index.html")
    years = re.findall(r'href="/actions/year/(\d{4})/"', main(status))
    reachable = status + "".join(page(split, f"actions/year/{year}/index.html") for year in years)
    for action in split.graph.actions.values():
        if action.id != "publish-plan":  # the one done action
            assert f'href="/actions/{action.id}/"' in reachable, action.id
    assert html.index('id="open"') < html.index('id="earlier"')
    assert 'id="closed"' not in html  # no action of the years shown is closed: no empty section


def test_a_filter_page_is_split_by_year_above_the_threshold_only():
    rows = [(2025, "a")] * 3 + [(2024, "b")] * 2 + [(2023, "c")]
    chosen = {("verb", "many"): rows, ("verb", "few"): rows[:3], ("year", "2025"): rows, ("", ""): rows}
    assert years_apart(chosen, 3, lambda row: row[0]) == {("verb", "many"): [2024, 2023]}
    assert years_apart(chosen, 5, lambda row: row[0]) == {("verb", "many"): [2023]}
    assert years_apart(chosen, 6, lambda row: row[0]) == {}  # six rows: one page, as before


def test_a_long_filter_page_shows_the_latest_years_counts_all_and_links_the_year_pages(split):
    """No page per filter value and year: the earlier years are on the register's year pages (every row of a year
    once) and a search narrowed to the filter finds them by it."""
    html = page(split, "decisions/board/iib/index.html")
    assert "3 decisions, newest first." in html  # every year of the filter
    assert re.findall(DECISION_ROW, html) == ["d-2014-01-20-iib-4-1"]
    assert 'href="#earlier"' in html
    assert ('<a href="/decisions/year/2013/">Decisions in 2013</a> <span class="hint">(2 decisions of this '
            'filter)</span>') in html
    assert '<a href="/search/?type=decision&amp;board=Improvement+Board">search</a>' in html
    assert not [path for path in split.outputs if re.match(r"(decisions|actions)/[a-z]+/[^/]+/\d{4}/", path)]
    actions = page(split, "actions/status/open/index.html")
    assert re.search(r'href="/actions/year/2013/">2013</a></th><td>1</td><td>1</td><td>1</td>', bare(actions))
    assert '<a href="/search/?type=action&amp;status=open">search</a>' in actions
    owner = page(split, "actions/owner/bob-member/index.html")  # search has no owner filter: no search link
    assert "/search/?" not in main(owner)


def test_a_short_filter_page_stays_one_page_without_year_links(split):
    for path in ("decisions/verb/agreed/", "decisions/topic/review/", "actions/owner/bob-member/",
                 "actions/status/done/", "decisions/year/2013/"):
        html = main(page(split, path + "index.html"))
        assert "Earlier years" not in html and 'href="#earlier"' not in html and "have a page each" not in html
        assert not [p for p in split.outputs if p.startswith(path) and p != path + "index.html"], path


def filter_path(kind: str, value: str, register: str) -> str:
    return f"{register}/{kind}/{status_slug(value) if kind == 'status' else value}/"


@pytest.mark.parametrize("register", ["decisions", "actions"])
def test_every_entry_of_a_filter_is_reachable_from_its_page(split, register):
    """From each filter page, its own rows and those of the year pages it links are all the filter's entries (the
    year pages list every entry of their year); and its lead counts them all."""
    found = decision_selections(split.graph) if register == "decisions" else selections(split.graph)
    link = DECISION_ROW if register == "decisions" else ACTION_ROW
    checked = 0
    for (kind, value), entries in found.items():
        if not kind:
            continue
        path = filter_path(kind, value, register)
        html = main(page(split, path + "index.html"))
        below = re.findall(rf'href="/{register}/year/(\d{{4}})/"', html.split('id="earlier"')[-1]) \
            if 'id="earlier"' in html else []
        shown = re.findall(link, html)
        for year in below:
            shown += re.findall(link, main(page(split, f"{register}/year/{year}/index.html")))
        assert {entry.id for entry in entries} <= set(shown), path
        assert len(set(re.findall(link, html))) == len(re.findall(link, html)), path  # each once on the page
        checked += bool(below)
        if register == "decisions":
            assert f"{len(entries)} decision{'s' if len(entries) != 1 else ''}, newest first." in html
        elif kind == "status":  # a status page counts the actions it lists, in the status's own words
            n = len(entries)
            assert f"{n or 'No'} action{'s' if n != 1 else ''} {value}." in html
        else:
            open_ = sum(entry.is_open for entry in entries)
            assert f"{open_} open action{'s' if open_ != 1 else ''}" in html
            assert f"; {len(entries) - open_} closed" in html
    assert checked  # some filter was cut


def test_a_year_page_is_rebuilt_exactly_when_an_entry_of_it_changes(tmp_path, monkeypatch):
    """A year page records what it reads like every page: an edit of a 2013 decision rewrites it, not the filter
    page that leaves 2013 out, and the cached build equals a clean one."""
    from test_incremental import differing, snapshot

    monkeypatch.setattr(pages_registers, "RECENT", 1)
    shutil.copytree(TRAILS, tmp_path / "content")

    def run(out: str, cache: bool = True):
        return build(Options(content_dir=tmp_path / "content", out_dir=tmp_path / out, now=NOW, search=False,
                             cache=cache))

    run("site")
    before = snapshot(tmp_path / "site")
    edit(tmp_path / "content/meetings/2013-06-10-iib/02-improvement-plan.md", "the draft improvement plan.",
         "the revised improvement plan.")
    run("site")
    after = snapshot(tmp_path / "site")
    rewritten = {path for path in after if before.get(path) != after[path]}
    assert "decisions/year/2013/index.html" in rewritten
    assert "the revised improvement plan." in (tmp_path / "site/decisions/year/2013/index.html").read_text()
    assert "decisions/board/iib/index.html" not in rewritten  # it shows 2014 and counts, which did not change
    run("full", cache=False)
    assert differing(tmp_path / "site", tmp_path / "full") == set()


def test_a_filter_that_shrinks_below_the_threshold_shows_every_year_again(tmp_path, monkeypatch):
    """When the one 2014 open action goes, the open actions fit on one page again: the page lists 2013 itself
    instead of linking its year page, no page is left over, and the cached build equals a clean one."""
    from test_incremental import differing

    monkeypatch.setattr(pages_registers, "RECENT", 1)
    content = shutil.copytree(TRAILS, tmp_path / "content")
    item = content / "meetings/2014-01-20-iib/04-plan-review.md"
    plain = item.read_text()
    edit(item, "    text: the review of the plan.\n", "    text: the review of the plan.\nactions:\n"
         "  - id: review-again\n    text: To review the plan again.\n    owner: bob-member\n")

    def run(out: str, cache: bool = True):
        return build(Options(content_dir=content, out_dir=tmp_path / out, now=NOW, search=False, cache=cache))

    run("site")
    assert 'id="earlier"' in (tmp_path / "site/actions/status/open/index.html").read_text()
    item.write_text(plain)
    run("site")
    assert 'id="earlier"' not in (tmp_path / "site/actions/status/open/index.html").read_text()
    run("full", cache=False)
    assert differing(tmp_path / "site", tmp_path / "full") == set()
