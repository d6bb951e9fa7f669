"""A pack cut into its papers: the cover, the membership list, the attendance sheet, the agenda, each report
(from its front sheet: the title above "Purpose of report"), the note of the previous meeting, an action monitor
schedule, other papers, restricted pages and back matter (visitor notes, location map).

Each paper starts at an anchor, a line that can only be its start, and runs to the next anchor, so a report
ends at the next report's front sheet, the next paper or a "Document is Restricted" page, whatever the "Item 3"
page marks say. Papers are then given their agenda number by their title (fuzzy: wording, capitalisation and
punctuation may differ) and only when no title matches by a page mark, which is then reported for checking.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field

from . import agenda as agenda_mod
from . import membership, note_head, schedule
from .furniture import AGENDA_MARK_RE
from .notes import Notes
from .report import is_byline, is_purpose
from .schedule import SCHEDULE_TITLE_RE
from .text import find_date, heading_text, plain

SHEET_RE = re.compile(r"\battendance\b.{0,20}\b(?:19|20)\d\d(?:\s*[-/–]\s*\d{2,4})?\s*$", re.I)
DATE_CELL_RE = re.compile(r"^\d{1,2}[./-]\d{1,2}[./-]\d{2,4}$")
RESTRICTED_RE = re.compile(r"^\W*(?:this\s+)?(?:document|page|report|item|appendix)\s+is\s+restricted\W*$|"
                           r"^\W*restricted\s+document\W*$|\bnot\s+for\s+publication\s+by\s+virtue\b", re.I)
BACK_RE = re.compile(r"location map|guidance notes for visitors|how to get (?:here|to)", re.I)
STOP_WORDS = {"the", "of", "and", "a", "an", "to", "for", "on", "in", "with", "by", "at", "item", "report", "s"}


@dataclass
class Segment:
    kind: str  # cover agenda membership attendance report minutes schedule paper restricted back
    start: int  # first line index
    end: int = 0  # one past the last
    title: str = ""
    number: str = ""
    how: str = ""  # "title", "mark", "" : how the number was found
    marks: list = field(default_factory=list)  # (index, number) of the item marks in or just above it


def anchors(lines: list[str]) -> list[Segment]:
    found: dict[int, Segment] = {0: Segment("cover", 0)}
    start = agenda_mod.find_start(lines)
    rows: set[int] = set()  # the agenda's own lines: "1a. Action Monitor Schedule Page 9" is a row, not the paper
    if start >= 0:
        found[start] = Segment("agenda", start, title="Agenda")
        rows = {row.line - 1 for row in agenda_mod.parse(lines[start:], start, Notes()).rows}
    for index, line in enumerate(lines):
        text = plain(line) if line.strip() else ""
        if not text or ("\t" in line and not SHEET_RE.search(text)):
            continue
        if is_purpose(line):
            title_at = _title_line(lines, index)
            found[title_at] = Segment("report", title_at, title=heading_text(lines[title_at]) or plain(lines[title_at]))
        elif RESTRICTED_RE.search(text):
            found[index] = Segment("restricted", index, title=text)
        elif len(text) > 160:
            continue
        elif note_head.is_note_title(lines, index):
            at = note_head.start_above(lines, index)
            found[at] = Segment("minutes", at, title=note_head.cell_text(lines[index]))
        elif SCHEDULE_TITLE_RE.search(text) and len(text.split()) <= 8 and index not in rows \
                and schedule.follows(lines, index):
            found[index] = Segment("schedule", index, title=text)
        elif membership.is_heading(lines, index):
            found[index] = Segment("membership", index, title=text)
        elif SHEET_RE.search(text) and len(text.split()) <= 12:
            found[index] = Segment("attendance", index, title=text)
        elif BACK_RE.search(heading_text(line) or "") and index > 0:
            found[index] = Segment("back", index, title=text)
    out = [found[i] for i in sorted(found)]
    out = [s for n, s in enumerate(out) if not (s.kind == "agenda" and n + 1 < len(out) and
                                                 out[n + 1].start == s.start)]
    for n, seg in enumerate(out):
        seg.end = out[n + 1].start if n + 1 < len(out) else len(lines)
    _pull_marks(lines, out)
    return out


def _title_line(lines: list[str], purpose_at: int) -> int:
    """The report's title above its 'Purpose of report': the nearest heading, else (a front sheet printed
    plain) the nearest line of text that is not an item mark or a date."""
    for index in range(purpose_at - 1, max(-1, purpose_at - 15), -1):
        text = heading_text(lines[index])
        if text and not AGENDA_MARK_RE.match(lines[index].strip()) and not is_byline(text):
            return index
    for index in range(purpose_at - 1, max(-1, purpose_at - 10), -1):
        text = plain(lines[index]) if lines[index].strip() else ""
        if text and not AGENDA_MARK_RE.match(lines[index].strip()) and not find_date(text) and len(text) < 160 \
                and not is_byline(text):
            return index
    return purpose_at


def _table_follows(lines: list[str], index: int) -> bool:
    return any("\t" in x or x.strip().startswith("|") for x in lines[index + 1:index + 14])


def _pull_marks(lines: list[str], segments: list[Segment]) -> None:
    """Item marks ('Item 9', 'Agenda Item 5b') in each paper, and those standing just above its first line
    (they belong to the paper below them, not to the end of the one before)."""
    for n, seg in enumerate(segments):
        for index in range(seg.start, seg.end):
            match = AGENDA_MARK_RE.match(lines[index].strip())
            if match:
                seg.marks.append((index, match.group(1).lower()))
        if n + 1 < len(segments):
            nxt = segments[n + 1]
            above = [m for m in seg.marks if _only_blank_between(lines, m[0] + 1, nxt.start)]
            for mark in above:
                seg.marks.remove(mark)
                nxt.marks.insert(0, mark)
            if above and seg.kind not in ("cover", "agenda"):
                seg.end = min(seg.end, above[0][0])
                nxt.start = above[0][0]


def _only_blank_between(lines: list[str], a: int, b: int) -> bool:
    return all(not lines[i].strip() or AGENDA_MARK_RE.match(lines[i].strip()) for i in range(a, b))


def words(text: str) -> list[str]:
    text = plain(text).lower().replace("&", " and ")
    out = [re.sub(r"s$", "", w) if len(w) > 3 else w for w in re.findall(r"[a-z0-9]+", text)]
    return [w for w in out if w not in STOP_WORDS]


def likeness(a: str, b: str) -> float:
    """How alike two titles are, 0..1: their words in order, or the share of the shorter one's words."""
    wa, wb = words(a), words(b)
    if not wa or not wb:
        return 0.0
    ratio = difflib.SequenceMatcher(None, " ".join(wa), " ".join(wb)).ratio()
    shorter = min(len(set(wa)), len(set(wb)))
    contained = len(set(wa) & set(wb)) / shorter if shorter >= 2 else 0.0
    return max(ratio, 0.9 * contained)


