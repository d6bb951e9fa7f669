"""An agenda pack -> the meeting (cover: date, time, venue; the agenda with its timings) and one item per agenda
line, each officer's report split out at its "Purpose of report" heading and read by `report.parse_report`."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field

from .people import People, looks_like_name
from .report import find_purpose, parse_report
from .text import (
    ITEM_MARK_RE,
    clean,
    find_date,
    find_times,
    fix_links,
    heading_text,
    line_breaks,
    normalise,
    plain,
    strip_tags,
    tab_tables,
)

TIMING_RE = re.compile(r"^\d{1,2}[:.]\d{2}$")
ROW_RE = re.compile(r"^(\d{1,2}[a-z]?)\.?\s*(?:\t+|\s+)(.+)$")
POSTCODE_RE = re.compile(r"^[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}$")
PRESENTS_RE = re.compile(r"^(.{3,200}?)\s+will\s+(?:provide|give|present|set out|introduce|lead|update|outline)\b")
STOP_RE = re.compile(r"location map|guidance notes for visitors", re.I)


@dataclass
class AgendaRow:
    number: str  # "" for a line with a timing but no item (Table discussions, Feedback)
    title: str
    timing: str = ""
    description: str = ""


@dataclass
class Pack:
    meta: dict = field(default_factory=dict)
    agenda: list = field(default_factory=list)  # AgendaRow, in order
    agenda_notes: list = field(default_factory=list)  # (index in agenda, text): LUNCH, PART TWO ...
    reports: dict = field(default_factory=dict)  # number -> Report
    segments: dict = field(default_factory=dict)  # number -> (title, body) for items with papers but no report
    notes: list = field(default_factory=list)


def parse_pack(text: str, people: People, board_name: str = "") -> Pack:
    pack = Pack()
    lines = normalise(text)
    starts = find_purpose(lines)
    first_report = _title_line(lines, starts[0]) if starts else len(lines)
    _cover(lines[:first_report], pack, board_name)
    _agenda(lines[:first_report], pack)
    titles = {row.number: row.title for row in pack.agenda if row.number}
    bounds = []
    for start in starts:
        title_at = _title_line(lines, start)
        title = heading_text(lines[title_at]) or ""
        number = _match_title(title, titles) or _nearby_mark(lines, title_at, start)
        bounds.append((title_at, start, number, title))
    for index, (title_at, start, number, title) in enumerate(bounds):
        end = bounds[index + 1][0] if index + 1 < len(bounds) else len(lines)
        end = _other_mark(lines, start, end, number)
        if not number:
            pack.notes.append(f"report '{title}' matches no agenda item: give it a number by hand")
            number = f"{90 + index}"
        row = next((r for r in pack.agenda if r.number == number), None)
        report = parse_report(lines[title_at:end], people, intro=row.description if row else "")
        report.number, report.title = number, row.title if row else title
        if row and _presenters(row.description, people):
            report.fields["presenter"] = _presenters(row.description, people)
        pack.reports[number] = report
    _segments(lines, first_report, bounds, pack)
    return pack


def _presenters(description: str, people: People) -> list[str]:
    """'Dennis Skinner (Head of ...) and Oliver Mills (...) will provide a presentation' -> their ids."""
    match = PRESENTS_RE.match(description.strip())
    if not match:
        return []
    out = []
    for part in re.split(r"\s*,\s*|\s+and\s+", match.group(1)):
        position = re.search(r"\(([^)]*)\)", part)
        name = re.sub(r"\([^)]*\)", "", part).strip()
        if name and looks_like_name(name):
            found = people.resolve_or_stub(name, "officer", position.group(1) if position else "")
            out += [found] if found else []
    return out


def _title_line(lines: list[str], purpose_at: int) -> int:
    for index in range(purpose_at - 1, max(-1, purpose_at - 15), -1):
        text = heading_text(lines[index])
        if text and not ITEM_MARK_RE.match(lines[index].strip()):
            return index
    return purpose_at


def _match_title(title: str, titles: dict[str, str]) -> str:
    wanted = re.sub(r"\W+", " ", title.lower()).strip()
    best, score = "", 0.0
    for number, candidate in titles.items():
        have = re.sub(r"\W+", " ", candidate.lower()).strip()
        ratio = 1.0 if wanted == have else difflib.SequenceMatcher(None, wanted, have).ratio()
        if ratio > score:
            best, score = number, ratio
    return best if score >= 0.8 else ""


def _nearby_mark(lines: list[str], title_at: int, purpose_at: int) -> str:
    for index in list(range(title_at - 1, max(-1, title_at - 4), -1)) + list(range(purpose_at, len(lines))):
        match = ITEM_MARK_RE.match(lines[index].strip())
        if match:
            return match.group(1).lower()
    return ""


def _other_mark(lines: list[str], start: int, end: int, number: str) -> int:
    """A report ends where the next item's page mark ('Item 9') or papers begin."""
    for index in range(start, end):
        match = ITEM_MARK_RE.match(lines[index].strip())
        if match and number and match.group(1).lower() != number:
            return index
        if STOP_RE.search(heading_text(lines[index]) or ""):
            return index
    return end


