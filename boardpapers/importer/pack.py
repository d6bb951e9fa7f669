"""A whole agenda pack -> the meeting (cover: date, times, venue; the agenda), one item per agenda line with
its paper (each officer's report read by `report.parse_report`), the note of the previous meeting (read by
`minutes.parse_minutes`, for that meeting), the membership list and the attendance sheet.

The pack is cut into papers at anchors (segments.py) and each paper placed by its title; confidential items keep
only their agenda line, and nothing of a restricted paper is read."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from . import agenda as agenda_mod
from . import membership, segments, sheet
from .agenda import Agenda
from .decisions import Verbs
from .furniture import AGENDA_MARK_RE
from .minutes import parse_minutes
from .notes import Notes
from .people import People, looks_like_name
from .report import parse_report
from .segments import Segment
from .text import clean, find_date, find_times, fix_links, heading_text, line_breaks, plain, tab_tables

POSTCODE_RE = re.compile(r"^[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}$")
POSTCODE_END_RE = re.compile(r"\b[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}$")
LABEL_RE = re.compile(r"^([A-Za-z][A-Za-z ]{0,30}):\s*")  # 'Venue:', 'To:', 'Date of next meeting:'
VENUE_LABELS = {"venue", "place", "location", "where", "at"}
PRESENTS_RE = re.compile(r"^(.{3,200}?)\s+will\s+(?:provide|give|present|set out|introduce|lead|update|outline)\b")


@dataclass
class Pack:
    meta: dict = field(default_factory=dict)
    agenda: Agenda = field(default_factory=lambda: Agenda([], []))
    reports: dict = field(default_factory=dict)  # number -> Report
    segments: dict = field(default_factory=dict)  # number -> (title, body) for items with papers but no report
    minutes: list = field(default_factory=list)  # (Minutes, line): notes of earlier meetings printed in the pack
    membership: tuple = ()  # (title, members, line) of the membership list
    sheet: dict = field(default_factory=dict)  # meeting date -> attendance, from the attendance sheet
    restricted: dict = field(default_factory=dict)  # item number -> line of its "Document is Restricted"
    minutes_item: dict = field(default_factory=dict)  # item number -> index in `minutes` of the note it prints
    notes: list = field(default_factory=list)


def parse_pack(lines: list[str], people: People, notes: Notes, board_name: str = "",
               verbs: Verbs | None = None) -> Pack:
    """A whole pack (lines as source.prepare gives them) -> what it holds, each paper read by its own parser."""
    pack = Pack()
    segs = segments.anchors(lines)
    agenda_seg = next((s for s in segs if s.kind == "agenda"), None)
    if agenda_seg:
        pack.agenda = agenda_mod.parse(lines[agenda_seg.start:agenda_seg.end], agenda_seg.start, notes)
    else:
        notes.warn(0, "no-agenda", "no agenda table was found (a row with an 'Item' cell, or numbered lines under "
                   "'Agenda'): the items come from the papers' own titles and marks only")
    cover_end = segs[1].start if len(segs) > 1 else len(lines)
    _cover(lines[:cover_end], pack, board_name)
    papers_at = next((s.start for s in segs if s.kind not in ("cover", "agenda", "membership", "attendance")),
                     len(lines))
    pack.meta["next_meeting"] = agenda_mod.next_meeting(lines[:papers_at])
    segments.number_papers(segs, pack.agenda.rows)
    segs = _split_at_marks(segs, pack.agenda.rows, lines)
    pack.restricted = segments.restricted_numbers(segs)
    rows = {r.number: r for r in pack.agenda.rows if r.number}
    previous = None
    for seg in segs:
        chunk = lines[seg.start:seg.end]
        if seg.kind == "membership":
            pack.membership = (seg.title, membership.parse(chunk, seg.start, people, notes), seg.start + 1)
        elif seg.kind == "attendance":
            known = [m["person"] for m in pack.membership[1]] if pack.membership else []
            pack.sheet.update(sheet.parse(chunk, seg.start, people, known, notes))
        elif seg.kind in ("report", "minutes", "schedule", "paper"):
            if not seg.number and seg.kind == "minutes":  # a note is its meeting's wherever the agenda lists it
                notes.warn(seg.start + 1, "unmatched-note", f"'{seg.title}' matches no agenda item: imported as the "
                           "meeting it records only")
                pack.minutes.append((parse_minutes(chunk, people, verbs), seg.start + 1))
                continue
            if not seg.number:
                _unmatched(seg, previous, pack, lines, people, notes)
                continue
            if seg.number in pack.reports or seg.number in pack.segments:
                _unmatched(seg, seg, pack, lines, people, notes)
                continue
            if seg.how == "mark" and rows:
                notes.warn(seg.start + 1, "matched-by-mark", f"'{seg.title or 'a paper'}' matches no agenda title: "
                           f"placed as item {seg.number} by its page mark only")
            row = rows.get(seg.number)
            if row and row.exempt:
                notes.warn(seg.start + 1, "exempt-papers", f"item {seg.number} is confidential: its papers in the "
                           "pack were left out")
                continue
            _paper(seg, chunk, row, pack, people, verbs, notes)
            previous = seg
    return pack


def _paper(seg: Segment, chunk: list[str], row, pack: Pack, people: People, verbs, notes: Notes) -> None:
    if seg.kind == "report":
        report = parse_report(chunk, people, intro=row.description if row else "", warnings=notes, offset=seg.start)
        report.number, report.title = seg.number, row.title if row else seg.title
        if row and _presenters(row.description, people):
            report.fields["presenter"] = _presenters(row.description, people)
        pack.reports[seg.number] = report
        return
    if seg.kind == "minutes":
        minutes = parse_minutes(chunk, people, verbs)
        pack.minutes_item[seg.number] = len(pack.minutes)
        pack.minutes.append((minutes, seg.start + 1))
        text = "\n".join(line_breaks(clean(tab_tables([x for x in chunk if not AGENDA_MARK_RE.match(x.strip())]))))
        pack.segments[seg.number] = (seg.title, fix_links(text).strip())  # the body if it is no meeting's note
        return
    body = line_breaks(clean(tab_tables([x for x in chunk if not AGENDA_MARK_RE.match(x.strip())])))
    title = next((heading_text(x) for x in body if heading_text(x)), "")
    title = title or (seg.title if seg.kind == "schedule" else "")  # 'ACTION MONITOR SCHEDULE' printed plain
    if title and body and heading_text(body[0]) == title:
        body = body[1:]
    pack.segments[seg.number] = (title, fix_links("\n".join(body)).strip())


def _unmatched(seg: Segment, previous, pack: Pack, lines, people: People, notes: Notes) -> None:
    """A paper with no agenda line: kept as a section of the paper before it (an appendix printed as a paper of its
    own, most often), and reported."""
    text = "\n".join(clean(tab_tables(lines[seg.start:seg.end]))).strip()
    target = previous.number if previous is not None and previous.number else ""
    notes.warn(seg.start + 1, "unmatched-paper", f"'{seg.title or seg.kind}' matches no agenda item"
               + (f": kept at the end of item {target}'s body" if target else ": left out"))
    if not target or not text:
        return
    if target in pack.reports:
        pack.reports[target].body += "\n\n" + fix_links(text)
    elif target in pack.segments:
        title, body = pack.segments[target]
        pack.segments[target] = (title, (body + "\n\n" + fix_links(text)).strip())


def _split_at_marks(segs: list[Segment], rows: list, lines: list[str]) -> list[Segment]:
    """An item mark ('Item 9a') for an agenda item that has no paper yet starts that item's paper, when it stands
    inside another paper and text follows it (a paper with no heading of its own: the schedule, a note)."""
    numbers = {r.number for r in rows if r.number}
    used = {s.number for s in segs if s.number}
    out: list[Segment] = []
    for seg in segs:
        cuts = [(i, n) for i, n in seg.marks if n not in used and (n in numbers or not numbers) and n != seg.number
                and seg.kind in ("report", "paper", "schedule", "minutes", "agenda") and i > seg.start
                and any(x.strip() and not AGENDA_MARK_RE.match(x.strip()) for x in lines[i + 1:seg.end])
                and not _mid_sentence(lines, i)]
        if not cuts:
            out.append(seg)
            continue
        index, number = cuts[0]
        used.add(number)
        title = next((heading_text(x) or plain(x) for x in lines[index + 1:seg.end] if x.strip()), "")
        tail = Segment("paper", index, seg.end, title=title, number=number, how="mark", marks=[(index, number)])
        seg.end = index
        seg.marks = [m for m in seg.marks if m[0] < index]
        out += [seg, tail]
    return out


def _mid_sentence(lines: list[str], at: int) -> bool:
    """A page stamp between the halves of one sentence ('... 63 per' / 'Agenda Item 4' / 'cent of councils ...')
    stands on a page that goes on with the paper before it: a misplaced mark, no new paper."""
    before = next((plain(x) for x in reversed(lines[max(0, at - 6):at]) if x.strip()), "")
    after = next((plain(x) for x in lines[at + 1:at + 6] if x.strip() and not AGENDA_MARK_RE.match(x.strip())), "")
    return bool(before and after) and before[-1] not in ".:;!?)\"”" and after[:1].islower()


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
            if len(times) > 1 and times[1] > times[0]:
                pack.meta["end"] = times[1]
        venue = _venue(rest)
        if venue:
            pack.meta["venue"] = venue
        titles = [heading_text(x) for x in lines[:index] if heading_text(x)]
        extra = [t for t in titles if t.lower() not in ("agenda", board_name.lower())]
        if extra:
            pack.meta["title"] = extra[0]
        return


def _venue(rest: list[str]) -> str:
    """The venue under a cover's date: its block of lines ('Bevin Hall' / 'Local Government House' / 'Smith Square' /
    'LONDON' / 'SW1P 3HZ'), or the value of a 'Venue:' line. A typeset cover may space the address's lines apart, so
    a blank does not end it while the next line reads as one more line of an address and no postcode has ended it;
    another labelled line ('To:', 'Date of next meeting:', 'Contact:') does."""
    venue: list[str] = []
    for at, candidate in enumerate(rest):
        text = plain(candidate)
        if not venue and find_times(text):
            continue
        label = LABEL_RE.match(text)
        if label and not (label.group(1).lower() in VENUE_LABELS and not venue):
            break
        text = text[label.end():].strip() if label else text
        if text:
            venue.append(text)
            continue
        ahead = next((x for x in rest[at + 1:at + 3] if x.strip()), "")
        if venue and (POSTCODE_END_RE.search(venue[-1]) or not _address_line(ahead)):
            break
    venue = [" ".join(w.title() if w.isalpha() and w.isupper() and len(w) > 3 else w for w in v.split())
             for v in venue]
    for at in range(len(venue) - 1, 0, -1):
        if POSTCODE_RE.match(venue[at]):
            venue[at - 1:at + 1] = [f"{venue[at - 1]} {venue[at]}"]
    return ", ".join(venue)


def _address_line(line: str) -> bool:
    """'Smith Square', 'London SW1P 3HZ': short, no heading, no label, no sentence."""
    text = plain(line)
    return (bool(text) and not heading_text(line) and not LABEL_RE.match(text) and len(text.split()) <= 6
            and not text.endswith((".", ":")) and not find_date(text) and not find_times(text))


def detect_kind(text: str) -> str:
    """What an extract holds when --kind is not given: 'pack', 'report' or 'minutes' by its headings, or ''."""
    purposes = len(re.findall(r"^\W*purpose(?: of (?:the )?report)?\W*$", text, re.I | re.M))
    lines = text.split("\n")
    agenda = agenda_mod.find_start(lines) >= 0
    if purposes > 1 or (purposes and agenda) or (agenda and len(lines) > 40):
        return "pack"
    if purposes:
        return "report"
    if re.search(r"note of decisions|^\W*decisions?\W*$|^\W*actions?\W*$|^\W*resolved\b", text, re.I | re.M):
        return "minutes"
    return ""
