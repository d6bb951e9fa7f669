"""The previous meeting's note inside a pack, on tiny inputs: where it starts whatever its head's shape, its date,
its attendance rows (continuations, substitutes, repeats, space-aligned tables), decisions as real minutes write
them (OCR-misread verbs, narrative resolutions, two verbs, real verbs such as asked or provided guidance),
declarations of several members, actions with labelled owners, and the action monitor schedule in its forms."""

from __future__ import annotations

import datetime as dt

from boardpapers.importer import note_head, ocr, schedule, schedule_rows, segments
from boardpapers.importer.actions import labelled_owner
from boardpapers.importer.attendance import aligned_rows, prose_attendance, read_header
from boardpapers.importer.decisions import Verbs
from boardpapers.importer.minutes import parse_minutes
from boardpapers.importer.people import People


# -- where the note starts
def test_a_note_head_printed_as_pipe_rows_is_found_after_the_last_report():
    lines = ["## Financial Implications", "", "The costs are small.", "", "",
             "Note of decisions taken and actions required", "",
             "| Title: | Westshire Panel Monday 17 September 2012 County Hall |  |", "| --- | --- | --- |",
             "| Date: |  |  |", "| Chair | Ann Lee | Westshire CC |", "", "1. Welcome", "", "Text."]
    assert note_head.is_note_title(lines, 5)
    found = [(s.kind, s.start) for s in segments.anchors(lines)]
    assert ("minutes", 5) in found


def test_minutes_held_on_a_date_wrapped_onto_the_next_line():
    lines = ["WESTSHIRE SCRUTINY PANEL", "", "MINUTES of a meeting of the Westshire Scrutiny Panel held on Monday, 17",
             "September 2012 at 11.00 am, Committee Room 2, County Hall", "", "1.    APOLOGIES"]
    assert note_head.is_note_title(lines, 2)
    assert note_head.held_on(lines, 2) == (dt.date(2012, 9, 17), "11:00", "Committee Room 2, County Hall")
    assert note_head.start_above(lines, 2) == 0  # the board's name in capitals above it opens the note too
    assert parse_minutes(lines, People()).meta == {"date": dt.date(2012, 9, 17), "start": "11:00",
                                                  "venue": "Committee Room 2, County Hall"}


def test_a_bare_minutes_heading_needs_the_attendance_under_it():
    assert note_head.is_note_title(["Minutes", "", "Present: Councillors Ann Lee (Chair) and Bo Tan."], 0)
    assert not note_head.is_note_title(["Minutes", "", "The minutes are attached for information."], 0)


def test_a_sentence_about_a_note_or_a_decisions_tail_never_opens_one():
    head = ["", "| Date: | 1 May 2012 |  |", "| Chair | Ann Lee | Westshire CC |"]
    assert not note_head.is_note_title(["notes of the previous meeting.*", *head], 0)  # a page break cut it
    assert not note_head.is_note_title(["The Board agreed the notes of the previous meeting.", *head], 0)
    assert note_head.is_note_title(["Notes of the previous meeting", *head], 0)


# -- the note's attendance
def test_attendance_rows_continuations_repeats_substitutes_and_fused_cells():
    rows = ["Position\tCouncillor\tCouncil", "Chairman\tAnn Lee\tWestshire CC", "Members\tBo Tan\tEastshire DC",
            "\tBo Tan\tEastshire DC", "Substitutes\tCarl Day (for Dee Fox)\tNorthshire BC",
            "LGA Officers\tEve Hart\t", "\tFay Ince\t", "Observers/Other attendees\tGus Jay Hal King\t"]
    doubts: list = []
    people = People()
    _, got = read_header(rows, people, doubts)
    assert [a["person"] for a in got["present"]] == ["ann-lee", "bo-tan"]  # the repeated row counted once
    assert doubts == [("duplicate-row", "'Bo Tan' is listed twice under present in the note's attendance: "
                       "counted once", "Bo Tan", 2)]
    assert got["substitutes"] == [{"person": "carl-day", "for": "dee-fox"}]
    assert got["officers"] == ["eve-hart", "fay-ince"]  # a row whose only cell is a name continues the section
    assert got["observers"] == ["gus-jay", "hal-king"]  # two people a PDF table fused into one cell
    assert people.stubs["gus-jay"].kind == "observer"


def test_a_table_printed_with_spaces_is_read_as_one():
    lines = ["Appendix - Attendance", "", "Position        Councillor          Council / Representing",
             "Member          Ann Lee             Westshire CC", "Officer         Eve Hart", "",
             "|  | Bo Tan |  |"]
    out = aligned_rows(lines)
    assert out[2:5] == ["Position\tCouncillor\tCouncil / Representing", "Member\tAnn Lee\tWestshire CC",
                        "Officer\tEve Hart\t"]
    assert out[6] == lines[6]  # a markdown pipe row is not a space-aligned table


def test_prose_substitute_for_a_member():
    got = prose_attendance(["Substitutes: Councillor Carl Day (for Dee Fox)."], People())
    assert got == {"substitutes": [{"person": "carl-day", "for": "dee-fox"}]}


