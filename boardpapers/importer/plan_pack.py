"""The files one pack becomes: its meeting and items; the meeting whose note it prints (created, or merged into
the existing one beside it); the meetings its attendance sheet records; the board's membership for the year of
its membership list (a draft year); and the stubs of the people it names (drafts too)."""

from __future__ import annotations

import datetime as dt
import re

from . import agenda as agenda_mod
from . import board_file, schedule
from .minutes import Minutes
from .pack import Pack, parse_pack
from .people import People

NEXT_RE = re.compile(r"date of (?:the )?next meeting", re.I)


def plan_pack(job, people: People) -> list:
    pack: Pack = parse_pack(job.lines, people, job.warnings, job._board_name(job.board), job.verbs)
    job.notes += pack.notes
    job._check_date(pack.meta.get("date"))
    files = [_meeting(job, pack)]
    previous = {}  # meeting id -> its planned actions, for the schedule
    for minutes, line in pack.minutes:
        meeting_id = _previous_files(job, minutes, line, pack, files)
        if meeting_id:
            previous[meeting_id] = [(f.target, f.fields) for f in files if f.meeting == meeting_id]
    numbers = list(dict.fromkeys(r.number for r in pack.agenda.rows if r.number))
    numbers += [n for n in list(pack.reports) + list(pack.segments) if n not in numbers]
    numbers.sort(key=lambda n: (int(re.sub(r"\D", "", n) or 0), n))
    for number in numbers:
        files.append(_item(job, pack, number, previous))
    _sheet_files(job, pack, files)
    if pack.membership:
        files += board_file.plan(job, pack.membership, people)
    return files


def _meeting(job, pack: Pack):
    fields: dict = {}
    title = pack.meta.get("title", "")
    boards = [job.board] + [b.stem for b in sorted((job.content / "boards").glob("*.md"))
                            if b.stem != job.board and title and job._board_name(b.stem).lower() in title.lower()]
    if len(boards) > 1:
        fields["boards"] = boards
    if title:
        fields["title"] = title
    fields["date"] = job.date
    start = pack.meta.get("start", "") or next((r.timing.split("-")[0] for r in pack.agenda.rows if r.timing), "")
    if start:
        fields["start"] = start
    if pack.meta.get("end"):
        fields["end"] = pack.meta["end"]
    if pack.meta.get("venue"):
        fields["venue"] = pack.meta["venue"]
    fields["status"] = "agenda published"
    row = next((r for r in pack.agenda.rows if NEXT_RE.match(r.title)), None)
    if row and job._next_meeting(row.description):
        fields["next_meeting"] = job._next_meeting(row.description)
    elif job._next_meeting(pack.meta.get("next_meeting", "")):  # on the cover or the details page
        fields["next_meeting"] = job._next_meeting(pack.meta["next_meeting"])
    return job._meeting_file(fields, agenda_mod.table(pack.agenda),
                             f"meeting: agenda of {len(pack.agenda.rows)} lines", merge=True)


def _item(job, pack: Pack, number: str, previous: dict):
    row = next((r for r in pack.agenda.rows if r.number == number), None)
    if row and (row.exempt or number in pack.restricted):
        if not row.exempt:
            job.warnings.warn(pack.restricted[number] + 1, "exempt-reason", f"item {number}'s papers are "
                              "restricted but the agenda does not say why: a placeholder reason was written")
        fields = {"timing": row.timing, "exempt": row.exempt or agenda_mod.PLACEHOLDER}
        return job._item_file(number, row.title, fields, "", f"item {number}: confidential (agenda line and "
                              "reason only)")
    if number in pack.reports:
        report = pack.reports[number]
        if row and row.timing:
            report.fields["timing"] = row.timing
        return job._report_file(number, report)
    title, body = pack.segments.get(number, ("", ""))
    fields: dict = {"timing": row.timing if row else ""}
    what = f"item {number}: " + ("its papers as the body" if body else "agenda line only")
    if number in pack.minutes_item:
        minutes = pack.minutes[pack.minutes_item[number]][0]
        when = minutes.meta.get("date")
        if isinstance(when, dt.date) and f"{when.isoformat()}-{job.board}" in previous:
            body = ""  # the note is that meeting's minutes, items and attendance: nothing of it is repeated here
            what = f"item {number}: the note of the meeting of {when.isoformat()} (imported as that meeting)"
    if row and row.description:
        if NEXT_RE.match(row.title):
            body = row.description + ("\n\n" + body if body else "")
        else:
            fields["purpose"] = row.description
    if any(schedule.is_schedule(name, body) for name in ((row.title if row else ""), title) if name):
        found, notes = schedule.updates(body, job.content, job.board, number, previous)
        job.notes += notes
        if found:
            fields["updates"] = found
            body = ""  # the schedule is its updates
            what += f", {len(found)} action update(s) from its schedule"
    return job._item_file(number, (row.title if row else title) or f"Item {number}", fields, body, what)


def _previous_files(job, minutes: Minutes, line: int, pack: Pack, files: list) -> str:
    """The note of an earlier meeting -> that meeting's files; its id, or '' when the note gives no date."""
    when = minutes.meta.get("date")
    if not isinstance(when, dt.date):
        job.warnings.warn(line, "minutes-date", "the note of the previous meeting gives no date ('Date: ...'): "
                          "it is kept as its item's body only; import it with --meeting <its meeting id>")
        return ""
    meeting_id = f"{when.isoformat()}-{job.board}"
    if meeting_id == job.meeting_id:
        return ""
    if not minutes.items and not minutes.attendance:
        job.warnings.warn(line, "no-items", "the note of the previous meeting has no items ('1. Title') and no "
                          "attendance that could be read: it is kept as its item's body")
        return ""
    if not minutes.next_meeting and isinstance(job.date, dt.date):
        minutes.meta["next_meeting"] = job.meeting_id  # the meeting whose pack prints the note
    with job.meeting(meeting_id):
        attendance = pack.sheet.get(when)
        if attendance and not minutes.attendance:
            minutes.attendance = attendance
        files += job._minutes_files(minutes, source_line=line)
    return meeting_id


def _sheet_files(job, pack: Pack, files: list) -> None:
    """Meetings the attendance sheet records that no note in the pack covers: their attendance."""
    noted = {m.meta.get("date") for m, _ in pack.minutes}
    for when, attendance in sorted(pack.sheet.items()):
        if when in noted or not attendance:
            continue
        meeting_id = f"{when.isoformat()}-{job.board}"
        if meeting_id == job.meeting_id:
            continue
        with job.meeting(meeting_id):
            count = sum(len(v) for v in attendance.values())
            files.append(job._meeting_file({"date": when, "status": "minutes draft", "attendance": attendance},
                                           "", f"meeting: attendance of {count} from the attendance sheet",
                                           merge=True))
