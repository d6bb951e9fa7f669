"""The head of a note of a meeting (title block, attendance table) and the declarations of interest in it.

The attendance table is a markdown table or tab-separated rows: a label (Chairman, Members, Apologies,
Observers/Other attendees, LGA Officers) then name and council; an empty label continues the section above."""

from __future__ import annotations

import re

from .people import People, is_council, reads_as_name, same_council, split_name
from .text import find_date, find_times, plain

KINDS = (("apolog", "apologies"), ("substitut", "substitutes"), ("officer", "officers"), ("observer", "observers"),
         ("other attendee", "observers"), ("in attendance", "observers"), ("guest", "guests"))
NAME = r"(?:(?:Cllrs?\.?|Councillors?|Sir|Dr)\s+)?[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+){0,3}"
DECLARED_RE = re.compile(rf"({NAME}(?:(?:\s*,\s*|\s+and\s+){NAME})*)\s+(?:each\s+|both\s+)?declared\s+"
                         r"(?:an?\s+)?(?:(?:personal|prejudicial|pecuniary|non-pecuniary|other)\s+)*interests?\b"
                         r"\s*(.*?)(?:\.(?:\s|$)|$)")


HEAD_LABEL_RE = re.compile(r"^\*\*(title|date|time|venue):?\*\*:?\s*(.*)$", re.I)


def is_table(line: str) -> bool:
    return "\t" in line or line.lstrip().startswith("|")


def last_table_line(lines: list[str]) -> int:
    return max((i for i, line in enumerate(lines) if is_table(line)), default=-1)


def read_header(lines: list[str], people: People, doubts: list | None = None) -> tuple[dict, dict]:
    """The title block and attendance table -> (meta: date/start/end/venue, attendance by kind). `doubts` gets
    (code, message, text[, nth showing of the text]) for what the clerk should check (a row printed twice)."""
    meta: dict = {}
    attendance: dict = {}
    section, role = "", ""
    seen: set = set()
    doubts = doubts if doubts is not None else []
    for line in _unwrap_labels(lines):
        stripped = line.strip()
        if not stripped or re.match(r"^\|?[\s|:-]+\|?$", stripped):
            continue
        label_match = HEAD_LABEL_RE.match(stripped)
        if label_match:
            _meta(label_match.group(1).lower(), plain(label_match.group(2)), meta)
            continue
        if not is_table(line):  # a row of empty cells but one keeps its tabs (not `stripped`)
            continue
        cells = [plain(c) for c in (stripped.strip("|").split("|") if "\t" not in line else line.rstrip().split("\t"))]
        cells += ["", "", ""]
        label = cells[0].rstrip(":").strip()
        if label.lower() in ("title", "date", "time", "venue"):
            _meta(label.lower(), cells[1], meta)
            continue
        if label.lower() in ("position", "attendance", "item"):
            continue
        if label:
            section, role = _section(label)
        if not section or not cells[1]:
            continue
        substituted = re.search(r"\(\s*for\s+([^)]+)\)", cells[1], re.I)  # "Julie Hall (for Lorraine Fox)"
        if substituted:
            cells[1] = (cells[1][: substituted.start()] + cells[1][substituted.end():]).strip()
        names = [part for name in people.split_run(cells[1]) for part in _two_names(name, people)]
        kind = {"officers": "officer", "observers": "observer", "guests": "guest"}.get(section, "councillor")
        detail = cells[2] if len(names) == 1 else ""
        for name in names:
            person = people.resolve_or_stub(name, kind, detail)
            if not person:
                continue
            entry = {"person": person, "role": role} if section == "present" else person
            if section == "substitutes":
                entry = {"person": person}
                absent = people.resolve(substituted.group(1).strip()) if substituted else None
                if substituted and not absent:
                    absent = people.resolve_or_stub(substituted.group(1).strip(), "councillor")
                if absent:
                    entry["for"] = absent
            known = people.council_of(person)
            if detail and is_council(detail) and known and not same_council(known, detail):
                # printed beside a councillor known under another council: keep what this meeting's papers say, and
                # have the summary ask (a councillor who moved, or the PDF's table shifted a column)
                entry = {**(entry if isinstance(entry, dict) else {"person": person}), "council": detail}
                people.printed[person] = (detail, known)
            if (section, person) in seen:  # a row the extract printed twice
                doubts.append(("duplicate-row", f"'{name}' is listed twice under {section} in the note's "
                               "attendance: counted once", name, 2))
                continue
            seen.add((section, person))
            attendance.setdefault(section, []).append(entry)
    return meta, attendance


