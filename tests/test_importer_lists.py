"""The lists of a pack on tiny inputs: the membership list in every form packs print it (table rows, one field a
line, prose, a grid of cards), where it ends, and that nothing in it is dropped silently; the agenda's lines with
their timings, page ranges and reasons, and where the agenda ends."""

from __future__ import annotations

from boardpapers.importer import agenda, furniture, membership, segments
from boardpapers.importer.notes import Notes
from boardpapers.importer.people import People
from boardpapers.importer.report import parse_report
from boardpapers.importer.text import normalise


def _members(text: str) -> tuple[list[dict], People, Notes]:
    lines = text.split("\n")
    people, notes = People(), Notes("pack.txt")
    assert membership.is_heading(lines, 0), "the heading starts a membership list"
    return membership.parse(lines, 0, people, notes), people, notes


def _by_person(found: list[dict]) -> dict[str, dict]:
    return {m["person"]: m for m in found}


def test_a_pipe_table_with_group_rows_roles_in_brackets_substitutes_and_observers():
    found, people, _ = _members("""**Westshire Panel – Membership 2016/17**

| Councillor | Council |
| --- | --- |
| **Conservative** (2) |  |
| Cllr Ann Archer (Chair) | Eastfield DC |
| Cllr Bob Baker | Northby BC |
| *Substitutes:* |  |
| Cllr Cat Cole | Southam UA |
| **Labour** (1) |  |
| Cllr Dan Dyer (Vice-Chair) | Westford City Council |
| **Observers** |  |
| Professor Eve Ellis |  |""")
    got = _by_person(found)
    assert got["ann-archer"] == {"person": "ann-archer", "role": "Chair", "group": "Conservative",
                                 "council": "Eastfield DC"}
    assert got["cat-cole"]["role"] == "Substitute" and got["cat-cole"]["group"] == "Conservative"
    assert got["dan-dyer"]["role"] == "Vice-Chair" and got["dan-dyer"]["group"] == "Labour"
    assert got["eve-ellis"] == {"person": "eve-ellis", "role": "Observer"}  # no council printed: still kept
    assert people.stubs["eve-ellis"].kind == "observer" and people.stubs["cat-cole"].council == "Southam UA"


def test_one_field_a_line_with_group_headings_substitutes_per_group_and_a_page_break_inside_a_member():
    found, _, notes = _members("""Membership of the Westshire Panel 2013/14

Labour Group

Councillor Ann Archer
Chair
Eastfield DC

Councillor Bob Baker


Labour
Northby BC

Labour substitutes:
Councillor Cat Cole
Southam UA

Conservative Group

Councillor Dan Dyer
Vice-Chair
Westford UA


AGENDA

1.     Note of the previous meeting (Pages 4 - 6)""")
    got = _by_person(found)
    assert set(got) == {"ann-archer", "bob-baker", "cat-cole", "dan-dyer"}
    assert got["ann-archer"] == {"person": "ann-archer", "role": "Chair", "group": "Labour", "council": "Eastfield DC"}
    assert got["bob-baker"]["group"] == "Labour" and got["bob-baker"]["council"] == "Northby BC"
    assert got["cat-cole"] == {"person": "cat-cole", "role": "Substitute", "group": "Labour", "council": "Southam UA"}
    assert got["dan-dyer"]["group"] == "Conservative" and got["dan-dyer"]["role"] == "Vice-Chair"
    assert not notes.items


def test_the_group_on_the_line_under_each_name_and_all_substitutes_after_the_groups():
    found, _, _ = _members("""Membership of the Westshire Panel 2011/12

Councillor Ann Archer
Chair
Conservative
Eastfield DC

Councillor Bob Baker
Labour
Northby BC

Substitutes:
Councillor Cat Cole
Conservative
Southam UA""")
    got = _by_person(found)
    assert got["ann-archer"]["group"] == "Conservative" and got["bob-baker"]["group"] == "Labour"
    assert got["cat-cole"] == {"person": "cat-cole", "role": "Substitute", "group": "Conservative",
                               "council": "Southam UA"}


