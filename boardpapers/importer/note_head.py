"""Where the note (minutes) of an earlier meeting starts inside an agenda pack, and what its head says.

Clerks and converters print the head in many shapes; all of them are a title line that names a note or the
minutes of a meeting, followed by what only a note has:
- "Note of decisions taken and actions required", then a title block: `**Title:** ...` lines, a table whose rows
  start with "Title:", "Date:", "Venue:" (tab-separated, or markdown pipe rows `| Title: | ... |`), or an
  attendance table;
- "MINUTES of a meeting of the Cabinet held on Tuesday, 14 March" / "2017 at 10.00 am, County Hall" (the sentence
  gives the date, often wrapped onto the next line);
- "Minutes" or "Note of the meeting" and then "Present: Councillors ..." prose.

A line that only mentions a note ("The Board agreed the notes of the previous meeting.", or the tail of a decision
a page break cut: "notes of the previous meeting.*") is not a title: a title starts with a capital and is not a
sentence.
"""

from __future__ import annotations

import re

from .text import TIME_RE, find_date, find_times, plain

NOTE_RE = re.compile(r"^(?:(?:draft|confirmed|unconfirmed)\s+)?(?:note|notes|minutes)\b(?:\s+of\b)?.{0,90}\b"
                     r"(?:meeting|decisions\s+taken|actions\s+required)\b", re.I)
BARE_RE = re.compile(r"^(?:(?:draft|confirmed|unconfirmed)\s+)?(?:note|notes|minutes)(?:\s+of\s+(?:the\s+)?"
                     r"(?:meeting|decisions))?$", re.I)
HELD_RE = re.compile(r"\bheld\b", re.I)
HEAD_LABEL_RE = re.compile(r"^(?:title|date|venue|time|present|attendance|position|members present|"
                           r"councillors present)\b", re.I)
HEAD_LINES = 20


def cell_text(line: str) -> str:
    """A line without markup or the pipes of a markdown table row: '| Title: | Board ... |' -> 'Title: | Board ...'."""
    return plain(line.strip().strip("|").strip()) if line.strip() else ""


def is_note_title(lines: list[str], index: int) -> bool:
    """Does the note of a meeting start at lines[index]?"""
    text = cell_text(lines[index])
    if not text or not text[0].isupper() or len(text) > 200:
        return False
    if NOTE_RE.match(text):
        if text.rstrip("*").endswith(".") and not HELD_RE.search(text):
            return False  # a sentence about a note, not its title
        return bool(held_on(lines, index)) or has_head(lines, index)
    if BARE_RE.match(text):
        # "Minutes" alone: only with the attendance of a meeting close under it
        return has_head(lines, index, labels_only=True)
    return False


def has_head(lines: list[str], index: int, labels_only: bool = False) -> bool:
    """A title block or an attendance table (or 'Present: ...') within the lines under a note's title."""
    for line in lines[index + 1:index + 1 + HEAD_LINES]:
        text = cell_text(line)
        if HEAD_LABEL_RE.match(text):
            return True
        if not labels_only and "\t" in line:
            return True
    return False


def held_on(lines: list[str], index: int) -> tuple | None:
    """'MINUTES of a meeting of the Board held on Monday, 17 September' / '2012 at 11.00 am, Local Government
    House' -> (date, start time or '', venue or ''): the sentence of the title, read across its wrapped lines."""
    sentence = title_sentence(lines, index)
    held = HELD_RE.search(sentence)
    if not held:
        return None
    found = find_date(sentence[held.end():])
    if not found:
        return None
    rest = sentence[held.end() + found[1].end():]
    times = find_times(rest[:40])
    clock = [m for m in TIME_RE.finditer(rest[:40])]
    tail = rest[clock[-1].end():] if clock else rest
    place = re.match(r"^[\s,.–-]*(?:(?:at|in)\s+)?(?:the\s+(?=[A-Z]))?([A-Z].*)$", tail)
    venue = place.group(1).strip().rstrip(".").strip() if place else ""
    return found[0], times[0] if times else "", venue


def title_sentence(lines: list[str], index: int, limit: int = 3) -> str:
    """The title line and the lines that continue it (a wrapped sentence), as one line of text."""
    out = [cell_text(lines[index])]
    for line in lines[index + 1:index + limit]:
        text = cell_text(line)
        if not text or HEAD_LABEL_RE.match(text) or re.match(r"^\d{1,2}[a-z]?[.)]?\s", text):
            break
        out.append(text)
    return " ".join(out)


def start_above(lines: list[str], index: int) -> int:
    """The note's first line: its title, or the heading set just above it on its own (the board's name in
    capitals over 'MINUTES of a meeting ...'), so that heading does not end the paper before."""
    at = index - 1
    while at >= 0 and not lines[at].strip():
        at -= 1
    if at < 0 or at < index - 3:
        return index
    line = lines[at].strip()
    text = cell_text(line)
    above = lines[at - 1].strip() if at > 0 else ""
    capitals = re.sub(r"[^A-Za-z]", "", text)
    heading = (capitals.isupper() and len(capitals) >= 6) or line.startswith("#")
    if (heading and not above and len(text.split()) <= 10 and not re.match(r"^\d", text)
            and not re.search(r"\bitem\s+\d", text, re.I) and text[-1:] not in ".:;,"):
        return at
    return index
