"""`build.py import`: extracts of real papers (short excerpts of the seeds in fixtures/import/) become draft content
that matches what a person converted by hand (content/meetings/...), passes the validator and never overwrites."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from boardpapers.cli import main as cli_main
from boardpapers.content import yamlread
from boardpapers.content.read import split_front_matter
from boardpapers.core.diagnostics import BuildFailed
from boardpapers.importer import emit, main, schedule
from boardpapers.importer.people import People
from boardpapers.importer.plan import REVIEW
from boardpapers.importer.text import clean, fix_links, normalise
from boardpapers.pipeline import Options, build

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "import"
HAND = ROOT / "content" / "meetings"


def read(path: Path) -> tuple[dict, str]:
    split = split_front_matter(path.read_text(encoding="utf-8"))
    assert split, f"{path} has no front matter"
    return yamlread.load(split[0]), split[1]


def items(folder: Path) -> dict[str, dict]:
    out = {}
    for path in sorted(folder.glob("*.md")):
        meta, body = read(path)
        meta["_body"] = body
        out["index" if path.name == "index.md" else str(meta["number"])] = meta
    return out


@pytest.fixture
def project(tmp_path) -> Path:
    """A content folder with the sample's site, boards and people (front matter only, so nothing links to a
    meeting this test does not have) and no meetings."""
    content = tmp_path / "content"
    (content / "people").mkdir(parents=True)
    (content / "boards").mkdir()
    shutil.copy(ROOT / "content" / "site.yaml", content / "site.yaml")
    for folder in ("people", "boards"):
        for path in (ROOT / "content" / folder).glob("*.md"):
            text = path.read_text(encoding="utf-8")
            (content / folder / path.name).write_text(text[: text.index("\n---", 3) + 5], encoding="utf-8")
    return content


def run(content: Path, fixture: str, meeting: str, *extra: str) -> int:
    return main([str(FIXTURES / fixture), "--meeting", meeting, "--content", str(content), *extra])


def owners(action: dict) -> list:
    owner = action.get("owner", [])
    return owner if isinstance(owner, list) else [owner]


# -- minutes ("Note of decisions taken and actions required")
def test_minutes_decisions_and_actions_match_the_hand_made_meeting(project, capsys):
    assert run(project, "minutes-note.txt", "2014-01-21-iib") == 0
    got, hand = items(project / "meetings" / "2014-01-21-iib"), items(HAND / "2014-01-21-iib")
    assert sorted(got) == ["1", "2", "3", "4", "8", "9", "index"]
    for number in ("2", "3", "4", "8", "9"):
        assert [(d["verb"], d["text"]) for d in got[number]["decisions"]] == \
               [(d["verb"], d["text"]) for d in hand[number]["decisions"]], number
        assert [(a["text"], owners(a)) for a in got[number].get("actions", [])] == \
               [(a["text"], owners(a)) for a in hand[number].get("actions", [])], number
    assert got["2"]["title"] == "Corporate Peer Challenges" and got["2"]["presenter"] == "jill-shortland"
    assert got["8"]["actions"][0]["owner"] == ["michael-coughlin", "dennis-skinner", "nick-easton"]
    # the page break inside a sentence is mended, the split logo text ("nment", "Association") is gone
    assert "Her sentiments regarding the significant implications" in got["3"]["minutes"]
    assert "nment" not in got["3"]["minutes"] and "Association" not in got["3"]["minutes"]
    assert "<http://www.local.gov.uk/web/guest/peer-challenges/-/journal_content/56/10180/5502793/ARTICLE>" \
           in got["2"]["minutes"]
    assert all(meta["draft"] is True for meta in got.values())


def test_minutes_attendance_and_declarations(project):
    assert run(project, "minutes-note.txt", "2014-01-21-iib") == 0
    index = items(project / "meetings" / "2014-01-21-iib")["index"]
    attendance = index["attendance"]
    assert attendance["present"][0] == {"person": "peter-fleming", "role": "Chairman"}
    assert {"person": "david-williams", "role": "Member"} in attendance["present"]  # "Sir ... CBE"
    assert attendance["apologies"] == ["nicholas-rushton", "glen-miller"]
    # one PDF cell held four names: "Cllr Paul Bettison Cllr Bryony Rudkin Philip Sellwood Richard Priestman"
    assert attendance["observers"] == ["howard-sykes", "paul-bettison", "bryony-rudkin", "philip-sellwood",
                                       "richard-priestman"]
    assert attendance["officers"] == ["michael-coughlin", "dennis-skinner", "verity-sinclair", "juliet-whitworth",
                                      "brian-reynolds"]
    assert index["declarations"] == [{"person": "richard-stay", "item": 7,
                                      "interest": "Trustee of the Leadership Centre"}]
    assert index["date"] == dt.date(2014, 1, 21) and index["venue"] == "Smith Square 3&4, Local Government House"
    assert index["next_meeting"] == dt.date(2014, 3, 18) and index["status"] == "minutes draft"
    assert "Improvement and Innovation Board 18 March 2014" not in index["_body"]  # the running page header


def test_a_council_printed_other_than_the_persons_own_is_kept_for_that_meeting(project, capsys):
    """Councillors move council: the attendance keeps the council the papers print when it is not the one in
    people/ ('Bradford MDC' and 'Bradford City' are the same), and the summary asks the clerk to check it."""
    path = project / "people" / "peter-fleming.md"
    path.write_text(path.read_text().replace('council: "Sevenoaks DC"', 'council: "Kent CC"'))
    assert run(project, "minutes-note.txt", "2014-01-21-iib") == 0
    index = items(project / "meetings" / "2014-01-21-iib")["index"]
    present = {entry["person"]: entry for entry in index["attendance"]["present"]}
    assert present["peter-fleming"] == {"person": "peter-fleming", "role": "Chairman", "council": "Sevenoaks DC"}
    assert present["claire-kober"] == {"person": "claire-kober", "role": "Deputy-Chair"}
    assert "glen-miller" in index["attendance"]["apologies"]  # printed "Bradford MDC", known as "Bradford City"
    # The seed's table gives Jill Shortland and Shirley Flint each other's council: kept, and flagged.
    assert present["jill-shortland"]["council"] == "North Kesteven DC"
    out = capsys.readouterr().out
    assert "check: the papers print peter-fleming's council as \"Sevenoaks DC\", people/peter-fleming.md " \
           "says \"Kent CC\"" in out
    assert "glen-miller's council" not in out and "claire-kober's council" not in out


def test_unknown_people_and_owners_become_draft_stubs(project, capsys):
    for path in (project / "people").glob("*.md"):
        if path.stem in ("andy-bates", "caroline-bosdet", "howard-sykes", "paul-bettison"):
            path.unlink()
    assert run(project, "minutes-note.txt", "2014-01-21-iib") == 0
    out = capsys.readouterr().out
    assert "people/howard-sykes.md: new person (councillor, draft)" in out
    meta, _ = read(project / "people" / "paul-bettison.md")
    assert meta == {"name": "Paul Bettison", "kind": "councillor", "draft": True}  # "Cllr": a councillor; a draft
    # an owner not in people/ is a new person too (an officer, a draft): the actions keep their owner
    assert read(project / "people" / "andy-bates.md")[0] == {"name": "Andy Bates", "kind": "officer", "draft": True}
    assert all(a["owner"] == "andy-bates" for a in items(project / "meetings" / "2014-01-21-iib")["2"]["actions"])


def test_minutes_in_the_table_layout_of_an_agenda_pack(project):
    assert run(project, "minutes-table.txt", "2012-09-17-iib", "--kind", "minutes") == REVIEW
    got, hand = items(project / "meetings" / "2012-09-17-iib"), items(HAND / "2012-09-17-iib")
    index = got["index"]
    assert index["start"] == "11:00" and index["end"] == "13:00" and index["venue"] == "Local Government House"
    assert {"person": "glen-miller", "role": "Member"} in index["attendance"]["present"]  # "Glen Milller"
    assert index["attendance"]["substitutes"] == [{"person": "paul-bettison"}, {"person": "david-mackintosh"}]
    assert index["declarations"] == [{"person": "richard-stay", "interest": "Interests with Deloitte"},
                                     {"person": "richard-stay", "interest": "Trustee of the Leadership Centre"}]
    assert "## Welcome and Introductions" in index["_body"]
    for number in ("2", "4"):
        assert [(d["verb"], d["text"]) for d in got[number]["decisions"]] == \
               [(d["verb"], d["text"]) for d in hand[number]["decisions"]]
        assert [(a["text"], owners(a)) for a in got[number]["actions"]] == \
               [(a["text"], owners(a)) for a in hand[number]["actions"]]


# -- one officer's report
def test_report_fields(project, capsys):
    assert run(project, "report.txt", "2013-iib") == 0
    got, hand = items(project / "meetings" / "2013-iib"), items(HAND / "2013-iib")
    item, expected = got["3"], hand["3"]
    for key in ("title", "purpose", "recommendations", "report_action"):
        assert item[key] == expected[key], key
    assert _words(item["summary"]) == _words(expected["summary"])
    assert _words(item["financial_implications"]) == _words(expected["financial_implications"])
    assert [(c["person"], c["position"], c["email"]) for c in item["contacts"]] == \
           [(c["person"], c["position"], c["email"]) for c in expected["contacts"]]
    # one number printed for two officers: given to the first, and the import says so for the clerk to check
    assert [c.get("phone") for c in item["contacts"]] == ["020 7664 3017", None]
    assert "the contact box prints 1 phone(s) for 2 officers (Michael Coughlin, Dennis Skinner)" in \
        capsys.readouterr().out
    body = item["_body"]
    assert body.startswith("## Background\n\n1. The LGA's policy Boards")
    assert "Item 3" not in body and "Financial Implications" not in body
    assert "    - 4.1 **Funding for local government**" in body and "    - 6.1 **Give people" in body
    assert "not their political Group); engaging" in body  # joined across the page break
    assert "<http://www.local.gov.uk/web/guest/publications/-/journal_content/56/10171/4047947/PUBLICATION-" in body
    assert got["index"]["date"] == 2013 and got["index"]["draft"] is True


def test_an_action_monitor_schedule_becomes_updates_on_its_item(project, capsys):
    """The schedule in item 9a reports on the actions of 17 September 2012, whose minutes are already in content/:
    each row is matched to its action (the row numbers are not item numbers) and becomes an update, as in the
    hand-made sample; only a progress that reads as finished is marked done."""
    shutil.copytree(HAND / "2012-09-17-iib", project / "meetings" / "2012-09-17-iib")
    assert run(project, "pack.txt", "2012-11-02-iib") == REVIEW
    got, hand = items(project / "meetings" / "2012-11-02-iib"), items(HAND / "2012-11-02-iib")
    assert [(u["action"], u["status"]) for u in got["9a"]["updates"]] == \
           [(u["action"], u["status"]) for u in hand["9a"]["updates"]]
    assert [_words(u["progress"]) for u in got["9a"]["updates"]] == \
           [_words(u["progress"]) for u in hand["9a"]["updates"]]
    assert "item 9a: its papers as the body, 3 action update(s) from its schedule" in capsys.readouterr().out


def test_an_action_schedule_before_its_minutes_asks_for_them(project, capsys):
    assert run(project, "pack.txt", "2012-11-02-iib") == REVIEW
    assert "updates" not in items(project / "meetings" / "2012-11-02-iib")["9a"]
    assert "note: item 9a is an action schedule for the meeting of 17 September 2012: import that meeting's " \
           "minutes first" in capsys.readouterr().out


def test_schedule_rows_match_once_and_unmatched_rows_are_left_to_the_clerk():
    body = ("**Date:** Monday, 17 September 2012\n\n| Item | Action | Progress |\n|---|---|---|\n"
            "| 1 | **Budget** Report the budget to the next meeting. | Completed. |\n"
            "| 2 | **Budget** Report the budget to the next meeting. | Will report in March. |\n"
            "| 3 | **Parking** Survey every car park in the county. | Done. |\n")
    rows = schedule.parse_rows(body)
    assert [r.heading for r in rows] == ["Budget", "Budget", "Parking"]
    assert schedule.schedule_date(body) == dt.date(2012, 9, 17)
    known = [schedule.KnownAction("a-budget", "Officers to report the budget to the next meeting.", "Budget 2013"),
             schedule.KnownAction("a-roads", "Resurface the high street.", "Roads")]
    assert [a.id if a else None for a in schedule.match(rows, known)] == ["a-budget", None, None]
    assert [schedule.status_of(r.progress) for r in rows] == ["done", "in progress", "done"]
    assert schedule.status_of("The report has been published and will be discussed next year.") == "in progress"


def _words(text: str) -> str:
    return " ".join(text.replace("‘", "'").replace("’", "'").split())


# -- an agenda pack
def test_pack_agenda_and_reports(project):
    assert run(project, "pack.txt", "2012-11-02-iib") == REVIEW
    got, hand = items(project / "meetings" / "2012-11-02-iib"), items(HAND / "2012-11-02-iib")
    index = got["index"]
    assert index["boards"] == ["iib", "cwb"] and index["start"] == "11:00"
    assert index["venue"] == hand["index"]["venue"] and index["next_meeting"] == dt.date(2013, 1, 15)
    assert sorted(got, key=lambda n: (len(n), n))[:11] == [str(n) for n in range(1, 11)] + ["9a"]
    for number in ("1", "2", "3"):
        for key in ("title", "timing", "purpose", "recommendations", "report_action", "contacts", "presenter"):
            assert got[number].get(key) == hand[number].get(key), (number, key)
    assert got["2"]["wales_implications"] == "These arrangements apply to England only. The idea of local " \
                                            "accounts has drawn on approaches for social services piloted in Wales."
    assert got["2"]["_body"].startswith("Dennis Skinner (Head of Improvement Programme) and Oliver Mills")
    assert "reported back to the CWB Board in the next report" in got["2"]["_body"]
    assert got["10"]["_body"].strip() == "Tuesday 15 January 2013 at 11am, Local Government House, London"
    assert "| 1 | **Leadership & Localism Update** Look into" in got["9a"]["_body"]
    assert "location map" not in got["9a"]["_body"]


# -- the validator, drafts, never overwriting, dry run, the command line
def test_imported_files_pass_the_validator_and_stay_drafts(project, tmp_path):
    for fixture, meeting in (("minutes-note.txt", "2014-01-21-iib"), ("report.txt", "2013-iib"),
                             ("pack.txt", "2012-11-02-iib")):
        assert run(project, fixture, meeting) in (0, REVIEW)
    try:
        result = build(Options(content_dir=project, out_dir=tmp_path / "site", write=False, drafts=True,
                               search=False))
    except BuildFailed as failed:
        pytest.fail(failed.diagnostics.format())
    assert not result.diagnostics.errors
    assert any(path.startswith("meetings/2014-01-21-iib/") for path in result.outputs)
    published = build(Options(content_dir=project, out_dir=tmp_path / "site", write=False, search=False))
    assert not any("2014-01-21-iib" in path or "2012-11-02-iib" in path for path in published.outputs)
    for path in (project / "meetings").rglob("*.md"):
        assert path.read_text().startswith("---\n# Imported from "), path


def test_validation_problems_are_printed(project, capsys):
    (project / "boards" / "iib.md").unlink()
    assert run(project, "report.txt", "2013-iib") == 1
    out = capsys.readouterr().out
    assert re.search(r"meetings/2013-iib/index\.md:\d+:\d+: error\[unknown-ref\]: no board 'iib'", out), out
    assert "validation: 1 error in the imported files" in out


def test_never_overwrites(project, capsys):
    assert run(project, "report.txt", "2013-iib") == 0
    folder = project / "meetings" / "2013-iib"
    item = folder / "03-priorities-and-work-programme-for-2013-14.md"
    item.write_text(item.read_text().replace("draft: true\n", ""), encoding="utf-8")  # the clerk's edit
    before = {p: p.read_bytes() for p in folder.iterdir()}
    assert run(project, "report.txt", "2013-iib", "--item", "3") == 0
    assert all(p.read_bytes() == data for p, data in before.items())
    assert (folder / (item.name + ".imported")).is_file()  # the new import stands beside the reviewed file
    assert "written beside it" in capsys.readouterr().out
    again = {p: p.read_bytes() for p in folder.iterdir()}
    assert run(project, "report.txt", "2013-iib") == 1  # a third import would overwrite the .imported file
    assert "already exists from an earlier import" in capsys.readouterr().err
    assert {p: p.read_bytes() for p in folder.iterdir()} == again


def test_dry_run_writes_nothing(project, capsys):
    assert run(project, "minutes-note.txt", "2014-01-21-iib", "--dry-run") == 0
    out = capsys.readouterr().out
    assert not (project / "meetings").exists()
    assert "=== " in out and "would write" in out and "verb: endorsed" in out


def test_command_line(project, capsys):
    code = cli_main(["import", str(FIXTURES / "report.txt"), "--meeting", "2013-iib", "--content", str(project),
                     "--dry-run"])
    assert code == 0 and "as report into" in capsys.readouterr().out
    assert cli_main(["import", str(FIXTURES / "report.txt"), "--meeting", "Not An Id",
                     "--content", str(project)]) == 2


# -- pieces
def test_debris_is_dropped_and_broken_sentences_joined():
    lines = normalise("The Board's work was\n\n**Item 3**\n\nfunded by topslice.\n\nPage 4\n\n2 November 2012\n\n"
                      "Improvement and Innovation Board 18 March 2014\n\nTuesday 18 March 2014.\n")
    assert clean(lines) == ["The Board's work was funded by topslice.", "", "Tuesday 18 March 2014."]
    assert fix_links("[http://a.uk/x\\_y](http://a.uk/x_y) and [b@c.uk](mailto:b@c.uk)") == \
        "<http://a.uk/x_y> and <b@c.uk>"


def test_names_resolve_without_titles_and_honours(project):
    people = People.load(project)
    assert people.resolve("Cllr Teresa O'Neill") == "teresa-oneill"
    assert people.resolve("Sir David Williams CBE") == "david-williams"
    assert people.resolve("Cllr Fleming") == "peter-fleming"  # a surname only one person has
    assert people.resolve("Glen Milller") == "glen-miller" and "Glen Milller" in people.approximate
    assert people.resolve("Somebody Else") is None


@pytest.mark.parametrize("value", ["no", "11:00", "2014", "2014-01-21", "Item 7: x", "#3", "- x", "a: b",
                                   "'quoted'", '"double"', " leading", "trailing ", "[x]", "{y}", "null", "~",
                                   "line one\nline two\n", "# not a comment\n- not a list\n", "   indented\nnext",
                                   "tab\there", "\u2028odd", "£5.487Million", "x #y", "@at", "`tick`", "|", ">"])
def test_emitted_yaml_reads_back_as_written(value):
    text = emit.document({"title": value, "list": [value, "plain"], "entries": [{"text": value, "#c": "note"}]})
    meta = yamlread.load(split_front_matter(text)[0])
    assert meta["title"].strip() == emit._clean(value).strip()


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=60))
def test_any_text_emits_valid_yaml(value):
    emit.document({"title": value, "minutes": value + "\n" + value, "actions": [{"text": value}]})


def test_minutes_merge_into_the_items_of_an_imported_agenda(project, capsys):
    assert run(project, "pack.txt", "2012-11-02-iib") == REVIEW
    assert run(project, "minutes-table.txt", "2012-11-02-iib", "--kind", "minutes") == REVIEW
    out = capsys.readouterr().out
    assert "the papers give the date 2012-09-17, the meeting id says 2012-11-02" in out
    folder = project / "meetings" / "2012-11-02-iib"
    merged, body = read(folder / "02-sector-led-improvement-in-adult-services.md.imported")
    assert merged["purpose"] == "For information." and merged["contacts"][0]["person"] == "oliver-mills"
    assert merged["decisions"][0]["verb"] == "noted" and merged["draft"] is True
    assert body.startswith("Dennis Skinner (Head of Improvement Programme)")
    index, _ = read(folder / "index.md.imported")
    assert index["status"] == "minutes draft" and index["boards"] == ["iib", "cwb"]
    assert index["attendance"]["present"][0] == {"person": "peter-fleming", "role": "Chairman"}


# -- a standalone paper
def test_a_consultation_paper_becomes_a_paper(project, capsys):
    """Seed 003 ('Taking stock'): the title from its title page, the type, the foreword's signatory as author,
    chapters as sections under the page's title, and none of the extract's debris (contents list, running heads,
    the description of a signature image); it validates as it is."""
    assert main([str(FIXTURES / "paper.txt"), "--paper", "taking-stock", "--board", "iib",
                  "--content", str(project)]) == 0
    meta, body = read(project / "papers" / "taking-stock.md")
    hand, _ = read(ROOT / "content" / "papers" / "taking-stock.md")
    assert meta["title"] == hand["title"] == "Taking stock: where next with sector-led improvement?"
    assert (meta["board"], meta["paper_type"], meta["author"]) == ("iib", "consultation", "peter-fleming")
    assert meta["summary"].startswith("Sector-led improvement is the approach to improvement put in place")
    assert meta["draft"] is True
    assert body.startswith("## Foreword\n\nThree years ago the Local Government Association (LGA) published")
    headings = re.findall(r"^(#+) (.+)$", body, re.M)
    assert ("##", "Key principles and future challenges") in headings and ("##", "Appendix A") in headings
    assert all(len(marks) >= 2 for marks, _ in headings) and "Taking stock" not in [h for _, h in headings]
    assert "Contents" not in body and "handwritten signature" not in body and "Foreword\t4" not in body
    out = capsys.readouterr().out
    assert "paper (consultation)" in out and "the consultation closes on 13 March 2015" in out
    assert "validation: 0 errors" in out


def test_a_paper_needs_its_board_when_there_are_several(project, capsys):
    assert main([str(FIXTURES / "paper.txt"), "--paper", "taking-stock", "--content", str(project)]) == 2
    assert "give the publishing board with --board (boards: cwb, iib)" in capsys.readouterr().err
    assert not (project / "papers" / "taking-stock.md").exists()
    assert main([str(FIXTURES / "paper.txt"), "--paper", "Taking Stock", "--board", "iib",
                 "--content", str(project)]) == 2
