"""Feeds to follow (issue 17, part 7): an Atom feed per board, topic and person, parsed with feedparser, checked
for what each announces, order, stamps from the content, links from the pages, the limit, the publishing rules
and incremental builds equal to clean ones."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from conftest import FIXTURES, ROOT
from test_feed import BASE, NOW, build_outputs, parse, utc
from test_incremental import differing, edit

from boardpapers.graph import follow
from boardpapers.pipeline import Options, build

BOARD, TOPIC, OLIVE = "boards/iib/feed.xml", "topics/peer-challenge/feed.xml", "people/olive-officer/feed.xml"


@pytest.fixture(scope="module")
def fixture_site(tmp_path_factory):
    return build_outputs(FIXTURES / "outputs" / "content", tmp_path_factory.mktemp("follow"))


def by_title(outputs, path) -> dict:
    return {e.title: e for e in parse(outputs[path]).entries}


def test_each_feed_is_valid_atom_newest_first_with_resolving_links(fixture_site):
    graph, outputs = fixture_site
    feeds = sorted(p for p in outputs if p.endswith("/feed.xml"))
    assert BOARD in feeds and TOPIC in feeds and OLIVE in feeds and "boards/cwb/feed.xml" in feeds
    for path in feeds:
        feed = parse(outputs[path])
        page = path[: -len("feed.xml")]
        assert {link.rel: link.href for link in feed.feed.links} == {"self": BASE + path, "alternate": BASE + page}
        assert feed.feed.id == BASE + path
        assert feed.feed.title.endswith(": " + graph.config.title)
        times = [utc(e) for e in feed.entries]
        assert times and times == sorted(times, reverse=True), path
        assert feed.feed.updated_parsed == feed.entries[0].updated_parsed  # never the build's clock
        assert len({e.id for e in feed.entries}) == len(feed.entries)
        for entry in feed.entries:
            target = entry.link[len(BASE):].split("#")[0]
            assert entry.link.startswith(BASE) and (target + "index.html" in outputs), (path, entry.link)
            assert entry.tags[0].term in ("agenda", "minutes", "paper", "decision", "action", "progress")


def test_a_board_feed_holds_its_meetings_and_what_was_on_them(fixture_site):
    _, outputs = fixture_site
    iib = by_title(outputs, BOARD)
    assert "Agenda: IB 21 January 2014" in iib and "Minutes: IB 21 January 2014" in iib
    assert "IB 21 January 2014, item 2: Peer challenge" in iib
    assert any(t.startswith("Decision (IB 21 January 2014, item 2): Agreed to keep") for t in iib)
    assert "Action (IB 21 January 2014, item 2): To publish the findings." in iib
    assert "Progress (IB 18 March 2014): To publish the findings." in iib
    assert "Taking stock: where next?" in iib  # the board's standalone paper
    exempt = iib["IB 21 January 2014, item 3: Contract award"]
    assert exempt.summary == "Exempt: Paragraph 3 of Schedule 12A: financial or business affairs"
    # the joint meeting is on both boards' feeds; the other board's feed has nothing else
    cwb = by_title(outputs, "boards/cwb/feed.xml")
    assert {e.link for e in cwb.values()} <= {BASE + "meetings/2014-06-17-iib/", BASE + "meetings/2014-06-17-iib/1/"}
    assert "Agenda: IB 17 June 2014" in cwb


def test_a_topic_feed_holds_its_items_decisions_actions_and_progress(fixture_site):
    _, outputs = fixture_site
    topic = by_title(outputs, TOPIC)
    kinds = sorted(e.tags[0].term for e in topic.values())
    assert kinds == ["action", "action", "decision", "decision", "paper", "paper", "progress"], kinds
    assert not any("Health" in t or "Agenda" in t for t in topic)
    progress = topic["Progress (IB 18 March 2014): To publish the findings."]
    assert progress.summary == "Published on the website. Status: done."
    assert progress.link == BASE + "meetings/2014-03-18-iib/1/#u-2014-03-18-iib-1-1"


def test_a_person_feed_holds_what_concerns_them(fixture_site):
    _, outputs = fixture_site
    olive = by_title(outputs, OLIVE)
    assert "IB 21 January 2014, item 2: Peer challenge" in olive  # presenter and contact officer
    action = olive["Action (IB 21 January 2014, item 2): To publish the findings."]
    assert action.summary == "To publish the findings. Owner: Olive Officer. Due Tuesday 18 March 2014."
    assert action.link == BASE + "actions/publish-findings/"
    assert "Progress (IB 18 March 2014): To publish the findings." in olive  # on an action she owns
    assert not any("Contract award" in t for t in olive)  # the exempt item's contact is not published
    ann = by_title(outputs, "people/ann-chair/feed.xml")  # owns an action; named in the item's minutes
    assert "Action (IB 21 January 2014, item 2): To report back on costs." in ann
    assert "IB 21 January 2014, item 2: Peer challenge" in ann
    # someone nothing concerns has no feed, and their page no link to one
    assert "people/obi-observer/feed.xml" not in outputs
    assert b"feed.xml" not in outputs["people/obi-observer/index.html"].replace(b'href="/papers/feed.xml"', b"")


def test_pages_link_their_feed_for_readers_and_people(fixture_site):
    _, outputs = fixture_site
    for page, feed in (("boards/iib/index.html", BOARD), ("topics/peer-challenge/index.html", TOPIC),
                       ("people/olive-officer/index.html", OLIVE)):
        html = outputs[page].decode()
        head = html.split("</head>")[0]
        assert '<link rel="alternate" type="application/atom+xml" title="' in head
        assert f'href="/papers/{feed}">' in head, page
        body = html.split("</head>")[1]
        assert f'<a href="/papers/{feed}" type="application/atom+xml">Follow (Atom feed)</a>' in body, page


def test_withheld_content_is_in_no_feed(fixture_site):
    _, outputs = fixture_site
    for path, data in outputs.items():
        if path.endswith("feed.xml"):
            assert b"CANARY" not in data, path


def test_feeds_keep_the_newest_entries_only(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(FIXTURES / "mini" / "content", content)
    days = [dt.date(2015, 1, 1) + dt.timedelta(days=4 * n) for n in range(60)]
    for day in days:
        folder = content / "meetings" / f"{day}-iib"
        folder.mkdir()
        (folder / "index.md").write_text(f"---\nboard: iib\ndate: {day}\nstart: 10:00\nstatus: agenda published\n---\n")
        (folder / "01-report.md").write_text("---\nnumber: 1\ntitle: Report\nsummary: A report.\n"
                                             "presenter: bob-member\n---\n")
    _, outputs = build_outputs(content, tmp_path)
    for path in ("boards/iib/feed.xml", "people/bob-member/feed.xml"):
        entries = parse(outputs[path]).entries
        assert len(entries) == follow.LIMIT, path
        assert utc(entries[0]).date() == days[-1]
        assert all(utc(e).year == 2015 for e in entries)  # the newest crowd out 2014's
        assert all(e.id.startswith("urn:boardpapers:") for e in entries)  # no base_url: ids from permanent ids


def test_stamps_come_from_the_content_not_the_clock(tmp_path):
    content = ROOT / "content"
    first = build(Options(content_dir=content, out_dir=tmp_path / "a", now=NOW, search=False, write=False))
    later = build(Options(content_dir=content, out_dir=tmp_path / "b", now=NOW + dt.timedelta(days=400),
                          search=False, write=False))
    feeds = [p for p in first.outputs if p.endswith("/feed.xml")]
    assert len(feeds) > 10
    for path in feeds:
        assert first.outputs[path] == later.outputs[path], path


@pytest.fixture
def project(tmp_path) -> Path:
    shutil.copytree(FIXTURES / "mini" / "content", tmp_path / "content")
    shutil.copytree(ROOT / "layouts", tmp_path / "layouts")
    shutil.copytree(ROOT / "assets", tmp_path / "assets")
    return tmp_path


def test_incremental_builds_of_feeds_equal_clean_ones(project):
    content = project / "content"

    def check(step: str) -> None:
        build(Options(content_dir=content, out_dir=project / "site", now=NOW, search=False))
        clean = project / f"clean-{step}"
        build(Options(content_dir=content, out_dir=clean, now=NOW, search=False, cache=False))
        assert differing(project / "site", clean) == set(), step

    check("first")
    assert not (project / "site/people/bob-member/feed.xml").exists()
    # a new item with an action for someone who had nothing: their feed appears, and their page links it
    letter = content / "meetings/2014-01-21-iib/04-letter.md"
    letter.write_text("---\nnumber: 4\ntitle: Letter to the minister\ntopics: [peer-challenge]\nactions:\n"
                      "  - text: To write to the minister.\n    owner: bob-member\n---\n")
    check("owner")
    assert b"To write to the minister." in (project / "site/people/bob-member/feed.xml").read_bytes()
    assert b"Follow (Atom feed)" in (project / "site/people/bob-member/index.html").read_bytes()
    # a decision's wording changes in every feed that shows it
    item = content / "meetings/2014-01-21-iib/02-peer-challenge.md"
    edit(item, "the findings from the Cardiff evaluation report.", "the revised findings.")
    check("wording")
    assert b"the revised findings" in (project / "site/topics/peer-challenge/feed.xml").read_bytes()
    # the new item becomes a draft: its entries leave every feed, and the owner's feed goes with its link
    edit(letter, "number: 4\n", "number: 4\ndraft: true\n")
    check("draft")
    assert not (project / "site/people/bob-member/feed.xml").exists()
    assert b"Follow (Atom feed)" not in (project / "site/people/bob-member/index.html").read_bytes()
    for feed in ("boards/iib/feed.xml", "topics/peer-challenge/feed.xml"):
        assert b"minister" not in (project / "site" / feed).read_bytes(), feed
