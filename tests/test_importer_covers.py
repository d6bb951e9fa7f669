"""Cover pages and other round-4 importer fixes (issue 14): the meeting's facts read as real covers print them."""

from __future__ import annotations

import datetime as dt

from boardpapers.importer import membership
from boardpapers.importer.attendance import read_header
from boardpapers.importer.decisions import Verbs
from boardpapers.importer.layouts import rows_to_lines
from boardpapers.importer.minutes import parse_minutes
from boardpapers.importer.notes import Notes
from boardpapers.importer.pack import Pack, _cover, parse_pack
from boardpapers.importer.pdf import page_lines
from boardpapers.importer.people import People
from boardpapers.importer.report import parse_report
from boardpapers.importer.schedule_rows import parse_rows


def _read_cover(lines: list[str]) -> dict:
    pack = Pack()
    _cover(lines, pack, "Community Wellbeing Board")
    return pack.meta


def test_a_labelled_venue_line_gives_its_value_only_and_stops_at_the_next_label():
    meta = _read_cover(["COMMUNITY WELLBEING BOARD", "", "**AGENDA**", "**Date:** 19/07/2018", "**Time:** 10:00",
                        "**Venue:** Committee Room 2, Civic Centre", "**Date of next meeting:** 02/04/2019", ""])
    assert meta["start"] == "10:00"
    assert meta["venue"] == "Committee Room 2, Civic Centre"


def test_a_venue_whose_address_lines_are_spaced_apart_is_read_to_its_postcode():
    meta = _read_cover(["## Community Wellbeing Board", "", "## Agenda", "", "15th December 2011", "", "1pm – 3.30pm",
                        "", "Bevin Hall", "", "Local Government House", "", "Smith Square", "", "London SW1P 3HZ", "",
                        "**To:** Members of the Community Wellbeing Board", "", "Mr A Clerk", "Room 4"])
    assert meta["venue"] == "Bevin Hall, Local Government House, Smith Square, London SW1P 3HZ"


def test_a_venue_block_ends_at_a_blank_before_what_is_no_address_line():
    meta = _read_cover(["Thursday 15 December 2011", "1.00pm – 3.30pm", "", "Bevin Hall", "Local Government House",
                        "", "Members are reminded to declare any interests at the start of the meeting.", ""])
    assert meta["venue"] == "Bevin Hall, Local Government House"


def test_a_note_head_value_wrapped_in_a_narrow_column_is_read_whole():
    people = People()
    meta, _ = read_header(["**Title:** Children and Young People", "Board", "**Date:** 12th December 2011",
                           "**Time:** 10am – 11.30am", "**Venue:** Bevin Hall, Local Government House, Smith",
                           "Square, London SW1P 3HZ", "", "**Attendance**", "", "Position\tCouncillor\tCouncil"],
                          people)
    assert meta == {"date": dt.date(2011, 12, 12), "start": "10:00", "end": "11:30",
                    "venue": "Bevin Hall, Local Government House, Smith Square, London SW1P 3HZ"}


PAGE_STAMPED_PACK = """## HOUSING BOARD

## AGENDA
1) **Housing: priorities for 2011/12** (13:25)
2) **Transport update** (14:00)
**PART 2 – EXEMPT ITEMS**
3) **Climate change programme**

The public are likely to be excluded from the meeting during this item. Reason: Paragraph
3 of Schedule 12A: financial or business affairs.



**Agenda Item 1**

## Housing: priorities for 2011/12

**Purpose of report**

For information.

**Summary**

The review sets out the Board's housing priorities for the year.

**Contact officer:** Carol Turner
**Phone no:** 020 7664 3706



**Agenda Item 1**

## Housing: priorities for 2011/12

## Conclusion

1. Lead members noted the link between housing supply and temporary accommodation. In 2010/11, 63 per



**Agenda Item 3**

cent of councils reported pressures in affordable housing, compared with 75 per cent in the previous year.

2. The Board will continue to monitor homelessness prevention as set out in the appendix.

**Financial Implications**

The costs of flood resilience will be met from existing budgets.



**Agenda Item 2**

## Transport update

**Purpose of report**

For information.

**Summary**

Buses.



**Agenda Item 3**

## Document is Restricted

Paragraph 3 of Schedule 12A: financial or business affairs
"""


