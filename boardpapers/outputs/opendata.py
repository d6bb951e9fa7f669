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

import json
import re
import zipfile
from io import BytesIO

from boardpapers.content.models import Meeting
from boardpapers.core.memo import shared
from boardpapers.core.urls import path_for
from boardpapers.graph.names import day_or_year, meeting_title
from boardpapers.graph.trails import build_trails
from boardpapers.outputs import prettyjson
from boardpapers.outputs.feed import plain
from boardpapers.outputs.ical import meeting_iso
from boardpapers.outputs.opendata_minutes import item_recording_fields, minutes_records, recording_records
from boardpapers.outputs.opendata_schema import BY_NAME, DATASETS, LIST_SEPARATOR, UPDATE_FIELDS, Dataset, json_schema


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


def all_records(site) -> dict[str, list[dict]]:
    """Every dataset's records, built once per build (one build asks for every file of every dataset); each data
    file still records everything the records were built from, whichever file built them."""
    return shared(site, "opendata-records", lambda: _all_records(site))


def _all_records(site) -> dict[str, list[dict]]:
    graph = site.graph
    meetings = graph.meetings
    trails = build_trails(graph)
    updates = [u for u in graph.updates.values() if u.action_id in graph.actions]
    out: dict[str, list[dict]] = {
        "meetings": [meeting_record(site, m) for m in meetings.values()],
        "items": [item_record(site, i) for i in graph.items.values()],
        "decisions": [{
            "id": d.id, "item_id": d.item_id, "item_title": graph.items[d.item_id].title, "meeting_id": d.meeting_id,
            **_board(graph, meetings[d.meeting_id]), "date": day_or_year(meetings[d.meeting_id]),
            "verb": d.verb, "text": plain(d.text, site), "url": site.abs_url(f"decisions/{d.id}/"),
            "minutes_url": site.abs_url(path_for("decision", d.id, graph.item_of)),
        } for d in graph.decisions.values()],
        "action-updates": [update_record(site, u) for u in updates],
        "people": [{
            "id": p.id, "name": p.name, "honorific_suffix": " ".join(p.honours) or None, "kind": p.kind,
            "council": p.council or None, "organisation": p.organisation or None, "position": p.position or None,
            "url": site.abs_url(f"people/{p.id}/"),
        } for p in graph.people.values()],
        "organizations": [{
            "id": b.id, "name": b.name, "short_name": b.short_name or None, "classification": "committee",
            "url": site.abs_url(f"boards/{b.id}/"),
        } for b in graph.boards.values()],
        "memberships": membership_records(graph),
        "attendance": [{
            "id": f"{m.id}/{a.person}/{kind}", "meeting_id": m.id, "date": day_or_year(m), "person_id": a.person,
            "attendance": kind, "role": a.role or None, "substitute_for": a.for_person or None,
            "council": a.council or None,
        } for m in meetings.values() if m.attendance_recorded for kind, people in m.attendance for a in people],
    }
    by_action: dict[str, list[dict]] = {}
    for record in out["action-updates"]:
        by_action.setdefault(record["action_id"], []).append(record)
    out["actions"] = [{
        "id": a.id, "item_id": a.item_id, "item_title": graph.items[a.item_id].title, "meeting_id": a.meeting_id,
        **_board(graph, meetings[a.meeting_id]), "raised": day_or_year(meetings[a.meeting_id]),
        "text": plain(a.text, site), "owners": list(a.owners), "due": a.due.isoformat() if a.due else None,
        "initial_status": a.status, "status": trails[a.id].status, "updates": by_action.get(a.id, []),
        "url": site.abs_url(f"actions/{a.id}/"),
    } for a in graph.actions.values()]
    out.update(minutes_records(site))
    for dataset in DATASETS:  # a record that drifts from its declared fields is a bug here, not in the data
        names = [f.name for f in dataset.fields]
        assert all(list(r) == names or r.get("exempt") for r in out[dataset.name]), dataset.name
    return out


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


def dump(value) -> bytes:
    return (prettyjson.dumps(value) + "\n").encode("utf-8")


POPOLO_DATASETS = ("people", "organizations", "memberships", "meetings")


_COMPACT = json.JSONEncoder(ensure_ascii=False, check_circular=False, separators=(",", ":")).encode


