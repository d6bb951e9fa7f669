"""`--drafts` previews: what a preview build marks, and what it keeps out of the files that leave the site.

A preview shows drafts among published papers. Every page of it carries a banner (`SiteView.preview`): the page
of a draft says it is one, and every other page says that the site includes drafts, because a decision, an
action, a topic, a register or the home page may show a draft's words. Feeds, calendars and open data are read
by other programs, which show no banner: in a preview they are made from the published papers only
(`without_drafts`), as the build without --drafts would make them.
"""

from __future__ import annotations

import dataclasses


def without_drafts(graph):
    """The graph without the documents only --drafts shows (graph.drafts: meetings, items, papers), nor the
    decisions, actions and progress updates of draft items, nor any link or list entry naming them."""
    drafts = graph.drafts
    if not drafts:
        return graph
    gone = set(drafts)
    for table in (graph.decisions, graph.actions, graph.updates):
        gone.update(ident for ident, part in table.items() if part.item_id in drafts)

    def kept(table: dict) -> dict:
        return {key: value for key, value in table.items() if key not in gone}

    def listed(table: dict) -> dict:
        return {key: tuple(v for v in values if v not in gone) for key, values in table.items() if key not in gone}

    return dataclasses.replace(
        graph, meetings=kept(graph.meetings), items=kept(graph.items), papers=kept(graph.papers),
        decisions=kept(graph.decisions), actions=kept(graph.actions), updates=kept(graph.updates),
        kinds=kept(graph.kinds), item_of=kept(graph.item_of), items_by_meeting=listed(graph.items_by_meeting),
        meetings_by_board=listed(graph.meetings_by_board), backlinks=listed(graph.backlinks),
        followed_by=listed(graph.followed_by), withheld={**graph.withheld, **dict.fromkeys(gone, "a draft")},
        drafts=frozenset())


def published_only(produce):
    """`produce` (a feed, calendar or data file's function of the site view), made from the published papers."""
    return _PublishedOnly(produce)


class _PublishedOnly:
    def __init__(self, produce):
        self.func = getattr(produce, "func", produce)  # for the render pool, which groups jobs by function
        self.produce = produce

    def __call__(self, site) -> bytes:
        from .siteview import SiteView

        graph = site.graph
        # Through the recording graph, reading the whole graph: such a file is made again in every preview build
        # (its reads through the plain view below are not recorded).
        raw = graph.whole() if hasattr(graph, "whole") else graph
        if _LAST[0] is not raw:
            view = SiteView(without_drafts(raw))
            view.assets = site.assets
            _LAST[:] = [raw, view]
        return self.produce(_LAST[1])

    def __reduce__(self):
        return (published_only, (self.produce,))


_LAST: list = [None, None]  # the last graph and its published-only view: one per build, shared by its files
