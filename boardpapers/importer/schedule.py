"""An action monitor schedule: a table of an earlier meeting's actions with the progress made on each, printed as
its own agenda item. Imported, it becomes that item's `updates:`, so each action's trail shows the progress.

The schedule names the meeting that raised the actions (its "Date:" line). Its rows rarely carry our ids, and
its "Item" column is usually a row number, not the raising item's number, so each row is matched to one of that
meeting's actions (already in content/, from its imported minutes) by the likeness of the action's words and of
the row's heading to the item's title. A row with no good match is left for the clerk, and the status of each
update is a cautious guess ("done" only when the progress reads as finished): the import is a draft to review.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from dataclasses import dataclass
from pathlib import Path

from .emit import read_front
from .schedule_rows import Row, parse_rows
from .text import find_date, plain

SCHEDULE_TITLE_RE = re.compile(r"\baction(s)? (monitor|schedule|log|tracker|progress)|\bmatters arising\b", re.I)
# Progress that reads as finished; words of the future or of work going on override it.
FINISHED_RE = re.compile(r"\b(completed?|done|closed|agreed to|has been (completed|done|published|sent|agreed)|"
                         r"was (sent|published|circulated|agreed))\b", re.I)
ONGOING_RE = re.compile(r"\b(will|ongoing|on-going|in progress|anticipated|expected|to report|future|next|"
                        r"continu\w*|planned|awaiting)\b", re.I)
GOOD_MATCH = 0.5


@dataclass(frozen=True)
class KnownAction:
    id: str
    text: str
    item_title: str


def follows(lines: list[str], index: int) -> bool:
    """Under a schedule's title: a table, or entries with a 'Progress:' label (the list form)."""
    return any("\t" in x or x.strip().startswith("|") or re.match(r"^\W*progress\s*:", plain(x), re.I)
               for x in lines[index + 1:index + 20] if x.strip())


def is_schedule(title: str, body: str) -> bool:
    return bool(SCHEDULE_TITLE_RE.search(title or "")) and bool(parse_rows(body))


def schedule_date(body: str) -> dt.date | None:
    """The date of the meeting that raised the actions: its 'Date:' line, else a line near the top that names
    that meeting ('Actions agreed at the meeting of 20 July 2009', 'Progress on the actions agreed on
    12/12/2011')."""
    lines = body.splitlines()[:15]
    for line in lines:
        if re.match(r"^\W*date\b", plain(line), re.I):
            found = find_date(line)
            if found:
                return found[0]
    for line in lines:
        text = plain(line) if line.strip() else ""
        if re.search(r"\b(?:meeting|agreed|raised|held)\b", text, re.I) and not text.startswith("|"):
            found = find_date(text)
            if found:
                return found[0]
    return None


def raising_meeting(content: Path, board: str, date: dt.date) -> Path | None:
    """The folder of the meeting held that day: the board's own, else the only meeting of that day."""
    folder = content / "meetings"
    own = folder / f"{date.isoformat()}-{board}"
    if (own / "index.md").is_file():
        return own
    found = sorted(p for p in folder.glob(f"{date.isoformat()}-*") if (p / "index.md").is_file())
    return found[0] if len(found) == 1 else None


def known_actions(meeting: Path) -> list[KnownAction]:
    """The actions raised at a meeting, with the ids the builder gives them (explicit, or a-<meeting>-<n>-<k>)."""
    out = []
    for path in sorted(meeting.glob("*.md")):
        if path.name == "index.md":
            continue
        meta, _ = read_front(path)
        if not meta or not isinstance(meta.get("actions"), list):
            continue
        number = str(meta.get("number", "")).lower()
        for index, action in enumerate(meta["actions"], 1):
            if isinstance(action, dict) and action.get("text"):
                ident = str(action.get("id") or f"a-{meeting.name}-{number}-{index}")
                out.append(KnownAction(ident, str(action["text"]), str(meta.get("title", ""))))
    return out


def match(rows: list[Row], known: list[KnownAction]) -> list[KnownAction | None]:
    """Each row's action, or None: the best-scoring pairs first, each action used once."""
    def score(row: Row, action: KnownAction) -> float:
        words = _likeness(row.action, action.text)
        title = _likeness(row.heading, action.item_title) if row.heading else 0.0
        return words + 0.3 * title

    # best first; on a tie the earlier row and the earlier action (the order the papers print them)
    pairs = sorted((-score(row, action), r, a) for r, row in enumerate(rows) for a, action in enumerate(known))
    chosen: list[KnownAction | None] = [None] * len(rows)
    used: set[int] = set()
    for value, r, a in pairs:
        if -value >= GOOD_MATCH and chosen[r] is None and a not in used:
            chosen[r], used = known[a], used | {a}
    return chosen


def status_of(progress: str) -> str:
    return "done" if FINISHED_RE.search(progress) and not ONGOING_RE.search(progress) else "in progress"


def planned_actions(meeting_id: str, files: list) -> list[KnownAction]:
    """The actions of a meeting this same import writes: (target path, front matter) of its item files."""
    out = []
    for target, meta in files:
        if target.name == "index.md" or not isinstance(meta.get("actions"), list):
            continue
        number = str(meta.get("number", "")).lower()
        for index, action in enumerate(meta["actions"], 1):
            if isinstance(action, dict) and action.get("text"):
                ident = str(action.get("id") or f"a-{meeting_id}-{number}-{index}")
                out.append(KnownAction(ident, str(action["text"]), str(meta.get("title", ""))))
    return out


def updates(body: str, content: Path, board: str, number: str, planned: dict | None = None
            ) -> tuple[list[dict], list[str]]:
    """(`updates:` entries, notes for the clerk) for the schedule printed as item `number`; `planned`: meeting id
    -> (path, front matter) of the files this import writes, so a note printed in the same pack counts."""
    rows = parse_rows(body)
    date = schedule_date(body)
    planned = planned or {}
    own = f"{date.isoformat()}-{board}" if date else ""
    meeting = raising_meeting(content, board, date) if date else None
    if own in planned and planned_actions(own, planned[own]):
        return _updates(rows, planned_actions(own, planned[own]), own, number)
    if meeting is None:
        when = f"the meeting of {date:%-d %B %Y}" if date else "the meeting it reports on (no date found)"
        return [], [f"item {number} is an action schedule for {when}: import that meeting's minutes first, then "
                    f"import this pack again to fill its `updates:`"]
    return _updates(rows, known_actions(meeting), meeting.name, number)


def _updates(rows: list[Row], known: list[KnownAction], meeting: str, number: str) -> tuple[list[dict], list[str]]:
    found, notes = [], []
    for index, (row, action) in enumerate(zip(rows, match(rows, known), strict=True), 1):
        if action is None:
            notes.append(f"item {number}, schedule row {index} (\"{row.action[:60]}\") matches no action of "
                         f"{meeting}: add it to `updates:` by hand")
            continue
        found.append({"action": action.id, "progress": row.progress, "status": row.status or status_of(row.progress)})
    return found, notes


def _likeness(a: str, b: str) -> float:
    words_a, words_b = _words(a), _words(b)
    if not words_a or not words_b:
        return 0.0
    return difflib.SequenceMatcher(None, words_a, words_b).ratio()


def _words(text: str) -> list[str]:
    # "Officers to look into ..." and "Look into ...": the minutes name who, the schedule often does not
    return [w for w in re.findall(r"[a-z0-9]+", text.lower()) if w not in ("officers", "to", "the", "a", "of")]