def test_a_page_stamp_of_the_next_item_in_mid_sentence_does_not_end_the_paper():
    notes = Notes()
    pack = parse_pack(PAGE_STAMPED_PACK.split("\n"), People(), notes, "Housing Board")
    report = pack.reports["1"]
    assert report.fields["financial_implications"] == "The costs of flood resilience will be met from existing budgets."
    assert "63 per cent of councils reported pressures in affordable housing" in " ".join(report.body.split())
    assert report.body.startswith("## Conclusion")  # no '## Agenda Item 1', no repeated title
    assert "Agenda Item" not in report.body


def _word(text: str, x0: float, top: float) -> dict:
    return {"text": text, "x0": x0, "x1": x0 + 5.5 * len(text), "top": top, "bottom": top + 11, "size": 11.0,
            "fontname": "Helvetica", "rules": ()}


def _row(text: str, x0: float, top: float) -> list[dict]:
    words, x = [], x0
    for w in text.split():
        words.append(_word(w, x, top))
        x += 5.5 * len(w) + 3
    return words


def test_a_bulleted_list_on_the_page_does_not_make_numbered_paragraphs_a_table():
    # numbered paragraphs with a hanging indent (number at 81, text at 101), and a bulleted list (bullet at 81,
    # text at 101) lower on the same page: the bullets are list items, not a table's two columns
    words = _row("8. The Department has lobbied for additional", 81, 100)
    words[1:] = _row("The Department has lobbied for additional", 101, 100)
    words += _row("subject to the availability of resources.", 101, 114)
    words += _row("9. The task and finish group identified", 81, 140)[:1] + _row("The task and finish group", 101, 140)
    words += _row("spending review ahead of the autumn.", 101, 154)
    for n, item in enumerate(("Temporary accommodation;", "Affordable housing;")):
        words += [{**_word("(cid:127)", 81, 190 + 20 * n), "x1": 85.0}, *_row(item, 101, 190 + 20 * n)]
    lines = page_lines(words)
    assert "subject to the availability of resources." in lines
    assert "spending review ahead of the autumn." in lines
    assert not any(line.startswith("\t") for line in lines)


def test_an_appendix_title_printed_as_a_plain_line_starts_an_attachment():
    text = """Sector support

Purpose of report

For information.

Summary

The report sets out the programme's progress.

Contact officer: Carol Turner, Finance Manager

Background
1.   The Board agreed the programme in June and asked for a report on its progress.

Appendix A: Sector-led improvement in local government

Foreword
We have come a long way since the LGA published its first offer to councils.

Appendix B

1. Core components of the current improvement support offer to councils.
"""
    report = parse_report(text, People())
    assert [a["title"] for a in report.fields["attachments"]] == [
        "Appendix A: Sector-led improvement in local government", "Appendix B"]
    assert "## Appendix A: Sector-led improvement in local government" in report.body


def test_a_prose_membership_group_set_tight_under_the_one_before_is_a_group_of_its_own():
    lines = ["## Membership 2011/12",
             "**Labour:** Councillors Yvonne Miller (Worcester BC), Christine Jenkins (Norwich City Council),",
             "Jacqueline Barker (Hampshire DC).", "",
             "**Independent:** Councillors Valerie Hughes (Croydon DC).",
             "**Liberal Democrat:** Councillors Janet Richardson (Kent City Council).", ""]
    found = {m["person"]: m for m in membership.parse(lines, 0, People(), Notes("pack.txt"))}
    assert found["valerie-hughes"] == {"person": "valerie-hughes", "role": "Member", "group": "Independent",
                                       "council": "Croydon DC"}
    assert found["janet-richardson"]["group"] == "Liberal Democrat"
    assert found["janet-richardson"]["council"] == "Kent City Council"


