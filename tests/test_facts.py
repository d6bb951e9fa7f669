"""graph/facts.py: the global facts are computed once, in the graph stage, as fields of the linked graph: the same
values their functions give on their own, and routing and pages read those fields rather than computing again."""

from __future__ import annotations

import datetime as dt
from dataclasses import fields

from conftest import FIXTURES

from boardpapers.graph import attendance, follow, topics, trails
from boardpapers.graph.facts import DATED, with_facts
from boardpapers.pipeline import Options, build

NOW = dt.datetime(2014, 3, 1, 9, 0)


def test_the_facts_are_what_their_functions_give():
    graph = build(Options(content_dir=FIXTURES / "trails" / "content", now=NOW, search=False, write=False)).graph
    assert graph.trails == trails.build_trails(graph) and graph.trails
    assert graph.action_selections == trails.selections(graph)
    assert graph.decision_selections == topics.decision_selections(graph)
    assert graph.attendance == attendance.all_attendance(graph)
    assert graph.board_years == {board: attendance.board_years(graph, board) for board in graph.boards}
    assert graph.roles == attendance.roles_by_person(graph) and graph.interests == attendance.interests_by_person(graph)
    assert graph.items_by_person == topics.items_by_person(graph)
    assert graph.topic_index == topics.build_topics(graph) and graph.matters == topics.build_matters(graph)
    assert graph.feeds == follow.selections(graph) and set(graph.followed) == set(graph.feeds)
    assert with_facts(graph) == graph  # computing them again changes nothing


def test_the_facts_that_follow_the_date_are_named():
    names = {f.name for f in fields(type(build(Options(content_dir=FIXTURES / "trails" / "content", now=NOW,
                                                       search=False, write=False)).graph))}
    assert names >= DATED
    early = build(Options(content_dir=FIXTURES / "trails" / "content", now=dt.datetime(2013, 11, 30, 9, 0),
                          search=False, write=False)).graph
    late = build(Options(content_dir=FIXTURES / "trails" / "content", now=NOW, search=False, write=False)).graph
    assert early.trails != late.trails  # an action's 'overdue'
    assert early.roles == late.roles and early.matters == late.matters and early.feeds == late.feeds