def record_lines(records: list) -> prettyjson.Raw:
    """A list of records, one compact record per line (still one JSON document; diffs and `grep` work by record)."""
    if not records:
        return prettyjson.Raw("[]")
    return prettyjson.Raw("[\n" + ",\n".join([_COMPACT(r) for r in records]) + "\n]")


def records_json(site, name: str) -> prettyjson.Raw:
    """A dataset's records as `record_lines` writes them. popolo.json has the same records as people.json,
    organizations.json, memberships.json and meetings.json: those are encoded once per build (and kept for it;
    the other datasets' text is not)."""
    records = all_records(site)[name]
    if name not in POPOLO_DATASETS:
        return record_lines(records)
    return shared(site, ("records-json", name), lambda: record_lines(records))


def schema_url(site, name: str) -> str:
    return site.abs_url(f"data/schema/{name}.json")


def dataset_json(site, name: str) -> bytes:
    config = site.config
    return dump({
        "dataset": name, "title": BY_NAME[name].title, "publisher": config.organisation or config.title,
        "licence": config.licence, "licence_url": config.licence_url, "schema": schema_url(site, name),
        "records": records_json(site, name),
    })


def csv_cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return LIST_SEPARATOR.join(value)
    return str(value)


def csv_rows(dataset: Dataset, records: list[dict]) -> list[list[str]]:
    """Header and rows of `csv_cell`s; a field a record lacks (an exempt item's) is an empty cell."""
    names = [f.name for f in dataset.csv_fields]
    return [names] + [[v if type(v) is str else csv_cell(v) for v in map(r.get, names)] for r in records]


def dataset_csv(site, name: str) -> bytes:
    return csv_text(csv_rows(BY_NAME[name], all_records(site)[name])).encode("utf-8")


# A spreadsheet runs a cell that starts with one of these as a formula (`=HYPERLINK(...)`, `@SUM(...)`, `+cmd|...`):
# OWASP's advice for CSV files is to prefix such a cell with an apostrophe, which shows it as the text it is.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
FORMULA_RE = re.compile(r"(?:^|,)[=+\-@\t\r]")


def defuse(text: str) -> str:
    return "'" + text if text.startswith(FORMULA_STARTS) else text


ZIP_TIME = (1980, 1, 1, 0, 0, 0)  # the earliest a zip can say: the same bytes whenever the site is built


def dataset_csv_zip(site, name: str) -> bytes:
    """The dataset's CSV (`dataset_csv`) as the one file `<name>.csv` of a zip: deflated, no clock in it."""
    return zipped(f"{name}.csv", dataset_csv(site, name))


def zipped(member: str, data: bytes) -> bytes:
    out = BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        info = zipfile.ZipInfo(member, date_time=ZIP_TIME)
        info.compress_type = zipfile.ZIP_DEFLATED
        info.external_attr = 0o644 << 16
        archive.writestr(info, data, compresslevel=6)
    return out.getvalue()


def csv_field(value) -> str:
    """One cell as `csv.writer` writes it by default (excel dialect, QUOTE_MINIMAL): quoted when it holds a comma,
    a quote (doubled) or a line break; None is empty; anything else as str() gives it; a cell a spreadsheet
    would run as a formula starts with an apostrophe (`defuse`)."""
    if value is None:
        return ""
    text = defuse(value if type(value) is str else str(value))
    if '"' in text:
        return '"' + text.replace('"', '""') + '"'
    if "," in text or "\n" in text or "\r" in text:
        return '"' + text + '"'
    return text


def csv_line(row: list) -> str:
    """One row as `csv.writer` writes it, without its line end. Most rows need no quoting at all: joined first,
    they are checked once, and only a row with a quote, a line break or a comma inside a cell goes cell by cell."""
    try:
        line = ",".join(row)
    except TypeError:  # not all strings
        line = None
    if (line is None or '"' in line or "\n" in line or "\r" in line or line.count(",") != len(row) - 1
            or FORMULA_RE.search(line)):
        line = ",".join([csv_field(cell) for cell in row])
    return line if line or len(row) != 1 else '""'  # a lone empty cell is quoted, or the row would be blank


def csv_text(rows: list[list]) -> str:
    """The text `csv.writer(...).writerows(rows)` writes (RFC 4180: CRLF rows), at several times its speed."""
    return "".join([csv_line(row) + "\r\n" for row in rows])


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
