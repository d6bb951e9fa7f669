"""The lists of a pack on tiny inputs: the membership list in every form packs print it (table rows, one field a
line, prose, a grid of cards), where it ends, and that nothing in it is dropped silently."""

from __future__ import annotations

from boardpapers.importer import membership
from boardpapers.importer.notes import Notes
from boardpapers.importer.people import People


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
