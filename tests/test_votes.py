"""Recorded votes (issue 17, part 2): a decision's vote is checked on its own (content/records.py) and against its
meeting (graph/votes.py), shown on the decision and item pages, and as each member's voting record. The error
cases are in tests/fixtures/errors (vote-fields, vote-presence); the data and its Popolo validation in
test_opendata.py."""

from __future__ import annotations

import json
import re
from html import unescape

import pytest

from boardpapers.content import records
from boardpapers.content.fields import Fields
from boardpapers.content.yamlread import load
from boardpapers.core.diagnostics import Diagnostics
from boardpapers.graph.votes import tally


def vote_of(text: str):
    diags = Diagnostics()
    vote = records.vote(Fields(load(text), "x.md", diags, "m/1"))
    return vote, [f"{d.pos.line}:{d.code}" for d in diags.items]


def page(outputs, path: str) -> str:
    return outputs[path].decode("utf-8")


def squash(html: str) -> str:
    """The text as read: inline tags vanish, others separate words."""
    html = re.sub(r"</?(a|strong|em|span|time|code)\b[^>]*>", "", html)
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def test_names_and_counts_make_one_vote():
    vote, errors = vote_of("vote:\n  for: [a, b]\n  against: c\n  counts: {for: 2, against: 1, abstain: 0}\n")
    assert errors == []
    assert vote.named and vote.result == "carried"  # names given: a named vote; no result: the simple majority
    assert vote.names("for") == ("a", "b") and vote.count("against") == 1 and vote.count("abstain") == 0
    assert tally(vote) == "2 for, 1 against"


def test_a_show_of_hands_may_name_fewer_than_it_counts():
    vote, errors = vote_of("vote:\n  named: false\n  against: [c]\n  counts: {for: 5, against: 2}\n")
    assert errors == [] and not vote.named and vote.result == "carried"
    assert vote.count("abstain") is None  # not counted: unknown, not zero
    assert tally(vote) == "5 for, 2 against"


def test_a_result_alone_and_a_tie():
    vote, errors = vote_of("vote:\n  result: lost\n")
    assert errors == [] and vote.result == "lost" and not vote.named and tally(vote) == ""
    vote, errors = vote_of("vote:\n  counts: {for: 2, against: 2}\n")
    assert errors == [] and vote.result == "tied"
    vote, errors = vote_of("vote:\n  for: [a, b]\n  against: [c, d]\n  casting_vote: a\n  result: carried\n")
    assert errors == [] and vote.casting_vote == "a"
    # A motion lost with more votes for than against: it may have needed two thirds, so it is not refused.
    vote, errors = vote_of("vote:\n  counts: {for: 5, against: 4}\n  result: lost\n")
    assert errors == [] and vote.result == "lost"


@pytest.mark.parametrize("text, expected", [
    ("vote:\n  for: [a]\n  abstain: [a]\n", ["3:double-vote"]),
    ("vote:\n  for: [a]\n  counts: {for: 2}\n", ["3:vote-mismatch"]),
    ("vote:\n  counts: {for: 1, against: 1}\n  casting_vote: a\n  result: tied\n", ["4:vote-mismatch"]),
    ("vote:\n  counts: {for: 3, against: 1}\n  casting_vote: a\n", ["3:vote-mismatch"]),
    ("vote:\n  counts: {for: 3}\n", ["2:missing-field"]),  # the result cannot be worked out
    ("vote: carried\n", ["1:wrong-type"]),
])
def test_votes_that_cannot_be_right_are_errors_at_their_line(text, expected):
    vote, errors = vote_of(text)
    assert vote is None and errors == expected


def test_decision_page_shows_who_voted_how(records_outputs):
    html = page(records_outputs, "decisions/endorse-findings/index.html")
    assert '<h2 id="vote">Vote</h2>' in html
    text = squash(html)
    assert "Vote: Carried (3 for, 1 against). A recorded vote: every member's vote is named." in text
    table = html[html.index('<table class="table vote-table">'):html.index("</table>", html.index("vote-table"))]
    rows = re.findall(r"<tr>(.*?)</tr>", table, re.S)
    assert [squash(r) for r in rows] == ["Vote Number Members", "For 3 Ann Chair, Cat Member, Sam Sub",
                                         "Against 1 Dan Member", "Abstained 0 None named"]
    assert 'href="/papers/people/dan-member/"' in rows[2]