def test_a_list_in_prose_one_paragraph_a_group():
    found, _, _ = _members("""## Membership 2012/13

**Conservative:** Councillors Ann Archer (Chair, Eastfield DC), Bob Baker (Northby
BC), Cat Cole (Substitute, Southam UA).

**Observers:** Eve Ellis (Observer), Professor Fay Ford (Observer).""")
    got = _by_person(found)
    assert got["ann-archer"] == {"person": "ann-archer", "role": "Chair", "group": "Conservative",
                                 "council": "Eastfield DC"}
    assert got["bob-baker"]["council"] == "Northby BC"
    assert got["cat-cole"]["role"] == "Substitute"
    assert got["fay-ford"] == {"person": "fay-ford", "role": "Observer"}


def test_a_grid_of_cards_read_column_by_column():
    found, _, _ = _members("""## Membership of the Westshire Panel, 2012/13

**Councillor Ann Archer**\t**Councillor Bob Baker**\t**Councillor Cat Cole**
Chair\tConservative\tSubstitute
Conservative\tNorthby BC\tConservative
Eastfield DC\t\tSoutham UA

**Councillor Dan Dyer**\t**Councillor Eve Ellis OBE Councillor Fay Ford**
Labour\tLabour\t**JP**
Westford UA\tLowtown BC\tHightown DC""")
    got = _by_person(found)
    assert got["ann-archer"] == {"person": "ann-archer", "role": "Chair", "group": "Conservative",
                                 "council": "Eastfield DC"}
    assert got["bob-baker"]["council"] == "Northby BC"
    assert got["cat-cole"] == {"person": "cat-cole", "role": "Substitute", "group": "Conservative",
                               "council": "Southam UA"}
    assert got["eve-ellis"]["council"] == "Lowtown BC" and got["fay-ford"]["council"] == "Hightown DC"


def test_the_list_ends_where_it_ends_a_venue_is_not_a_member():
    found, people, _ = _members("""### Westshire Panel - Membership 2013/2014

Councillor\tAuthority
<b>Conservative (2)</b>\t
Ann Archer [Chair]\tEastfield DC
Bob Baker\tNorthby BC


---

**Children and Young People Board**

Wednesday 1 January 2014

10am – 11.30am

Bevin Hall, Local Government House, Smith Square, London SW1P 3HZ""")
    assert [m["person"] for m in found] == ["ann-archer", "bob-baker"]
    assert set(people.stubs) == {"ann-archer", "bob-baker"}


def test_a_line_of_the_list_read_as_nothing_is_reported():
    found, _, notes = _members("""Membership 2013/14

Councillor\tCouncil
Ann Archer\tEastfield DC
see overleaf for the 3 vacancies\t
Bob Baker\tNorthby BC""")
    assert len(found) == 2
    assert [n.code for n in notes.items] == ["membership-line"] and notes.items[0].line == 5


def test_a_membership_heading_with_nothing_readable_under_it_is_still_a_list():
    lines = ["## Membership 2013/14", "", "[image]", "", "## Agenda"]
    assert membership.is_heading(lines, 0)
    assert membership.parse(lines, 0, People(), Notes()) == []  # board_file warns membership-empty
    assert not membership.is_heading(["The membership of the board was discussed at length by members."], 0)
    # the last line of a wrapped sentence, with names or a two-column page's table row after it, is no heading
    assert not membership.is_heading(["members.", "", "\thighways maintenance in partnership\tNext steps"], 0)
    assert not membership.is_heading(["the Board's membership.", "Mark Brown\tDerby BC"], 0)
    assert membership.is_heading(["Members:", "Mark Brown\tDerby BC"], 0)


# -- the agenda: suffixes, numbers, where it ends
def _agenda(text: str):
    lines = normalise(text)
    start = agenda.find_start(lines)
    assert start >= 0, "an agenda is found"
    return agenda.parse(lines[start:], start, Notes())


def test_timing_and_page_suffixes_and_escaped_numbers_leave_the_title_clean():
    found = _agenda("""**Agenda**

1\\. Note of the previous meeting Page 4

2. Sector-led improvement in Adult Services (11.05am) Page 4

3. Review of the peer challenge offer (Pages 15 - 17)
      1.33pm – 1.43pm

1 (a). Action Monitor Schedule (Pages 7 - 7)""")
    got = [(r.number, r.title, r.timing, r.pages) for r in found.rows]
    assert got == [("1", "Note of the previous meeting", "", "4"),
                   ("2", "Sector-led improvement in Adult Services", "11:05", "4"),
                   ("3", "Review of the peer challenge offer", "13:33-13:43", "15-17"),
                   ("1a", "Action Monitor Schedule", "", "7")]


