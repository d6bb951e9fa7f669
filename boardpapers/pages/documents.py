"""Pages for the documents themselves: meetings, agenda items, boards, people and papers."""

from __future__ import annotations

from boardpapers.content.models import ATTENDANCE_KINDS
from boardpapers.graph.link import Graph
from boardpapers.graph.names import meeting_title
from boardpapers.pages.job import PageJob


def pages(graph: Graph):
    yield from meeting_pages(graph)
    yield from announced_pages(graph)
    yield from item_pages(graph)
    yield PageJob("meetings/index.html", "meetings.html", {"title": "Meetings", "by_year": meetings_by_year(graph)})
    yield PageJob("boards/index.html", "boards.html", {"title": "Boards"})
    for board in graph.boards.values():
        meetings = [graph.meetings[m] for m in graph.meetings_by_board.get(board.id, ())]
        meetings += [a for a in graph.announced.values() if a.board == board.id]
        meetings.sort(key=lambda m: (m.date, m.id))
        yield PageJob(f"boards/{board.id}/index.html", "board.html",
                      {"title": board.name, "board": board, "meetings": meetings[::-1]}, board.source)
    for person in graph.people.values():
        yield PageJob(f"people/{person.id}/index.html", "person.html",
                      {"title": person.display_name, "person": person}, person.source)
    if graph.papers:
        yield PageJob("papers/index.html", "papers.html", {"title": "Papers"})
    for paper in graph.papers.values():
        yield PageJob(f"papers/{paper.id}/index.html", "paper.html",
                      {"title": paper.title, "paper": paper, "draft": paper.id in graph.drafts}, paper.source)


def meetings_by_year(graph: Graph) -> list[tuple[int, list]]:
    """Every published meeting and every meeting announced by date only, newest first, by year."""
    every = [*graph.meetings.values(), *graph.announced.values()]
    years: dict[int, list] = {}
    for meeting in sorted(every, key=lambda m: (m.date, m.id), reverse=True):
        years.setdefault(meeting.date.year, []).append(meeting)
    return list(years.items())


def meeting_pages(graph: Graph):
    by_board_order = {b: list(ids) for b, ids in graph.meetings_by_board.items()}
    named_by = {later: earlier for earlier, later in graph.next_of.items()}  # the last meeting to name it wins
    for meeting in graph.meetings.values():
        siblings = by_board_order.get(meeting.board, [])
        at = siblings.index(meeting.id)
        # The meeting the papers name as the next (or the one that named this) before the next in date order:
        # a meeting dated only by year sorts at 1 January and is rarely the one that came next.
        previous = _page_of(graph, named_by.get(meeting.id)) or (graph.meetings[siblings[at - 1]] if at > 0 else None)
        following = _page_of(graph, graph.next_of.get(meeting.id)) or (
            graph.meetings[siblings[at + 1]] if at + 1 < len(siblings) else None)
        attendance = [(kind, people) for kind, people in meeting.attendance if people]
        items = [graph.items[i] for i in graph.items_by_meeting.get(meeting.id, ())]
        view = {
            "title": meeting_title(graph, meeting),
            "meeting": meeting,
            "items": items,
            "previous": previous,
            "next": following,
            "attendance": sorted(attendance, key=lambda kp: ATTENDANCE_KINDS.index(kp[0])),
            "draft": meeting.id in graph.drafts,
            "columns": agenda_columns(items),
        }
        yield PageJob(f"meetings/{meeting.id}/index.html", "meeting.html", view, meeting.source)
        if items:
            pack = {**view, "title": f"Agenda pack: {view['title']}", "meeting_title": view["title"]}
            yield PageJob(f"meetings/{meeting.id}/pack/index.html", "pack.html", pack, meeting.source)


def _page_of(graph: Graph, ident: str | None):
    """The published or announced meeting `ident`, when it has a page."""
    if not ident:
        return None
    found = graph.meetings.get(ident) or graph.announced.get(ident)
    return found if found is not None and getattr(found, "has_page", True) else None


def agenda_columns(items) -> dict[str, bool]:
    """Which optional columns of the agenda have anything in them: an empty column is left out."""
    public = [i for i in items if not i.exempt]
    return {"timing": any(i.timing for i in public), "presenters": any(i.presenters for i in public)}


def announced_pages(graph: Graph):
    """A page at the address an announced meeting's papers will have: its date, board and calendar file."""
    for meeting in graph.announced.values():
        if meeting.has_page:
            view = {"title": meeting_title(graph, meeting), "meeting": meeting,
                    "previous": graph.meetings[meeting.announced_by]}
            yield PageJob(f"meetings/{meeting.id}/index.html", "announced.html", view,
                          graph.meetings[meeting.announced_by].source)



def item_pages(graph: Graph):
    for meeting_id, item_ids in graph.items_by_meeting.items():
        meeting = graph.meetings.get(meeting_id)
        if meeting is None:
            continue
        for at, item_id in enumerate(item_ids):
            item = graph.items[item_id]
            view = {
                "title": f"{item.number}. {item.title}",
                "item": item,
                "meeting": meeting,
                "meeting_title": meeting_title(graph, meeting),
                "previous": graph.items[item_ids[at - 1]] if at > 0 else None,
                "next": graph.items[item_ids[at + 1]] if at + 1 < len(item_ids) else None,
                "backlinks": list(graph.backlinks.get(item.id, ())),
                "draft": item.id in graph.drafts,
            }
            yield PageJob(f"meetings/{meeting_id}/{item.number}/index.html", "item.html", view, item.source)
