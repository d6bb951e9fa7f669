"""The membership list of a pack -> the board's membership for that municipal year, as a draft.

The year is added to `boards/<board>.md` under `membership:`, and named in `draft_membership:`, so the build
leaves it out (and the people it names) until `python build.py publish <meeting-id>` clears it. Nothing of the
file is rewritten: the new lines are inserted, every existing line stays as the clerk wrote it. A year the board
already has is never touched: the import says so and leaves it to the clerk."""

from __future__ import annotations

import re

from . import emit
from .membership import year_label
from .planned import Planned

DRAFT_KEY = "draft_membership"


def plan(job, membership: tuple, people) -> list:
    title, members, line = membership
    label = year_label(title, job.date)
    path = job.content / "boards" / f"{job.board}.md"
    if not members:
        job.warnings.warn(line, "membership-empty", "a membership list was found but no member could be read")
        return []
    if not label or not path.is_file():
        job.warnings.warn(line, "membership-year", f"the membership list ({len(members)} members) gives no "
                          "municipal year, or the board has no file: it was not imported")
        return []
    meta, _ = emit.read_front(path)
    if meta is None:
        job.warnings.warn(line, "membership-board", f"{path} cannot be read: the membership was not imported")
        return []
    if label in (meta.get("membership") or {}):
        job.warnings.warn(line, "membership-exists", f"the board already has a membership for {label}: left as "
                          f"it is; the pack lists {len(members)} members (compare them by hand)")
        return []
    text = path.read_text(encoding="utf-8")
    new = add_year(text, label, members, job.meeting_id)
    roles = sum(1 for m in members if m["role"] not in ("Member",))
    planned = Planned(path, new, f"board {job.board}: membership {label} of {len(members)} ({roles} with a role) "
                      "added as a draft year", None, job.meeting_id, {})
    planned.edit_of = text
    return [planned]


def add_year(text: str, label: str, members: list[dict], meeting_id: str) -> str:
    """The board file with the year inserted at the end of its `membership:` and listed as a draft."""
    lines = text.split("\n")
    close = next(i for i, x in enumerate(lines) if i > 0 and x.rstrip() == "---")
    block = emit.pair(label, members, 2)
    at = next((i for i in range(1, close) if re.match(r"^membership:\s*$", lines[i])), None)
    if at is None:
        lines[close:close] = ["membership:", *block]
        close += 1 + len(block)
    else:
        end = next((i for i in range(at + 1, close) if lines[i] and not lines[i].startswith((" ", "#"))), close)
        lines[end:end] = block
        close += len(block)
    draft = next((i for i in range(1, close) if lines[i].startswith(f"{DRAFT_KEY}:")), None)
    if draft is None:
        lines[close:close] = [f"# {DRAFT_KEY}: imported years, published with their meeting ({meeting_id})",
                              f"{DRAFT_KEY}: [{emit.scalar(label)}]"]
    else:
        lines[draft] = re.sub(r"\]\s*$", f", {emit.scalar(label)}]", lines[draft])
    return "\n".join(lines)
