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

from .furniture import is_mark
from .notes import Notes
from .text import find_times, plain, strip_tags

NUMBER_RE = re.compile(r"^(?:(?:agenda\s+)?item\s+)?(\d{1,2}[a-z]?)[.)]?$", re.I)
NUMBERED_RE = re.compile(r"^(?:(?:agenda\s+)?item\s+)?(\d{1,2}[a-z]?)[.)]?\s+(\S.*)$", re.I)
TIME = r"\d{1,2}(?:[:.]\d{2}\s*(?:am|pm)?|\s*(?:am|pm))"
TIME_CELL_RE = re.compile(rf"^{TIME}(?:\s*[-–]\s*{TIME})?$", re.I)
TRAILING_TIME_RE = re.compile(rf"\s*\(({TIME}(?:\s*[-–]\s*{TIME})?)\)\s*$", re.I)
PAGES_RE = re.compile(r"^(?:pages?\s*)?(\d{1,4})(?:\s*[-–]\s*(\d{1,4}))?$", re.I)
TRAILING_PAGES_RE = re.compile(r"^(.*?\S)\s{2,}(\d{1,4}(?:\s*[-–]\s*\d{1,4})?)$")
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
class AgendaRow:
    number: str  # "" for a line with a timing but no item (Table discussions, Feedback)
    title: str
    timing: str = ""
    description: str = ""
    pages: str = ""
    exempt: str = ""
    line: int = 0  # 1-based line in the source


@dataclass
class Agenda:
    rows: list
    notes: list  # (index in rows, text): section rows (PART TWO, LUNCH ...)
    start: int = -1  # index of its first line, -1 when none was found


def is_header(line: str) -> bool:
    cells = [plain(c).lower().rstrip(":") for c in _cells(line)]
    return (len(cells) > 1 and "item" in cells and len([c for c in cells if c]) <= 5
            and not any(re.search(r"decision|action|progress", c) for c in cells))


def find_start(lines: list[str]) -> int:
    """The first header row of an agenda table, else the line after an 'Agenda' heading that has numbered rows
    under it, else -1."""
    for index, line in enumerate(lines):
        if is_header(line):
            return index
    for index, line in enumerate(lines):
        if plain(line).lower().rstrip(":") == "agenda":
            rows = [x for x in lines[index + 1:index + 12] if NUMBERED_RE.match(plain(x.replace("\t", " ")))]
            if len(rows) >= 2:
                return index
    return -1


def parse(lines: list[str], offset: int, notes: Notes) -> Agenda:
    """The agenda in `lines` (a slice of the source starting at index `offset`)."""
    agenda = Agenda([], [], offset)
    exempt_mode, current, follows = False, None, False
    for index, line in enumerate(lines):
        stripped = line.strip()
        after_row, follows = follows, False
        if not stripped or is_header(line) or plain(stripped).lower().rstrip(":") == "agenda" or is_mark(line) \
                or re.fullmatch(r"[\s|:+-]+", stripped):  # a markdown table's separator row
            continue
        cells = [c for c in (plain(strip_tags(c)) for c in _cells(line))]
        if current is not None and after_row and _continues(stripped, cells):
            _continue(current, cells)  # a title wrapped onto the next line, or its timing under it
            follows = True
            continue
        row = _row(cells, index + offset + 1)
        if row is not None and row.number and any(r.number == row.number for r in agenda.rows):
            row = None  # a number the agenda already has: a numbered paragraph past the table, not an item
            current = None
            continue
        if row is not None:
            procedural = re.match(r"(?i)(?:date of (?:the )?next meeting|any other business|close)", row.title)
            if (exempt_mode and not procedural) or CONFIDENTIAL_RE.search(row.title):
                row.exempt = PLACEHOLDER
                row.title = re.sub(r"\s*\((?:confidential|exempt|part\s*2)\)\s*$", "", row.title, flags=re.I)
            agenda.rows.append(row)
            current, follows = row, True
            continue
        text = " ".join(c for c in cells if c)
        if not text:
            continue
        lead_empty = "\t" in line and not _cells(line)[0].strip()
        own = ROW_EXEMPT_RE.match(text)
        if current is not None and own and not stripped.startswith(("#", "**", "<b>")):
            # "Confidential: Paragraph 4 of Schedule 12A ..." under an item: that item is exempt, not a section
            current.exempt = own.group(1).strip().rstrip(".") if REASON_RE.search(own.group(1)) else PLACEHOLDER
            continue
        if current is not None and (lead_empty or not _is_section(line, text)):
            if current.exempt and REASON_RE.search(text) and current.exempt == PLACEHOLDER:
                current.exempt = text.rstrip(".")
            else:
                current.description = (current.description + " " + text).strip()
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
        if row.exempt == PLACEHOLDER:
            notes.warn(row.line, "exempt-reason", f"item {row.number} is confidential but the pack prints no "
                       "reason: a placeholder reason was written for you to confirm")
    return agenda


