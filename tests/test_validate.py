"""Validate stage: typed models from front matter, derived ids, exact positions of problems."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from boardpapers.content.discover import SourceFile
from boardpapers.content.read import read_one
from boardpapers.content.validate import validate
from boardpapers.core.diagnostics import Diagnostics


def doc(tmp_path: Path, kind: str, rel: str, text: str, ident: str, meeting_id: str = ""):
    path = tmp_path / rel.replace("/", "_")
    path.write_text(text)
    return read_one(SourceFile(path, rel, kind, ident, meeting_id), Diagnostics())


def run(tmp_path, *docs):
    diags = Diagnostics()
    return validate(tuple(docs), [], diags), diags


ITEM = """---
number: 5A
title: Peer challenge
timing: 11.05 - 11:30
presenter: [ann, bob]
decisions:
  - verb: agreed
    text: the plan.
  - id: keep-cpc
    verb: endorsed
    text: the offer.
actions:
  - text: Publish.
    owner: ann
    due: 2014-03-18
updates:
  - action: old-action
    progress: Done.
    status: done
---
Body
"""


def test_item_fields_and_derived_ids(tmp_path):
    content, diags = run(tmp_path, doc(tmp_path, "item", "content/meetings/2014-01-21-iib/05a-x.md", ITEM, "05a-x",
                                       "2014-01-21-iib"))
    assert not diags.items, diags.format()
    item = content.items[0]
    assert (item.id, item.number, item.timing, item.presenters) == ("2014-01-21-iib/5a", "5a", "11:05–11:30",
                                                                    ("ann", "bob"))
    assert [d.id for d in item.decisions] == ["d-2014-01-21-iib-5a-1", "keep-cpc"]
    assert [(a.id, a.owners, a.due, a.status) for a in item.actions] == [
        ("a-2014-01-21-iib-5a-1", ("ann",), dt.date(2014, 3, 18), "open")]
    assert [(u.id, u.action_id, u.status) for u in item.updates] == [("u-2014-01-21-iib-5a-1", "old-action", "done")]
    assert {(r.kind, r.target) for r in item.refs} == {("person", "ann"), ("person", "bob"), ("action", "old-action")}


def test_minimal_item_is_valid(tmp_path):
    text = "---\nnumber: 1\ntitle: A\n---\n"
    content, diags = run(tmp_path, doc(tmp_path, "item", "content/meetings/m/01-a.md", text, "01-a", "2014-01-21-iib"))
    assert not diags.items and content.items[0].title == "A"


def test_meeting_date_must_match_folder_and_board(tmp_path):
    text = "---\nboard: cwb\ndate: 2014-01-22\nstatus: held\n---\n"
    _, diags = run(tmp_path, doc(tmp_path, "meeting", "content/meetings/2014-01-21-iib/index.md", text,
                                 "2014-01-21-iib", "2014-01-21-iib"))
    assert sorted((d.pos.line, d.code) for d in diags.items) == [(2, "board-mismatch"), (3, "date-mismatch"),
                                                                 (4, "bad-value")]


def test_year_only_meeting(tmp_path):
    content, diags = run(tmp_path, doc(tmp_path, "meeting", "content/meetings/2013-iib/index.md",
                                       "---\nboard: iib\ndate: 2013\n---\n", "2013-iib", "2013-iib"))
    assert not diags.items
    assert (content.meetings[0].date, content.meetings[0].date_precision) == (dt.date(2013, 1, 1), "year")


def test_attendance_forms(tmp_path):
    text = ("---\nboard: iib\ndate: 2014-01-21\nattendance:\n  present:\n    - person: ann\n      role: Chair\n"
            "  apologies: [bob]\n  substitutes:\n    - person: cat\n      for: bob\n---\n")
    content, diags = run(tmp_path, doc(tmp_path, "meeting", "content/meetings/2014-01-21-iib/index.md", text,
                                       "2014-01-21-iib"))
    assert not diags.items, diags.format()
    meeting = content.meetings[0]
    assert meeting.attendance_recorded
    assert [a.person for a in meeting.attendees("present")] == ["ann"]
    assert meeting.attendees("substitutes")[0].for_person == "bob"


def test_board_membership_years(tmp_path):
    text = ("---\nname: Board\nmembership:\n  2012/13:\n    - person: ann\n      role: Chair\n"
            "      from: 2012-11-01\n  2012/14:\n    - person: bob\n---\n")
    content, diags = run(tmp_path, doc(tmp_path, "board", "content/boards/iib.md", text, "iib"))
    assert [(d.pos.line, d.code) for d in diags.items] == [(8, "bad-value")]
    year = content.boards[0].years[0]
    assert (year.label, year.start, year.end) == ("2012/13", dt.date(2012, 4, 1), dt.date(2013, 3, 31))
    assert year.members[0].start == dt.date(2012, 11, 1)


def test_unknown_field_suggests(tmp_path):
    _, diags = run(tmp_path, doc(tmp_path, "person", "content/people/a.md", "---\nname: A\nhonors: [OBE]\n---\n", "a"))
    assert [(d.pos.line, d.code, d.hint) for d in diags.items] == [(3, "unknown-field", "did you mean 'honours'?")]


def test_site_config(tmp_path):
    content, diags = run(tmp_path, doc(tmp_path, "config", "content/site.yaml",
                                       "title: T\nbase_url: https://example.org/papers\ntimezone: Mars/Base\n"
                                       "contact_email: c@example.org\naccessibility_reviewed: 2026-12-01\n", "site"))
    assert [(d.pos.line, d.code) for d in diags.items] == [(3, "bad-value")]
    assert content.config.base_url == "https://example.org/papers/"
    assert content.config.base_path == "/papers/"


def test_active_attachments_are_refused(tmp_path):
    text = ("---\nnumber: 1\ntitle: A\nattachments:\n  - title: Page\n    file: evil.svg\n"
            "  - title: Report\n    file: report.pdf\n---\n")
    _, diags = run(tmp_path, doc(tmp_path, "item", "content/meetings/m/01-a.md", text, "01-a", "2014-01-21-iib"))
    assert [(d.pos.line, d.code) for d in diags.items] == [(6, "unsafe-attachment")]


def test_site_config_needs_a_contact_and_warns_without_a_review_date(tmp_path):
    """The accessibility statement must say how to reach the site's owner: no contact is an error at site.yaml;
    no review date is a warning (the statement then says none was given)."""
    _, diags = run(tmp_path, doc(tmp_path, "config", "content/site.yaml", "title: T\n", "site"))
    found = sorted((d.pos.path, d.pos.line, d.severity, d.code) for d in diags.items)
    assert found == [("content/site.yaml", 1, "error", "missing-field"), ("content/site.yaml", 1, "warning",
                                                                          "missing-field")]
    assert any("contact_email" in d.message for d in diags.errors)


def test_site_config_contact_url_abbreviations_and_review_date(tmp_path):
    text = ("title: T\ncontact_url: https://example.org/contact/\naccessibility_reviewed: 2026-12-01\n"
            "abbreviations:\n  CPC: Corporate Peer Challenge\n  x y: Not a word\n")
    content, diags = run(tmp_path, doc(tmp_path, "config", "content/site.yaml", text, "site"))
    assert [(d.pos.line, d.code) for d in diags.items] == [(6, "bad-value")]
    config = content.config
    assert config.contact_url == "https://example.org/contact/" and config.contact_email == ""
    assert config.abbreviations == (("CPC", "Corporate Peer Challenge"),)
    assert str(config.accessibility_reviewed) == "2026-12-01"
    _, diags = run(tmp_path, doc(tmp_path, "config", "content/site.yaml",
                                 "title: T\ncontact_url: javascript:alert(1)\naccessibility_reviewed: 2026-12-01\n",
                                 "site"))
    assert [(d.pos.line, d.code) for d in diags.items] == [(2, "bad-value")]
