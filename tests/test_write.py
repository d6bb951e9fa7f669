"""Write stage (write/sitewriter.py): only changed bytes are written, into staging, then moved or swapped into
site/; a no-change build touches nothing; removed outputs disappear; no path leaves site/."""

from __future__ import annotations

import pytest

from boardpapers.write.sitewriter import SiteWriter
from boardpapers.write.staging import clean_leftovers, safe_join


def write(out, outputs, in_place=True):
    writer = SiteWriter(out, None, in_place=in_place)  # no hashes known: site/ compared byte for byte
    for path, data in outputs.items():
        writer.add(path, data)
    return writer.commit()


@pytest.mark.parametrize("in_place", [True, False])
def test_first_write_then_no_change_then_one_change(tmp_path, in_place):
    out = tmp_path / "site"
    first = write(out, {"index.html": b"home", "a/index.html": b"a"}, in_place)
    assert first.changed == ("a/index.html", "index.html")
    inode, mtime = out.stat().st_ino, (out / "a" / "index.html").stat().st_mtime_ns
    again = write(out, {"index.html": b"home", "a/index.html": b"a"}, in_place)
    assert not again.swapped and out.stat().st_ino == inode
    third = write(out, {"index.html": b"home2", "a/index.html": b"a"}, in_place)
    assert third.changed == ("index.html",) and third.unchanged == 1
    assert (out / "index.html").read_bytes() == b"home2"
    # The unchanged file was left, or carried over by a hard link: same bytes, same modification time.
    assert (out / "a" / "index.html").stat().st_mtime_ns == mtime
    assert not list(tmp_path.glob(".site-*"))


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
