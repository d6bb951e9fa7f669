"""Corrections (issue 17, part 4): a published meeting or item that was corrected says so at the top of its page
(and of its decisions' pages), the corrections are gathered at /corrections/ newest first, in the feed and in the
data, and a corrected decision keeps its address. Error cases: tests/fixtures/errors (correction-fields,
correction-dates)."""

from __future__ import annotations

import json
import re
import shutil
import xml.etree.ElementTree as ET

from conftest import FIXTURES
from test_votes import page, squash

from boardpapers.pipeline import Options, build

ATOM = "{http://www.w3.org/2005/Atom}"


def test_a_corrected_item_says_so_at_the_top(records_outputs):
    html = page(records_outputs, "meetings/2014-01-21-iib/2/index.html")
    notice = html[html.index('<section class="notice corrections-notice"'):html.index("</section>")]
    assert html.index("corrections-notice") < html.index('class="summary-list"')  # before anything else
    assert ('<h2 id="corrections-heading">Corrected on <time datetime="2014-02-10">Monday 10 February 2014</time>'
            '</h2>') in notice
    assert ('This item was corrected after it was published. What changed, and why: Monday 10 February 2014 '
            'What changed The second decision now reads "agreed"; it read "noted". Why The board confirmed the '
            'minutes with this amendment on 18 March 2014. All corrections') in squash(notice)
    assert 'id="c-2014-01-21-iib-2-1"' in notice and 'href="/papers/corrections/"' in notice
    # The item's decisions say that their item was corrected (without repeating the anchors).
    decision = page(records_outputs, "decisions/endorse-findings/index.html")
    assert "The agenda item of this decision was corrected after it was published." in squash(decision)
    assert 'id="c-2014-01-21-iib-2-1"' not in decision
    meeting = squash(page(records_outputs, "meetings/2014-01-21-iib/index.html"))
    assert "Corrected on Monday 3 February 2014 This meeting was corrected" in meeting
    assert "Corrected on" not in page(records_outputs, "meetings/2014-01-21-iib/4/index.html")


def test_corrections_page_lists_every_correction_newest_first(records_outputs):
    html = page(records_outputs, "corrections/index.html")
    listed = html[html.index("corrections-list"):html.index("</ol>", html.index("corrections-list"))]
    entries = [squash(li) for li in re.findall(r"<li>(.*?)</li>", listed, re.S)]
    assert entries == [
        'Monday 10 February 2014: Improvement Board ( IB ) 21 January 2014, item 2: Peer challenge What changed '
        'The second decision now '
        'reads "agreed"; it read "noted". Why The board confirmed the minutes with this amendment on 18 March 2014.',
        "Monday 3 February 2014: IB 21 January 2014 What changed The venue now reads Room 1; it read Room 2. Why A "
        "typing error in the published notice.",
    ]  # not the exempt item's correction
    assert 'href="/papers/meetings/2014-01-21-iib/2/#c-2014-01-21-iib-2-1"' in html
    assert 'href="/papers/meetings/2014-01-21-iib/#c-2014-01-21-iib-1"' in html
    assert 'href="/papers/corrections/">Corrections</a>' in page(records_outputs, "index.html")  # footer


def test_corrections_page_without_corrections(tmp_path):
    result = build(Options(content_dir=FIXTURES / "mini" / "content", out_dir=tmp_path / "site", search=False,
                           write=False))
    assert "No corrections have been published." in result.outputs["corrections/index.html"].decode()


def test_each_correction_is_a_feed_entry(records_outputs):
    feed = ET.fromstring(records_outputs["feed.xml"])
    found = [e for e in feed.iter(f"{ATOM}entry")
             if e.find(f"{ATOM}category").get("term") == "correction"]
    assert [(e.findtext(f"{ATOM}title"), e.findtext(f"{ATOM}id"), e.findtext(f"{ATOM}updated")) for e in found] == [
        ("Correction: IB 21 January 2014, item 2: Peer challenge",
         "https://example.org/papers/meetings/2014-01-21-iib/2/#c-2014-01-21-iib-2-1", "2014-02-10T00:00:00+00:00"),
        ("Correction: IB 21 January 2014", "https://example.org/papers/meetings/2014-01-21-iib/#c-2014-01-21-iib-1",
         "2014-02-03T00:00:00+00:00"),
    ]
    assert found[1].findtext(f"{ATOM}summary") == ("The venue now reads Room 1; it read Room 2. Why: A typing error "
                                                    "in the published notice.")
    assert b"zqrecordsex" not in records_outputs["feed.xml"]


def test_corrections_in_the_data(records_outputs):
    rows = json.loads(records_outputs["data/corrections.json"])["records"]
    assert rows == [
        {"id": "c-2014-01-21-iib-1", "document_type": "meeting", "document_id": "2014-01-21-iib",
         "meeting_id": "2014-01-21-iib", "date": "2014-02-03", "what": "The venue now reads Room 1; it read Room 2.",
         "why": "A typing error in the published notice.",
         "url": "https://example.org/papers/meetings/2014-01-21-iib/#c-2014-01-21-iib-1"},
        {"id": "c-2014-01-21-iib-2-1", "document_type": "item", "document_id": "2014-01-21-iib/2",
         "meeting_id": "2014-01-21-iib", "date": "2014-02-10",
         "what": 'The second decision now reads "agreed"; it read "noted".',
         "why": "The board confirmed the minutes with this amendment on 18 March 2014.",
         "url": "https://example.org/papers/meetings/2014-01-21-iib/2/#c-2014-01-21-iib-2-1"},
    ]


def test_a_corrected_decision_keeps_its_address(tmp_path):
    """Correcting the minutes changes a decision's words, never its address: every decision page, feed id and data
    URL stays where it was, now saying what changed."""
    content = shutil.copytree(FIXTURES / "mini" / "content", tmp_path / "content")
    opts = Options(content_dir=content, out_dir=tmp_path / "site", search=False)
    build(opts)
    site = tmp_path / "site"
    before = sorted(p.relative_to(site).as_posix() for p in (site / "decisions").rglob("index.html"))
    url = "decisions/d-2014-01-21-iib-2-1/index.html"
    assert url in before and "Corrected on" not in (site / url).read_text()
    feed_before = re.findall(r"<id>(.*?)</id>", (site / "feed.xml").read_text())
    item = content / "meetings/2014-01-21-iib/02-peer-challenge.md"
    text = item.read_text().replace("    text: the findings from the Cardiff evaluation report.",
                                    "    text: the findings from the Cardiff evaluation report, with one reservation.")
    item.write_text(text.replace("actions:", "corrections:\n  - date: 2014-03-18\n    what: The decision now records"
                                 " the board's reservation.\n    why: Agreed when the minutes were confirmed.\n"
                                 "actions:", 1))
    build(opts)  # an incremental build, as a clerk's would be
    after = sorted(p.relative_to(site).as_posix() for p in (site / "decisions").rglob("index.html"))
    assert after == before
    html = (site / url).read_text()
    assert "with one reservation" in html and "Corrected on <time" in html
    assert set(feed_before) <= set(re.findall(r"<id>(.*?)</id>", (site / "feed.xml").read_text()))
    decisions = json.loads((site / "data/decisions.json").read_text())["records"]
    assert decisions[0]["url"] == "/decisions/d-2014-01-21-iib-2-1/"  # its own page, and its place in the minutes
    assert decisions[0]["minutes_url"] == "/meetings/2014-01-21-iib/2/#d-2014-01-21-iib-2-1"
    assert 'id="d-2014-01-21-iib-2-1"' in (site / "meetings/2014-01-21-iib/2/index.html").read_text()
