"""Stage 3, validate (continued): meetings and agenda items, with their decisions, actions and updates."""

from __future__ import annotations

import datetime as dt
import re

from boardpapers.content import records
from boardpapers.content.discover import MEETING_ID_RE
from boardpapers.content.fields import Fields, partial_date, publishing, topic_list
from boardpapers.content.models import (
    ACTION_STATUSES,
    ATTENDANCE_KINDS,
    MEETING_STATUSES,
    Action,
    ActionUpdate,
    Attachment,
    Attendee,
    Contact,
    Decision,
    Declaration,
    Item,
    Meeting,
    Publishing,
)
from boardpapers.content.read import RawDocument
from boardpapers.content.verbs import VERB_RE
from boardpapers.content.yamlread import YList, YMap
from boardpapers.core.diagnostics import Diagnostics, SourcePos

ACTIVE_TYPES = (".html", ".htm", ".xhtml", ".shtml", ".svg", ".svgz", ".js", ".mjs", ".xml", ".xsl", ".swf")
NUMBER_RE = re.compile(r"^[0-9]{1,3}[a-z]?\Z")


def validate_meeting(doc: RawDocument, diags: Diagnostics) -> Meeting | None:

    meeting_id = doc.source.id
    f = Fields(doc.meta, doc.source.rel, diags, meeting_id)
    boards = f.refs_list("boards", "board") if "boards" in doc.meta else ()
    single = f.ref("board", "board")
    if single and boards:
        f.error("board", "conflicting-fields", "give either 'board' or 'boards', not both")
    boards = boards or ((single,) if single else ())
    if not boards:
        f.error(None, "missing-field", "required field 'board' is missing", "add `board: <board-id>`")
    date, precision = partial_date(f, "date", required=True)
    folder = MEETING_ID_RE.match(meeting_id)
    if folder and date:
        folder_date = folder.group(1) + (f"-{folder.group(2)}-{folder.group(3)}" if folder.group(2) else "")
        given = date.isoformat() if precision == "day" else str(date.year)
        if folder_date != given:
            f.error("date", "date-mismatch", f"date {given} does not match the folder name '{meeting_id}'",
                    f"rename the folder to {given}-{folder.group(4)} or correct the date")
        if boards and folder.group(4) != boards[0]:
            f.error("board", "board-mismatch", f"the folder '{meeting_id}' names board '{folder.group(4)}', "
                    f"but the meeting's (first) board is '{boards[0]}'", "the folder is <date>-<host board id>")
    attendance, recorded = _attendance(f)
    declarations = []
    for d in f.maps("declarations"):
        declarations.append(Declaration(d.ref("person", "person", required=True), _number(d, "item"),
                                        d.text("interest", required=True),
                                        line=d.pos("item" if "item" in d.meta else None).line))
        d.finish("a declaration")
    next_id, next_date = "", None
    raw_next = f.raw("next_meeting")
    if isinstance(raw_next, dt.date):
        next_date = raw_next
    elif raw_next is not None:
        next_id = f.ref("next_meeting", "meeting")
    recordings, corrections = records.recordings(f), records.corrections(f, meeting_id)  # before `refs` is read
    meeting = Meeting(
        id=meeting_id,
        boards=tuple(boards),
        title=f.text("title"),
        date=date or dt.date(1900, 1, 1),
        date_precision=precision or "day",
        start=f.time("start"),
        end=f.time("end"),
        venue=f.text("venue"),
        status=f.choice("status", MEETING_STATUSES, default="scheduled"),
        minutes_confirmed_at=f.ref("minutes_confirmed_at", "item"),
        attendance=attendance,
        attendance_recorded=recorded,
        declarations=tuple(declarations),
        next_meeting=next_id,
        next_meeting_date=next_date,
        body=doc.body,
        publishing=publishing(f),
        source=doc.source.rel,
        refs=tuple(f.refs),
        body_line=doc.body_line,
        recordings=recordings,
        corrections=corrections,
    )
    f.finish()
    return meeting if date else None


def _attendance(f: Fields) -> tuple[tuple, bool]:
    value = f.raw("attendance")
    if value is None:
        return (), False
    if not isinstance(value, YMap):
        f.error("attendance", "wrong-type", "'attendance' must map present/apologies/... to lists of people")
        return (), False
    a = f.sub(value)
    out = []
    for kind in ATTENDANCE_KINDS:
        entries = a.raw(kind)
        if entries is None:
            continue
        if not isinstance(entries, YList):
            a.error(kind, "wrong-type", f"'{kind}' must be a list of people")
            continue
        people = []
        for index, entry in enumerate(entries):
            if isinstance(entry, YMap):
                e = a.sub(entry)
                people.append(Attendee(e.ref("person", "person", required=True), e.text("role"),
                                       e.ref("for", "person"), e.text("note"), e.text("council")))
                e.finish(f"attendance {kind}")
            elif isinstance(entry, str):
                line, col = entries.pos_of(index)
                if a.add_ref("person", entry, SourcePos(a.rel, line, col)):
                    people.append(Attendee(entry))
            else:
                a.error(kind, "wrong-type", f"entries of '{kind}' must be person ids or {{person: id, ...}}")
        out.append((kind, tuple(people)))
    a.finish("attendance")
    return tuple(out), True


