"""A membership list printed one member a row or one member a block of lines -> entries (name, role, group,
council), whatever the table looks like:

- table rows, tab- or bar-separated: "Peter Fleming [Chair] | Sevenoaks DC", under group rows ("<b>Conservative
  (8)</b>", "| **Labour** (6) | |") and "Substitutes:" rows; a cell wrapped onto the next row ("| Council");
- one field a line: the name, then its role, group and council on the lines under it ("Councillor David Matthews" /
  "Chair" / "Luton CC"), under "Labour Group" headings or with the group on a line of each member, substitutes per
  group ("Labour substitutes:") or all after the groups, a member cut by a page break ("Councillor Rory Palmer" /
  page break / "Labour" / "Leicester City").

The list ends where it ends: at a date, a time, the agenda, or a heading that is neither a political group nor a
label of the list (the next page's cover: "Children and Young People Board", then its date and venue), so a venue
is never read as a member. What is neither a member nor an attribute is reported, never silently dropped."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .people import is_council, reads_as_name
from .text import find_date, find_times, plain, strip_tags

ROLE_WORDS = r"(?:(?:deputy|vice)[\s-]*chair(?:man|woman|person)?|chair(?:man|woman|person)?|deputy|vice)"
ROLE_RE = re.compile(rf"[\[(]\s*({ROLE_WORDS})\s*[\])]", re.I)
LONE_ROLE_RE = re.compile(rf"^[\[(]?\s*({ROLE_WORDS}|substitute|observer|member)\s*[\])]?:?$", re.I)
PARTY = (r"(?:conservative|labour|liberal\s+democrats?|lib\s+dems?|independent|green|plaid\s+cymru|snp|"
         r"scottish\s+national|ukip|reform(?:\s+uk)?|non[\s-]aligned|residents?|co-?operative|other)")
PARTY_RE = re.compile(rf"^({PARTY}(?:\s+(?:and|&)\s+{PARTY})?(?:\s+(?:party|group))?)\s*(?:\((\d{{1,2}})\))?:?$",
                      re.I)
GROUP_RE = re.compile(r"^([A-Z][A-Za-z .&'’-]{2,50}?)\s+group\s*(?:\((\d{1,2})\))?:?$|"
                      r"^([A-Z][A-Za-z .&'’-]{2,50}?)\s*\((\d{1,2})\):?$", re.I)
SUBSTITUTES_RE = re.compile(rf"^(?:({PARTY}|[A-Z][A-Za-z .&'’-]{{2,30}}?)\s+(?:group\s+)?)?substitutes?\b\W*$", re.I)
OBSERVERS_RE = re.compile(r"^(?:observers?|other attendees|in attendance|advisers?|non[\s-]voting\s+members?)\W*$",
                          re.I)
HEADER_WORDS = {"councillor", "councillors", "name", "member", "members", "authority", "council", "group",
                "political group", "party", "role", "position", "organisation", "representing",
                "council / representing"}
MEMBERSHIP_WORD_RE = re.compile(r"\bmembership\b", re.I)


@dataclass
class Entry:
    name: str
    line: int  # 1-based source line
    role: str = "Member"  # Chair, Vice-Chair, Deputy Chair, Member, Substitute, Observer
    group: str = ""
    council: str = ""
    organisation: str = ""
    position: str = ""


def role_name(text: str) -> str:
    low = text.lower()
    for word, name in (("substitute", "Substitute"), ("observer", "Observer"), ("vice", "Vice-Chair"),
                       ("deputy", "Deputy Chair"), ("chair", "Chair")):
        if word in low:
            return name
    return "Member"


def party(text: str) -> str:
    """'Conservative (8)', 'Labour Group', 'Liberal Democrat' -> the group's name; '' for other text."""
    text = text.strip().rstrip(":")
    match = PARTY_RE.match(text)
    if match:
        return re.sub(r"\s+(?:party|group)$", "", match.group(1), flags=re.I).strip()
    match = GROUP_RE.match(text)
    if match and not reads_as_name(match.group(1) or match.group(3) or ""):
        return (match.group(1) or match.group(3)).strip()
    return ""


def cells_of(line: str) -> list[str]:
    """A row's cells as plain text, empty ones kept (a cell wrapped onto the next row begins with them)."""
    stripped = line.strip()
    if "\t" in line:
        raw = line.split("\t")
    elif stripped.startswith("|") and stripped.count("|") >= 2:
        raw = stripped.strip("|").split("|")
    else:
        raw = [stripped]
    return [plain(strip_tags(c)).strip(" *_") for c in raw]


def split_name(cell: str) -> tuple[str, str]:
    """'Peter Fleming [Chair]' -> ('Peter Fleming', 'Chair'); '(Deputy Chair)' anywhere in the cell."""
    found = ROLE_RE.search(cell)
    if not found:
        return cell.strip(), ""
    return (cell[: found.start()] + cell[found.end():]).strip(" ,"), role_name(found.group(1))


def is_end(text: str, bold: bool) -> bool:
    """A line that cannot be part of a membership list: a date, a time, the agenda, a heading of something else."""
    if find_date(text) or find_times(text) or re.match(r"^agenda\b", text, re.I):
        return True
    if len(text.split()) > 14:
        return True
    return bold and not MEMBERSHIP_WORD_RE.search(text)


