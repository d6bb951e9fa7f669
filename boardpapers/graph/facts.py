"""The global facts, computed once per build from the linked and checked graph, as fields of the same Graph.

An action's trail, the actions and decisions each register page lists, everyone's attendance, each board's
years, roles, declared interests, the items a person presented, the topics, the matters and the entries of the
feeds to follow are read by many pages (and routing reads the register selections to know which year pages
exist, and the feeds' entries). They are computed here, once, before routing; pages read them through the site
view, whose recording graph notes each entry a page reads, so that the build cache re-renders a page when an
entry it showed changed.

Some facts follow the build's clock (`DATED`: an action is overdue, a meeting not yet held). They read it as
`graph.now.date()` only, so a build later the same day gives the same facts.
"""

from __future__ import annotations

from dataclasses import replace

from boardpapers.graph import attendance, follow, topics, trails
from boardpapers.graph.link import Graph

# The facts that depend on the date of the build's clock: reading one is reading ("g", "today") (cache.deps).
DATED = frozenset({"trails", "action_selections", "attendance", "board_years"})


def with_facts(graph: Graph) -> Graph:
    action_trails = trails.build_trails(graph)
    feeds = follow.selections(graph)
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
    )
