"""Membership and attendance (issue #3), over the `trails` fixture's 2013/14 year of the board iib.

Meetings: 10 Jun 2013 (recorded), 1 Sep 2013 (cancelled), 12 Nov 2013 (recorded; sam-sub substitutes for
bob-member), 20 Jan 2014 (recorded), 18 Mar 2014 (scheduled, after the fixture's clock of 1 Mar 2014).
Members: ann-chair (Chair), bob-member, cat-newer (joined 1 Oct 2013), sam-sub (Substitute), oscar-observer.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil

import pytest
from conftest import FIXTURES, ROOT

from boardpapers.graph.attendance import all_attendance, board_years
from boardpapers.pipeline import Options, build

TRAILS = FIXTURES / "trails" / "content"
MEETINGS = ["2013-06-10-iib", "2013-09-01-iib", "2013-11-12-iib", "2014-01-20-iib", "2014-03-18-iib"]


@pytest.fixture(scope="module")
def built():
    return build(Options(content_dir=TRAILS, now=dt.datetime(2014, 3, 1, 9, 0), search=False, write=False))


def codes(record) -> dict[str, str]:
    return {m.meeting_id: m.code for m in record.marks}


def test_rates_count_only_meetings_held_while_a_member(built):
    records = all_attendance(built.graph)
    ann, bob, cat = records["ann-chair"], records["bob-member"], records["cat-newer"]
    assert codes(ann) == dict(zip(MEETINGS, ["present", "cancelled", "present", "present", "upcoming"], strict=True))
    assert (ann.attended, ann.counted, ann.rate) == (3, 3, 100)
    assert codes(bob)["2013-11-12-iib"] == "substituted"
    assert [m.other for m in bob.marks if m.code == "substituted"] == ["sam-sub"]
    assert (bob.attended, bob.counted, bob.rate) == (2, 3, 67)
    # Joined 1 October 2013: the June meeting and the cancelled September one are not hers to attend.
    assert codes(cat) == {"2013-11-12-iib": "present", "2014-01-20-iib": "apologies", "2014-03-18-iib": "upcoming"}
    assert (cat.attended, cat.counted, cat.rate) == (1, 2, 50)


def test_substitutes_observers_and_officers(built):
    records = all_attendance(built.graph)
    sam = records["sam-sub"]
    assert codes(sam)["2013-11-12-iib"] == "substitute"
    assert [m.other for m in sam.marks if m.code == "substitute"] == ["bob-member"]
    assert sam.rate is None  # substitutes attend when needed: no rate
    oscar = records["oscar-observer"]
    assert codes(oscar)["2013-06-10-iib"] == "observer" and codes(oscar)["2013-11-12-iib"] == "absent"
    assert (oscar.attended, oscar.counted) == (1, 3)
    olive = records["olive-officer"]  # not a member: only the meeting she came to, never counted
    assert codes(olive) == {"2013-06-10-iib": "officer"} and olive.rate is None


def test_board_matrix_by_year(built):
    (year,) = board_years(built.graph, "iib")
    assert year.year.label == "2013/14" and list(year.meetings) == MEETINGS
    assert [g.label for g in year.groups] == ["Independent", "Labour", "Substitutes", "Observers"]
    rows = {r.member.person: r for g in year.groups for r in g.rows}
    assert [m.code for m in rows["cat-newer"].record.marks] == [
        "not-member", "not-member", "present", "apologies", "upcoming"]
    assert [m.symbol for m in rows["bob-member"].record.marks] == ["✓", "×", "S", "✓", ""]
    assert [m.person for m in year.substitutes] == ["sam-sub"]
    assert [m.person for m in year.observers] == ["oscar-observer"]
    assert [r.member.role for r in built.graph.roles["cat-newer"]] == ["Member"]


def test_board_page_has_an_accessible_matrix(built):
    page = built.outputs["boards/iib/index.html"].decode()
    matrix = page[page.index('class="table attendance-matrix"'):]
    matrix = matrix[:matrix.index("</table>")]
    assert ('<caption id="attendance-caption-2013-14">Attendance at the board\'s meetings in 2013/14' in matrix)
    # a wide matrix scrolls inside a region the keyboard reaches, named by the caption
    wrap = page[:page.index('class="table attendance-matrix"')].rsplit("<div", 1)[1]
    assert 'role="region" aria-labelledby="attendance-caption-2013-14" tabindex="0"' in wrap
    assert matrix.count('<th scope="col">') >= 2 and '<th scope="row">' in matrix
    assert '<th scope="rowgroup"' in matrix
    # Never symbol alone: every mark carries words for screen readers.
    assert '<span aria-hidden="true">A</span><span class="visually-hidden">apologies</span>' in matrix
    assert '<span class="visually-hidden">apologies, substituted</span>' in matrix
    assert "Key: ✓ present; A apologies; S apologies, and a substitute attended; – absent" in page
    assert "Substitutes 2013/14" in page and "Observers 2013/14" in page


def test_person_page_shows_rate_roles_interests_items_and_actions(built):
    page = built.outputs["people/cat-newer/index.html"].decode()
    assert "Attended 1 of the 2 meetings" in page and "50%" in page
    assert "Member from 1 Oct 2013" in page
    assert "Governor of the Test Academy" in page  # interests declared
    olive = built.outputs["people/olive-officer/index.html"].decode()
    assert 'id="presented"' in olive and 'id="contact-officer"' in olive
    assert 'href="/actions/publish-plan/"' in olive and 'href="/actions/chase-funding/"' in olive
    ann = built.outputs["people/ann-chair/index.html"].decode()
    assert "Meeting cancelled" in ann and "Meeting not yet held" in ann


def test_sample_peter_fleming_attendance_at_each_meeting():
    """Done when: Peter Fleming's page shows his attendance at each sample meeting."""
    result = build(Options(content_dir=ROOT / "content", now=dt.datetime(2026, 1, 1, 9, 0), search=False,
                           write=False))
    page = result.outputs["people/peter-fleming/index.html"].decode()
    table = page[page.index('id="attendance"'):]
    table = table[:table.index("</table>")]
    for meeting in result.graph.meetings:
        assert f'href="/meetings/{meeting}/"' in table
    assert re.search(r"Attended \d+ of the \d+ meetings", page)


def test_the_council_printed_at_a_meeting_is_shown_there(tmp_path):
    """`council:` on an attendee is what that meeting's papers printed: shown on the meeting page and in the open
    data, in place of the person's usual council (which every other meeting keeps)."""
    content = tmp_path / "content"
    shutil.copytree(TRAILS, content)
    index = content / "meetings" / "2013-06-10-iib" / "index.md"
    text = index.read_text()
    assert "- person: ann-chair\n" in text
    printed = "- person: ann-chair\n      council: Old Borough Council\n"
    index.write_text(text.replace("- person: ann-chair\n", printed, 1))
    result = build(Options(content_dir=content, now=dt.datetime(2014, 3, 1, 9, 0), search=False, write=False))
    june = result.outputs["meetings/2013-06-10-iib/index.html"].decode()
    assert re.search(r'ann-chair/">[^<]+</a>[^<]*, Old Borough Council</li>', june), june
    later = result.outputs["meetings/2013-11-12-iib/index.html"].decode()
    assert "Old Borough Council" not in later
    records = [r for r in json.loads(result.outputs["data/attendance.json"])["records"]
               if r["person_id"] == "ann-chair"]
    assert {r["meeting_id"]: r["council"] for r in records}["2013-06-10-iib"] == "Old Borough Council"
    assert {r["council"] for r in records if r["meeting_id"] != "2013-06-10-iib"} == {None}
