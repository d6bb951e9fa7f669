"""Open data under /data/: every dataset of `opendata_schema` as JSON and CSV, its JSON Schema, and popolo.json.

Records are built from the linked graph only, so drafts and embargoed papers are already gone and exempt items
have already been stripped to number, title and reason; the items dataset then writes nothing else for them.
Record order follows the graph (date order) and field order follows the schema, so the bytes are stable.

Each dataset is written once in full: the JSON (what programs fetch, with its schema), one record per line
without indentation; the CSV (what a spreadsheet opens) is the same rows in a zip file, `<name>.csv.zip`. The
JSON repeats every field name in every record and compresses twentyfold: plain JSON, indented JSON and CSV side
by side were 73 MB at 10,000 items, two thirds of it written a second time.
"""

from __future__ import annotations

from boardpapers.content.models import Meeting
from boardpapers.core.urls import path_for
from boardpapers.graph.names import day_or_year, meeting_title
from boardpapers.outputs.feed import plain
from boardpapers.outputs.ical import meeting_iso
from boardpapers.outputs.opendata_formats import Raw, csv_cell, csv_text, dump, record_lines, zipped
from boardpapers.outputs.opendata_minutes import item_recording_fields, minutes_records, recording_records
from boardpapers.outputs.opendata_schema import BY_NAME, UPDATE_FIELDS, Dataset, json_schema


def one_line(text: str) -> str:
    """List values go one per line in CSV cells, so a value must not hold a line break of its own."""
    return " ".join(text.split())


def meeting_record(site, meeting: Meeting) -> dict:
    tz = site.config.timezone
    return {
        "id": meeting.id,
        "name": meeting_title(site.graph, meeting),
        "description": meeting.title or None,
        "classification": "meeting",
        "organization_id": meeting.board,
        "organization_ids": list(meeting.boards),
        "start_date": meeting_iso(meeting, "start", tz),
        "end_date": (meeting_iso(meeting, "end", tz) if meeting.start else "") or None,
        "all_day": meeting.date_precision == "day" and not meeting.start,
        "date_precision": meeting.date_precision,
        "location": meeting.venue or None,
        "status": "cancelled" if meeting.status == "cancelled" else "confirmed",
        "meeting_status": meeting.status,
        "minutes_confirmed_at": meeting.minutes_confirmed_at or None,
        "next_meeting_id": meeting.next_meeting or None,
        "next_meeting_date": meeting.next_meeting_date.isoformat() if meeting.next_meeting_date else None,
        "attendance_recorded": meeting.attendance_recorded,
        "recordings": recording_records(meeting),
        "url": site.abs_url(f"meetings/{meeting.id}/"),
    }


def item_record(site, item) -> dict:
    if item.exempt:
        return {"id": item.id, "number": item.number, "title": item.title, "exempt": item.exempt}
    return {
        "id": item.id,
        "meeting_id": item.meeting_id,
        "number": item.number,
        "title": item.title,
        "exempt": None,
        "timing": item.timing or None,
        "presenters": list(item.presenters),
        "purpose": plain(item.purpose, site) or None,
        "summary": plain(item.summary, site) or None,
        "recommendations": [one_line(plain(r, site)) for r in item.recommendations],
        "contacts": [c.person for c in item.contacts],
        "topics": list(item.topics),
        "follows": list(item.follows),
        "decision_ids": [d.id for d in item.decisions],
        "action_ids": [a.id for a in item.actions],
        **item_recording_fields(site.graph, item),
        "url": site.abs_url(f"meetings/{item.meeting_id}/{item.number}/"),
    }


def update_record(site, update) -> dict:
    record = {
        "id": update.id, "action_id": update.action_id, "item_id": update.item_id, "meeting_id": update.meeting_id,
        "date": day_or_year(site.graph.meetings[update.meeting_id]), "progress": plain(update.progress, site),
        "status": update.status, "reopen": update.reopen,
        "url": site.abs_url(path_for("update", update.id, site.graph.item_of)),
    }
    assert list(record) == [f.name for f in UPDATE_FIELDS]
    return record


def records(site, name: str) -> list[dict]:
    """One dataset's records, built once per build for the files that ask for them (its .json and .csv.zip, and
    popolo.json), recording what they were built from. One dataset at a time: all of them at once were 1.1 GB at
    100k items, held by the process that made them (cache.renderpool lets each go after its files)."""
    def build() -> list[dict]:
        found = BUILDERS[name](site)
        fields = [f.name for f in BY_NAME[name].fields]  # a record that drifts from its fields is a bug here
        assert all(list(r) == fields or r.get("exempt") for r in found), name
        return found
    return site.capture(("opendata-records", name), build)


def _decisions(site) -> list[dict]:
    graph, meetings = site.graph, site.graph.meetings
    return [{
        "id": d.id, "item_id": d.item_id, "item_title": graph.items[d.item_id].title, "meeting_id": d.meeting_id,
        **_board(graph, meetings[d.meeting_id]), "date": day_or_year(meetings[d.meeting_id]),
        "verb": d.verb, "text": plain(d.text, site), "url": site.abs_url(f"decisions/{d.id}/"),
        "minutes_url": site.abs_url(path_for("decision", d.id, graph.item_of)),
    } for d in graph.decisions.values()]


def _updates(site) -> list[dict]:
    graph = site.graph
    return [update_record(site, u) for u in graph.updates.values() if u.action_id in graph.actions]


