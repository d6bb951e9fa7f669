"""Open data of what the minutes record beyond decisions and actions: votes (Popolo vote events and votes),
corrections, declarations of interest, and recordings (inside the meetings and items datasets).

Declared here and built here, from the linked graph only: a draft's or an embargoed document's votes,
corrections and declarations are already gone, an exempt item has been stripped to its number, title and
reason, and a declaration on an exempt item has lost its interest (content/publish.py).

Votes follow Popolo: a vote event per decision voted on (with its counts and votes nested, as Popolo nests them),
and a vote per named voter whose `option` is Popolo's `yes`, `no` or `abstain`. The chair's casting vote is one
more vote, with `role` "casting vote". Only named voters have votes: a member absent from a named vote is not
inferred to be "absent" or "not voting", which the minutes do not say.
"""

from __future__ import annotations

from boardpapers.content.models import VOTE_RESULTS
from boardpapers.graph import recordings as rec
from boardpapers.graph.corrections import rows as correction_rows
from boardpapers.graph.names import day_or_year
from boardpapers.outputs.feed import plain
from boardpapers.outputs.opendata_fields import URL, Dataset, _f

POPOLO_OPTIONS = {"for": "yes", "against": "no", "abstain": "abstain"}

RECORDINGS_FIELD = _f("recordings", "objects:recordings", "The meeting's recordings (webcasts), in order")
ITEM_RECORDING_FIELDS = (
    _f("recording_start", "integer", "Seconds into the meeting's recording where the item starts", nullable=True),
    _f("recording_url", "string", "The recording, at the item's start where the provider allows (see /data/)",
       nullable=True),
)
NESTED = (
    Dataset("recordings", "Recordings", "A recording of a meeting.", (
        _f("id", "string", "The recording's id within its meeting, when it has one", nullable=True),
        _f("url", "string", "The recording's address"),
        _f("provider", "string", "Where it is published (YouTube, Vimeo, the host's name)"),
        _f("duration", "integer", "Its length in seconds", nullable=True),
        _f("title", "string", "Its title", nullable=True),
    )),
    Dataset("vote-counts", "Vote counts", "A Popolo count: the number of votes for one option.", (
        _f("option", "string", "Popolo's option", choices=tuple(POPOLO_OPTIONS.values())),
        _f("value", "integer", "The number of votes"),
    )),
)
VOTE_FIELDS = (
    _f("id", "string", "<decision-id>/<person-id> (a casting vote: <decision-id>/<person-id>/casting)"),
    _f("vote_event_id", "string", "The vote event (the decision's id)"),
    _f("meeting_id", "string", "The meeting"),
    _f("date", "when", "The meeting's date"),
    _f("voter_id", "string", "The person who voted"),
    _f("option", "string", "How: Popolo's yes (for), no (against) or abstain", choices=("yes", "no", "abstain")),
    _f("role", "string", "'casting vote' for the chair's casting vote, else null", nullable=True),
    URL,
)
MINUTES_DATASETS = (
    Dataset("vote-events", "Votes", "One record per decision the minutes record a vote on: a Popolo vote event, "
            "with its counts and (in JSON) the votes of the members named.", (
        _f("id", "string", "The vote event's id: the id of the decision voted on"),
        _f("decision_id", "string", "The decision (see decisions)"),
        _f("item_id", "string", "The agenda item"),
        _f("meeting_id", "string", "The meeting"),
        _f("legislative_session_id", "string", "The meeting again, under Popolo's name for it"),
        _f("organization_id", "string", "The (host) board whose members voted"),
        _f("date", "when", "The meeting's date"),
        _f("result", "string", "The result", choices=VOTE_RESULTS),
        _f("named", "boolean", "True for a recorded vote naming every voter; false for a show of hands"),
        _f("for_count", "integer", "Votes for", nullable=True),
        _f("against_count", "integer", "Votes against", nullable=True),
        _f("abstain_count", "integer", "Abstentions", nullable=True),
        _f("casting_vote", "string", "The person whose casting vote settled a tie", nullable=True),
        _f("note", "string", "What the minutes add about the vote (markdown)", nullable=True),
        _f("counts", "objects:vote-counts", "Popolo counts of the options counted"),
        _f("votes", "objects:votes", "The named members' votes"),
        URL,
    ), popolo="vote_event"),
    Dataset("votes", "Members' votes", "One record per member named in a vote: a Popolo vote.", VOTE_FIELDS,
            popolo="vote"),
    Dataset("corrections", "Corrections", "One record per correction made to a published meeting or agenda item, "
            "with what changed and why.", (
        _f("id", "string", "The correction's id (its anchor on the corrected page)"),
        _f("document_type", "string", "What was corrected", choices=("meeting", "item")),
        _f("document_id", "string", "The meeting's or item's id"),
        _f("meeting_id", "string", "The meeting (the item's meeting, for an item)"),
        _f("date", "date", "When the correction was made"),
        _f("what", "string", "What changed (markdown)"),
        _f("why", "string", "Why (markdown)"),
        URL,
    )),
    Dataset("declarations", "Declarations of interest", "One record per interest declared at a meeting. The "
            "interest declared in a confidential (exempt) item is withheld: the record says who declared, in which "
            "item, and that the interest is withheld.", (
        _f("id", "string", "<meeting-id>/declarations/<n>"),
        _f("meeting_id", "string", "The meeting"),
        _f("date", "when", "The meeting's date"),
        _f("person_id", "string", "Who declared"),
        _f("item_number", "string", "The agenda item's number, when the declaration names one", nullable=True),
        _f("item_id", "string", "The agenda item, when it is published on this site", nullable=True),
        _f("interest", "string", "The interest declared; null when withheld", nullable=True),
        _f("interest_withheld", "boolean", "True when the item is exempt and the interest is not published"),
        URL,
    )),
)