def number_papers(segments: list[Segment], rows: list) -> None:
    """Give each paper its agenda number: best title matches first (each agenda line once), then page marks."""
    papers = [s for s in segments if s.kind in ("report", "minutes", "schedule", "paper")]
    numbered = [r for r in rows if r.number]
    pairs = sorted(((likeness(s.title, r.title), i, j) for i, s in enumerate(papers)
                    for j, r in enumerate(numbered)), key=lambda p: (-p[0], p[1], p[2]))
    taken: set[int] = set()
    for score, i, j in pairs:
        if score >= 0.6 and not papers[i].number and j not in taken:
            papers[i].number, papers[i].how = numbered[j].number, "title"
            taken.add(j)
    used = {s.number for s in papers if s.number}
    for seg in papers:
        if seg.number:
            continue
        if seg.kind == "minutes":
            row = next((r for r in numbered if r.number not in used
                        and re.search(r"\b(?:notes?|minutes)\b", r.title, re.I)), None)
            if row:
                seg.number, seg.how = row.number, "title"
                used.add(row.number)
                continue
        marks = [number for _, number in seg.marks if number not in used]
        if marks:
            seg.number, seg.how = marks[0], "mark"
            used.add(marks[0])


def restricted_numbers(segments: list[Segment]) -> dict[str, int]:
    """Item numbers whose papers are restricted (their mark stands with a 'Document is Restricted' page) ->
    the line index of the marker."""
    return {number: seg.start for seg in segments if seg.kind == "restricted" for _, number in seg.marks}


def is_sheet_header(line: str) -> bool:
    """A table header with dates as columns (an attendance sheet: 'Councillors  17.09.12  15.01.13')."""
    cells = [plain(c) for c in line.split("\t")] if "\t" in line else []
    return sum(1 for c in cells if DATE_CELL_RE.match(c)) >= 1
