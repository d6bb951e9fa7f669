"""Pages for the documents themselves: meetings, agenda items, boards, people and papers."""

from __future__ import annotations

from boardpapers.content.models import ATTENDANCE_KINDS
from boardpapers.graph.link import Graph
from boardpapers.graph.names import meeting_title
from boardpapers.pages.job import PageJob


def pages(graph: Graph):
    yield from meeting_pages(graph)
    yield from item_pages(graph)
    yield PageJob("meetings/index.html", "meetings.html", {"title": "Meetings", "by_year": meetings_by_year(graph)})
    yield PageJob("boards/index.html", "boards.html", {"title": "Boards"})
    for board in graph.boards.values():
        meetings = [graph.meetings[m] for m in graph.meetings_by_board.get(board.id, ())]
        yield PageJob(f"boards/{board.id}/index.html", "board.html",
                      {"title": board.name, "board": board, "meetings": meetings[::-1]}, board.source)
    yield PageJob("people/index.html", "people.html", {"title": "People"})
    for person in graph.people.values():
        yield PageJob(f"people/{person.id}/index.html", "person.html",
                      {"title": person.display_name, "person": person}, person.source)
    if graph.papers:
        yield PageJob("papers/index.html", "papers.html", {"title": "Papers"})
    for paper in graph.papers.values():
        yield PageJob(f"papers/{paper.id}/index.html", "paper.html",
                      {"title": paper.title, "paper": paper, "draft": paper.id in graph.drafts}, paper.source)


def meetings_by_year(graph: Graph) -> list[tuple[int, list]]:
    years: dict[int, list] = {}
    for meeting in reversed(list(graph.meetings.values())):
        years.setdefault(meeting.date.year, []).append(meeting)
    return list(years.items())


def meeting_pages(graph: Graph):
    by_board_order = {b: list(ids) for b, ids in graph.meetings_by_board.items()}
    for meeting in graph.meetings.values():
        siblings = by_board_order.get(meeting.board, [])
        at = siblings.index(meeting.id)
        previous = graph.meetings[siblings[at - 1]] if at > 0 else None
        following = graph.meetings[siblings[at + 1]] if at + 1 < len(siblings) else None
        attendance = [(kind, people) for kind, people in meeting.attendance if people]
        view = {
            "title": meeting_title(graph, meeting),
            "meeting": meeting,
            "items": [graph.items[i] for i in graph.items_by_meeting.get(meeting.id, ())],
            "previous": previous,
            "next": following,
            "attendance": sorted(attendance, key=lambda kp: ATTENDANCE_KINDS.index(kp[0])),
            "draft": meeting.id in graph.drafts,
        }
        yield PageJob(f"meetings/{meeting.id}/index.html", "meeting.html", view, meeting.source)



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