def test_an_exempt_item_with_its_page_range_cut_its_reason_and_its_timing_on_the_lines_under_it():
    found = _agenda("""AGENDA

4.     Adult social care programme (Exempt) (Pages 14 -
      15)
      Reason: Paragraph 4 of Schedule 12A: labour relations
      1.40pm – 1.50pm

5.     Progress report on health protection (Pages 16 - 18)""")
    first = found.rows[0]
    assert (first.title, first.pages, first.timing) == ("Adult social care programme", "14-15", "13:40-13:50")
    assert first.exempt == "Paragraph 4 of Schedule 12A: labour relations"
    assert [r.number for r in found.rows] == ["4", "5"] and not found.rows[1].exempt


def test_a_reason_printed_as_a_sentence_under_a_part_2_item():
    found = _agenda("""## AGENDA
1. **Housing update**
**PART 2 – EXEMPT ITEMS**
2. **Climate change programme**

The public are likely to be excluded from the meeting during this item. Reason: Paragraph 3 of
Schedule 12A: financial or business affairs.
3. **Transport programme**""")
    assert [(r.number, r.exempt) for r in found.rows] == [
        ("1", ""), ("2", "Paragraph 3 of Schedule 12A: financial or business affairs"), ("3", agenda.PLACEHOLDER)]


def test_the_agenda_ends_with_its_page_not_at_the_minutes_numbered_headings():
    found = _agenda("""AGENDA

1.     Note of the previous meeting (Pages 4 - 6)

2.     The Better Care Fund (Pages 8 - 10)


Agenda Item 1

COMMUNITY WELLBEING BOARD

MINUTES of a meeting of the Community Wellbeing Board held on Wednesday, 9
November 2011 at 2.00pm

1.    NOTE OF THE PREVIOUS MEETING

6.    PRODUCTIVITY UPDATE""")
    assert [r.number for r in found.rows] == ["1", "2"] and not found.notes


def test_an_agenda_that_carries_on_over_the_page():
    found = _agenda("""AGENDA

1.     Note of the previous meeting

2.     The Better Care Fund


Westshire Panel - 4 May 2016

3.     Health protection

PART 2 - EXEMPT ITEMS

4.     Staffing""")
    assert [r.number for r in found.rows] == ["1", "2", "3", "4"] and found.rows[3].exempt


# -- reports: their titles, contacts and sections as plain extracts print them
REPORT = """REVIEW OF THE PEER CHALLENGE OFFER

Report of the Research Manager

Purpose of report
For information.

Summary
Feedback from 19 authorities.

Contact officer: Joanne Powell
Position: Research Manager
Phone no: 020 7664 3753
E-mail: joanne.powell@example.org

Contact officer: Peter Cooper
Position: Executive Director
Phone no: 020 7664 3266
E-mail: peter.cooper@example.org

Background
1.   The Chair set out proposals.
•   Temporary accommodation.
Financial Implications
The costs will be met from existing budgets.
"""


def test_a_byline_under_the_title_is_not_the_title():
    lines = normalise(REPORT)
    report = next(s for s in segments.anchors(lines) if s.kind == "report")
    assert report.title == "REVIEW OF THE PEER CHALLENGE OFFER" and report.start == 0
    assert segments.likeness(report.title, "Review of the peer challenge offer") > 0.9


def test_two_contact_boxes_are_two_contacts_and_plain_section_headings_are_read():
    people = People()
    report = parse_report(normalise(REPORT), people)
    assert report.fields["contacts"] == [
        {"person": "joanne-powell", "position": "Research Manager", "phone": "020 7664 3753",
         "email": "joanne.powell@example.org"},
        {"person": "peter-cooper", "position": "Executive Director", "phone": "020 7664 3266",
         "email": "peter.cooper@example.org"}]
    assert report.fields["financial_implications"] == "The costs will be met from existing budgets."
    assert report.body.startswith("## Background\n\n1.   The Chair set out proposals.")


