"""The membership list printed in a pack ("Improvement and Innovation Board - Membership 2016/2017") -> the
board's membership for that municipal year: each member with role, political group and council.

Where the list is (`is_heading`), and the entries it holds in any of the forms packs print it in: table rows and
one field a line (membership_lines.py), prose paragraphs and grids of cards (membership_prose.py). Each entry's name
becomes a person (a draft stub when new); observers keep their organisation. A list whose heading is found but whose
members cannot be read is reported (membership-empty, in board_file.py), and so is every line read as nothing.
"""

from __future__ import annotations

import datetime as dt
import re

from . import membership_lines, membership_prose
from .membership_lines import Entry, party, role_name, split_name
from .notes import Notes
from .people import People, reads_as_name
from .text import heading_text, plain

__all__ = ["is_heading", "parse", "role_name", "year_label"]

# "members." ending a wrapped sentence is no heading: a heading line never ends with a full stop
HEADING_RE = re.compile(r"\bmembership\b.{0,60}\b(?:19|20)\d\d\b|\bmembership\s*(?:list)?[^\w.]*$|"
                        r"^membership\s+of\b|^(?:board\s+)?members[^\w.]*$", re.I)
YEAR_RE = re.compile(r"\b((?:19|20)\d\d)\s*[/-–]\s*((?:19|20)?\d\d)\b")


def is_heading(lines: list[str], index: int) -> bool:
    """A membership list starts here: a short line naming the membership, with members under it (a table, a name
    a line, a paragraph of names, a grid of cards)."""
    text = plain(lines[index]) if lines[index].strip() else ""
    if not text or len(text.split()) > 14 or not HEADING_RE.search(text):
        return False
    if heading_text(lines[index]) is None and len(text.split()) > 10:
        return False
    if heading_text(lines[index]) is not None and YEAR_RE.search(text):
        return True  # "Membership 2013/14" as a heading: a list, even one that cannot be read (then reported)
    for line in lines[index + 1:index + 16]:
        cells = [c for c in membership_lines.cells_of(line) if c] if line.strip() else []
        if not cells:
            continue
        first = split_name(cells[0])[0]
        if "\t" in line or line.strip().startswith("|") or reads_as_name(first) or party(first) or \
                re.match(r"^[A-Z][A-Za-z ]{2,30}:\s*(?:councillors?\s+)?[A-Z]", plain(line)):
            return True
    return False


def year_label(title: str, date: dt.date | int | None) -> str:
    """'Membership 2016/2017' -> '2016/17'; without a year in the title, the municipal year of the meeting."""
    match = YEAR_RE.search(title)
    if match:
        start = int(match.group(1))
        return f"{start}/{(start + 1) % 100:02d}"
    if isinstance(date, dt.date):
        start = date.year if date.month >= 4 else date.year - 1
        return f"{start}/{(start + 1) % 100:02d}"
    return ""


def parse(lines: list[str], offset: int, people: People, notes: Notes) -> list[dict]:
    """The list in `lines` (from its heading; `offset` is the heading's index in the source) -> membership entries
    ({person, role, group, council}), people resolved or stubbed."""
    numbered = [(offset + index + 1, line) for index, line in enumerate(lines) if index > 0]
    entries, used = membership_prose.prose(numbered)
    rest = membership_prose.cards([(n, x) for n, x in numbered if n not in used])
    problems: list = []
    entries += membership_lines.read(rest, problems)
    if entries:
        for line, text in problems:
            notes.warn(line, "membership-line", f"'{text}' in the membership list reads as no member, group or "
                       "role: left out")
    seen: set[str] = set()
    out = []
    for entry in entries:
        member = _member(entry, people, notes)
        if member and member["person"] not in seen:
            seen.add(member["person"])
            out.append(member)
    return out


def _member(entry: Entry, people: People, notes: Notes) -> dict | None:
    observer = entry.role == "Observer"
    kind = "observer" if observer else "councillor"
    detail = entry.council if not observer else (entry.organisation or entry.council)
    person = people.resolve_or_stub(entry.name, kind, detail, line=entry.line)
    if not person:
        notes.warn(entry.line, "not-a-name", f"membership line '{entry.name}' does not read as a person's name: "
                   "left out")
        return None
    stub = people.stubs.get(person)
    if stub and observer:
        stub.organisation = stub.organisation or entry.organisation
        stub.position = stub.position or entry.position
        stub.council = stub.council or entry.council
    elif stub and not stub.council and entry.council:
        stub.council = entry.council
    out: dict = {"person": person, "role": entry.role}
    if entry.group and not observer:
        out["group"] = entry.group
    if entry.council:
        out["council"] = entry.council
    return out