def read(numbered: list[tuple[int, str]], problems: list) -> list[Entry]:
    """(source line, text) pairs -> entries. `problems` collects (line, text) of lines read as nothing."""
    entries: list[Entry] = []
    group, mode = "", "Member"
    current: Entry | None = None  # the member whose attribute lines may follow
    attached = False  # the line before was the current member's, with no blank line between
    for at, (number, line) in enumerate(numbered):
        cells = cells_of(line) if line.strip() else []
        filled = [c for c in cells if c]
        if not filled or re.fullmatch(r"[\s|:+-]+", line.strip()):
            attached = attached and bool(line.strip())
            continue
        under, attached = attached, False
        text = " ".join(filled)
        bold = bool(re.match(r"^(?:\|\s*)?(?:\*\*|<b>|#)", line.strip()))
        if all(c.lower().rstrip(":") in HEADER_WORDS for c in filled) or (
                MEMBERSHIP_WORD_RE.search(text) and len(filled) == 1):
            continue
        label = bold or text.endswith(":") or bool(re.search(r"s\W*$", text))
        if len(filled) == 1 and under and not label and LONE_ROLE_RE.match(text):
            _attribute(current, text)  # "Substitute" on the line under the name: that member's role
            attached = True
            continue
        if len(filled) == 1 and SUBSTITUTES_RE.match(text):
            mode, current = "Substitute", None
            prefix = SUBSTITUTES_RE.match(text).group(1)
            group = party(prefix) if prefix and party(prefix) else group
            continue
        if len(filled) == 1 and OBSERVERS_RE.match(text):
            group, mode, current = "", "Observer", None
            continue
        if entries and re.match(r"^#{1,6}\s", line.strip()) and not party(text):
            break  # a section heading that names no group: the next page (the meeting's details, the agenda)
        at_name = _name_cell(cells, current, entries)
        if at_name is not None:
            name, role = split_name(cells[at_name])
            current = Entry(name, number, mode if mode != "Member" else (role or "Member"), group)
            if "," in name:  # "Philip Sellwood, Chief Executive, Energy Saving Trust"
                current.name, rest = name.split(",", 1)
                _attribute(current, rest.strip(), in_row=True)
            for index, cell in enumerate(cells):
                if cell and index != at_name:
                    _attribute(current, cell, in_row=True)
            entries.append(current)
            attached = True
            continue
        if len(filled) == 1 and party(text):
            explicit = bool(bold or re.search(r"\(\d{1,2}\)|\bgroup\b", text, re.I))
            heading = explicit or current is None or (
                not (under and not current.group) and (current.council or _member_follows(numbered, at)))
            if heading:
                group, mode, current = party(text), "Member", None
            else:  # the member's group, on the line under the name (or over the page)
                _attribute(current, text)
                attached = True
            continue
        if current is not None and cells[0] == "" and len(filled) == 1 and "\t" in line:
            current.council = f"{current.council} {filled[0]}".strip()  # a cell wrapped onto the next row
            continue
        if current is not None and len(filled) == 1 and _attribute(current, text, test=True):
            _attribute(current, text)
            attached = True
            continue
        if entries and is_end(text, bold):
            break
        problems.append((number, text))
    return entries


def _name_cell(cells: list[str], current: Entry | None, entries: list[Entry]) -> int | None:
    """Which cell of a row holds a member's name (None: no member starts here). A line that reads as a name but
    stands under a titled member who has no council yet is that member's council ("North Somerset")."""
    for index, cell in enumerate(cells):
        name, _ = split_name(cell)
        if not name or party(name) or not reads_as_name(name.split(",")[0]):
            continue
        titled = bool(re.match(r"(?i)(?:cllr|councillor)\b", name))
        if (len([c for c in cells if c]) == 1 and current is not None and not current.council and not titled
                and entries and all(re.match(r"(?i)(?:cllr|councillor)\b", e.name) for e in entries)):
            return None
        return index
    return None


def _member_follows(numbered: list[tuple[int, str]], at: int) -> bool:
    for _, line in numbered[at + 1:]:
        if line.strip():
            name, _ = split_name(cells_of(line)[0])
            return bool(name) and reads_as_name(name) and not party(name)
    return False


def _attribute(entry: Entry, cell: str, test: bool = False, in_row: bool = False) -> bool:
    """A cell beside a member's name or a line under it: its role, group, council (an observer's position and
    organisation). With `test`, only says whether the text reads as one and changes nothing."""
    text = cell.strip().strip("[]()").strip()
    if not text:
        return True
    lone = LONE_ROLE_RE.match(cell.strip())
    if lone:
        role = role_name(lone.group(1))
        if not test and (entry.role == "Member" or role in ("Substitute", "Observer")):
            entry.role = role if role != "Member" else entry.role
        return True
    if party(text) and not is_council(text):
        if not test:
            entry.group = entry.group or party(text)
        return True
    # 'Liberal Democrat Warwickshire MBC': two lines of a narrow card run together (the council did not fit beside
    # the group on one line, so the PDF's reading could not tell a wrap from a new line)
    fused = re.match(rf"^({PARTY})\s+(.+)$", text, re.I)
    if fused and is_council(fused.group(2)) and entry.role != "Observer":
        if not test:
            entry.group = entry.group or party(fused.group(1))
            entry.council = entry.council or fused.group(2)
        return True
    if is_council(text):
        if not test:
            entry.council = entry.council or text
        return True
    if find_date(text) or find_times(text) or len(text.split()) > 8 or "@" in text or re.search(r"\d", text):
        return False
    if not in_row and (reads_as_name(text) or not re.match(r"^[A-Z]", text)):
        return False
    if entry.role == "Observer":
        if test:
            return not (entry.position and entry.organisation)
        if "," in text and not entry.position:
            entry.position, entry.organisation = (p.strip() for p in text.split(",", 1))
        elif not entry.organisation:
            entry.organisation = text
        elif not entry.position:
            entry.position, entry.organisation = entry.organisation, text
        return True
    if entry.council:
        return False
    if not test:
        entry.council = text  # a council printed without "Council", "DC" ...: the cell says where
    return True