def _cover(lines: list[str], pack: Pack, board_name: str) -> None:
    for index, line in enumerate(lines[:80]):
        found = find_date(plain(line)) if line.strip() else None
        if not found:
            continue
        pack.meta["date"] = found[0]
        rest = lines[index + 1:index + 12]
        times = find_times(plain(line)[found[1].end():]) or next(
            (find_times(plain(x)) for x in rest[:2] if find_times(plain(x))), [])
        if times:
            pack.meta["start"] = times[0]
        venue, started = [], False
        for candidate in rest:
            text = plain(candidate)
            if find_times(text) and not started:
                continue
            if not text:
                if started:
                    break
                continue
            if text.lower().startswith(("to:", "cc:")):
                break
            started = True
            venue.append(text)
        if venue:
            venue = [" ".join(w.title() if w.isalpha() and w.isupper() and len(w) > 3 else w for w in v.split())
                     for v in venue]
            for at in range(len(venue) - 1, 0, -1):
                if POSTCODE_RE.match(venue[at]):
                    venue[at - 1:at + 1] = [f"{venue[at - 1]} {venue[at]}"]
            pack.meta["venue"] = ", ".join(venue)
        titles = [heading_text(x) for x in lines[:index] if heading_text(x)]
        extra = [t for t in titles if t.lower() not in ("agenda", board_name.lower())]
        if extra:
            pack.meta["title"] = extra[0]
        return


def _agenda(lines: list[str], pack: Pack) -> None:
    in_table, current = False, None
    for line in lines:
        stripped = line.strip()
        cells = [strip_tags(c).strip() for c in (line.split("\t") if "\t" in line else stripped.strip("|").split("|"))]
        if len(cells) > 1 and plain(cells[0]).lower() == "item":
            in_table, current = True, None
            continue
        if not in_table:
            continue
        if len(cells) > 1 or ROW_RE.match(plain(stripped)):
            row = _row(cells if len(cells) > 1 else [plain(stripped)])
            if row:
                pack.agenda.append(row)
                current = row
                continue
        text = plain(stripped)
        if not text:
            continue
        if heading_text(stripped) is not None or stripped.startswith("**"):
            if pack.agenda_notes and pack.agenda_notes[-1][0] == len(pack.agenda):
                text = pack.agenda_notes.pop()[1] + " – " + text
            pack.agenda_notes.append((len(pack.agenda), text))
            current = None
        elif current is not None:
            current.description = (current.description + " " + text).strip()


def _row(cells: list[str]) -> AgendaRow | None:
    cells = [c for c in cells]
    timing = next((plain(c).replace(".", ":") for c in cells[1:] if TIMING_RE.match(plain(c))), "")
    first = cells[0]
    match = re.match(r"^\**\s*(\d{1,2}[a-z]?)\.?\s*\**\s*(.*)$", first)
    if match and not match.group(2) and len(cells) > 1:
        number, title = match.group(1), cells[1]
    elif match and match.group(2):
        number, title = match.group(1), match.group(2)
    else:
        number, title = "", first
    description = ""
    bold = re.match(r"^\*\*(.+?):\*\*\s*(.*)$", title.strip())
    if bold:
        title, description = bold.group(1), bold.group(2)
    title = plain(title).rstrip(":").strip()
    if not title or (not number and not timing):
        return None
    return AgendaRow(number.lower(), re.sub(r"\.$", "", title), timing, description)


def _segments(lines: list[str], first_report: int, bounds: list, pack: Pack) -> None:
    """Papers of items without a report (the note of the last meeting, an action schedule): their own text."""
    covered = [(title_at, _other_mark(lines, start, (bounds[i + 1][0] if i + 1 < len(bounds) else len(lines)),
                                      number)) for i, (title_at, start, number, _) in enumerate(bounds)]
    index = first_report
    while index < len(lines):
        match = ITEM_MARK_RE.match(lines[index].strip())
        inside = any(a <= index < b for a, b in covered)
        if not match or inside or match.group(1).lower() in pack.reports:
            index += 1
            continue
        number, end = match.group(1).lower(), index + 1
        while end < len(lines) and not any(a == end for a, _ in covered):
            other = ITEM_MARK_RE.match(lines[end].strip())
            if (other and other.group(1).lower() != number) or STOP_RE.search(heading_text(lines[end]) or ""):
                break
            end += 1
        body = line_breaks(clean(tab_tables(lines[index + 1:end])))
        title = next((heading_text(x) for x in body if heading_text(x)), "")
        if title and body and heading_text(body[0]) == title:
            body = body[1:]
        text = fix_links("\n".join(body)).strip()
        if number in pack.segments:
            old_title, old = pack.segments[number]
            pack.segments[number] = (old_title, old + "\n\n" + text)
        else:
            pack.segments[number] = (title, text)
        if re.search(r"note of decisions taken|decisions and actions", text, re.I):
            pack.notes.append(f"item {number} holds the note of an earlier meeting: import it with "
                              f"--kind minutes into that meeting's folder")
        index = end


def agenda_table(pack: Pack) -> str:
    """The agenda as a table for the meeting's body, with its section notes as bold rows."""
    if not pack.agenda:
        return ""
    lines = ["## Agenda", "", "| Item | Timing |", "|---|---|"]
    notes = dict(pack.agenda_notes)
    for index, row in enumerate(pack.agenda):
        if index in notes and index:
            lines.append(f"| **{notes[index]}** | |")
        label = f"{row.number}. {row.title}" if row.number else row.title
        lines.append(f"| {label.replace('|', '/')} | {row.timing} |")
    return "\n".join(lines)


def detect_kind(text: str) -> str:
    """What an extract holds when --kind is not given: 'pack', 'report' or 'minutes' by its headings, or ''."""
    purposes = len(re.findall(r"purpose of (?:the )?report", text, re.I))
    if purposes > 1 or (purposes and re.search(r"^\W*item\W+timing", text, re.I | re.M)):
        return "pack"
    if purposes:
        return "report"
    if re.search(r"note of decisions|^\W*decisions?\W*$|^\W*actions?\W*$", text, re.I | re.M):
        return "minutes"
    return ""
