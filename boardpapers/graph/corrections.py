"""Corrections: what was changed on a published meeting or item, when and why, gathered for /corrections/, the
feed and the data.

A corrected page keeps its address (ids never change with the text), so the notice on it and the list at
/corrections/ are how a reader who saw the first version learns what changed. A correction cannot predate the
meeting it corrects: the papers did not exist yet (an error at the correction's `date:` line).
"""

from __future__ import annotations

from dataclasses import dataclass

from boardpapers.content.models import Correction, Meeting
from boardpapers.core.diagnostics import Diagnostics, SourcePos
from boardpapers.core.urls import path_for
from boardpapers.graph.link import Graph
from boardpapers.graph.names import format_meeting_date


@dataclass(frozen=True)
class CorrectionRow:
    correction: Correction
    kind: str  # "meeting" or "item": what was corrected
    ident: str  # its id
    meeting_id: str
    source: str

    @property
    def path(self) -> str:
        """The corrected page, at the correction's entry in its notice."""
        return path_for(self.kind, self.ident) + f"#{self.correction.id}"


def rows(graph: Graph) -> list[CorrectionRow]:
    """Every correction in the order of the documents (meeting, then its items)."""
    out = []
    for meeting in graph.meetings.values():
        out += [CorrectionRow(c, "meeting", meeting.id, meeting.id, meeting.source) for c in meeting.corrections]
        for item_id in graph.items_by_meeting.get(meeting.id, ()):
            item = graph.items[item_id]
            out += [CorrectionRow(c, "item", item.id, meeting.id, item.source) for c in item.corrections]
    return out


def all_corrections(graph: Graph) -> tuple[CorrectionRow, ...]:
    """Newest first; corrections of one day in the order of the documents (a fact of the site view)."""
    found = rows(graph)
    order = {id(row): n for n, row in enumerate(found)}
    return tuple(sorted(found, key=lambda row: (-row.correction.date.toordinal(), order[id(row)])))


def latest(corrections: tuple[Correction, ...]) -> Correction | None:
    return max(corrections, key=lambda c: c.date, default=None)


def check_corrections(graph: Graph, diags: Diagnostics) -> None:
    for row in rows(graph):
        meeting = graph.meetings[row.meeting_id]
        if _before(row.correction, meeting):
            what = "meeting" if row.kind == "meeting" else "item's meeting"
            diags.error(SourcePos(row.source, row.correction.line), "correction-before-meeting",
                        f"the correction is dated {row.correction.date.isoformat()}, before the {what} "
                        f"({format_meeting_date(meeting)})", "a correction is made after the papers it corrects: "
                        "check the date")


def _before(correction: Correction, meeting: Meeting) -> bool:
    if meeting.date_precision == "year":  # the papers give only the year: only an earlier year is surely wrong
        return correction.date.year < meeting.date.year
    return correction.date < meeting.date