def test_a_contacts_position_belongs_to_its_report_and_unpaired_values_go_in_order_with_a_warning():
    people, notes = People(), Notes("pack.txt")
    first = parse_report(normalise("## A\n\nPurpose of report\n\nFor noting.\n\nContact officer: Carol Turner\n"
                                   "Position: Finance Manager\nPhone no: 020 7664 3426"), people)
    second = parse_report(normalise("## B\n\nPurpose of report\n\nFor noting.\n\n"
                                    "**Contact officer:** Carol Turner/Karen Fox\n**Position:** Adviser\n"
                                    "**Phone no:** 020 7664 3908 / 020 7664 3886"), people, warnings=notes, offset=40)
    assert first.fields["contacts"][0]["position"] == "Finance Manager"
    assert second.fields["contacts"] == [
        {"person": "carol-turner", "position": "Adviser", "phone": "020 7664 3908"},
        {"person": "karen-fox", "phone": "020 7664 3886"}]
    assert not people.stubs["carol-turner"].position  # not the person's: another report may print another
    assert [(n.line, n.code) for n in notes.items] == [(47, "contact-pairing")]


def test_the_date_of_the_next_meeting_on_the_cover_or_the_details_page():
    assert agenda.next_meeting(["Date of next meeting: Monday, 16 May 2016", "Westshire Panel"]) == \
        "Monday, 16 May 2016"
    assert agenda.next_meeting(["### **Date of next meeting**", "", "Monday 15 September 2014"]) == \
        "Monday 15 September 2014"
    assert agenda.next_meeting(["The Board will consider it at its next meeting in May 2016."]) == ""


def test_a_section_heading_second_from_the_foot_of_many_pages_is_not_a_footer():
    lines = []
    for number, title in enumerate(("Housing", "Transport", "Waste", "Parks", "Libraries"), 1):
        lines += ["Westshire Panel", "", f"{title} update", "", f"{number}. Some text of paper {number}.", "",
                  "**Financial Implications**", "", f"It costs £{number}m.", "", f"Page {number}", "\f"]
    found = {lines[i] for i in furniture.find(lines)}
    assert found == {"Westshire Panel"} | {f"Page {n}" for n in range(1, 6)}


def test_a_running_head_under_the_rule_or_form_feed_that_opens_each_page():
    """pdftotext and converters print a page break as a rule or a form feed line, then the running head: the head
    is the page's outermost line, the rule is not."""
    for brk in ("---", "\f", "________"):
        lines = []
        for number, title in enumerate(("Housing", "Transport", "Waste", "Parks", "Libraries"), 1):
            lines += [brk, "", "Westshire Panel", "", f"{title} update", "", f"{number}. Text of paper {number}.", "",
                      str(number), ""]
        found = {lines[i] for i in furniture.find(lines)}
        assert found == {"Westshire Panel"} | {str(n) for n in range(1, 6)}, brk


def test_contact_lines_at_a_reports_foot_in_one_line_each():
    """A plain council prints its contacts after the report's text, one officer a line: name, position, phone and
    e-mail separated by commas. They are the report's contacts, and leave its body."""
    people = People()
    report = parse_report(normalise(
        "## 6. CLIMATE CHANGE UPDATE\n\nReport of the Director\n\n**Purpose**\n\nFor noting.\n\n**Background**\n\n"
        "1. The Board will contact the Minister: it asked for a reply.\n\n"
        "**Contact:** Angela Cole, Head of Improvement, tel 020 7664 3054, angela.cole@example.org\n\n"
        "**Contact:** Karen Fox, tel 020 7664 3377, karen.fox@example.org\n"), people)
    assert report.fields["contacts"] == [
        {"person": "angela-cole", "position": "Head of Improvement", "phone": "020 7664 3054",
         "email": "angela.cole@example.org"},
        {"person": "karen-fox", "phone": "020 7664 3377", "email": "karen.fox@example.org"}]
    assert "Contact" not in report.body and "contact the Minister" in report.body