def _number(f: Fields, key: str, required: bool = False) -> str:
    value = f.raw(key, required)
    if value is None:
        return ""
    text = str(value).strip().lower() if not isinstance(value, (bool, YMap, YList)) else ""
    if not NUMBER_RE.match(text):
        f.error(key, "bad-value", f"'{key}' is '{value}', not an item number", "item numbers look like 2 or 5a")
        return ""
    return text


def validate_item(doc: RawDocument, diags: Diagnostics) -> Item | None:

    meeting_id = doc.source.meeting_id
    f = Fields(doc.meta, doc.source.rel, diags, meeting_id)
    number = _number(f, "number", required=True)
    if not number:
        f.text("title")
        f.finish()
        return None
    item_id = f"{meeting_id}/{number}"
    f.owner = item_id
    stem = f"{meeting_id}-{number}"
    title = f.text("title", required=True)
    timing = f.timing("timing")
    presenters = f.refs_list("presenter", "person")
    exempt = f.text("exempt")
    contacts = []
    for c in f.maps("contacts"):
        contacts.append(Contact(c.ref("person", "person", required=True), c.text("position"), c.text("phone"),
                                c.text("email")))
        c.finish("a contact")
    attachments = []
    for a in f.maps("attachments"):
        attachment = Attachment(a.text("title", required=True), a.text("anchor"), a.text("file"), a.pos().line)
        if bool(attachment.anchor) == bool(attachment.file):
            a.error(None, "bad-value", "an attachment needs either 'anchor' (a heading in the body) or 'file'")
        if attachment.file and not re.match(r"^[A-Za-z0-9][A-Za-z0-9._-]*\Z", attachment.file):
            a.error("file", "bad-value", f"attachment file '{attachment.file}' must be a plain file name "
                    "beside the item")
        elif attachment.file.lower().endswith(ACTIVE_TYPES):
            # A browser runs script in these on the site's own origin: a pasted-in web page could then act as the
            # site. Papers are documents: PDF, office files, images, CSV.
            a.error("file", "unsafe-attachment", f"attachment '{attachment.file}' is a web page or script",
                    "publish it as PDF (or link to it elsewhere)")
        attachments.append(attachment)
        a.finish("an attachment")
    decisions = []
    for index, d in enumerate(f.maps("decisions"), 1):
        decision_id = _explicit_id(d) or f"d-{stem}-{index}"
        decisions.append(Decision(decision_id, item_id, meeting_id,
                                  _verb(d), d.text("text", required=True),
                                  _id_line(d), d.meta.pos_of("verb") if "verb" in d.meta else (0, 0), records.vote(d)))
        d.finish("a decision")
    actions = []
    for index, a in enumerate(f.maps("actions"), 1):
        action_id = _explicit_id(a) or f"a-{stem}-{index}"
        a.owner = action_id
        actions.append(Action(action_id, item_id, meeting_id, a.text("text", required=True),
                              a.refs_list("owner", "person"), a.date("due"),
                              a.choice("status", ACTION_STATUSES, default="open"), _id_line(a)))
        a.finish("an action")
    updates = []
    for index, u in enumerate(f.maps("updates"), 1):
        updates.append(ActionUpdate(f"u-{stem}-{index}", u.ref("action", "action", required=True), item_id,
                                    meeting_id, u.text("progress", required=True),
                                    u.choice("status", ACTION_STATUSES, required=True), u.flag("reopen"),
                                    u.pos()))
        u.finish("an action update")
    start, recording, recording_lines = records.item_recording(f)
    corrections = records.corrections(f, stem)  # before `refs` is read: their text may hold [[references]]
    item = Item(
        id=item_id, meeting_id=meeting_id, number=number, slug=doc.source.id, title=title, timing=timing,
        presenters=presenters, exempt=exempt,
        purpose=f.text("purpose"), summary=f.text("summary"), recommendations=f.text_list("recommendations"),
        report_action=f.text("report_action"), contacts=tuple(contacts), topics=topic_list(f),
        follows=f.refs_list("follows", "item"), attachments=tuple(attachments),
        financial_implications=f.text("financial_implications"), wales_implications=f.text("wales_implications"),
        minutes=f.text("minutes"), decisions=tuple(decisions), actions=tuple(actions), updates=tuple(updates),
        body=doc.body, publishing=publishing(f), source=doc.source.rel, refs=tuple(f.refs), body_line=doc.body_line,
        line=f.pos("number").line, recording_start=start, recording=recording, recording_lines=recording_lines,
        corrections=corrections,
    )
    f.finish()
    return item


def _verb(d: Fields) -> str:
    """The verb's form here; whether the site knows it is checked once site.yaml is read (verbs.py)."""
    verb = d.text("verb", required=True)
    if verb and not VERB_RE.match(verb):
        d.error("verb", "bad-value", f"decision verb '{verb}' is not a lower-case word or phrase",
                "e.g. noted, agreed, provided guidance")
        return ""
    return verb


def _id_line(f: Fields) -> int:
    """The line that gives a decision or action its id: its `id:` key, else the start of its entry."""
    return f.pos("id" if "id" in f.meta else None).line


def _explicit_id(f: Fields) -> str:
    value = f.text("id")
    if value and not re.match(r"^[a-z0-9][a-z0-9-]*\Z", value):
        f.error("id", "bad-id", f"'{value}' is not a valid id", "lower-case letters, digits and hyphens")
        return ""
    return value


__all__ = ["Publishing", "validate_item", "validate_meeting"]
