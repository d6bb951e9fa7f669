"""The membership list printed in a pack ("Improvement and Innovation Board - Membership 2016/2017") -> the
board's membership for that municipal year: each member with role, political group and council.

The list is a table of name and council under group headings ("Conservative (8)", "Labour Group"), each with
its substitutes ("Substitutes:") and, at the end, observers (name, position, organisation, often no council).
A role is printed beside the name ("Peter Fleming [Chair]", "(Deputy Chair)") or alone on the line under it; a
group's substitutes may continue over a page break (the running head between is furniture, already gone).
"""

from __future__ import annotations

import datetime as dt
import re

from .notes import Notes
from .people import People, is_council, reads_as_name
from .text import plain, strip_tags

ROLE_RE = re.compile(r"[\[(]\s*((?:deputy|vice)?[\s-]*chair(?:man|woman|person)?|deputy|vice)\s*[\])]", re.I)
GROUP_RE = re.compile(r"^([A-Z][A-Za-z .&'’-]{2,40}?)\s*(?:group)?\s*(?:\((\d{1,2})\))?:?$")
YEAR_RE = re.compile(r"\b((?:19|20)\d\d)\s*[/-–]\s*((?:19|20)?\d\d)\b")


def role_name(text: str) -> str:
    low = text.lower()
    if "vice" in low:
        return "Vice-Chair"
    if "deputy" in low:
        return "Deputy Chair"
    if "chair" in low:
        return "Chair"
    return "Member"


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
    members: list[dict] = []
    group, role_mode = "", "Member"
    for index, line in enumerate(lines):
        number = offset + index + 1
        cells = [plain(strip_tags(c)) for c in (line.split("\t") if "\t" in line else [line])]
        cells = [c for c in cells if c]
        if not cells or index == 0:
            continue
        first = cells[0]
        low = first.lower().rstrip(":")
        if low in ("councillor", "councillors", "name", "member", "members") or "authority" in low:
            continue
        lone_role = ROLE_RE.fullmatch(first.strip())
        if lone_role and members and len(cells) == 1:
            members[-1]["role"] = role_name(lone_role.group(1))
            continue
        if re.match(r"^substitutes?\b", low):
            role_mode = "Substitute"
            continue
        if re.match(r"^(?:observers?|other attendees|in attendance|advisers?)\b", low):
            group, role_mode = "", "Observer"
            continue
        heading = GROUP_RE.match(first)
        bold = line.strip().startswith(("<b>", "**"))
        if heading and len(cells) == 1 and (heading.group(2) or bold or re.search(r"\bgroup$", first, re.I)
                                            or not reads_as_name(first)):
            group, role_mode = re.sub(r"\s+group$", "", heading.group(1).strip(), flags=re.I), "Member"
            continue
        member = _member(cells, group, role_mode, people, notes, number)
        if member:
            members.append(member)
    return members


def _member(cells: list[str], group: str, role_mode: str, people: People, notes: Notes, line: int) -> dict | None:
    raw = cells[0]
    role = role_mode
    found = ROLE_RE.search(raw)
    if found:
        role = role_name(found.group(1)) if role_mode == "Member" else role_mode
        raw = (raw[: found.start()] + raw[found.end():]).strip()
    position, organisation = "", ""
    if "," in raw:  # observers: "Philip Selwood, Chief Executive, Energy Savings Trust"
        parts = [p.strip() for p in raw.split(",")]
        raw, position = parts[0], ", ".join(parts[1:-1]) if len(parts) > 2 else (parts[1] if len(parts) > 1 else "")
        organisation = parts[-1] if len(parts) > 2 else ""
    council = cells[1] if len(cells) > 1 else ""
    if not reads_as_name(raw):
        notes.warn(line, "not-a-name", f"membership line '{raw}' does not read as a person's name: left out")
        return None
    kind = "observer" if role_mode == "Observer" else "councillor"
    if kind == "observer" and council and not is_council(council):
        organisation = organisation or council
        council = ""
    person = people.resolve_or_stub(raw, kind, council if kind == "councillor" else organisation, line=line)
    if not person:
        return None
    stub = people.stubs.get(person)
    if stub and kind == "observer":
        stub.organisation = stub.organisation or organisation
        stub.position = stub.position or position
    entry: dict = {"person": person, "role": role}
    if group and role != "Observer":
        entry["group"] = group
    if council:
        entry["council"] = council
    return entry
