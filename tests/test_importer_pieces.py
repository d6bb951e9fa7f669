"""The parts of a pack import on tiny inputs: page furniture by repetition, debris, names that make people,
agenda tables, attendance sheets, decisions as clerks write them; and the engine's side: the decision verb
vocabulary (site.yaml `decision_verbs`, hints of the same meaning only), draft people and draft membership years."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from boardpapers.content.models import DECISION_VERBS
from boardpapers.content.verbs import suggest, vocabulary
from boardpapers.core.diagnostics import BuildFailed
from boardpapers.importer import agenda, debris, furniture, sheet
from boardpapers.importer.decisions import Verbs
from boardpapers.importer.notes import Notes
from boardpapers.importer.people import People, reads_as_name
from boardpapers.pipeline import Options, build

ROOT = Path(__file__).resolve().parent.parent


# -- furniture: what repeats at the edges of pages
def test_running_heads_and_page_numbers_go_by_repetition_not_by_a_word_list():
    pages = []
    for number in range(1, 6):
        pages += ["Westshire Scrutiny Panel – 4 May 2016", "", f"Paragraph {number} of the papers.",
                  "**Financial implications**", f"There were {number} reviews.", f"Phone: 01632 960 00{number}", "",
                  f"{number}.1 The findings of review {number}.", f"{number}.2 Its cost in {2010 + number}.", "",
                  f"Page {number + 30}", "\f"]
    found = {pages[i] for i in furniture.find(pages)}
    assert found == {"Westshire Scrutiny Panel – 4 May 2016"} | {f"Page {n}" for n in range(31, 36)}


def test_a_number_that_does_not_count_up_is_not_a_page_number():
    lines = ["Intro", "", "", "12", "", "", "Text", "", "", "7", "", "", "More", "", "", "40"]
    assert not furniture.find(lines) & {3, 9, 15}


# -- debris inside lines
def test_latex_money_links_doubled_words_and_logo_text():
    notes = Notes("pack.txt")
    assert debris.fix_line("costing $\\pounds 6.72$ and $\\pounds 20 m$", 3, notes) == "costing £6.72 and £20m"
    assert debris.fix_line('see <a href="http://x.org/a">the page</a>.', 4, notes) == "see [the page](http://x.org/a)."
    assert debris.fix_line("That the Board note the the update.", 5, notes) == "That the Board note the update."
    assert [str(n) for n in notes.items] == ["pack.txt:5: warning[doubled-word]: 'the the' read as 'the': a word "
                                             "doubled by the extract (check it is not meant)"]
    assert debris.fix_line("(cid:127)\tFirst point", 6, notes) == "- First point"
    org = "Local Government Association"
    assert all(debris.is_logo(x, org) for x in ("Local Covernment Association", "Association", "nment",
                                                 "# Local <br> Government"))
    assert not debris.is_logo("Improvement and Innovation Board", org)


# -- who becomes a person
@pytest.mark.parametrize("text", ["Yes", "res", "Brexit", "020 7664 3000", "jane.bloggs@local.gov.uk", "Bexley LB",
                                  "Northumberland Council", "Labour Group", "Deputy Chair", "Conservative",
                                  "Substitutes", "LGA Officers"])
def test_no_person_for_what_is_not_a_name(text):
    people = People()
    assert not reads_as_name(text)
    assert people.resolve_or_stub(text, "councillor") == "" and not people.stubs


@pytest.mark.parametrize("text", ["Cllr Teresa O'Neill OBE", "Sir David Williams CBE", "Jane Bloggs",
                                  "Dr Gesche Schmid", "Tony McDermott MBE", "Cllr Stay"])
def test_names_read_as_names(text):
    assert reads_as_name(text)


# -- the agenda
def test_an_agenda_whose_header_row_starts_with_an_empty_cell():
    lines = ["## Agenda", "", "\tItem\tPage", "1.\tWelcome and declarations\t", "2.\tPeer challenge\t5 - 12",
             "PART 2: CONFIDENTIAL\t", "3.\tContract award\t13 - 20", "4.\tDate of next meeting\t"]
    notes = Notes("pack.txt")
    assert agenda.find_start(lines) == 2
    found = agenda.parse(lines[2:], 2, notes)
    assert [(r.number, r.title, r.pages) for r in found.rows] == [
        ("1", "Welcome and declarations", ""), ("2", "Peer challenge", "5-12"), ("3", "Contract award", "13-20"),
        ("4", "Date of next meeting", "")]
    assert found.rows[2].exempt == agenda.PLACEHOLDER and not found.rows[3].exempt
    assert [n.line for n in notes.items if n.code == "exempt-reason"] == [7]


def test_council_style_agenda_lines():
    lines = ["AGENDA", "1) **Apologies** (11:00)", "2) **Productivity Programme Update: Opportunities for**",
             "**savings in Adult Social Care** (11:15)", "3) **Date of Next Meeting**"]
    rows = agenda.parse(lines, 0, Notes()).rows
    assert [(r.number, r.title, r.timing) for r in rows] == [
        ("1", "Apologies", "11:00"),
        ("2", "Productivity Programme Update: Opportunities for savings in Adult Social Care", "11:15"),
        ("3", "Date of Next Meeting", "")]


# -- the attendance sheet
def test_attendance_sheet_fused_headings_duplicates_and_misspellings():
    people = People()
    people.add("Tony McDermott", "tony-mcdermott")
    people.add("Peter Fleming", "peter-fleming")
    lines = ["Councillors\t01.12.16\t09.03.17", "<b>Conservative Group</b> Peter Fleming\tYes\tNo",
             "Peter Fleming\tYes\tNo", "<b>Labour Group</b> Tony McDermot\tNo\tYes"]
    notes = Notes("pack.txt")
    found = sheet.parse(lines, 10, people, ["tony-mcdermott", "peter-fleming"], notes)
    first, second = sorted(found)
    assert found[first] == {"present": [{"person": "peter-fleming"}], "apologies": ["tony-mcdermott"]}
    assert found[second] == {"apologies": ["peter-fleming"], "present": [{"person": "tony-mcdermott"}]}
    assert {(n.line, n.code) for n in notes.items} == {(13, "duplicate-row")}
    assert people.approximate == {"Tony McDermot": "tony-mcdermott"}  # reported with the import's warnings


# -- decisions
def test_decisions_as_clerks_write_them():
    verbs = Verbs()
    assert verbs.in_narrative("Members agreed that the offer should be extended.") == [
        {"verb": "agreed", "text": "that the offer should be extended."}]
    assert verbs.in_narrative("Members noted the launch of the report.") == []  # a remark, not a resolution
    assert verbs.in_narrative("The Board received a report on peer challenge.") == []
    assert verbs.under_heading("The Board **noted** the report and **provided guidance** on the future.") == [
        {"verb": "noted", "text": "the report."}, {"verb": "provided guidance", "text": "on the future."}]
    assert verbs.under_heading("The Chairman thanked all for attending.") == []
    assert Verbs((*DECISION_VERBS, "commended")).under_heading("The Board **commended** the team.") == [
        {"verb": "commended", "text": "the team."}]


# -- the engine: verbs, drafts
def test_a_hint_never_suggests_a_verb_of_the_opposite_meaning():
    known = vocabulary()
    for verb in ("asked", "advised", "welcomed", "commented", "provided guidance", "supported"):
        assert verb in known
    assert suggest("provided", known) == ""  # not "approved"
    assert suggest("aproved", known) == "did you mean 'approved'?"
    assert suggest("agred", known) == "did you mean 'agreed'?"
    assert "rejected" not in suggest("reject", known) or suggest("reject", known) == "did you mean 'rejected'?"
    assert suggest("endorsd", known) == "did you mean 'endorsed'?"
    assert "agreed" not in suggest("disagreed", known)


def _project(tmp_path: Path) -> Path:
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    return content


def _check(content: Path) -> list[str]:
    try:
        result = build(Options(content_dir=content, out_dir=content.parent / "site", write=False, search=False,
                               cache=False))
    except BuildFailed as failed:
        return [f"{d.pos}: {d.code}: {d.message} | {d.hint}" for d in failed.diagnostics.errors]
    return [f"{d.pos}: {d.code}: {d.message}" for d in result.diagnostics.errors]


def test_site_yaml_extends_the_decision_verbs(tmp_path):
    content = _project(tmp_path)
    item = content / "meetings" / "2014-01-21-iib" / "06-innovation-work-programme.md"
    item.write_text(item.read_text().replace("verb: agreed", "verb: commended"), encoding="utf-8")
    errors = _check(content)
    assert len(errors) == 1 and "bad-value: decision verb 'commended' is not one of the site's verbs" in errors[0]
    assert errors[0].startswith("content/meetings/2014-01-21-iib/06-innovation-work-programme.md:")
    site = content / "site.yaml"
    site.write_text(site.read_text() + "decision_verbs: [commended]\n", encoding="utf-8")
    assert _check(content) == []
    site.write_text(site.read_text().replace("[commended]", "[commended, Not A Verb!]"), encoding="utf-8")
    assert any("decision verb 'Not A Verb!' is not a lower-case word" in e for e in _check(content))


def test_a_draft_person_is_not_published_and_a_published_page_may_not_link_to_one(tmp_path):
    content = _project(tmp_path)
    (content / "people" / "new-stub.md").write_text("---\nname: New Stub\nkind: officer\ndraft: true\n---\n")
    site = tmp_path / "site"
    build(Options(content_dir=content, out_dir=site, search=False, cache=False))
    assert not (site / "people" / "new-stub").exists() and (site / "people" / "peter-fleming").is_dir()
    item = content / "meetings" / "2014-01-21-iib" / "06-innovation-work-programme.md"
    item.write_text(item.read_text() + "\nSee [[new-stub]].\n", encoding="utf-8")
    assert any("unpublished-ref" in e and "new-stub" in e for e in _check(content))


def test_a_draft_membership_year_is_withheld_with_its_people(tmp_path):
    content = _project(tmp_path)
    (content / "people" / "new-member.md").write_text("---\nname: New Member\ndraft: true\n---\n")
    board = content / "boards" / "iib.md"
    text = board.read_text()
    text = text.replace("membership:\n", "membership:\n  2016/17:\n    - person: new-member\n      role: Chair\n", 1)
    board.write_text(text.replace("\n---\n", "\ndraft_membership: [2016/17]\n---\n", 1), encoding="utf-8")
    site = tmp_path / "site"
    assert _check(content) == []
    build(Options(content_dir=content, out_dir=site, search=False, cache=False))
    page = (site / "boards" / "iib" / "index.html").read_text()
    assert "2016/17" not in page and "New Member" not in page
    board.write_text(board.read_text().replace("draft_membership: [2016/17]", "draft_membership: [2019/20]"))
    assert any("draft_membership names 2019/20" in e for e in _check(content))


# -- shapes later packs print
def test_an_unlabelled_action_paragraph_is_the_report_action_not_a_recommendation():
    from boardpapers.importer.report import parse_report

    lines = ["## Update", "", "**Purpose of report**", "", "For information.", "", "**Recommendation**", "",
             "That the Board note the update.", "", "Action", "", "Officers to take forward the work.", ""]
    report = parse_report(lines, People())
    assert report.fields["recommendations"] == ["That the Board note the update."]
    assert report.fields["report_action"] == "Officers to take forward the work."


def test_an_attendance_appendix_after_the_items_is_the_meetings_attendance():
    from boardpapers.importer.minutes import parse_minutes

    people = People()
    for name, pid in (("Peter Fleming", "peter-fleming"), ("Sian Timoney", "sian-timoney")):
        people.add(name, pid)
    text = ("Note of last Improvement and Innovation Board meeting\n\n**Date:** Thursday 1 December 2016\n\n"
            "**1 Welcome**\n\nThe Chairman welcomed members.\n\n**2 Peer challenge**\n\nThe Board **noted** the "
            "report.\n\nAppendix A - Attendance\n\nPosition\tCouncillor\tCouncil\nChairman\tCllr Peter Fleming\t"
            "Sevenoaks DC\nApologies\tCllr Sian Timoney\tSlough BC\n")
    minutes = parse_minutes(text, people)
    assert [i.number for i in minutes.items] == ["1", "2"]
    assert "Appendix" not in minutes.items[-1].minutes and "Timoney" not in minutes.items[-1].minutes
    assert minutes.attendance == {"present": [{"person": "peter-fleming", "role": "Chairman"}],
                                  "apologies": ["sian-timoney"]}


def test_a_markdown_agenda_table_with_an_empty_first_header_cell():
    lines = ["| | Item | Page |", "|---|---|---|", "| 1. | Welcome | |", "| 2. | <b>Peer challenge</b> | 3 - 9 |"]
    found = agenda.parse(lines, 0, Notes())
    assert [(r.number, r.title, r.pages) for r in found.rows] == [("1", "Welcome", ""), ("2", "Peer challenge", "3-9")]
    assert found.notes == []
    assert debris.fix_line("<b>Conservative (8)</b>\t", 1, Notes()) == "**Conservative (8)**\t"


def test_a_front_sheet_printed_plain_still_starts_a_report():
    from boardpapers.importer.pack import parse_pack

    lines = ["Agenda", "", "Item\tPage", "1.\tPeer challenge update\t3", "2.\tProductivity\t7", "",
             "Peer Challenge Update", "", "Purpose of report", "", "For information.", "", "Recommendation", "",
             "That the Board note the report.", "", "Action", "", "As directed by members.", "",
             "Productivity", "", "Purpose of report", "", "For decision.", ""]
    pack = parse_pack(lines, People(), Notes())
    assert sorted(pack.reports) == ["1", "2"]
    assert pack.reports["1"].fields["recommendations"] == ["That the Board note the report."]
    assert pack.reports["1"].fields["report_action"] == "As directed by members."
    assert pack.reports["2"].fields["purpose"] == "For decision."


def test_a_confidential_line_under_an_agenda_row_makes_that_item_exempt_only():
    lines = ["Item\tTiming\tPage", "**3. Budget**\t4", "**4. Staffing review**\t1.40pm\t15",
             "Confidential: Paragraph 4 of Schedule 12A: labour relations", "**5. Health protection**\t17"]
    rows = agenda.parse(lines, 0, Notes()).rows
    assert [(r.number, r.exempt) for r in rows] == [
        ("3", ""), ("4", "Paragraph 4 of Schedule 12A: labour relations"), ("5", "")]