def _continues(raw: str, cells: list[str]) -> bool:
    """A line right under an agenda row that carries on its title: bold like it, starting in lower case, or only
    its timing in brackets."""
    text = " ".join(c for c in cells if c)
    return bool((raw.startswith(("**", "<b>")) and not NUMBERED_RE.match(text) and not _is_section_text(text))
                or re.match(r"^[a-z]", text) or TRAILING_TIME_RE.fullmatch(text))


def _continue(row: AgendaRow, cells: list[str]) -> None:
    text = " ".join(c for c in cells if c and not TIME_CELL_RE.match(c) and not PAGES_RE.match(c))
    timing = TRAILING_TIME_RE.search(text)
    if timing:
        row.timing = row.timing or _timing(timing.group(1))
        text = text[: timing.start()]
    if text.strip():
        row.title = f"{row.title} {text.strip()}".strip()


def _is_section_text(text: str) -> bool:
    letters = re.sub(r"[^A-Za-z]", "", text)
    return bool((letters and letters.isupper() and len(letters) > 3) or CONFIDENTIAL_RE.search(text)
                or PUBLIC_RE.search(text))


def _timing(text: str) -> str:
    times = find_times(text) or find_times(re.sub(r"(\d)\s*(am|pm)", r"\1:00\2", text, flags=re.I))
    return "-".join(times[:2]) if times else ""


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


def _row(cells: list[str], line: int) -> AgendaRow | None:
    cells = [c.strip() for c in cells]
    filled = [c for c in cells if c]
    if not filled:
        return None
    number, title, rest = "", "", []
    first = filled[0]
    if NUMBER_RE.match(first) and len(filled) > 1:
        number, title, rest = NUMBER_RE.match(first).group(1), filled[1], filled[2:]
    elif NUMBERED_RE.match(first):
        match = NUMBERED_RE.match(first)
        number, title, rest = match.group(1), match.group(2), filled[1:]
    else:
        title, rest = first, filled[1:]
    timing = pages = ""
    bracketed = TRAILING_TIME_RE.search(title)
    if bracketed:
        title, timing = title[: bracketed.start()], _timing(bracketed.group(1))
    if number and not rest:
        trailing = TRAILING_PAGES_RE.match(title)
        if trailing:
            title, rest = trailing.group(1), [trailing.group(2)]
    for cell in rest:
        if TIME_CELL_RE.match(cell) and not timing:
            timing = _timing(cell)
        elif PAGES_RE.match(cell) and not pages:
            pages = re.sub(r"\s*[-–]\s*", "-", PAGES_RE.match(cell).group(0)).lower().removeprefix("pages").strip()
    if not number and not timing:
        return None
    if rest and not timing and not pages and not number:
        return None
    description = ""
    bold = re.match(r"^(.+?):\s+(\S.*)$", title)
    if bold and re.match(r"(?i)date of (?:the )?next meeting", bold.group(1)):
        title, description = bold.group(1), bold.group(2)
    title = re.sub(r"[.:]$", "", title.strip()).strip()
    if not title or len(title) > 200:
        return None
    return AgendaRow(number.lower(), title, timing, description, pages, "", line)


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