def test_a_contact_box_value_wrapped_in_a_narrow_column_keeps_the_box_whole():
    text = """## Sector-led improvement in Adult Services

**Purpose of report**

For information.

**Action**

As directed by Members.

**Contact officer:** Oliver Mills / Emma Jenkins
**Position:** National Programme Director / Senior
Adviser
**Phone no:** 07881 820895 / 020 7664 3046
**E-mail:** Oliver.Mills@local.gov.uk /
emma.jenkins@local.gov.uk

## Background

1. The programme began in 2011.
"""
    report = parse_report(text, People())
    assert report.fields["contacts"] == [
        {"person": "oliver-mills", "position": "National Programme Director", "phone": "07881 820895",
         "email": "Oliver.Mills@local.gov.uk"},
        {"person": "emma-jenkins", "position": "Senior Adviser", "phone": "020 7664 3046",
         "email": "emma.jenkins@local.gov.uk"}]
    assert report.body.startswith("## Background")


def test_a_page_stamp_where_the_note_table_goes_on_over_a_page_is_no_text_of_it():
    lines = ["Item\tDecisions and actions\tAction by", "",
             "5\t**Better Care Fund**\tSarah Stewart", "",
             "\tThe Board discussed the fund.", "", "\t**Action**", "", "", "",
             "**Item 1**", "", "Item\tDecisions and actions\tAction by", "",
             "\tTo arrange a workshop for members on the Better Care Fund.", "",
             "6\t**Progress report on the care market**\tJohn Mills", ""]
    out = [x for x in rows_to_lines(lines) if x.strip()]
    assert "Item 1" not in " ".join(out)
    at = out.index("To arrange a workshop for members on the Better Care Fund.")
    assert out[at - 1] == "**Action**" and out[at + 1] == "Sarah Stewart"


def test_a_members_group_and_council_run_together_in_a_narrow_card_are_both_read():
    lines = ["## Membership of the Improvement and Innovation Board, 2018/19", "",
             "**Councillor Jacqueline Stay**\t**Councillor Pauline**\t**Councillor Lorraine Fox**",
             "Conservative\t**Richardson**\tConservative",
             "Sunderland BC\tLiberal Democrat Warwickshire MBC\tShropshire BC", ""]
    found = {m["person"]: m for m in membership.parse(lines, 0, People(), Notes("pack.txt"))}
    assert found["pauline-richardson"] == {"person": "pauline-richardson", "role": "Member",
                                           "group": "Liberal Democrat", "council": "Warwickshire MBC"}
    assert found["lorraine-fox"]["council"] == "Shropshire BC"


def test_a_decision_stated_in_the_narrative_and_again_under_decision_is_one_decision():
    text = """Note of decisions taken and actions required

5. Productivity Programme

Brian Reynolds introduced the item, saying that the Procurement report was delayed.

The Board agreed the Councils to be part of the Capital and Assets Programme.

Decision

The Board **agreed** the Councils to be part of the Capital and Assets Programme.

Action

Report on National Procurement Strategy to be brought to a future meeting.
"""
    item = parse_minutes(text.split("\n"), People(), Verbs()).items[0]
    assert item.decisions == [{"verb": "agreed",
                               "text": "the Councils to be part of the Capital and Assets Programme."}]


def test_a_decision_listed_twice_under_decision_stays_twice():
    text = """Note of decisions taken and actions required

5. Productivity Programme

Brian Reynolds introduced the item.

Decision

The Board noted the report.

The Board noted the report.
"""
    item = parse_minutes(text.split("\n"), People(), Verbs()).items[0]
    assert item.decisions == [{"verb": "noted", "text": "the report."}] * 2


def test_a_schedule_entry_whose_bold_action_wraps_onto_a_second_line_is_one_action():
    body = """1. **Andy Bates to look at the full implications of inviting political groups and group leaders to**
**the road shows.**

Progress: Invitations to political lead member peers will be coordinated through the political
group offices. Status: in progress.
"""
    (row,) = parse_rows(body)
    assert row.action == ("Andy Bates to look at the full implications of inviting political groups and group "
                          "leaders to the road shows.")
    assert row.heading == "" and row.status == "in progress"
