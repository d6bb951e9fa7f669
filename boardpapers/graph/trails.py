"""Action trails: raised -> every progress update -> closed, computed once per build from the linked graph.

Status is authored, never inferred: an action starts at the status its minutes give (open unless they say
otherwise) and changes only when an action update (the action monitor schedule) says so. Nothing here guesses a
status from dates or words; "overdue" is the one derived flag, and it is only a reading of the authored status
against the build's clock (`graph.now`, so `--now` makes it reproducible).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from boardpapers.content.models import CLOSED_STATUSES, Action, ActionUpdate
from boardpapers.graph.link import Graph


@dataclass(frozen=True)
class Step:
    """One stop on an action's timeline. `kind` is raised, progress, closed or reopened; `ref` is the action id
    (raised) or the update id, which is the anchor of the update on the reporting item's page."""

    kind: str
    ref: str
    meeting_id: str
    item_id: str
    status_from: str
    status_to: str


@dataclass(frozen=True)
class Trail:
    action: Action
    steps: tuple[Step, ...]  # raised first, then updates in meeting order
    status: str  # the current, authored status
    overdue: bool
    year: int  # of the meeting that raised it: the register's year pages

    @property
    def id(self) -> str:
        return self.action.id

    @property
    def raised(self) -> Step:
        return self.steps[0]

    @property
    def updates(self) -> tuple[Step, ...]:
        return self.steps[1:]

    @property
    def latest(self) -> Step | None:
        return self.steps[-1] if len(self.steps) > 1 else None

    @property
    def is_open(self) -> bool:
        return self.status not in CLOSED_STATUSES

    @property
    def closed(self) -> Step | None:
        """The step that closed the action for good (None while it is open)."""
        return None if self.is_open else self.steps[-1]


def updates_by_action(graph: Graph) -> dict[str, tuple[ActionUpdate, ...]]:
    """Updates per action, in meeting order. `graph.updates` is filled item by item in meeting date order, so
    its order is already the order the board heard them; updates naming an unknown action are left out (the
    link stage has reported them)."""
    out: dict[str, list[ActionUpdate]] = defaultdict(list)
    for update in graph.updates.values():
        if update.action_id in graph.actions:
            out[update.action_id].append(update)
    return {k: tuple(v) for k, v in out.items()}


def is_overdue(action: Action, status: str, today: dt.date) -> bool:
    return bool(action.due and action.due < today and status not in CLOSED_STATUSES)


def build_trails(graph: Graph) -> dict[str, Trail]:
    """action id -> Trail, for every published action, in the order the actions were raised."""
    today = graph.now.date()
    by_action = updates_by_action(graph)
    trails = {}
    for action in graph.actions.values():
        status = action.status
        steps = [Step("raised", action.id, action.meeting_id, action.item_id, "", status)]
        for update in by_action.get(action.id, ()):
            steps.append(Step(_step_kind(status, update.status), update.id, update.meeting_id, update.item_id,
                              status, update.status))
            status = update.status
        trails[action.id] = Trail(action, tuple(steps), status, is_overdue(action, status, today),
                                  graph.meetings[action.meeting_id].date.year)
    return trails


def _step_kind(before: str, after: str) -> str:
    if after in CLOSED_STATUSES and before not in CLOSED_STATUSES:
        return "closed"
    if before in CLOSED_STATUSES and after not in CLOSED_STATUSES:
        return "reopened"
    return "progress"


def register_order(trails) -> tuple[list[Trail], list[Trail]]:
    """(open, closed) for the register: open actions first, overdue ones at the top and then by due date (no
    due date last); closed actions newest first, because a register is read for what still needs doing."""
    trails = list(trails)
    position = {t.id: n for n, t in enumerate(trails)}
    open_ = sorted((t for t in trails if t.is_open),
                   key=lambda t: (not t.overdue, t.action.due or dt.date.max, position[t.id]))
    closed = sorted((t for t in trails if not t.is_open), key=lambda t: -position[t.id])
    return open_, closed


FILTERS = ("status", "year", "owner", "board")


def owners(graph: Graph) -> list[str]:
    """Every person who owns a published action, in the graph's people order (by surname)."""
    owning = {p for a in graph.actions.values() for p in a.owners}
    return [p for p in graph.people if p in owning]


def action_years(graph: Graph) -> list[str]:
    """The years actions were raised in, newest first."""
    return sorted({str(graph.meetings[a.meeting_id].date.year) for a in graph.actions.values()}, reverse=True)


def action_boards(graph: Graph) -> list[str]:
    raised_at = {b for a in graph.actions.values() for b in graph.meetings[a.meeting_id].boards}
    return [b for b in graph.boards if b in raised_at]


def status_slug(status: str) -> str:
    """URL segment of a status filter page ("in progress" -> "in-progress")."""
    return status.replace(" ", "-")


def selections(graph: Graph, trails: dict[str, Trail] | None = None) -> dict[tuple[str, str], list[Trail]]:
    """The trails every actions register page lists, keyed by (kind, value), ("", "") for all: those with a status
    ('overdue' included), raised in a year, with an owner, or raised at a meeting of a board. One pass over the
    trails for all pages (3,000 owner pages x 7,500 actions at 10,000 items). `trails`: as `build_trails` gives
    them, when they are computed already."""
    trails = list((trails if trails is not None else build_trails(graph)).values())
    index: dict[tuple[str, str], list[Trail]] = {("", ""): trails}
    for trail in trails:
        keys = [("status", trail.status), ("year", str(trail.year))]
        keys += [("owner", person) for person in dict.fromkeys(trail.action.owners)]
        keys += [("board", board) for board in dict.fromkeys(graph.meetings[trail.action.meeting_id].boards)]
        if trail.overdue:
            keys.append(("status", "overdue"))
        for key in keys:
            index.setdefault(key, []).append(trail)
    return index