# -- decisions and declarations as real minutes write them
NOTE = """Note of the meeting

Present: Councillors Jane Smith (Chair), Tom Brown and Ann Green.

1. Declarations of interest

Cllrs Jane Smith and Tom Brown declared personal interests in item 2 as members of the Fire Authority.

2. Budget 2014/15

The Chairman welcomed the guests. Members commented on the timetable.

The Board asked officers to circulate the draft budget to all councils.

Members agreed that the consultation should close in March.

Decisions

The Board **welcomed** the report and **asked** officers to publish it.
The Board advised officers to consult the districts.
Members provided guidance on the priorities for 2014/15.
The Board commented on the draft strategy.
The Board noted the report and agreed to review it in March.
- i. The Board

**approved** the fees.
RESOLVED – tbat the Board notcd the risks.

ACTION: Officers to write to the districts. (Owner: Eve Hart, by 30 April 2014)
"""


def test_real_minutes_verbs_and_two_members_in_one_declaration():
    note = parse_minutes(NOTE, People())
    assert [(d["person"], d["item"]) for d in note.declarations] == [("jane-smith", 2), ("tom-brown", 2)]
    item = note.items[1]
    assert [(d["verb"], d["text"]) for d in item.decisions] == [
        ("asked", "officers to circulate the draft budget to all councils."),
        ("agreed", "that the consultation should close in March."),
        ("welcomed", "the report."), ("asked", "officers to publish it."),
        ("advised", "officers to consult the districts."), ("provided guidance", "on the priorities for 2014/15."),
        ("commented", "on the draft strategy."), ("noted", "the report."), ("agreed", "to review it in March."),
        ("approved", "the fees."), ("noted", "the risks.")]
    # the discussion stays; a paragraph that only states decisions is not also kept as minutes
    assert item.minutes == "The Chairman welcomed the guests. Members commented on the timetable."
    assert item.actions == [{"text": "Officers to write to the districts.", "owner": "eve-hart",
                             "due": dt.date(2014, 4, 30)}]
    assert ("ocr-word", "'notcd' read as 'noted' in a decision (a misread word): check it", "notcd") in note.doubts


def test_ocr_respelling_only_where_a_decision_verb_is_expected():
    verbs = Verbs()
    assert verbs.respell("tbat the Board notcd the report.") == ("that the Board noted the report.",
                                                                 [("tbat", "that"), ("notcd", "noted")])
    assert verbs.respell("Notes of the meeting were agreed.", bare=True)[1] == []  # a real word, not a verb
    assert verbs.respell("notcd the report.")[1] == []  # no subject and not under a Decisions heading
    assert ocr.near("Jarnes", "James") and ocr.near("Clairc", "Claire") and not ocr.near("notes", "noted")


def test_owner_and_due_date_in_a_label():
    assert labelled_owner("To publish it. (Owner: Peter Cooper; by 11 December 2009)") == (
        "To publish it. (by 11 December 2009) Peter Cooper")
    assert labelled_owner("To write. (Owner: Ann Lee, by 22/04/2012)") == "To write. (by 22/04/2012) Ann Lee"


# -- the action monitor schedule
def test_schedule_table_whose_cells_wrap_onto_short_continuation_rows():
    body = "\n".join(["Item\tAction\tProgress\tStatus", "1\tTo publish and promote the\tCompleted: publish the\tDone",
                      "\tfindings on young people.\tfindings on young", "\tpeople.",
                      "2\t**Budget** To write to the Minister.\tWork is under way.\tIn progress"])
    assert schedule_rows.parse_rows(body) == [
        schedule_rows.Row("", "To publish and promote the findings on young people.",
                          "Completed: publish the findings on young people.", "done"),
        schedule_rows.Row("Budget", "To write to the Minister.", "Work is under way.", "in progress")]


def test_schedule_in_a_narrow_column_whose_item_heading_wrapped_into_the_action_heading():
    """A two-column page: 'Item' wraps to 'It' / 'e' / 'm' and its first line fuses with 'Action'; 'In progress'
    wraps without a hyphen."""
    body = "\n".join(["| It Action | Progress | Status |", "|---|---|---|", "", "e\\", "m", "",
                      "| 1 | To publish and | Work is under way | In pro |", "|---|---|---|---|",
                      "|  | promote the findings | on integrated care | gress |",
                      "|  | on hospital discharge. | systems; a further |  |", "|  |  | update will follow. |  |", "",
                      "| 2 | To write to the | Completed: letter | Done |", "|---|---|---|---|",
                      "|  | Minister. | sent. |  |"])
    assert schedule_rows.parse_rows(body) == [
        schedule_rows.Row("", "To publish and promote the findings on hospital discharge.",
                          "Work is under way on integrated care systems; a further update will follow.", "in progress"),
        schedule_rows.Row("", "To write to the Minister.", "Completed: letter sent.", "done")]


def test_schedule_printed_as_a_numbered_list():
    body = "\n".join(["Progress on the actions agreed at the meeting of 20 July 2009.", "",
                      "1.   Transport update: To publish the findings on road safety.",
                      "    Progress: Work is under way; a further update will", "    follow. Status: in progress.",
                      "", "2. **To write to the Minister.**", "", "Progress: Completed: letter sent. Status:", "done."])
    assert schedule_rows.parse_rows(body) == [
        schedule_rows.Row("Transport update", "To publish the findings on road safety.",
                          "Work is under way; a further update will follow.", "in progress"),
        schedule_rows.Row("", "To write to the Minister.", "Completed: letter sent.", "done")]
    assert schedule.schedule_date(body) == dt.date(2009, 7, 20)
    assert schedule.follows(["ACTION MONITOR SCHEDULE", *body.split("\n")], 0)
    assert schedule_rows.parse_rows("1. Introduction\n2. Background") == []  # a list without progress is not one