def minutes_records(site) -> dict[str, list[dict]]:
    graph = site.graph
    out: dict[str, list[dict]] = {"vote-events": [], "votes": []}
    for decision in graph.decisions.values():
        if decision.vote is not None:
            event = vote_event_record(site, decision)
            out["vote-events"].append(event)
            out["votes"] += event["votes"]
    out["corrections"] = [{
        "id": row.correction.id, "document_type": row.kind, "document_id": row.ident, "meeting_id": row.meeting_id,
        "date": row.correction.date.isoformat(), "what": plain(row.correction.what, site),
        "why": plain(row.correction.why, site), "url": site.abs_url(row.path),
    } for row in correction_rows(graph)]
    out["declarations"] = [{
        "id": f"{m.id}/declarations/{n}", "meeting_id": m.id, "date": day_or_year(m), "person_id": d.person,
        "item_number": d.item or None,
        "item_id": f"{m.id}/{d.item}" if d.item and f"{m.id}/{d.item}" in graph.items else None,
        "interest": None if d.withheld else d.interest, "interest_withheld": d.withheld,
        "url": site.abs_url(f"meetings/{m.id}/#declarations"),
    } for m in graph.meetings.values() for n, d in enumerate(m.declarations, 1)]
    return out


def vote_event_record(site, decision) -> dict:
    graph, vote = site.graph, decision.vote
    meeting = graph.meetings[decision.meeting_id]
    url = site.abs_url(f"decisions/{decision.id}/")
    common = {"meeting_id": meeting.id, "date": day_or_year(meeting)}
    votes = [{"id": f"{decision.id}/{b.person}", "vote_event_id": decision.id, **common, "voter_id": b.person,
              "option": POPOLO_OPTIONS[b.option], "role": None, "url": url} for b in vote.ballots]
    if vote.casting_vote:
        votes.append({"id": f"{decision.id}/{vote.casting_vote}/casting", "vote_event_id": decision.id, **common,
                      "voter_id": vote.casting_vote, "option": "yes" if vote.result == "carried" else "no",
                      "role": "casting vote", "url": url})
    counts = {option: vote.count(option) for option in POPOLO_OPTIONS}
    return {
        "id": decision.id, "decision_id": decision.id, "item_id": decision.item_id, "meeting_id": meeting.id,
        "legislative_session_id": meeting.id, "organization_id": meeting.board, "date": common["date"],
        "result": vote.result, "named": vote.named, "for_count": counts["for"], "against_count": counts["against"],
        "abstain_count": counts["abstain"], "casting_vote": vote.casting_vote or None,
        "note": plain(vote.note, site) or None,
        "counts": [{"option": POPOLO_OPTIONS[o], "value": n} for o, n in counts.items() if n is not None],
        "votes": votes, "url": url,
    }


def recording_records(meeting) -> list[dict]:
    return [{"id": r.id or None, "url": r.url, "provider": rec.provider(r), "duration": r.duration,
             "title": r.title or None} for r in meeting.recordings]


def item_recording_fields(graph, item) -> dict:
    meeting = graph.meetings.get(item.meeting_id)
    link = rec.item_link(meeting, item) if meeting else None
    return {"recording_start": item.recording_start, "recording_url": link.url if link else None}

