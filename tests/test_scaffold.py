"""`build.py new meeting` and `build.py new item`: valid, commented scaffolds; clear errors; never an overwrite."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from conftest import FIXTURES, copy_project, run_build

from boardpapers.content.scaffold import scaffold, slugify
from boardpapers.core.diagnostics import BuildFailed
from boardpapers.pipeline import Options, build

NOW = "2026-01-01T09:00"


@pytest.fixture
def content(tmp_path) -> Path:
    return copy_project(FIXTURES / "outputs" / "content", tmp_path)


def check_passes(content: Path) -> None:
    """`build.py check` as a user runs it (the slow way: kept to one test)."""
    done = run_build("check", "--content", str(content), "--now", NOW)
    assert done.returncode == 0, done.stderr


def built(content: Path, tmp: Path):
    """What `check` does, in-process: the whole build without writing; any error fails the test with its text."""
    try:
        result = build(Options(content_dir=content, out_dir=tmp / "site", now=dt.datetime.fromisoformat(NOW),
                               search=False, write=False))
    except BuildFailed as failed:
        pytest.fail(failed.diagnostics.format())
    return result.graph, result.outputs


def test_new_meeting_from_the_command_line(content, tmp_path):
    done = run_build("new", "meeting", "2014-10-14", "iib", "--content", str(content))
    assert done.returncode == 0, done.stderr
    path = content / "meetings" / "2014-10-14-iib" / "index.md"
    assert done.stdout.strip() == f"created {path}"
    text = path.read_text()
    assert "board: iib" in text and "date: 2014-10-14" in text and "status: scheduled" in text
    assert "# venue: Room 1, Town Hall" in text  # the last meeting's venue, ready to uncomment
    check_passes(content)
    graph, outputs = built(content, tmp_path)
    assert "meetings/2014-10-14-iib/index.html" in outputs
    assert graph.meetings["2014-10-14-iib"].attendance_recorded is False  # nobody is shown present in advance


def test_meeting_attendance_is_prefilled_from_that_years_membership(content, tmp_path):
    assert scaffold(content, ["meeting", "2014-10-14", "iib"]) == 0
    path = content / "meetings" / "2014-10-14-iib" / "index.md"
    text = path.read_text()
    assert "prefilled from the 2014/15 membership" in text
    # Uncommented as the clerk would after the meeting, the block is valid and names who sat that day.
    block = re.search(r"^# attendance:\n(?:^#.*\n)*", text, re.M).group()
    path.write_text(text.replace(block, re.sub(r"^# ?", "", block, flags=re.M)))
    graph, _ = built(content, tmp_path)
    meeting = graph.meetings["2014-10-14-iib"]
    assert [(a.person, a.role) for a in meeting.attendees("present")] == [("ann-chair", "Chair"), ("cat-member", "")]
    assert [a.person for a in meeting.attendees("observers")] == ["obi-observer"]  # bob left on 31 August
    assert meeting.attendees("substitutes") == ()  # suggested in a comment: who came is not known in advance
    assert "Substitutes this year: sam-sub" in text


def test_meeting_without_membership_that_year_says_so(content, tmp_path):
    assert scaffold(content, ["meeting", "2016-05-10", "iib"]) == 0
    text = (content / "meetings" / "2016-05-10-iib" / "index.md").read_text()
    assert "No membership is recorded" in text and "attendance:" not in text
    assert "2016-05-10-iib" in built(content, tmp_path)[0].meetings


@pytest.mark.parametrize(("args", "code"), [
    (["meeting", "2014-02-30", "iib"], "bad-date"),
    (["meeting", "2014", "iib"], "bad-date"),
    (["meeting", "next tuesday", "iib"], "bad-date"),
    (["meeting", "2014-10-14", "iibb"], "unknown-board"),
    (["meeting", "2014-01-21", "iib"], "exists"),
    (["item", "2014-01-22-iib", "Title"], "unknown-meeting"),
    (["item", "../../etc", "Title"], "unknown-meeting"),
    (["item", "2014-01-21-iib", "  "], "bad-title"),
    (["meeting", "2014-10-14"], "bad-usage"),
    (["lunch"], "bad-usage"),
])
def test_errors_are_clear_and_write_nothing(content, capsys, args, code):
    before = sorted(p.relative_to(content) for p in content.rglob("*"))
    index = (content / "meetings" / "2014-01-21-iib" / "index.md").read_bytes()
    assert scaffold(content, args) == 1
    err = capsys.readouterr().err
    assert f"error[{code}]:" in err
    assert sorted(p.relative_to(content) for p in content.rglob("*")) == before
    assert (content / "meetings" / "2014-01-21-iib" / "index.md").read_bytes() == index
    if code == "unknown-board":
        assert "did you mean 'iib'?" in err
    if code == "unknown-meeting" and "2014-01-22" in args[1]:
        assert "did you mean '2014-01-21-iib'?" in err


def test_new_item_takes_the_next_free_number(content, tmp_path):
    title = 'Peer review: "what next?" – 2014/15'
    assert scaffold(content, ["item", "2014-01-21-iib", title]) == 0  # items 1-4 exist (4 is embargoed)
    path = content / "meetings" / "2014-01-21-iib" / "05-peer-review-what-next-2014-15.md"
    assert path.is_file()
    assert scaffold(content, ["item", "2014-01-21-iib", "Any other business"]) == 0
    assert (content / "meetings" / "2014-01-21-iib" / "06-any-other-business.md").is_file()
    assert scaffold(content, ["item", "2013-iib", "Close"]) == 0  # after item 3
    assert (content / "meetings" / "2013-iib" / "04-close.md").is_file()
    graph, outputs = built(content, tmp_path)
    assert graph.items["2014-01-21-iib/5"].title == title  # quoted safely in YAML
    assert "meetings/2014-01-21-iib/6/index.html" in outputs


def test_new_item_after_a_lettered_item_from_the_command_line(content, tmp_path):
    folder = content / "meetings" / "2014-03-18-iib"
    (folder / "09a-schedule.md").write_text("---\nnumber: 9a\ntitle: Action monitor schedule\n---\n")
    done = run_build("new", "item", "2014-03-18-iib", "Date", "of", "next", "meeting", "--content", str(content))
    assert done.returncode == 0, done.stderr
    created = folder / "10-date-of-next-meeting.md"
    assert created.is_file() and 'title: "Date of next meeting"' in created.read_text()
    assert built(content, tmp_path)[0].items["2014-03-18-iib/10"].title == "Date of next meeting"


def test_slugs():
    assert slugify("Peer challenge: the Cardiff évaluation!") == "peer-challenge-the-cardiff-evaluation"
    assert slugify("!!!") == "item"
    assert len(slugify("word " * 40)) <= 50
