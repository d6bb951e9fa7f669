"""The open data's shape, written once: each dataset's fields with their types and meaning.

One declaration drives the JSON Schema published at /data/schema/<name>.json, the CSV columns, and the field
tables on the /data/ page, so the three can never disagree. Shapes follow Open Civic Data events and Popolo
(people, organizations, memberships, events): consumers of either can read them with their existing tools.
"""

from __future__ import annotations

from boardpapers.content.models import ACTION_STATUSES, ATTENDANCE_KINDS, MEETING_STATUSES, PERSON_KINDS
from boardpapers.outputs.opendata_fields import DATE_PATTERN, LIST_SEPARATOR, URL, WHEN_PATTERN, Dataset, Field, _f
from boardpapers.outputs.opendata_minutes import ITEM_RECORDING_FIELDS, MINUTES_DATASETS, NESTED, RECORDINGS_FIELD

__all__ = ["BY_NAME", "DATASETS", "LIST_SEPARATOR", "UPDATE_FIELDS", "Dataset", "Field", "json_schema"]

UPDATE_FIELDS = (
    _f("id", "string", "The update's id: the anchor of the update on the reporting item's page"),
    _f("action_id", "string", "The action it reports on"),
    _f("item_id", "string", "The agenda item (action monitor schedule) that reported it"),
    _f("meeting_id", "string", "The meeting that heard it"),
    _f("date", "when", "The meeting's date (a year when the papers give only the year)"),
    _f("progress", "string", "The progress reported (markdown)"),
    _f("status", "string", "The action's status after this update", choices=ACTION_STATUSES),
    _f("reopen", "boolean", "True when the update reopened a closed action"),
    URL,
)

DATASETS = (
    Dataset("meetings", "Meetings", "One record per meeting: an Open Civic Data event / Popolo event.", (
        _f("id", "string", "The meeting's permanent id (<date>-<board-id>)"),
        _f("name", "string", "The board(s) and date"),
        _f("description", "string", "The meeting's own title, e.g. a joint meeting", nullable=True),
        _f("classification", "string", "Always 'meeting' (Open Civic Data)"),
        _f("organization_id", "string", "The host board's id (see organizations)"),
        _f("organization_ids", "list", "Every board at the meeting: more than one for a joint meeting"),
        _f("start_date", "when", "Start: a date-time with the UTC offset, a date (no time given), or a year"),
        _f("end_date", "when", "End, when the papers give one", nullable=True),
        _f("all_day", "boolean", "True when no start time is given (Open Civic Data)"),
        _f("date_precision", "string", "'day', or 'year' when the papers give only the year", choices=("day", "year")),
        _f("location", "string", "The venue", nullable=True),
        _f("status", "string", "Open Civic Data status", choices=("confirmed", "cancelled")),
        _f("meeting_status", "string", "The papers' stage", choices=MEETING_STATUSES),
        _f("minutes_confirmed_at", "string", "The item (<meeting-id>/<number>) that confirmed the minutes",
           nullable=True),
        _f("next_meeting_id", "string", "The next meeting, when it has papers", nullable=True),
        _f("next_meeting_date", "date", "The next meeting's date, when it has no papers yet", nullable=True),
        _f("attendance_recorded", "boolean", "False when the papers do not record who attended"),
        RECORDINGS_FIELD,
        URL,
    ), popolo="event"),
    Dataset("items", "Agenda items", "One record per agenda item. An exempt (confidential) item has only its "
            "id, number, title and the reason it is exempt.", (
        _f("id", "string", "The item's permanent id (<meeting-id>/<number>)"),
        _f("meeting_id", "string", "The meeting"),
        _f("number", "string", "The item number on the agenda (2, 5a)"),
        _f("title", "string", "The item's title"),
        _f("exempt", "string", "Why the item is confidential; null when it is public", nullable=True),
        _f("timing", "string", "Agenda time or range", nullable=True),
        _f("presenters", "list", "Person ids of the presenters"),
        _f("purpose", "string", "Purpose of the report", nullable=True),
        _f("summary", "string", "Summary of the report (markdown)", nullable=True),
        _f("recommendations", "list", "The report's recommendations (markdown, one per entry)"),
        _f("contacts", "list", "Person ids of the contact officers"),
        _f("topics", "list", "Topic ids"),
        _f("follows", "list", "Ids of the earlier items this one follows up"),
        _f("decision_ids", "list", "Decisions taken on this item"),
        _f("action_ids", "list", "Actions raised on this item"),
        *ITEM_RECORDING_FIELDS,
        URL,
    )),
    Dataset("decisions", "Decisions", "One record per decision, with the verb the minutes use.", (
        _f("id", "string", "The decision's permanent id (the anchor on its item's page)"),
        _f("item_id", "string", "The agenda item"),
        _f("meeting_id", "string", "The meeting"),
        _f("date", "when", "The meeting's date (a year when the papers give only the year)"),
        _f("verb", "string", "What the board did: one of the site's decision verbs (noted, agreed, ...)"),
        _f("text", "string", "What was decided, following the verb (markdown)"),
        URL,
    )),
    Dataset("actions", "Actions", "One record per action with its current status and, in JSON, every progress "
            "update (the action monitor schedule); the CSV has the updates as a dataset of their own.", (
        _f("id", "string", "The action's permanent id"),
        _f("item_id", "string", "The agenda item that raised it"),
        _f("meeting_id", "string", "The meeting that raised it"),
        _f("raised", "when", "The meeting's date"),
        _f("text", "string", "The action (markdown)"),
        _f("owners", "list", "Person ids of the people who own it"),
        _f("due", "date", "When it is due", nullable=True),
        _f("initial_status", "string", "The status the minutes gave it", choices=ACTION_STATUSES),
        _f("status", "string", "The status after the latest update", choices=ACTION_STATUSES),
        _f("updates", "objects:action-updates", "Progress reported at later meetings, oldest first"),
        URL,
    )),
    Dataset("action-updates", "Action updates", "One record per progress update on an action.", UPDATE_FIELDS),
    Dataset("people", "People", "Everyone the papers name: a Popolo person.", (
        _f("id", "string", "The person's permanent id"),
        _f("name", "string", "Full name"),
        _f("honorific_suffix", "string", "Honours (OBE, CBE ...)", nullable=True),
        _f("kind", "string", "What the person is to the board", choices=PERSON_KINDS),
        _f("council", "string", "A councillor's council", nullable=True),
        _f("organisation", "string", "Anyone else's organisation", nullable=True),
        _f("position", "string", "Job title or position", nullable=True),
        URL,
    ), popolo="person"),
    Dataset("organizations", "Boards", "The boards: a Popolo organization each.", (
        _f("id", "string", "The board's permanent id"),
        _f("name", "string", "The board's name"),
        _f("short_name", "string", "Abbreviation", nullable=True),
        _f("classification", "string", "Always 'committee' (Popolo)"),
        URL,
    ), popolo="organization"),
    Dataset("memberships", "Memberships", "Who sat on which board in each municipal year: a Popolo membership.", (
        _f("id", "string", "<board-id>/<year>/<person-id>"),
        _f("person_id", "string", "The member"),
        _f("organization_id", "string", "The board"),
        _f("role", "string", "Chair, Vice-Chair, Deputy Chair, Member, Substitute or Observer"),
        _f("label", "string", "The municipal year, e.g. 2012/13"),
        _f("start_date", "date", "First day of the membership"),
        _f("end_date", "date", "Last day of the membership"),
        _f("group", "string", "Political group", nullable=True),
        _f("council", "string", "The council the member represents", nullable=True),
    ), popolo="membership"),
    Dataset("attendance", "Attendance", "Who attended each meeting, as the papers record it (meetings whose "
            "attendance was not recorded have no rows).", (
        _f("id", "string", "<meeting-id>/<person-id>/<attendance>"),
        _f("meeting_id", "string", "The meeting"),
        _f("date", "when", "The meeting's date"),
        _f("person_id", "string", "The person"),
        _f("attendance", "string", "How the papers list the person", choices=ATTENDANCE_KINDS),
        _f("role", "string", "Role recorded at the meeting", nullable=True),
        _f("substitute_for", "string", "Substitutes: the member they stood in for", nullable=True),
        _f("council", "string", "The council printed beside the name at this meeting, when it is not the "
           "person's usual one", nullable=True),
    )),
    *MINUTES_DATASETS,
)
BY_NAME = {d.name: d for d in (*DATASETS, *NESTED)}  # NESTED: shapes inside records, not files of their own


