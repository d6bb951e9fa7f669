"""One file an import will write: where, what, and the one line the summary gives it. Its own module because
every planner makes them (plan, plan_pack through board_file), and none of them may import another's caller."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class Planned:
    target: Path  # where the file belongs
    text: str
    what: str  # one line for the summary
    write_to: Path | None = None  # target, or target + ".imported" when target exists
    meeting: str = ""  # the meeting it belongs to
    fields: dict = field(default_factory=dict)  # its front matter as planned
    edit_of: str | None = None  # an existing file this adds lines to (the board's draft membership year)
