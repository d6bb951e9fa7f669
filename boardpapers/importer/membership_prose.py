"""Two more ways a membership list is printed, turned into what membership_lines.py reads:

- prose, a paragraph per group (a plain council's pack): "Conservative: Councillors Peter Fleming (Chair, Sevenoaks
  DC), Rod Bluh (Swindon BC), ... Chris Hayward (Substitute, Three Rivers DC)." and "Observers: Philip Sellwood
  (Observer), ..." -> entries directly;
- a grid of cards (a Modern.gov-like pack read from its PDF): a row of names, then under each name its role, group
  and council in the same column -> the cards one after another, a field a line, as a list printed one member a
  block of lines would be.
"""

from __future__ import annotations

import re

from .membership_lines import OBSERVERS_RE, SUBSTITUTES_RE, Entry, _attribute, cells_of, party, split_name
from .people import HONOURS, reads_as_name
from .text import plain

LABEL_RE = re.compile(r"^([A-Z][A-Za-z .&'’-]{2,40}?):\s*(.*)$")
BOLD_LABEL_RE = re.compile(r"^\*\*[A-Z][A-Za-z .&'’-]{2,40}:\*\*")
LEAD_RE = re.compile(r"^(?:councillors?|cllrs?\.?|members?)\s*:?\s+", re.I)


def prose(numbered: list[tuple[int, str]]) -> tuple[list[Entry], set[int]]:
    """Entries of every paragraph that lists members in prose, and the source lines those paragraphs used."""
    entries: list[Entry] = []
    used: set[int] = set()
    for block in _paragraphs(numbered):
        text = " ".join(plain(line) for _, line in block)
        found = _paragraph(text, block[0][0])
        if found:
            entries += found
            used |= {number for number, _ in block}
    return entries, used


def _paragraph(text: str, line: int) -> list[Entry]:
    label = LABEL_RE.match(text)
    group, mode = "", "Member"
    if label:
        head, text = label.group(1), label.group(2)
        if OBSERVERS_RE.match(head):
            mode = "Observer"
        elif SUBSTITUTES_RE.match(head):
            mode = "Substitute"
            group = party(SUBSTITUTES_RE.match(head).group(1) or "")
        elif party(head):
            group = party(head)
        else:
            return []
    text = LEAD_RE.sub("", text.strip()).rstrip(".")
    parts = _top_level_split(text)
    if len(parts) < 2 and not (label and parts and "(" in parts[0]):
        return []
    out = []
    for part in parts:
        match = re.match(r"^(.*?)\s*(?:\((.*)\))?$", part.strip())
        name, role = split_name(match.group(1)) if match else ("", "")
        if not name or not reads_as_name(name):
            return []  # not a list of members after all: a sentence
        entry = Entry(name, line, mode if mode != "Member" else (role or "Member"), group)
        for attribute in _top_level_split(match.group(2) or ""):
            _attribute(entry, attribute, in_row=True)
        if mode == "Substitute":
            entry.role = "Substitute"
        out.append(entry)
    return out


def _top_level_split(text: str) -> list[str]:
    """'A (Chair, X DC), B (Y BC) and C' -> ['A (Chair, X DC)', 'B (Y BC)', 'C']: commas and 'and' outside
    brackets."""
    parts, depth, current = [], 0, ""
    for token in re.split(r"(\(|\)|,|\s+and\s+|;)", text):
        if token == "(":
            depth += 1
        elif token == ")":
            depth = max(0, depth - 1)
        if depth == 0 and (token in (",", ";") or re.fullmatch(r"\s+and\s+", token or "")):
            parts.append(current.strip())
            current = ""
            continue
        current += token or ""
    parts.append(current.strip())
    return [p for p in parts if p]


def _paragraphs(numbered: list[tuple[int, str]]) -> list[list[tuple[int, str]]]:
    """Blank-separated paragraphs; a line that opens with a bold label ('**Liberal Democrat:** Councillors ...')
    starts one of its own even with no blank above it (a short group's paragraph set tight under the one before)."""
    out, current = [], []
    for number, line in numbered:
        if current and BOLD_LABEL_RE.match(line.strip()):
            out.append(current)
            current = []
        if line.strip():
            current.append((number, line))
        elif current:
            out.append(current)
            current = []
    if current:
        out.append(current)
    return out


def _titled(cell: str) -> list[str]:
    """Two names run into one cell when the cards nearly touch: 'Councillor A B OBE Councillor C D' -> both."""
    parts = re.split(r"\s+(?=(?:Councillor|Cllr\.?)\s)", cell)
    return parts if len(parts) > 1 and all(reads_as_name(p) for p in parts) else [cell]


def cards(numbered: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """A grid of member cards (a row of names, each card's fields under its name in the same column) -> the cards
    one after another, one field a line, a blank line between cards. Other lines are passed on as they are."""
    out: list[tuple[int, str]] = []
    index = 0
    while index < len(numbered):
        number, line = numbered[index]
        names = [n for c in cells_of(line) for n in _titled(c)] if "\t" in line else []
        if len([c for c in names if c]) < 2 or not all(reads_as_name(split_name(c)[0]) for c in names if c):
            out.append((number, line))
            index += 1
            continue
        columns: list[list[tuple[int, str]]] = [[(number, c)] if c else [] for c in names]
        index += 1
        while index < len(numbered) and numbered[index][1].strip():
            row_number, row = numbered[index]
            raw = row.split("\t")
            for col, cell in enumerate(cells_of(row)):
                if not cell or col >= len(columns):
                    continue
                bold = raw[col].strip().startswith("**")
                if columns[col] and len(columns[col]) == 1 and (bold or cell in HONOURS):
                    columns[col][0] = (columns[col][0][0], f"{columns[col][0][1]} {cell}")  # a name wrapped
                else:
                    columns[col].append((row_number, cell))
            index += 1
        for column in columns:
            out += [*column, (column[0][0] if column else number, "")]
    return out
