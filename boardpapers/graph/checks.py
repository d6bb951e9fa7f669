"""Checks on the linked graph that no single document can make alone (action statuses over time, ...).

Each document is valid on its own by now (validate), and every reference resolves (link): an update that names
an unknown action, an owner who is not a person and a status outside the list are already errors there. What is
left needs several documents at once: an action's updates read in meeting order against the action itself.
Every error stands at the update's own line, so that the clerk fixing the action monitor schedule finds it.
"""

from __future__ import annotations

from boardpapers.content.models import CLOSED_STATUSES, Meeting
from boardpapers.core.diagnostics import Diagnostics
from boardpapers.graph.link import Graph
from boardpapers.graph.names import format_meeting_date
from boardpapers.graph.trails import updates_by_action


def check_graph(graph: Graph, diags: Diagnostics) -> None:
    check_action_updates(graph, diags)


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


def _later(reported: Meeting, raised: Meeting) -> bool:
    """Whether a meeting comes after another. A meeting known only by its year (the papers give no date) is
    compared by year alone, so only a clearly earlier year is refused."""
    if reported.id == raised.id:
        return False
    if "year" in (reported.date_precision, raised.date_precision):
        return reported.date.year >= raised.date.year
    return reported.date > raised.date
