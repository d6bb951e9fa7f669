"""Discover stage: kinds from folders, bad names, stray files, symlinks out of content/."""

from __future__ import annotations

import os

from boardpapers.content.discover import discover
from boardpapers.core.diagnostics import Diagnostics


def tree(root, files):
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)


def test_kinds_from_folders(tmp_path):
    content = tmp_path / "content"
    tree(content, {"site.yaml": "title: x\n", "boards/iib.md": "", "people/a-b.md": "", "papers/p.md": "",
                   "meetings/2014-01-21-iib/index.md": "", "meetings/2014-01-21-iib/02-x.md": "",
                   "meetings/2014-01-21-iib/report.pdf": "", "meetings/2013-iib/index.md": ""})
    diags = Diagnostics()
    found = {(s.rel, s.kind, s.id, s.meeting_id) for s in discover(content, diags)}
    assert not diags.items
    assert found == {
        ("content/site.yaml", "config", "site", ""), ("content/boards/iib.md", "board", "iib", ""),
        ("content/people/a-b.md", "person", "a-b", ""), ("content/papers/p.md", "paper", "p", ""),
        ("content/meetings/2013-iib/index.md", "meeting", "2013-iib", "2013-iib"),
        ("content/meetings/2014-01-21-iib/index.md", "meeting", "2014-01-21-iib", "2014-01-21-iib"),
        ("content/meetings/2014-01-21-iib/02-x.md", "item", "02-x", "2014-01-21-iib"),
        ("content/meetings/2014-01-21-iib/report.pdf", "attachment", "report.pdf", "2014-01-21-iib"),
    }


def test_bad_names_and_stray_files(tmp_path):
    content = tmp_path / "content"
    tree(content, {"site.yaml": "", "people/Peter Fleming.md": "", "meetings/21-01-2014/index.md": "",
                   "notes.md": ""})
    diags = Diagnostics()
    discover(content, diags)
    assert sorted((d.pos.path, d.code) for d in diags.items) == [
        ("content/meetings/21-01-2014/index.md", "bad-meeting-folder"),
        ("content/notes.md", "unknown-location"),
        ("content/people/Peter Fleming.md", "bad-id"),
    ]


def test_missing_site_yaml(tmp_path):
    (tmp_path / "content").mkdir()
    diags = Diagnostics()
    discover(tmp_path / "content", diags)
    assert [d.code for d in diags.items] == ["missing-config"]


def test_symlink_outside_content_is_refused(tmp_path):
    content = tmp_path / "content"
    tree(content, {"site.yaml": "", "people/inside.md": ""})
    (tmp_path / "secret.md").write_text("---\nname: secret\n---\n")
    os.symlink(tmp_path / "secret.md", content / "people" / "leak.md")
    os.symlink(content / "people" / "inside.md", content / "people" / "alias.md")
    diags = Diagnostics()
    found = {s.id for s in discover(content, diags)}
    assert [(d.pos.path, d.code) for d in diags.items] == [("content/people/leak.md", "symlink-outside")]
    assert "leak" not in found and "alias" in found
