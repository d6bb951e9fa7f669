"""The agenda of a pack: its table (item numbers, titles, timings, page ranges), the section rows between
(PART TWO, LUNCH, "Section 2 (confidential)") and the lines under an item (its description, or the reason an
item is exempt).

The table is found by its header row: a row with an "Item" cell wherever it stands (the header often begins with
an empty cell), or the "Agenda" heading when the rows follow with no header. Rows are tab- or bar-separated
cells, or plain "3. Title  12 - 20" lines. Everything from a confidential section row on is exempt until a public
one; its reason is the printed one ("Paragraph 3: information relating to ...") or a placeholder the clerk must
confirm, and the import warns about it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from . import agenda_rows as rows
from .agenda_rows import NEXT_MEETING_RE as NEXT_RE
from .agenda_rows import NUMBERED_RE, AgendaRow
from .furniture import is_mark
from .notes import Notes
from .text import find_date, plain, strip_tags

__all__ = ["Agenda", "AgendaRow", "find_start", "is_header", "next_meeting", "parse", "table"]

CONFIDENTIAL_RE = re.compile(r"\b(?:section\s*2\b|confidential|exempt|private\s+session|not\s+for\s+publication|"
                             r"restricted)|^\W*part\s*(?:2|two|ii)\W*$", re.I)
# "PART TWO: IMPROVEMENT AND INNOVATION BOARD" is the second session of a joint meeting, not a private one
ROW_EXEMPT_RE = re.compile(r"^\W*(?:confidential|exempt(?:\s+item)?|private|not\s+for\s+publication)\b\W*(.*)$", re.I)
PUBLIC_RE = re.compile(r"\b(?:part\s*(?:1|one|i)\b|section\s*1\b|public\s+session|open\s+session)", re.I)
REASON_RE = re.compile(r"\bparagraph\s+\d|\bschedule\s*12\s*a\b|\binformation\s+relating\s+to\b|"
                       r"\bexempt\s+(?:information|under|by\s+virtue)", re.I)
PLACEHOLDER = ("TO CONFIRM: confidential (the pack prints no reason; give the paragraph of Schedule 12A of the "
               "Local Government Act 1972 that applies)")


@dataclass
class Agenda:
    rows: list
    notes: list  # (index in rows, text): section rows (PART TWO, LUNCH ...)
    start: int = -1  # index of its first line, -1 when none was found


def is_header(line: str) -> bool:
    cells = [plain(c).lower().rstrip(":") for c in _cells(line)]
    # "Item" heads the numbers' column; a table that leaves that column unheaded names "Title" and its timing
    # or page column instead ("|  | Title | Timing | Page |")
    named = "item" in cells or ("title" in cells and bool({"timing", "time", "page", "pages"} & set(cells)))
    return (len(cells) > 1 and named and len([c for c in cells if c]) <= 5
            and not any(re.search(r"decision|action|progress", c) for c in cells))


def find_start(lines: list[str]) -> int:
    """The first header row of an agenda table, else the line after an 'Agenda' heading that has numbered rows
    under it, else -1."""
    for index, line in enumerate(lines):
        if is_header(line):
            return index
    for index, line in enumerate(lines):
        if plain(line).lower().rstrip(":") == "agenda":
            rows = [x for x in lines[index + 1:index + 16] if NUMBERED_RE.match(plain(x.replace("\t", " ")))]
            if len(rows) >= 2:
                return index
    return -1


def parse(lines: list[str], offset: int, notes: Notes) -> Agenda:
    """The agenda in `lines` (a slice of the source starting at index `offset`). It ends where its page ends,
    unless the next page carries on its numbering, and where the numbering starts again (the minutes' or a
    report's own numbered headings are never agenda items)."""
    agenda = Agenda([], [], offset)
    exempt_mode, current, follows = False, None, False
    blanks, page_break = 0, False
    for index, line in enumerate(lines):
        stripped = line.strip()
        after_row, follows = follows, False
        if not stripped or re.fullmatch(r"-{3,}|_{3,}|\*{3,}", stripped):
            blanks += 2 if stripped else 1
            follows = after_row and blanks < 2 and current is not None and current.open_pages
            continue
        page_break, blanks = page_break or blanks >= 2, 0
        if is_header(line) or plain(stripped).lower().rstrip(":") == "agenda" or is_mark(line) \
                or re.fullmatch(r"[\s|:+-]+", stripped):  # a markdown table's separator row
            continue  # (a page break before an item mark is still a page break)
        cells = [c for c in (plain(strip_tags(c)) for c in _cells(line))]
        text = " ".join(c for c in cells if c)
        if current is not None and (after_row or current.open_pages) and rows.continues(
                current, stripped, text, _is_section_text):
            rows.carry_on(current, cells)  # a title wrapped onto the next line, its timing, its last page
            follows = True
            continue
        row = rows.row(cells, index + offset + 1)
        if row is not None and current is not None and _cut_sentence(current.description, text):
            row = None  # 'Reason: Paragraph' / '3 of Schedule 12A: ...': a sentence wrapped before a number
        if agenda.rows and (page_break or row is not None) and _ends(agenda, row, text, page_break):
            if row is None and _carries_on(agenda, lines[index + 1:index + 8]):
                continue  # the next page's running head, then more of the agenda
            break
        page_break = False
        if row is not None:
            if (exempt_mode and not NEXT_RE.match(row.title)) or row.marked_exempt \
                    or CONFIDENTIAL_RE.search(row.title):
                row.exempt = PLACEHOLDER
                row.title = re.sub(r"\s*\((?:confidential|exempt|part\s*2)\)\s*$", "", row.title, flags=re.I)
            agenda.rows.append(row)
            current, follows = row, True
            continue
        if not text:
            continue
        lead_empty = "\t" in line and not _cells(line)[0].strip()
        own = ROW_EXEMPT_RE.match(text)
        if current is not None and own and not stripped.startswith(("#", "**", "<b>")):
            # "Confidential: Paragraph 4 of Schedule 12A ..." under an item: that item is exempt, not a section
            current.exempt = _reason(own.group(1)) or PLACEHOLDER
            continue
        if current is not None and (lead_empty or not _is_section(line, text)):
            if current.exempt and (current.exempt == PLACEHOLDER or current.description):
                current.description = (current.description + " " + text).strip()
                current.exempt = _reason(current.description) or current.exempt
            else:
                current.description = (current.description + " " + text).strip()
            follows = bool(current.exempt)  # a timing may still follow the reason
            continue
        if CONFIDENTIAL_RE.search(text):
            exempt_mode = True
        elif PUBLIC_RE.search(text):
            exempt_mode = False
        if agenda.notes and agenda.notes[-1][0] == len(agenda.rows):
            text = agenda.notes.pop()[1] + " – " + text
        agenda.notes.append((len(agenda.rows), text))
        current = None
    for row in agenda.rows:
        if row.exempt and row.exempt != PLACEHOLDER:
            row.description = ""  # the lines under a confidential item are its reason
        if row.exempt == PLACEHOLDER:
            notes.warn(row.line, "exempt-reason", f"item {row.number} is confidential but the pack prints no "
                       "reason: a placeholder reason was written for you to confirm")
    return agenda


def _ends(agenda: Agenda, row, text: str, page_break: bool) -> bool:
    """Whether the agenda has ended before this line: its numbering starts again, or a page ends and the next
    one does not carry on the agenda (another row, or a Part 2 / confidential section)."""
    numbers = [r.number for r in agenda.rows if r.number]
    if row is not None and row.number and row.number in numbers:
        return True
    if not page_break:
        return False
    if row is not None and row.number:
        return _value(row.number) < _value(numbers[-1]) if numbers else False
    return row is None and not (CONFIDENTIAL_RE.search(text) or PUBLIC_RE.search(text))


def _carries_on(agenda: Agenda, following: list[str]) -> bool:
    """Whether one of the next few lines is the agenda's next row (past a running head the source left)."""
    numbers = [r.number for r in agenda.rows if r.number]
    for line in [x for x in following if x.strip()][:3]:
        row = rows.row([plain(strip_tags(c)) for c in _cells(line)], 0)
        if row is not None and row.number:
            return row.number not in numbers and (not numbers or _value(row.number) > _value(numbers[-1]))
    return False


def _value(number: str) -> tuple[int, str]:
    digits = re.match(r"\d+", number)
    return (int(digits.group(0)) if digits else 0, number)


def _cut_sentence(before: str, text: str) -> bool:
    """Whether a line that reads as a numbered row goes on with the sentence above it instead: the lines under
    the item stop mid-sentence and this one goes on in lower case after its number ('3 of Schedule 12A')."""
    return bool(before.strip()) and not re.search(r"[.!?:;)]\W*$", before.strip()) and \
        bool(re.match(r"^\d+[a-z]?\s+[a-z]", text))


def _reason(text: str) -> str:
    """The printed reason an item is confidential, from the lines under it: 'The public are likely to be
    excluded ... Reason: Paragraph 3 of Schedule 12A: financial or business affairs.' -> 'Paragraph 3 ...'."""
    if not REASON_RE.search(text):
        return ""
    said = re.search(r"\breason\s*:\s*(.+)$", text, re.I) or re.search(r"\b((?:paragraph|para\.?)\s+\d.*)$", text, re.I)
    return (said.group(1) if said else text).strip().rstrip(".").strip()


def _is_section_text(text: str) -> bool:
    letters = re.sub(r"[^A-Za-z]", "", text)
    return bool((letters and letters.isupper() and len(letters) > 3) or CONFIDENTIAL_RE.search(text)
                or PUBLIC_RE.search(text))


def _cells(line: str) -> list[str]:
    if "\t" in line:
        return line.rstrip("\n").split("\t")
    stripped = line.strip()
    if stripped.startswith("|") and stripped.count("|") >= 2:
        return [c for c in stripped.strip("|").split("|")]
    return [stripped]


def _is_section(line: str, text: str) -> bool:
    stripped = line.strip()
    letters = re.sub(r"[^A-Za-z]", "", text)
    return bool(stripped.startswith(("**", "<b>", "#")) or (letters and letters.isupper())
                or CONFIDENTIAL_RE.search(text) or PUBLIC_RE.search(text))


def next_meeting(lines: list[str]) -> str:
    """The date of the next meeting as a cover or details page prints it: 'Date of next meeting: Monday, 16 May
    2016', or the date on a line under a 'Date of next meeting' heading; '' when none is printed."""
    for index, line in enumerate(lines):
        text = plain(line) if line.strip() else ""
        if len(text) > 120 or not NEXT_RE.match(text):
            continue
        for candidate in [text[NEXT_RE.match(text).end():], *[plain(x) for x in lines[index + 1:index + 4]]]:
            if find_date(candidate):
                return candidate.strip(" :.")
    return ""


def table(agenda: Agenda) -> str:
    """The agenda as a table for the meeting's body, with its section rows in bold."""
    if not agenda.rows:
        return ""
    paged = any(r.pages for r in agenda.rows)
    lines = ["## Agenda", "", "| Item | Timing |" + (" Pages |" if paged else ""),
             "|---|---|" + ("---|" if paged else "")]
    notes = dict(agenda.notes)
    for index, row in enumerate(agenda.rows):
        if index in notes:
            lines.append(f"| **{notes[index]}** | |" + (" |" if paged else ""))
        label = f"{row.number}. {row.title}" if row.number else row.title
        lines.append(f"| {label.replace('|', '/')} | {row.timing} |" + (f" {row.pages} |" if paged else ""))
    return "\n".join(lines)