def _unwrap_labels(lines: list[str]) -> list[str]:
    """A labelled head line wrapped in a narrow column ('**Venue:** Bevin Hall, Local Government House, Smith' /
    'Square, London SW1P 3HZ') is one line again: a plain line right under it (no blank between) continues its
    value, unless it is a table row, a heading or a label of its own ('**Attendance**', 'Present:')."""
    out: list[str] = []
    for line in lines:
        text = line.strip()
        if (out and HEAD_LABEL_RE.match(out[-1].strip()) and text and not is_table(line)
                and not text.startswith(("**", "#", "<")) and not re.match(r"^[A-Za-z][\w /]{0,30}:", text)):
            out[-1] = f"{out[-1].rstrip()} {text}"
            continue
        out.append(line)
    return out


def _two_names(name: str, people: People) -> list[str]:
    """'Karen Fox Carol Turner' (two people a PDF table fused into one cell, neither known yet) -> both; a name of
    four words with a title or an honour, or one already known, stays whole."""
    titles, bare, honours = split_name(name)
    words = bare.split()
    if titles or honours or len(words) != 4 or people.resolve(name, surname_only=False):
        return [name]
    halves = [" ".join(words[:2]), " ".join(words[2:])]
    return halves if all(reads_as_name(h) for h in halves) else [name]


def _section(label: str) -> tuple[str, str]:
    lower = label.lower()
    for prefix, kind in KINDS:
        if prefix in lower:
            return kind, ""
    role = "Member" if lower in ("members", "member") else label
    return "present", role


def _meta(key: str, value: str, meta: dict) -> None:
    if not value:
        return
    if key == "title" or key == "date":
        found = find_date(value)
        if found:
            meta["date"] = found[0]
            rest = value[found[1].end():].strip(" ,")
            # 'Title: Board 3 March 2014 10.30 am – 12.00 pm Room 1': the times printed before the venue
            clock = re.match(r"^(?:(?:\s*(?:–|—|-|to)\s*)?(?:\d{1,2}(?:[.:]\d{2})?\s*(?:am|pm)|\d{1,2}[.:]\d{2})\b)+",
                             rest, re.I)
            if key == "title" and clock and find_times(clock.group(0)):
                times = find_times(clock.group(0))
                meta.setdefault("start", times[0])
                if len(times) > 1:
                    meta.setdefault("end", times[1])
                rest = rest[clock.end():].strip(" ,")
            if key == "title" and rest:
                meta.setdefault("venue", rest)
    if key == "time":
        times = find_times(value)
        if times:
            meta["start"] = times[0]
        if len(times) > 1:
            meta["end"] = times[1]
    if key == "venue":
        meta["venue"] = value


def declarations(texts: list[str], people: People) -> list[dict]:
    """'Cllr Richard Stay declared an interest in Item 7 as a trustee of ...' -> person, item, interest."""
    out = []
    for text in texts:
        for match in DECLARED_RE.finditer(text.replace("\n", " ")):
            whos, rest = re.split(r"\s*,\s*|\s+and\s+", match.group(1)), match.group(2)
            # "Cllrs A and B declared ...": the plural title is each one's
            whos = [re.sub(r"^(?:Cllrs\.?|Councillors)\s+", "", who) for who in whos]
            found = [people.resolve(who) or people.resolve_or_stub(who, "councillor") for who in whos]
            for person in [p for p in found if p]:
                out += _declared(person, rest)
    return out


def _declared(person: str, rest: str) -> list[dict]:
    """One person's declaration: the item it names and each interest ('with Deloitte and as a trustee of ...')."""
    out = []
    number = re.search(r"\bin\s+(?:agenda\s+)?item\s+(\d{1,3}[a-z]?)\b", rest, re.I)
    rest = (rest[: number.start()] + rest[number.end():]) if number else rest
    for part in re.split(r"\s+and\s+(?=as\b|with\b|in\b)", rest.strip()):
        part = re.sub(r"^(?:as\s+)?(?:an?\s+)?", "", part.strip(), flags=re.I).strip(" ,.")
        if part.lower().startswith(("with ", "in ")):
            part = "Interests " + part
        declaration: dict = {"person": person}
        if number:
            declaration["item"] = int(number.group(1)) if number.group(1).isdigit() else number.group(1)
        declaration["interest"] = (part[:1].upper() + part[1:]) if part else "Interest declared"
        out.append(declaration)
    return out


