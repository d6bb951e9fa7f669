"""Stage 3, validate (continued): what the minutes and the clerk add to meetings and items beyond the papers:
a decision's recorded vote, a meeting's recordings (webcasts) with each item's start in them, and corrections
made after publishing.

Everything that one file can get wrong is checked here, at the line of the value: a voter named twice, counts
that disagree with the names, a result the numbers cannot give, a recording's address, a time that is not a
time. What needs two files (a voter present at the meeting, an item's start within the meeting's recording, a
correction dated before the meeting) is checked once the graph is linked (graph/votes.py, graph/recordings.py,
graph/corrections.py).
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from boardpapers.content.fields import ID_RE, Fields
from boardpapers.content.models import VOTE_OPTIONS, VOTE_RESULTS, Ballot, Correction, Recording, Vote
from boardpapers.content.yamlread import YList, YMap
from boardpapers.core.diagnostics import SourcePos

CLOCK_RE = re.compile(r"^([0-9]{1,2}):([0-5][0-9]):([0-5][0-9])\Z")
URL_RE = re.compile(r"^https?://[^\s\"'<>\\`{}|^]+\Z", re.IGNORECASE)


# -- votes

def vote(d: Fields) -> Vote | None:
    """A decision's `vote:` (its Fields `d`), or None when it has none (or it is too broken to keep)."""
    raw = d.raw("vote")
    if raw is None:
        return None
    if not isinstance(raw, YMap):
        d.error("vote", "wrong-type", "'vote' must be a set of fields: for, against, abstain, counts, result, named")
        return None
    v = d.sub(raw)
    start = d.pos("vote")
    errors_before = len(d.diags.items)
    ballots = _ballots(v)
    counts = _counts(v)
    named_raw = v.raw("named")
    named = v.flag("named") if named_raw is not None else bool(ballots)
    casting = v.ref("casting_vote", "person")
    result = v.choice("result", VOTE_RESULTS)
    note = v.text("note")
    v.finish("a vote")
    if not any(key in raw for key in (*VOTE_OPTIONS, "counts", "result")):
        d.error("vote", "missing-field", "a vote needs its result, its counts or its voters",
                "add `result: carried` (or lost, tied) and the counts or names the minutes give")
        return None
    if named and not ballots:
        v.error("named" if named_raw is not None else None, "missing-field",
                "a named vote lists its voters", "add `for: [...]`, `against: [...]`, `abstain: [...]` (person ids)")
    if len(d.diags.items) != errors_before:
        return None  # the numbers of a vote written wrongly would only add confusing errors
    made = Vote(result, named, tuple(ballots), tuple(sorted(counts.items(), key=lambda kv: VOTE_OPTIONS.index(kv[0]))),
                casting, note, start, v.pos("casting_vote") if casting else None)
    _check_numbers(v, made)
    if len(d.diags.items) != errors_before:
        return None
    result = made.result or _majority(made)
    if not result:
        v.error(None, "missing-field", "the vote's result is missing and the numbers do not give it",
                "add `result: carried` (or lost, tied)")
        return None
    return Vote(result, named, made.ballots, made.counts, casting, note, start, made.casting_pos)


def _ballots(v: Fields) -> list[Ballot]:
    ballots, seen = [], {}
    for option in VOTE_OPTIONS:
        value = v.raw(option)
        if value is None:
            continue
        entries = value if isinstance(value, YList) else YList([value])
        for index, entry in enumerate(entries):
            line, col = entries.pos_of(index) if entries.item_pos else v.meta.pos_of(option)
            pos = SourcePos(v.rel, line, col)
            if isinstance(entry, (YMap, YList, bool)) or entry is None:
                v.diags.error(pos, "wrong-type", f"entries of '{option}' must be person ids")
                continue
            person = str(entry).strip()
            if not v.add_ref("person", person, pos, option):
                continue
            if person in seen:
                first = seen[person]
                v.diags.error(pos, "double-vote", f"'{person}' votes twice: already {_as(first.option)} at line "
                              f"{first.pos.line}", "a member has one vote: keep the one the minutes record")
                continue
            seen[person] = Ballot(person, option, pos)
            ballots.append(seen[person])
    return ballots


def _counts(v: Fields) -> dict[str, int]:
    raw = v.raw("counts")
    if raw is None:
        return {}
    if not isinstance(raw, YMap):
        v.error("counts", "wrong-type", "'counts' must map for/against/abstain to numbers", "counts: {for: 8, "
                "against: 2, abstain: 1}")
        return {}
    c = v.sub(raw)
    out = {}
    for option in VOTE_OPTIONS:
        value = c.raw(option)
        if value is None:
            continue
        if not isinstance(value, int) or isinstance(value, bool) or value < 0 or value > 100_000:
            c.error(option, "wrong-type", f"the count '{option}' must be a whole number, not '{value}'")
            continue
        out[option] = value
    c.finish("the vote's counts")
    return out


