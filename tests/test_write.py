"""Write stage: staging + atomic swap, hard-linked unchanged files, no-change builds swap nothing."""

from __future__ import annotations

import pytest

from boardpapers.write.staging import clean_leftovers, plan, safe_join, stage, swap_in


def write(out, outputs):
    result = plan(outputs, out)
    if result.swapped:
        swap_in(stage(outputs, out, result), out)
    return result


def test_first_write_then_no_change_then_one_change(tmp_path):
    out = tmp_path / "site"
    first = write(out, {"index.html": b"home", "a/index.html": b"a"})
    assert first.changed == ("a/index.html", "index.html")
    inode, mtime = out.stat().st_ino, (out / "a" / "index.html").stat().st_mtime_ns
    again = write(out, {"index.html": b"home", "a/index.html": b"a"})
    assert not again.swapped and out.stat().st_ino == inode
    third = write(out, {"index.html": b"home2", "a/index.html": b"a"})
    assert third.changed == ("index.html",) and third.unchanged == 1
    assert (out / "index.html").read_bytes() == b"home2"
    # The unchanged file was carried over by a hard link: same bytes, same modification time.
    assert (out / "a" / "index.html").stat().st_mtime_ns == mtime


def test_removed_files_disappear(tmp_path):
    out = tmp_path / "site"
    write(out, {"index.html": b"x", "old/index.html": b"y"})
    result = write(out, {"index.html": b"x"})
    assert result.removed == ("old/index.html",)
    assert not (out / "old").exists()
    assert not list(tmp_path.glob(".site-*"))


def test_paths_cannot_escape(tmp_path):
    with pytest.raises(ValueError):
        safe_join(tmp_path / "site", "../escape.html")
    with pytest.raises(ValueError):
        safe_join(tmp_path / "site", "/etc/passwd")


def test_leftovers_of_a_killed_build_are_cleaned(tmp_path):
    out = tmp_path / "site"
    (tmp_path / ".site-staging-site-999").mkdir()
    (tmp_path / ".site-old-site-998").mkdir()
    clean_leftovers(out)
    assert not list(tmp_path.glob(".site-*"))