LABEL_RE = re.compile(r"^\W*(present|members present|substitutes?|apologies(?: for absence)?|observers?|officers?|"
                      r"(?:lga |council )?officers in attendance|also (?:present|in attendance)|in attendance|"
                      r"guests?)\W*:\W*(.*)$", re.I)


def prose_attendance(lines: list[str], people: People) -> dict:
    """'Present: Councillors Peter Fleming (Chairman), Rod Bluh and Richard Stay.' and the other labels of a
    council's minutes (Substitutes, Apologies, Observers, Officers, Also present) -> attendance by kind."""
    attendance: dict = {}
    runs: list[tuple[str, str]] = []
    for line in lines:
        text = plain(line) if line.strip() else ""
        match = LABEL_RE.match(text)
        if match:
            runs.append((match.group(1).lower(), match.group(2)))
        elif runs and text and not text.endswith(":") and len(runs[-1][1]) < 2000 and not runs[-1][1].endswith("."):
            runs[-1] = (runs[-1][0], runs[-1][1] + " " + text)
        elif runs and not text:
            runs.append(("", ""))
    for label, names in runs:
        if not label:
            continue
        section = "present" if label.startswith(("present", "members")) else _section(label)[0]
        if "also" in label or "guest" in label:
            section = "guests"
        kind = {"officers": "officer", "observers": "observer", "guests": "guest"}.get(section, "councillor")
        for part in re.split(r"\s*,\s*|\s+and\s+", names.strip().rstrip(".")):
            role = re.search(r"\(([^)]*)\)", part)
            name = re.sub(r"\([^)]*\)", "", part)
            name = re.sub(r"^(?:Councillors?|Cllrs?\.?)\s+", "", name.strip())
            person = people.resolve_or_stub(name, kind if not re.match(r"(?i)councillor|cllr", part) else
                                            "councillor") if name else ""
            if not person:
                continue
            if section == "present":
                entry: dict | str = {"person": person, "role": role.group(1) if role else "Member"}
            elif section == "substitutes":
                entry = {"person": person}
                absent = re.match(r"^\s*for\s+(.+?)\s*$", role.group(1), re.I) if role else None
                if absent:  # "Councillor Beverley Griffiths (for Mary Harris)"
                    found = people.resolve(absent.group(1)) or people.resolve_or_stub(absent.group(1), "councillor")
                    if found:
                        entry["for"] = found
            else:
                entry = person
            attendance.setdefault(section, []).append(entry)
    return attendance


def aligned_rows(lines: list[str]) -> list[str]:
    """A table a converter printed with spaces ('Position      Councillor      Council / Representing', then one
    row a line, pdftotext -layout) -> tab-separated rows, cut at the header's column starts. A run needs a header
    of three columns or more and two rows or more whose cells start where the header's do."""
    out = list(lines)
    index = 0
    while index < len(lines):
        starts = [start for start, _ in _cells(lines[index])] if not is_table(lines[index]) else []
        end = index + 1
        if len(starts) >= 3:
            while end < len(lines) and lines[end].strip() and _fits(lines[end], starts):
                end += 1
        if end - index >= 3:
            for row in range(index, end):
                out[row] = "\t".join(_cut(lines[row], starts))
            index = end
        else:
            index += 1
    return out


def _cells(line: str) -> list[tuple[int, str]]:
    return [(m.start(), m.group(0)) for m in re.finditer(r"\S+(?: \S+)*", line.rstrip())]


def _fits(line: str, starts: list[int]) -> bool:
    cells = _cells(line)
    return len(cells) >= 2 and not is_table(line) and all(min(abs(s - x) for x in starts) <= 2 for s, _ in cells)


def _cut(line: str, starts: list[int]) -> list[str]:
    row = [""] * len(starts)
    for start, text in _cells(line):
        column = min(range(len(starts)), key=lambda n: abs(starts[n] - start))
        row[column] = (row[column] + " " + text).strip()
    return row