def field_schema(field: Field) -> dict:
    if field.type.startswith("objects:"):
        nested = BY_NAME[field.type[8:]]
        return {"type": "array", "items": record_schema(nested)}
    if field.type == "list":
        return {"type": "array", "items": {"type": "string"}}
    kind = {"date": "string", "when": "string"}.get(field.type, field.type)
    out: dict = {"type": [kind, "null"] if field.nullable else kind}
    if field.type == "date":
        out["pattern"] = DATE_PATTERN
    if field.type == "when":
        out["pattern"] = WHEN_PATTERN
    if field.choices:
        out["enum"] = [*field.choices, *([None] if field.nullable else [])]
    return out


def record_schema(dataset: Dataset) -> dict:
    schema = {
        "type": "object",
        "properties": {f.name: {"description": f.doc, **field_schema(f)} for f in dataset.fields},
        "required": [f.name for f in dataset.fields],
        "additionalProperties": False,
    }
    if dataset.name == "items":
        # An exempt item carries nothing beyond its id, number, title and reason: the schema enforces it.
        kept = ["id", "number", "title", "exempt"]
        schema["required"] = kept
        schema["if"] = {"properties": {"exempt": {"type": "string"}}, "required": ["exempt"]}
        schema["then"] = {"propertyNames": {"enum": kept}}
        schema["else"] = {"required": [f.name for f in dataset.fields]}
    return schema


def json_schema(dataset: Dataset, schema_url: str) -> dict:
    """The JSON Schema (2020-12) of a whole /data/<name>.json file: its metadata and its records."""
    schema = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": schema_url,
        "title": dataset.title,
        "description": dataset.doc,
        "type": "object",
        "required": ["dataset", "title", "publisher", "licence", "licence_url", "schema", "records"],
        "properties": {
            "dataset": {"const": dataset.name},
            "title": {"type": "string"},
            "publisher": {"type": "string"},
            "licence": {"type": "string"},
            "licence_url": {"type": "string"},
            "schema": {"type": "string"},
            "records": {"type": "array", "items": record_schema(dataset)},
        },
        "additionalProperties": False,
    }
    if not schema_url.startswith(("http://", "https://")):
        del schema["$id"]  # $id must be an absolute URI; a site without a base_url has none to give
    return schema
