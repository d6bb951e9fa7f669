"""An attendance sheet ("LGA Improvement & Innovation Board Attendance 2016-2017"): a table of members with a
Yes/No column per meeting of the year -> the attendance of each of those meetings (Yes: present; No: apologies;
a substitute listed with Yes: substitutes).

What the extract does to such a table: the group heading fused into the first name cell ("Conservative Group
Peter Fleming"), a row printed twice, names misspelt by OCR ("Tony McDermot"): a fused heading is split off,
a repeated row counted once, and a name is matched to the membership's people with a warning when it differs.
"""

from __future__ import annotations

import datetime as dt
import re

from .notes import Notes
from .people import People, reads_as_name
from .text import plain, strip_tags

DATE_RE = re.compile(r"^(\d{1,2})[./-](\d{1,2})[./-](\d{2,4})$")
YES = {"yes", "y", "present", "attended", "✓", "x"}
NO = {"no", "n", "apologies", "absent", "-"}
GROUP_HEAD_RE = re.compile(r"^(?:[A-Z][A-Za-z]+\s+){0,2}(?:Group|Party|Members)\b\s*|^(?:Conservative|Labour|"
                           r"Liberal Democrats?|Lib Dems?|Independents?|Green|Plaid Cymru|SNP)\b(?:\s+Group)?\s*")


def parse(lines: list[str], offset: int, people: People, known: list[str], notes: Notes
          ) -> dict[dt.date, dict]:
    """-> {meeting date: attendance ({'present': [...], 'apologies': [...], 'substitutes': [...]})}."""
    dates: list[tuple[int, dt.date]] = []
    out: dict[dt.date, dict] = {}
    seen: set[str] = set()
    substitutes = False
    for index, line in enumerate(lines):
        number = offset + index + 1
        if "\t" not in line:
            continue
        cells = [plain(strip_tags(c)) for c in line.split("\t")]
        found = [(i, _date(c)) for i, c in enumerate(cells) if _date(c)]
        if found:
            dates = found
            continue
        if not dates:
            continue
        name = cells[0]
        if re.match(r"^\W*substitutes?\b", name, re.I):
            substitutes = True
            name = re.sub(r"^\W*substitutes?:?\s*", "", name, flags=re.I)
        fused = GROUP_HEAD_RE.match(name)
        if fused:
            substitutes = False
            name = name[fused.end():].strip()
        if not name:
            continue
        marks = {d: cells[i].strip().lower() if i < len(cells) else "" for i, d in dates}
        if not any(m in YES | NO for m in marks.values()):
            continue
        person = _person(name, people, known, notes, number)
        if not person:
            continue
        if person in seen:
            notes.warn(number, "duplicate-row", f"'{name}' is listed twice in the attendance sheet: counted once")
            continue
        seen.add(person)
        for date, mark in marks.items():
            record = out.setdefault(date, {})
            if mark in YES:
                if substitutes:
                    record.setdefault("substitutes", []).append({"person": person})
                else:
                    record.setdefault("present", []).append({"person": person})
            elif mark in NO and not substitutes:
                record.setdefault("apologies", []).append(person)
    return out


def _date(cell: str) -> dt.date | None:
    match = DATE_RE.match(cell.strip())
    if not match:
        return None
    day, month, year = int(match.group(1)), int(match.group(2)), int(match.group(3))
    year += 2000 if year < 100 else 0
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _person(name: str, people: People, known: list[str], notes: Notes, line: int) -> str:
    """A sheet name -> a person id: the exact name, else the closest of the members just read (OCR misspellings
    such as 'Tony McDermot'), reported; a stub only for a new name that reads as one."""
    found = people.resolve(name, surname_only=False)
    if found:
        return found  # a near miss resolve() allowed is reported with the others (people.approximate)
    close = people.closest(name, known)
    if close:
        notes.warn(line, "fuzzy-name", f"attendance sheet '{name}' matched to {close} (spelling differs)")
        return close
    if not reads_as_name(name):
        notes.warn(line, "not-a-name", f"attendance sheet row '{name}' does not read as a person's name: left out")
        return ""
    return people.resolve_or_stub(name, "councillor", line=line)
