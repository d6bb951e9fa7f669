"""The rows of an action monitor schedule, in the forms packs print it:

- a table with "Action" and "Progress" columns (markdown pipe rows, or tab-separated cells a PDF or an HTML
  extract gives), whose cells may wrap onto continuation rows with an empty "Item" cell ("\toffer.\tthe youth
  offer."); a continuation row that fills only some cells continues the cells whose text has not ended yet;
- a numbered list: "1. Heading: To write to the Minister." then "Progress: ... Status: done." (a council's
  plain layout, the text wrapped over several lines).

The heading (the raising item's title) is the bold text before the action, or the text before its last ': ' in a
list; the printed status ("Done", "In progress") is kept when there is one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .text import plain

ENTRY_RE = re.compile(r"^\s*(?:\*\*)?(\d{1,3})[.)](?:\*\*)?\s+(\S.*)$")
# a label starts a line or follows a sentence's end ("Transport update: To publish ..." is a heading, not a label)
LABEL_RE = re.compile(r"(?:^|(?<=\n)|(?<=[.!?;] ))\s*(progress|status|update)\s*:\s*", re.I)
TERMINAL = ".!?)"


@dataclass(frozen=True)
class Row:
    heading: str  # the bold title at the start of the action cell (usually the raising item's subject)
    action: str
    progress: str
    status: str = ""  # as printed ("done", "in progress"), or ""


def parse_rows(body: str) -> list[Row]:
    """The rows of the first table with an 'Action' and a 'Progress' column, else of a numbered list whose
    entries carry 'Progress:'."""
    lines = [re.sub(r"\s*\\$", "", line) for line in body.splitlines()]  # hard breaks of short lines
    return _table(lines) or _list(lines)


def _cells(line: str) -> list[str] | None:
    stripped = line.strip()
    if stripped.startswith("|"):
        return [cell.strip() for cell in stripped.strip("|").split("|")]
    if "\t" in line:
        return [cell.strip() for cell in line.rstrip().split("\t")]
    return None


def _table(lines: list[str]) -> list[Row]:
    columns: dict[str, int] = {}
    rows: list[dict] = []
    width = 0  # the header's cells, when it fused the item column's heading into the action's
    for line in lines:
        cells = _cells(line)
        if cells is None:
            if rows and line.strip():
                break
            continue
        if not columns:
            names = [plain(cell).lower() for cell in cells]
            # "It Action": the 'Item' heading of a narrow column wrapped ("It" / "e" / "m") and its first line
            # fused with the next cell's: the item column stands before it, as the first data row shows
            fused = next((i for i, name in enumerate(names) if re.fullmatch(r"\w{1,3} action", name)), None)
            if fused is not None:
                names[fused] = "action"
            if "action" in names and "progress" in names:
                columns = {name: names.index(name) for name in ("item", "action", "progress", "status")
                           if name in names}
                width = len(names) if fused is not None and "item" not in columns else 0
            continue
        if re.fullmatch(r"[\s:-]*", "".join(cells)):
            continue
        if width and len(cells) == width + 1 and re.fullmatch(r"\d{1,3}[a-z]?\.?", cells[0]):
            columns = {"item": 0, **{name: at + 1 for name, at in columns.items()}}
        width = 0
        cells += [""] * (max(columns.values()) + 1 - len(cells))
        item = cells[columns["item"]] if "item" in columns else ""
        if rows and not item and "item" in columns:
            _continue(rows[-1], cells, columns)
            continue
        rows.append({name: cells[at] for name, at in columns.items()})
    return [_row(row.get("action", ""), row.get("progress", ""), row.get("status", "")) for row in rows]


def _continue(row: dict, cells: list[str], columns: dict) -> None:
    """A continuation row: each cell to its column, or, when it fills fewer cells than there are, to the cells
    whose text has not ended (the extract lost where the short row's cells stood)."""
    names = [name for name in ("action", "progress", "status") if name in columns]
    filled = [cells[columns[name]] for name in names if cells[columns[name]]]
    by_place = [name for name in names if cells[columns[name]]]
    open_ = [name for name in names if row.get(name) and plain(row[name])[-1:] not in TERMINAL and name != "status"]
    targets = open_ if len(open_) == len(filled) and open_ != by_place else by_place
    for name, text in zip(targets, filled, strict=False):
        row[name] = f"{row.get(name, '')} {text}".strip()


def _list(lines: list[str]) -> list[Row]:
    entries: list[str] = []
    for line in lines:
        entry = ENTRY_RE.match(line)
        if entry:
            entries.append(entry.group(2).strip())
        elif entries and line.strip() and entries[-1].endswith("**") and line.strip().startswith("**"):
            entries[-1] = f"{entries[-1][:-2]} {line.strip()[2:]}"  # a bold action wrapped onto a second line
        elif entries and line.strip():
            entries[-1] += "\n" + line.strip()
    rows = []
    for entry in entries:
        parts = LABEL_RE.split(entry)
        if len(parts) < 3:
            continue
        parts = [" ".join(part.split()) for part in parts]
        labelled = {parts[n].lower(): parts[n + 1] for n in range(1, len(parts) - 1, 2)}
        progress = labelled.get("progress") or labelled.get("update", "")
        rows.append(_row(parts[0], progress, labelled.get("status", "")))
    return rows if any(r.progress for r in rows) else []


def _row(action: str, progress: str, status: str) -> Row:
    action = re.sub(r"<b>(.*?)</b>", r"**\1**", action)
    bold = re.match(r"^\*\*(.+?)\*\*:?\s*(.*)$", action.strip())
    if bold and bold.group(2).strip():
        heading, action = bold.group(1), bold.group(2)
    elif bold:
        heading, action = "", bold.group(1)
    else:
        split = list(re.finditer(r":\s+(?=[A-Z])", action))
        heading, action = (action[: split[-1].start()], action[split[-1].end():]) if split else ("", action)
    return Row(plain(heading), plain(action), plain(progress), _status(status))


def _status(text: str) -> str:
    text = plain(text).lower().strip(" .")
    for status in ("in progress", "done", "open", "dropped", "superseded"):
        # a narrow cell wraps a word without a hyphen: 'In pro' / 'gress' -> 'in pro gress'
        if text.replace("-", " ") == status or text.replace("-", "").replace(" ", "") == status.replace(" ", ""):
            return status
    if text in ("complete", "completed", "closed"):
        return "done"
    if text in ("ongoing", "on going", "underway", "under way"):
        return "in progress"
    return ""
