"""Webcasts: a meeting's recordings, where each item starts in them, and links that open at that time.

Our pages only link to a recording; they never embed a player or load a provider's script (no third party sees
who reads the papers). A link opens at the item's time where the provider's address can say so:

| recording's address | the link to 0:42:10 |
|---|---|
| YouTube (`youtube.com/watch?v=…`, `youtu.be/…`, `/live/`) | `?t=2530` added to the query |
| Vimeo (`vimeo.com/…`) | `#t=2530s` |
| a media file (`.mp4`, `.webm`, `.mp3` ... MEDIA_FILES) | `#t=2530` (W3C Media Fragments: the browser starts there) |
| anything else | the plain address; the page gives the time in words |

Checked across documents (errors at the item's `recording_start` line): an item's start with no recording at
its meeting, a named recording the meeting lacks, and a start past the recording's length.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from boardpapers.content.models import Item, Meeting, Recording
from boardpapers.core.diagnostics import Diagnostics, SourcePos, did_you_mean
from boardpapers.graph.link import Graph

YOUTUBE = ("youtube.com", "www.youtube.com", "m.youtube.com", "youtu.be", "www.youtube-nocookie.com")
VIMEO = ("vimeo.com", "www.vimeo.com", "player.vimeo.com")
MEDIA_FILES = (".mp4", ".m4v", ".mov", ".webm", ".ogv", ".ogg", ".oga", ".mp3", ".m4a", ".wav")


@dataclass(frozen=True)
class RecordingLink:
    """Where an item is in its meeting's recording: `url` opens at `start` when `timed`."""

    recording: Recording
    url: str
    start: int | None
    timed: bool
    number: int  # the recording's place in the meeting's list, from 1


def provider(recording: Recording) -> str:
    """The name to show: the content's `provider`, else one known from the address, else its host."""
    if recording.provider:
        return recording.provider
    host = (urlsplit(recording.url).hostname or "").lower()
    if host in YOUTUBE:
        return "YouTube"
    if host in VIMEO:
        return "Vimeo"
    return host.removeprefix("www.")


def at_time(url: str, seconds: int) -> str | None:
    """The address opening at `seconds`, or None when the provider's form is not known (see the module doc)."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    if host in YOUTUBE:
        query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k not in ("t", "start")]
        return urlunsplit(parts._replace(query=urlencode([*query, ("t", str(seconds))]), fragment=""))
    if host in VIMEO:
        return urlunsplit(parts._replace(fragment=f"t={seconds}s"))
    if parts.path.lower().endswith(MEDIA_FILES):
        return urlunsplit(parts._replace(fragment=f"t={seconds}"))
    return None


def find(meeting: Meeting, name: str) -> tuple[int, Recording] | None:
    """(place from 1, recording): the one named, or the meeting's first when `name` is ''."""
    for number, recording in enumerate(meeting.recordings, 1):
        if recording.id == name or not name:
            return number, recording
    return None


def item_link(meeting: Meeting, item: Item) -> RecordingLink | None:
    if item.recording_start is None and not item.recording:
        return None
    found = find(meeting, item.recording)
    if found is None:
        return None
    number, recording = found
    timed = at_time(recording.url, item.recording_start) if item.recording_start is not None else None
    return RecordingLink(recording, timed or recording.url, item.recording_start, timed is not None, number)


def clock(seconds: int) -> str:
    """2530 -> '0:42:10' (the form the content uses)."""
    return f"{seconds // 3600}:{seconds % 3600 // 60:02d}:{seconds % 60:02d}"


def length(seconds: int) -> str:
    """9060 -> '2 h 31 min'; under a minute, seconds."""
    hours, minutes = seconds // 3600, seconds % 3600 // 60
    if not hours and not minutes:
        return f"{seconds} s"
    return " ".join(part for part in (f"{hours} h" if hours else "", f"{minutes} min" if minutes else "") if part)


def check_recordings(graph: Graph, diags: Diagnostics) -> None:
    for item in graph.items.values():
        if item.recording_start is None and not item.recording:
            continue
        meeting = graph.meetings[item.meeting_id]
        pos, named_at = (SourcePos(item.source, line) for line in item.recording_lines)
        if not meeting.recordings:
            diags.error(pos, "no-recording", f"item {item.number} gives its place in the meeting's recording, but "
                        "the meeting has no `recordings`", f"add the recording to {meeting.source}, or remove "
                        "`recording_start`")
            continue
        found = find(meeting, item.recording)
        if found is None:
            names = [r.id for r in meeting.recordings if r.id]
            diags.error(named_at, "unknown-ref", f"the meeting has no recording '{item.recording}'",
                        did_you_mean(item.recording, names) or f"the ids in {meeting.source}: {', '.join(names)}"
                        if names else f"give the recording an `id:` in {meeting.source}")
            continue
        recording = found[1]
        if item.recording_start is not None and recording.duration is not None \
                and item.recording_start > recording.duration:
            diags.error(pos, "beyond-recording", f"item {item.number} starts at {clock(item.recording_start)}, "
                        f"after the end of the recording ({clock(recording.duration)} long)",
                        "check the time, or the recording's `duration`")
