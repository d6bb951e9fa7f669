"""`--drafts` previews: what a preview build marks, and what it keeps out of the files that leave the site.

A preview shows drafts among published papers. Every page of it carries a banner (`SiteView.preview`): the page
of a draft says it is one, and every other page says that the site includes drafts, because a decision, an
action, a topic, a register or the home page may show a draft's words. Feeds, calendars and open data are read
by other programs, which show no banner: in a preview they are made from the published papers only
(`without_drafts`, through `SiteView.published_view`; pages/outputs.py), as a build without --drafts makes them.
"""

from __future__ import annotations

import dataclasses


def without_drafts(graph):
    """The graph without the documents only --drafts shows (graph.drafts: meetings, items, papers, people), nor
    the decisions, actions and progress updates of draft items, nor draft membership years, nor the next meetings
    only drafts announce, nor any link or list entry naming them."""
    drafts = graph.drafts
    if not drafts:
        return graph
    if hasattr(graph, "whole"):  # a recording graph (render.recording): reading all of it
        graph = graph.whole()
    gone = set(drafts)
    for table in (graph.decisions, graph.actions, graph.updates):
        gone.update(ident for ident, part in table.items() if part.item_id in drafts)

    def kept(table: dict) -> dict:
        return {key: value for key, value in table.items() if key not in gone}

    def listed(table: dict) -> dict:
        return {key: tuple(v for v in values if v not in gone) for key, values in table.items() if key not in gone}

    boards = {key: _published_years(board) for key, board in graph.boards.items()}
    meetings = {key: _declared_in_published(meeting, gone) for key, meeting in kept(graph.meetings).items()}
    return dataclasses.replace(
        graph, meetings=meetings, items=kept(graph.items), papers=kept(graph.papers),
        people=kept(graph.people), boards=boards,
        decisions=kept(graph.decisions), actions=kept(graph.actions), updates=kept(graph.updates),
        kinds=kept(graph.kinds), item_of=kept(graph.item_of), items_by_meeting=listed(graph.items_by_meeting),
        meetings_by_board=listed(graph.meetings_by_board), backlinks=listed(graph.backlinks),
        followed_by=listed(graph.followed_by), withheld={**graph.withheld, **dict.fromkeys(gone, "a draft")},
        attachment_texts={key: text for key, text in graph.attachment_texts.items()
                          if key.rsplit("/", 1)[0] not in gone},
        # the next meeting a draft names, or a draft that a published meeting names (graph.schedule)
        next_of={key: found for key, found in graph.next_of.items() if key not in gone and found not in gone},
        announced={key: a for key, a in graph.announced.items() if a.announced_by not in gone},
        drafts=frozenset())


def _published_years(board):
    if not any(year.draft for year in board.years):
        return board
    return dataclasses.replace(board, years=tuple(year for year in board.years if not year.draft))


def _declared_in_published(meeting, gone: set):
    """A declaration of interest in a draft item goes with the item (as publish does without --drafts)."""
    kept = tuple(d for d in meeting.declarations if not (d.item and f"{meeting.id}/{d.item}" in gone))
    return meeting if kept == meeting.declarations else dataclasses.replace(meeting, declarations=kept)
