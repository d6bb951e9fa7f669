"""The Atom feed: parsed with feedparser, checked for content, order, stable stamps and the publishing rules."""

from __future__ import annotations

import calendar
import datetime as dt
import shutil
from pathlib import Path

import feedparser
import pytest
from conftest import FIXTURES, ROOT

from boardpapers.pipeline import Options, build

NOW = dt.datetime(2026, 1, 1, 9, 0)
BASE = "https://example.org/papers/"


def build_outputs(content: Path, tmp: Path):
    result = build(Options(content_dir=content, out_dir=tmp / "site", now=NOW, search=False, write=False))
    return result.graph, result.outputs


def parse(data: bytes):
    feed = feedparser.parse(data)
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "atom10"
    return feed


def utc(entry) -> dt.datetime:
    return dt.datetime.fromtimestamp(calendar.timegm(entry.updated_parsed), dt.UTC)


@pytest.fixture(scope="module")
def fixture_site(tmp_path_factory):
    return build_outputs(FIXTURES / "outputs" / "content", tmp_path_factory.mktemp("feed"))


def test_feed_metadata(fixture_site):
    graph, outputs = fixture_site
    feed = parse(outputs["feed.xml"])
    assert feed.feed.title == graph.config.title
    assert feed.feed.id == BASE
    assert {link.rel: link.href for link in feed.feed.links} == {"self": BASE + "feed.xml", "alternate": BASE}
    assert "Open Government Licence" in feed.feed.rights
    # The feed is as new as its newest entry (never the build's clock).
    assert feed.feed.updated_parsed == feed.entries[0].updated_parsed


def test_entries_newest_first_with_absolute_links_and_unique_ids(fixture_site):
    _, outputs = fixture_site
    entries = parse(outputs["feed.xml"]).entries
    times = [utc(e) for e in entries]
    assert times == sorted(times, reverse=True)
    assert len({e.id for e in entries}) == len(entries)
    for entry in entries:
        assert entry.link.startswith(BASE)
        assert entry.id.startswith(BASE)
        path = entry.link[len(BASE):].split("#")[0]
        assert path + "index.html" in outputs or path in outputs, entry.link


def test_what_the_feed_announces(fixture_site):
    _, outputs = fixture_site
    by_title = {e.title: e for e in parse(outputs["feed.xml"]).entries}
    agenda = by_title["Agenda: IB 17 June 2014"]
    assert utc(agenda) == dt.datetime(2014, 6, 17, 9, 30, tzinfo=dt.UTC)  # 10:30 BST, the meeting's start
    assert agenda.tags[0].term == "agenda"
    assert utc(by_title["Agenda: IB 21 January 2014"]) == dt.datetime(2014, 1, 21, 11, 0, tzinfo=dt.UTC)
    assert "Meeting cancelled: IB 16 September 2014" in by_title
    assert "Minutes: IB 21 January 2014" in by_title and "Draft minutes: IB 18 March 2014" in by_title
    paper = by_title["IB 21 January 2014, item 2: Peer challenge"]
    assert paper.summary == "The Cardiff evaluation of peer challenge, following the priorities."  # [[ref|label]]
    decision = next(e for e in by_title.values() if e.link.endswith("#cpc-offer"))
    assert decision.summary == 'Agreed to keep the peer challenge, "as offered", in the support offer.'
    assert "Taking stock: where next?" in by_title  # a standalone paper
    assert any(title.startswith("IB 2013 (date not given), item 3") for title in by_title)


def test_exempt_items_appear_with_title_and_reason_only(fixture_site):
    _, outputs = fixture_site
    data = outputs["feed.xml"]
    assert b"CANARY" not in data  # no exempt field, no embargoed item, no draft meeting
    entry = next(e for e in parse(data).entries if e.link == BASE + "meetings/2014-01-21-iib/3/")
    assert entry.title == "IB 21 January 2014, item 3: Contract award"
    assert entry.summary == "Exempt: Paragraph 3 of Schedule 12A: financial or business affairs"


def test_newest_fifty(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(FIXTURES / "mini" / "content", content)
    days = [dt.date(2015, 1, 1) + dt.timedelta(days=9 * n) for n in range(28)]
    for day in days:
        folder = content / "meetings" / f"{day}-iib"
        folder.mkdir()
        (folder / "index.md").write_text(f"---\nboard: iib\ndate: {folder.name[:10]}\nstart: 10:00\n"
                                         "status: agenda published\n---\n")
        (folder / "01-report.md").write_text("---\nnumber: 1\ntitle: Report\nsummary: A report.\n---\n")
    _, outputs = build_outputs(content, tmp_path)
    entries = parse(outputs["feed.xml"]).entries
    assert len(entries) == 50
    newest = days[-1]  # 2015-09-01 at 10:00 BST
    assert utc(entries[0]) == dt.datetime(newest.year, newest.month, newest.day, 9, 0, tzinfo=dt.UTC)
    assert all(e.id.startswith("urn:boardpapers:") for e in entries)  # no base_url: ids from permanent ids
    assert all(utc(e).year == 2015 for e in entries)  # 56 entries from 2015 crowd out 2014


def test_sample_feed(tmp_path):
    graph, outputs = build_outputs(ROOT / "content", tmp_path)
    entries = parse(outputs["feed.xml"]).entries
    assert 0 < len(entries) <= 50
    newest = max(graph.meetings.values(), key=lambda m: m.date)
    links = {e.link.split("#")[0] for e in entries}
    assert f"/meetings/{newest.id}/" in links
    for entry in entries:
        path = entry.link.split("#")[0].lstrip("/")
        assert path + "index.html" in outputs, entry.link
    decisions = [e for e in entries if e.tags[0].term == "decision"]
    assert {e.link.split("#")[1] for e in decisions} <= set(graph.decisions)
