"""The global facts, computed once per build from the linked and checked graph, as fields of the same Graph.

An action's trail, the actions and decisions each register page lists, everyone's attendance, each board's
years, roles, declared interests, votes, the items a person presented, the topics, the matters, the corrections,
the abbreviations, the meetings' states (upcoming, held) and the entries of the feeds to follow are read by many
pages (and routing reads the register selections to know which year pages
exist, and the feeds' entries). They are computed here, once, before routing; pages read them through the site
view, whose recording graph notes each entry a page reads, so that the build cache re-renders a page when an
entry it showed changed.

Some facts follow the build's clock (`DATED`: an action is overdue, a meeting not yet held). They read it as
`graph.now.date()` only, so a build later the same day gives the same facts.
"""

from __future__ import annotations

from dataclasses import replace

from boardpapers.graph import attendance, corrections, follow, schedule, topics, trails, votes
from boardpapers.graph.link import Graph
from boardpapers.graph.preview import without_drafts

# The facts that depend on the date of the build's clock: reading one is reading ("g", "today") (cache.deps).
DATED = frozenset({"trails", "action_selections", "attendance", "board_years", "meeting_states", "upcoming",
                   "recent"})


def with_facts(graph: Graph) -> Graph:
    action_trails = trails.build_trails(graph)
    feeds = follow.selections(without_drafts(graph))  # a preview's feeds leave its drafts out (graph.preview)
    return replace(
        graph,
        trails=action_trails,
        action_selections=trails.selections(graph, action_trails),
        decision_selections=topics.decision_selections(graph),
        attendance=attendance.all_attendance(graph),
        board_years={board: attendance.board_years(graph, board) for board in graph.boards},
        roles=attendance.roles_by_person(graph),
        interests=attendance.interests_by_person(graph),
        items_by_person=topics.items_by_person(graph),
        topic_index=topics.build_topics(graph),
        matters=topics.build_matters(graph),
        feeds=feeds,
        followed=dict.fromkeys(feeds, True),
        votes_by_person=votes.votes_by_person(graph),
        corrections=corrections.all_corrections(graph),
        abbreviations=site_abbreviations(graph),
        meeting_states=schedule.meeting_states(graph),
        upcoming=schedule.upcoming_by_board(graph),
        recent=schedule.recent_by_board(graph),
    )


def published_graph(graph: Graph) -> Graph:
    """A --drafts preview's graph without its drafts, with its facts computed again without them (a trail or a
    register would otherwise still list a draft's progress): what feeds, calendars and open data are made from."""
    return with_facts(without_drafts(graph)) if graph.drafts else graph


def site_abbreviations(graph: Graph) -> tuple[tuple[str, str], ...]:
    """(short form, what it stands for): each board's short name, then the site's glossary (which wins)."""
    found = {board.short_name: board.name for board in graph.boards.values() if board.short_name}
    found.update(graph.config.abbreviations)
    return tuple(sorted(found.items()))