def _check_numbers(v: Fields, made: Vote) -> None:
    """Counts against names, and the result against the numbers (only what no vote can give is refused: a motion
    lost with more votes for than against may have needed more than a simple majority)."""
    counted = dict(made.counts)
    counts_pos = v.meta.get("counts")
    for option, number in counted.items():
        names = len(made.names(option))
        wrong = number != names if made.named else number < names
        if wrong:
            pos = SourcePos(v.rel, *counts_pos.pos_of(option)) if isinstance(counts_pos, YMap) else v.pos("counts")
            kind = "a named vote" if made.named else "the names recorded"
            v.diags.error(pos, "vote-mismatch", f"the count says {number} {_as(option)}, but {kind} "
                          f"{'has' if made.named else 'give'} {names}",
                          "correct the count or the names (in a show of hands, `named: false`, the names may be "
                          "fewer than the count)")
    yes, no = made.count("for"), made.count("against")
    if yes is None or no is None:
        if made.casting_vote:
            v.error("casting_vote", "vote-mismatch", "a casting vote settles a tie: give the votes for and against")
        return
    where = "result" if "result" in v.meta else None
    if made.casting_vote and yes != no:
        v.error("casting_vote", "vote-mismatch", f"a casting vote settles a tie, but the vote was {yes} to {no}",
                "remove `casting_vote`")
    elif made.result == "tied" and yes != no:
        v.error(where, "vote-mismatch", f"the result is 'tied', but the vote was {yes} for and {no} against")
    elif made.result == "tied" and made.casting_vote:
        v.error(where, "vote-mismatch", "a casting vote decided this tie: the result is carried or lost")
    elif made.result in ("carried", "lost") and yes == no and not made.casting_vote:
        v.error(where, "vote-mismatch", f"a tie ({yes} to {no}) is {made.result} only on a casting vote",
                "add `casting_vote: <the chair's id>`, or write `result: tied`")
    elif made.result == "carried" and yes < no:
        v.error(where, "vote-mismatch", f"the result is 'carried', but the vote was {yes} for and {no} against")


def _majority(made: Vote) -> str:
    """The result a simple majority gives, when the result is not written; '' when the numbers are unknown."""
    yes, no = made.count("for"), made.count("against")
    if yes is None or no is None or (yes == no and made.casting_vote):
        return ""
    return "carried" if yes > no else "lost" if yes < no else "tied"


def _as(option: str) -> str:
    return {"for": "for", "against": "against", "abstain": "abstaining"}[option]


# -- recordings

def recordings(f: Fields) -> tuple[Recording, ...]:
    out, ids = [], {}
    for r in f.maps("recordings"):
        url = r.text("url", required=True)
        if url and not good_url(url):
            r.error("url", "bad-url", f"'{url}' is not a web address", "write the address in full, starting "
                    "https:// (only http and https addresses are linked)")
            url = ""
        ident = r.text("id")
        if ident and not ID_RE.match(ident):
            r.error("id", "bad-id", f"'{ident}' is not a valid id", "e.g. part-2")
            ident = ""
        elif ident in ids:
            r.error("id", "duplicate-id", f"recording id '{ident}' is already used at line {ids[ident]}")
        elif ident:
            ids[ident] = r.pos("id").line
        made = Recording(url, ident, r.text("provider"), clock(r, "duration", minutes=True), r.text("title"),
                         r.pos().line)
        r.finish("a recording")
        if url:
            out.append(made)
    return tuple(out)


def good_url(url: str) -> bool:
    """An http(s) address with a host and nothing a page could not carry safely in an attribute."""
    if not URL_RE.match(url):
        return False
    try:
        parts = urlsplit(url)
    except ValueError:  # an unbalanced [ in the host
        return False
    return bool(parts.hostname)


def clock(f: Fields, key: str, minutes: bool = False) -> int | None:
    """A time into a recording, or a recording's length, as seconds: `2:31:00` (hours:minutes:seconds) or, when
    `minutes`, a number of minutes."""
    value = f.raw(key)
    if value is None:
        return None
    if minutes and isinstance(value, int) and not isinstance(value, bool) and 0 < value <= 100_000:
        return value * 60
    match = CLOCK_RE.match(value.strip()) if isinstance(value, str) else None
    seconds = int(match.group(1)) * 3600 + int(match.group(2)) * 60 + int(match.group(3)) if match else None
    if seconds is None or (minutes and seconds == 0):
        what = "a length" if minutes else "a time into the recording"
        hint = "write hours:minutes:seconds, e.g. 2:31:00" + (", or the number of minutes" if minutes else "")
        f.error(key, "bad-time", f"'{key}' is '{value}', not {what}", hint)
        return None
    return seconds


def item_recording(f: Fields) -> tuple[int | None, str, tuple[int, int]]:
    """An item's (`recording_start` in seconds, `recording` id, the lines of the two, to report problems at)."""
    start = clock(f, "recording_start")
    named = f.text("recording")
    if named and not ID_RE.match(named):
        f.error("recording", "bad-id", f"'{named}' is not a recording id", "the `id` of one of the meeting's "
                "recordings")
        named = ""
    lines = tuple(f.pos(key).line if key in f.meta else 0 for key in ("recording_start", "recording"))
    return start, named, (lines[0] or lines[1], lines[1] or lines[0])


# -- corrections

def corrections(f: Fields, prefix: str) -> tuple[Correction, ...]:
    """`corrections:` of a meeting or item; ids are c-<prefix>-<n> (prefix: the meeting id, or
    <meeting-id>-<item-number>)."""
    out = []
    for n, c in enumerate(f.maps("corrections"), 1):
        date = c.date("date", required=True)
        what = c.text("what", required=True)
        why = c.text("why", required=True)
        c.finish("a correction")
        if date and what and why:
            out.append(Correction(f"c-{prefix}-{n}", date, what, why, c.pos("date").line))
    return tuple(out)
