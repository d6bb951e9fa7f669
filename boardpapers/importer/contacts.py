"""A report's contact box -> its contacts: person, position, phone and e-mail, as that report prints them.

A box is "Contact officer: Name" / "Position: ..." / "Phone no: ..." / "E-mail: ...". Several officers appear either
in one box with their values separated by slashes ("Angela Cole/Karen Fox", "020 7664 3054 / 020 7664 3377") or
as boxes one after another (a new "Contact officer:" line starts the next contact). Values are paired with names in
order; where a box prints fewer values than names (one position for two officers), the first names get them and
the import says so. A position belongs to the contact of this report, never to the person: the same officer may
sign another report with another title, or with none.
"""

from __future__ import annotations

import re

from .people import People
from .text import plain

CONTACT_RE = re.compile(r"^\**\s*(contact officers?|contact|position|phone no\.?|phone|tel(?:ephone)?\.?|"
                        r"e-?mail)\s*(?:\*\*\s*:|:\s*(?:\*\*)?)\s*(.*)$", re.I)
EMAIL_RE = re.compile(r"[\w.+'-]+@[\w-]+(?:\.[\w-]+)+")


def is_contact_line(line: str) -> bool:
    return bool(CONTACT_RE.match(line.strip()))


def read_contacts(lines: list[str], people: People) -> tuple[list[dict], list[tuple[int, str]]]:
    """(contacts, doubts as (index in `lines`, message)) of the contact box lines."""
    contacts: list[dict] = []
    doubts: list[tuple[int, str]] = []
    for start, block in _blocks(lines):
        found, said = _box(block, people)
        contacts += [c for c in found if c["person"] not in {x["person"] for x in contacts}]
        doubts += [(start, text) for text in said]
    return contacts, doubts


def _blocks(lines: list[str]) -> list[tuple[int, list[str]]]:
    """One block per "Contact officer:" line (a second one starts the next officer's box)."""
    out: list[tuple[int, list[str]]] = []
    for index, line in enumerate(lines):
        match = CONTACT_RE.match(line.strip())
        if (match and match.group(1).lower().startswith("contact")) or not out:
            out.append((index, []))
        out[-1][1].append(line)
    return out


def _go_on(value: str, line: str, names: str, kind: str) -> str:
    """A box's value and an unlabelled line under it: another value of the list (a second officer's e-mail on a line
    of its own), or the same value wrapped in a narrow column ('Programme Director / Senior' / 'Adviser'), when the
    list already has a value for every officer named."""
    count = len([n for n in re.split(r"\s*/\s*", names) if n.strip()]) or 1
    parts = [p for p in re.split(r"\s*/\s*", value) if p.strip()]
    if value.rstrip().endswith("/") or (kind == "position" and len(parts) >= count):
        return f"{value} {line}".strip()
    return f"{value} / {line}".strip(" /")


def _box(lines: list[str], people: People) -> tuple[list[dict], list[str]]:
    values: dict[str, str] = {}
    last = ""
    for line in lines:
        match = CONTACT_RE.match(line.strip())
        if match:
            label = match.group(1).lower()
            last = ("name" if label.startswith("contact") else "phone" if label.startswith(("phone", "tel"))
                    else "email" if "mail" in label else "position")
            values[last] = (values.get(last, "") + " " + match.group(2)).strip()
        elif last and line.strip():
            values[last] = _go_on(values.get(last, ""), line.strip(), values.get("name", ""), last)
    if not values.get("name"):
        return [], []
    values = {**values, **_one_line(values["name"])}
    names = [n.strip(" ,.") for n in re.split(r"\s*/\s*|\s*,\s*(?=[A-Z])|\s+and\s+", plain(values["name"]))]
    names = [n for n in names if n]
    emails: list[str] = []
    for email in EMAIL_RE.findall(values.get("email", "").replace("mailto:", " ")):
        if email.lower() not in (e.lower() for e in emails):
            emails.append(email)
    multi = len(names) > 1
    listed = {kind: ([p.strip(" ,") for p in plain(values.get(kind, "")).split("/")] if multi
                     else [plain(values.get(kind, "")).strip(" ,")]) for kind in ("position", "phone")}
    doubts, out = [], []
    for kind, found in listed.items():
        given = [f for f in found if f]
        if multi and given and len(given) != len(names):
            doubts.append(f"the contact box prints {len(given)} {kind}(s) for {len(names)} officers "
                          f"({', '.join(names)}): given in order, check them")
            listed[kind] = given
    for index, name in enumerate(names):
        person = people.resolve_or_stub(name, "officer")
        if not person:
            doubts.append(f"contact '{name}' does not read as a person's name: left out")
            continue
        contact: dict = {"person": person}
        for kind, found in listed.items():
            if index < len(found) and found[index]:
                contact[kind] = found[index]
        by_name = [e for e in emails if _email_matches(e, name)]
        if by_name:
            contact["email"] = by_name[0]
        elif index < len(emails) and not any(_email_matches(emails[index], n) for n in names):
            contact["email"] = emails[index]
        out.append(contact)
    return out, doubts


PHONE_RE = re.compile(r"^(?:(?:tel(?:ephone)?|phone|t)\b\.?:?\s*)?(\+?[\d()][\d ()-]{6,}\d)$", re.I)


def _one_line(value: str) -> dict[str, str]:
    """'Carol Turner, Finance Manager, tel 020 7664 3426, carol.turner@example.org' (one officer on one line, parts
    separated by commas) -> name, position, phone and e-mail; {} for a value that is only names."""
    parts = [p.strip() for p in plain(value).split(",") if p.strip()]
    phones = [m.group(1) for m in map(PHONE_RE.match, parts) if m]
    emails = [p for p in parts if EMAIL_RE.search(p)]
    if len(parts) < 2 or not (phones or emails):
        return {}
    out = {"name": parts[0]}
    rest = [p for p in parts[1:] if not PHONE_RE.match(p) and not EMAIL_RE.search(p)]
    if rest:
        out["position"] = ", ".join(rest)
    if phones:
        out["phone"] = phones[0]
    if emails:
        out["email"] = emails[0]
    return out


def _email_matches(email: str, name: str) -> bool:
    local = re.sub(r"[^a-z]", "", email.split("@")[0].lower())
    words = [re.sub(r"[^a-z]", "", w.lower()) for w in name.split()]
    return len(words) >= 2 and words[-1] in local and (words[0] in local or local.startswith(words[0][:1]))
