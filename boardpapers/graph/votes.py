"""Recorded votes across documents: a voter must have been at the meeting, and every member's voting record.

A decision's vote is checked on its own by the validate stage (content/records.py: names against counts, the
result against the numbers). What needs the meeting too is checked here: a named voter (and a casting voter) is
present at that meeting, as a member or a substitute; an officer, an observer, a guest or someone who sent
apologies does not vote. Errors stand at the voter's own line.
"""

from __future__ import annotations

from dataclasses import dataclass

from boardpapers.content.models import Meeting, Vote
from boardpapers.core.diagnostics import Diagnostics, SourcePos
from boardpapers.graph.link import Graph
from boardpapers.graph.names import format_meeting_date

NOT_VOTING = {"apologies": "sent apologies", "observers": "is listed as an observer",
              "officers": "is listed as an officer", "guests": "is listed as a guest"}


@dataclass(frozen=True)
class CastVote:
    """How one person voted on one decision: `option` for, against or abstain ('' when they are not named in
    the vote but gave the casting vote); `casting` when theirs was the casting vote."""

    decision_id: str
    item_id: str
    meeting_id: str
    option: str
    casting: bool = False


def voters(meeting: Meeting) -> set[str]:
    """Who could vote at a meeting: those present and the substitutes."""
    return {a.person for kind in ("present", "substitutes") for a in meeting.attendees(kind)}


def check_votes(graph: Graph, diags: Diagnostics) -> None:
    for decision in graph.decisions.values():
        vote = decision.vote
        if vote is None:
            continue
        meeting = graph.meetings[decision.meeting_id]
        named = [(b.person, b.pos, "votes") for b in vote.ballots]
        if vote.casting_vote:
            named.append((vote.casting_vote, vote.casting_pos or vote.pos, "gives the casting vote"))
        named = [entry for entry in named if entry[0] in graph.people]  # an unknown id: link said so
        if not named:
            continue
        when = format_meeting_date(meeting)
        if not meeting.attendance_recorded:
            diags.error(vote.pos or named[0][1], "voter-absent", f"the vote names voters, but the attendance of the "
                        f"meeting of {when} is not recorded", f"record who was present in {meeting.source} "
                        "(attendance: present, substitutes)")
            continue
        able = voters(meeting)
        for person, pos, does in named:
            if person not in able:
                diags.error(pos or SourcePos(graph.items[decision.item_id].source), "voter-absent",
                            f"'{person}' {does}, but {_absence(meeting, person)} at the meeting of {when}",
                            f"only those present (or substitutes) vote: check the attendance in {meeting.source}")


def _absence(meeting: Meeting, person: str) -> str:
    for kind, words in NOT_VOTING.items():
        if any(a.person == person for a in meeting.attendees(kind)):
            return words
    return "is not in the attendance"


def votes_by_person(graph: Graph) -> dict[str, tuple[CastVote, ...]]:
    """person -> every vote they cast, in meeting and agenda order (a fact of the site view, computed once)."""
    found: dict[str, list[CastVote]] = {}
    for decision in graph.decisions.values():
        vote = decision.vote
        if vote is None:
            continue
        for ballot in vote.ballots:
            found.setdefault(ballot.person, []).append(CastVote(
                decision.id, decision.item_id, decision.meeting_id, ballot.option,
                ballot.person == vote.casting_vote))
        if vote.casting_vote and vote.casting_vote not in vote.names("for") + vote.names("against") + \
                vote.names("abstain"):
            found.setdefault(vote.casting_vote, []).append(CastVote(decision.id, decision.item_id,
                                                                    decision.meeting_id, "", True))
    return {person: tuple(cast) for person, cast in found.items()}


def tally(vote: Vote) -> str:
    """The numbers in words, for after the result: '8 for, 2 against, 1 abstention'; '' when nothing is counted.
    Written out rather than "by 8 votes to 2", which minutes use both ways round for a motion lost."""
    parts = []
    for option, words in (("for", "{} for"), ("against", "{} against"), ("abstain", "{} abstention")):
        number = vote.count(option)
        if number is not None and (number or option != "abstain"):
            parts.append(words.format(number) + ("s" if option == "abstain" and number != 1 else ""))
    return ", ".join(parts)


def unanimous(vote: Vote) -> bool:
    return vote.result == "carried" and vote.count("against") == 0 and not vote.count("abstain") and bool(
        vote.count("for"))