def _actions(site) -> list[dict]:
    graph, meetings, trails = site.graph, site.graph.meetings, site.graph.trails
    by_action: dict[str, list[dict]] = {}
    for record in records(site, "action-updates"):
        by_action.setdefault(record["action_id"], []).append(record)
    return [{
        "id": a.id, "item_id": a.item_id, "item_title": graph.items[a.item_id].title, "meeting_id": a.meeting_id,
        **_board(graph, meetings[a.meeting_id]), "raised": day_or_year(meetings[a.meeting_id]),
        "text": plain(a.text, site), "owners": list(a.owners), "due": a.due.isoformat() if a.due else None,
        "initial_status": a.status, "status": trails[a.id].status, "updates": by_action.get(a.id, []),
        "url": site.abs_url(f"actions/{a.id}/"),
    } for a in graph.actions.values()]


def _people(site) -> list[dict]:
    return [{
        "id": p.id, "name": p.name, "honorific_suffix": " ".join(p.honours) or None, "kind": p.kind,
        "council": p.council or None, "organisation": p.organisation or None, "position": p.position or None,
        "url": site.abs_url(f"people/{p.id}/"),
    } for p in site.graph.people.values()]


def _organizations(site) -> list[dict]:
    return [{
        "id": b.id, "name": b.name, "short_name": b.short_name or None, "classification": "committee",
        "url": site.abs_url(f"boards/{b.id}/"),
    } for b in site.graph.boards.values()]


def _attendance(site) -> list[dict]:
    return [{
        "id": f"{m.id}/{a.person}/{kind}", "meeting_id": m.id, "date": day_or_year(m), "person_id": a.person,
        "attendance": kind, "role": a.role or None, "substitute_for": a.for_person or None,
        "council": a.council or None,
    } for m in site.graph.meetings.values() if m.attendance_recorded for kind, people in m.attendance for a in people]


def _board(graph, meeting: Meeting) -> dict:
    """The host board of a decision's or action's meeting, by id and by name (a spreadsheet wants the name)."""
    board = graph.boards.get(meeting.board)
    return {"organization_id": meeting.board, "organization_name": board.name if board else meeting.board}


def membership_records(graph) -> list[dict]:
    records, seen = [], set()
    for board in graph.boards.values():
        for year in board.years:
            for member in year.members:
                ident = f"{board.id}-{year.label.replace('/', '-')}-{member.person}"
                n = 2
                while ident in seen:  # one person twice in a year: a role changed mid-year
                    ident = f"{board.id}-{year.label.replace('/', '-')}-{member.person}-{n}"
                    n += 1
                seen.add(ident)
                person = graph.people.get(member.person)
                records.append({
                    "id": ident, "person_id": member.person, "organization_id": board.id, "role": member.role,
                    "label": year.label, "start_date": (member.start or year.start).isoformat(),
                    "end_date": (member.end or year.end).isoformat(), "group": member.group or None,
                    "council": member.council or (person.council if person else "") or None,
                })
    return records


BUILDERS = {
    "meetings": lambda site: [meeting_record(site, m) for m in site.graph.meetings.values()],
    "items": lambda site: [item_record(site, i) for i in site.graph.items.values()],
    "decisions": _decisions, "action-updates": _updates, "actions": _actions, "people": _people,
    "organizations": _organizations, "memberships": lambda site: membership_records(site.graph),
    "attendance": _attendance,
    **{name: (lambda site, name=name: minutes_records(site)[name])
       for name in ("vote-events", "votes", "corrections", "declarations")},
}
POPOLO_DATASETS = ("people", "organizations", "memberships", "meetings")


def records_json(site, name: str) -> Raw:
    """A dataset's records as `record_lines` writes them. popolo.json has the same records as people.json,
    organizations.json, memberships.json and meetings.json: those are encoded once per build (and kept for it;
    the other datasets' text is not)."""
    found = records(site, name)
    if name not in POPOLO_DATASETS:
        return record_lines(found)
    return site.capture(("records-json", name), lambda: record_lines(found))


def schema_url(site, name: str) -> str:
    return site.abs_url(f"data/schema/{name}.json")


def dataset_json(site, name: str) -> bytes:
    config = site.config
    return dump({
        "dataset": name, "title": BY_NAME[name].title, "publisher": config.organisation or config.title,
        "licence": config.licence, "licence_url": config.licence_url, "schema": schema_url(site, name),
        "records": records_json(site, name),
    })


def csv_rows(dataset: Dataset, records: list[dict]) -> list[list[str]]:
    """Header and rows of `csv_cell`s; a field a record lacks (an exempt item's) is an empty cell."""
    names = [f.name for f in dataset.csv_fields]
    return [names] + [[v if type(v) is str else csv_cell(v) for v in map(r.get, names)] for r in records]


def dataset_csv(site, name: str) -> bytes:
    return csv_text(csv_rows(BY_NAME[name], records(site, name))).encode("utf-8")


def dataset_csv_zip(site, name: str) -> bytes:
    """The dataset's CSV (`dataset_csv`) as the one file `<name>.csv` of a zip: deflated, no clock in it."""
    return zipped(f"{name}.csv", dataset_csv(site, name))


def dataset_schema(site, name: str) -> bytes:
    return dump(json_schema(BY_NAME[name], schema_url(site, name)))


def popolo_json(site) -> bytes:
    """People, boards, memberships and meetings in one Popolo document, as Popolo tools import it."""
    config = site.config
    return dump({
        "publisher": config.organisation or config.title, "licence": config.licence,
        "licence_url": config.licence_url, "persons": records_json(site, "people"),
        "organizations": records_json(site, "organizations"), "memberships": records_json(site, "memberships"),
        "events": records_json(site, "meetings"),
    })


# The data files made from every record of the site (`records`, ~10 KB an item while they are made): the render
# pool makes them together in one chunk of their own, first, a dataset at a time, letting each dataset's records
# go after its files (cache.renderpool), so that no process holds them all, or for the rest of the build.
WHOLE_SITE = (dataset_json, dataset_csv_zip, popolo_json)
