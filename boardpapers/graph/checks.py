"""Checks on the linked graph that no single document can make alone (action statuses over time, ...).

Each document is valid on its own by now (validate), and every reference resolves (link): an update that names
an unknown action, an owner who is not a person and a status outside the list are already errors there. What is
left needs several documents at once: an action's updates read in meeting order against the action itself.
Every error stands at the update's own line, so that the clerk fixing the action monitor schedule finds it.
"""

from __future__ import annotations

from boardpapers.content.models import CLOSED_STATUSES, Meeting
from boardpapers.core.diagnostics import Diagnostics, SourcePos, did_you_mean
from boardpapers.graph.corrections import check_corrections
from boardpapers.graph.link import Graph
from boardpapers.graph.names import format_meeting_date
from boardpapers.graph.recordings import check_recordings
from boardpapers.graph.trails import updates_by_action
from boardpapers.graph.votes import check_votes


def check_graph(graph: Graph, diags: Diagnostics) -> None:
    check_action_updates(graph, diags)
    check_votes(graph, diags)  # a voter present at the meeting
    check_recordings(graph, diags)  # an item's start within its meeting's recording
    check_corrections(graph, diags)  # no correction before the meeting
    check_declarations(graph, diags)  # an interest declared in an item the meeting has


def check_action_updates(graph: Graph, diags: Diagnostics) -> None:
    for action_id, updates in updates_by_action(graph).items():
        action = graph.actions[action_id]
        raised = graph.meetings[action.meeting_id]
        status, closed_by = action.status, f"raised as {action.status}"
        for update in updates:
            reported = graph.meetings[update.meeting_id]
            if not _later(reported, raised):
                when = ("at the meeting that raised it" if reported.id == raised.id else
                        f"at the meeting of {format_meeting_date(reported)}, but the action was raised at the "
                        f"meeting of {format_meeting_date(raised)}")
                diags.error(update.pos, "update-before-action", f"progress on action '{action_id}' is reported "
                            f"{when}", "progress is reported at a later meeting than the one that raised the "
                            "action: check the action id")
            if status in CLOSED_STATUSES and not update.reopen:
                diags.error(update.pos, "update-after-closed",
                            f"action '{action_id}' is already {status} ({closed_by}); an update after that "
                            "needs `reopen: true`",
                            "add `reopen: true` if the board reopened the action, or remove this update")
            elif update.reopen and status not in CLOSED_STATUSES:
                diags.error(update.pos, "needless-reopen",
                            f"`reopen: true` on action '{action_id}', which is {status}, not closed",
                            "only a done, dropped or superseded action can be reopened: remove `reopen: true`")
            if update.status != status:
                closed_by = f"since the meeting of {format_meeting_date(reported)}"
            status = update.status


def check_declarations(graph: Graph, diags: Diagnostics) -> None:
    """A declaration names an item by its number at that meeting: when the meeting has items on the site, the number
    should be one of them (a declaration on an unpublished item was withheld with it: publish.py). A warning, not an
    error: imported minutes often hold only the items that recorded something, and the declaration stands as the
    papers give it (shown with its number, unlinked)."""
    for meeting in graph.meetings.values():
        numbers = [graph.items[i].number for i in graph.items_by_meeting.get(meeting.id, ())]
        for declaration in meeting.declarations:
            if declaration.item and numbers and declaration.item not in numbers:
                diags.warning(SourcePos(meeting.source, declaration.line), "unknown-item",
                              f"the meeting has no item {declaration.item}: the declaration is shown unlinked",
                              did_you_mean(declaration.item, numbers) or f"its items are {', '.join(numbers)}")


def _later(reported: Meeting, raised: Meeting) -> bool:
    """Whether a meeting comes after another. A meeting known only by its year (the papers give no date) is
    compared by year alone, so only a clearly earlier year is refused."""
    if reported.id == raised.id:
        return False
    if "year" in (reported.date_precision, raised.date_precision):
        return reported.date.year >= raised.date.year
    return reported.date > raised.date