def test_item_page_shows_each_decisions_vote(records_outputs):
    text = squash(page(records_outputs, "meetings/2014-01-21-iib/2/index.html"))
    assert "Vote: Carried (3 for, 1 against). A recorded vote" in text
    assert ("Vote: Carried (3 for, 1 against). A show of hands; the members named asked for their vote to be "
            "recorded.") in text
    assert "Cllr Dan Member asked that his vote against be recorded." in text  # the note, its [[link]] resolved
    budget = squash(page(records_outputs, "meetings/2014-01-21-iib/4/index.html"))
    assert "Vote: Carried (2 for, 2 against) on the casting vote of Ann Chair." in budget
    motion = squash(page(records_outputs, "meetings/2014-01-21-iib/5/index.html"))
    assert "Vote: Lost (1 for, 3 against)." in motion  # no result written: the numbers give it
    minutes = page(records_outputs, "meetings/2014-03-18-iib/1/index.html")
    assert "Vote: Carried. A show of hands." in squash(minutes) and "vote-table" not in minutes


def test_a_members_voting_record(records_outputs):
    html = page(records_outputs, "people/ann-chair/index.html")
    assert '<h2 id="votes">Voting record</h2>' in html
    section = html[html.index('id="votes"'):]
    rows = [squash(r) for r in re.findall(r"<tr>(.*?)</tr>", section[:section.index("</table>")], re.S)][1:]
    assert rows == [
        "IB 21 January 2014 Endorsed the findings from the Cardiff evaluation report. For Carried",
        "IB 21 January 2014 Approved the budget for 2014/15. For, and the casting vote Carried",
        "IB 21 January 2014 Rejected the motion to move meetings to the evening. Against Lost",
    ]  # not her vote in the exempt item 3, and not the show of hands that named only Dan Member
    assert "is named in 3 recorded votes: for 2, against 1, abstained 0." in squash(section)
    assert 'href="/papers/decisions/endorse-findings/"' in section
    dan = squash(page(records_outputs, "people/dan-member/index.html"))
    assert "is named in 4 recorded votes: for 1, against 3, abstained 0." in dan
    assert "Voting record" not in page(records_outputs, "people/olive-officer/index.html")


def test_the_exempt_items_vote_is_nowhere(records_outputs):
    for path, data in records_outputs.items():
        assert b"zqrecordsex" not in data, path
    events = json.loads(records_outputs["data/vote-events.json"])["records"]
    assert [e["id"] for e in events] == ["endorse-findings", "d-2014-01-21-iib-2-2", "d-2014-01-21-iib-4-1",
                                         "d-2014-01-21-iib-5-1", "d-2014-03-18-iib-1-1"]


def test_vote_events_and_votes_in_the_data(records_outputs):
    events = {e["id"]: e for e in json.loads(records_outputs["data/vote-events.json"])["records"]}
    budget = events["d-2014-01-21-iib-4-1"]
    assert (budget["result"], budget["for_count"], budget["against_count"], budget["abstain_count"]) == (
        "carried", 2, 2, 0)
    assert budget["casting_vote"] == "ann-chair" and budget["legislative_session_id"] == "2014-01-21-iib"
    casting = [v for v in budget["votes"] if v["role"] == "casting vote"]
    assert casting == [{"id": "d-2014-01-21-iib-4-1/ann-chair/casting", "vote_event_id": "d-2014-01-21-iib-4-1",
                        "meeting_id": "2014-01-21-iib", "date": "2014-01-21", "voter_id": "ann-chair",
                        "option": "yes", "role": "casting vote",
                        "url": "https://example.org/papers/decisions/d-2014-01-21-iib-4-1/"}]
    hands = events["d-2014-01-21-iib-2-2"]
    assert hands["named"] is False and hands["abstain_count"] is None
    assert hands["counts"] == [{"option": "yes", "value": 3}, {"option": "no", "value": 1}]
    assert [v["voter_id"] for v in hands["votes"]] == ["dan-member"]
    assert hands["note"] == "Cllr Dan Member asked that his vote against be recorded."
    result_only = events["d-2014-03-18-iib-1-1"]
    assert result_only["counts"] == [] and result_only["votes"] == [] and result_only["for_count"] is None
    votes = json.loads(records_outputs["data/votes.json"])["records"]
    assert votes == [v for e in events.values() for v in e["votes"]]
    assert {v["option"] for v in votes} == {"yes", "no"}
