"""Checks on actions and their updates (issue #4 of the registers work), as a user sees them from
`python build.py check`: every error at its file, line and column, all reported in one run.

`trail-errors` holds one mistake per update (and a correct reopen, which must pass); errors that an earlier stage
reports (an unknown action, an owner who is not a person) come out in the same run. `trail-bad-status` holds
statuses outside the list, which validation refuses before anything is linked.
"""

from __future__ import annotations

import re

import pytest
from conftest import FIXTURES, run_build

ERRORS = FIXTURES / "trail-errors" / "content"
BAD_STATUS = FIXTURES / "trail-bad-status" / "content"
NOW = "2014-03-01T09:00"

EXPECTED = {
    "update-before-action (earlier meeting)":
        "content/meetings/2013-03-01-iib/01-monitor.md:5:5: error[update-before-action]: progress on action "
        "'act-early' is reported at the meeting of 1 March 2013, but the action was raised at the meeting of "
        "10 June 2013",
    "update-before-action (same meeting)":
        "content/meetings/2013-06-10-iib/01-actions.md:23:5: error[update-before-action]: progress on action "
        "'act-early' is reported at the meeting that raised it",
    "owner is a board":
        "content/meetings/2013-06-10-iib/01-actions.md:21:13: error[wrong-ref-kind]: 'iib' is a board, not a person",
    "owner is unknown":
        "content/meetings/2013-06-10-iib/01-actions.md:21:18: error[unknown-ref]: no person 'nobody'",
    "update after done without reopen":
        "content/meetings/2013-09-01-iib/01-monitor.md:5:5: error[update-after-closed]: action 'act-done' is "
        "already done (raised as done); an update after that needs `reopen: true`",
    "reopen on an open action":
        "content/meetings/2013-09-01-iib/01-monitor.md:8:5: error[needless-reopen]: `reopen: true` on action "
        "'act-open', which is open, not closed",
    "update names an unknown action":
        "content/meetings/2013-09-01-iib/01-monitor.md:12:5: error[unknown-ref]: no action 'act-missing'",
}

EXPECTED_STATUS = [
    "content/meetings/2013-06-10-iib/01-actions.md:8:5: error[bad-value]: 'status' is 'finished', not one of: "
    "open, in progress, done, dropped, superseded",
    "content/meetings/2013-09-01-iib/01-monitor.md:7:5: error[bad-value]: 'status' is 'complete', not one of: "
    "open, in progress, done, dropped, superseded",
    "content/meetings/2013-09-01-iib/01-monitor.md:8:5: error[missing-field]: required field 'status' is missing",
]


def error_lines(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if re.match(r"^\S+:\d+(:\d+)?: error\[", line)]


@pytest.fixture(scope="module")
def checked():
    return run_build("check", "--content", str(ERRORS), "--now", NOW)


@pytest.mark.parametrize("case", list(EXPECTED))
def test_each_trail_error_is_reported_at_its_line(checked, case):
    assert checked.returncode == 1
    assert EXPECTED[case] in error_lines(checked.stderr)


def test_all_trail_errors_at_once_and_nothing_else(checked):
    # act-reopened (done -> reopen: true -> in progress -> done) is correct and must not be reported.
    assert sorted(error_lines(checked.stderr)) == sorted(EXPECTED.values())
    assert "act-reopened" not in checked.stderr
    assert "7 errors; nothing was written." in checked.stderr


def test_errors_carry_hints(checked):
    assert "hint: add `reopen: true` if the board reopened the action, or remove this update" in checked.stderr
    assert "hint: only a done, dropped or superseded action can be reopened" in checked.stderr
    assert "hint: progress is reported at a later meeting than the one that raised the action" in checked.stderr


def test_status_outside_the_list(tmp_path):
    done = run_build("check", "--content", str(BAD_STATUS), "--now", NOW)
    assert done.returncode == 1
    assert error_lines(done.stderr) == EXPECTED_STATUS


def test_a_correct_trail_passes():
    done = run_build("check", "--content", str(FIXTURES / "trails" / "content"), "--now", NOW)
    assert done.returncode == 0, done.stderr
    assert "check passed" in done.stdout