def test_a_member_listed_without_a_council_gets_the_one_the_attendance_table_prints():
    people = People()
    assert people.resolve_or_stub("Mark Brown", "councillor") == "mark-brown"  # the membership list: no council
    assert people.resolve_or_stub("Jane Roe", "officer") == "jane-roe"
    assert people.resolve_or_stub("Mark Brown", "councillor", "Chair of the Board") == "mark-brown"
    assert people.stubs["mark-brown"].council == ""  # not a council: nothing learned
    assert people.resolve_or_stub("Mark Brown", "councillor", "Wolverhampton CC") == "mark-brown"
    assert people.resolve_or_stub("Mark Brown", "councillor", "Derby BC") == "mark-brown"
    assert people.stubs["mark-brown"].council == "Wolverhampton CC"  # the first printed is kept
    assert people.resolve_or_stub("Jane Roe", "officer", "Derby BC") == "jane-roe"
    assert people.stubs["jane-roe"].council == ""  # an officer's council is not guessed from a table cell


def test_a_membership_list_ends_at_the_next_pages_heading():
    """The list's last member, then (the page's footer blanked) the details page: its heading is no council, its
    venue no member."""
    lines = normalise("## Westshire Board - Membership 2011/12\n\nCouncillor\tAuthority\n\n**Conservative (2)**\n\n"
                      "Mark Brown [Chair]\n\nEmma Harrison\n\n**Liberal Democrat (1)**\n\nJanet Richardson\n\n\n\n"
                      "## Westshire Environment and Transport Board\nThursday 15 December 2011, 1.00pm\n\n"
                      "Bevin Hall, Local Government House, Smith Square, London SW1P 3HZ\n")
    people = People()
    found = membership.parse(lines, 0, people, Notes())
    assert [(m["person"], m.get("group")) for m in found] == [
        ("mark-brown", "Conservative"), ("emma-harrison", "Conservative"), ("janet-richardson", "Liberal Democrat")]
    assert not people.stubs["janet-richardson"].council and not people.stubs["janet-richardson"].position


def test_the_schedule_line_of_a_numbered_agenda_is_a_row_not_the_schedule():
    """'1a. Action Monitor Schedule Page 9' with the note's tables a few lines below: the agenda goes on past it
    (its exempt item 3 kept), and the schedule is the paper further down."""
    lines = normalise("**Agenda**\n\n1. Note of the previous meeting Page 4\n\n1a. Action Monitor Schedule Page 9\n\n"
                      "2. Housing update Page 10\n\n3. The care market (exempt)\n*Reason: Paragraph 3 of Schedule 12A*"
                      "\n\n4. Transport Page 12\n\n\n\nNote of decisions taken and actions required\n\n"
                      "| Title: | Westshire Board Monday 17 September 2012 |  |\n| --- | --- | --- |\n\n\n\n"
                      "Action Monitor Schedule\n\n| Item | Action | Progress |\n| --- | --- | --- |\n"
                      "| 1 | To write. | Done. |\n")
    found = segments.anchors(lines)
    assert [s.kind for s in found if s.kind in ("agenda", "schedule")] == ["agenda", "schedule"]
    assert next(s for s in found if s.kind == "schedule").title == "Action Monitor Schedule"
    agenda_seg = next(s for s in found if s.kind == "agenda")
    parsed = agenda.parse(lines[agenda_seg.start:agenda_seg.end], agenda_seg.start, Notes())
    assert [(r.number, bool(r.exempt)) for r in parsed.rows] == [("1", False), ("1a", False), ("2", False),
                                                                  ("3", True), ("4", False)]


def test_an_agenda_table_whose_number_column_is_unheaded():
    lines = normalise("|  | Title | Timing | Page |\n|---|---|---|---|\n"
                      "| 1. | **Note of the previous meeting** |  | 5 |\n"
                      "|  | **Lunch** | 12:30 |  |\n| 3. | **The care market (confidential)** | 14:24 – 14:34 | 12 |\n"
                      "|  | Not for publication: Paragraph 3 of Schedule 12A: financial or business affairs |  |  |\n"
                      "| 4. | **Transport** | 14:45 | 13 |\n")
    assert agenda.find_start(lines) == 0
    parsed = agenda.parse(lines, 0, Notes())
    assert [(r.number, r.title, r.timing, bool(r.exempt)) for r in parsed.rows] == [
        ("1", "Note of the previous meeting", "", False), ("", "Lunch", "12:30", False),
        ("3", "The care market", "14:24-14:34", True), ("4", "Transport", "14:45", False)]
    assert not agenda.is_header("| Title | Decisions and actions | Page |")
