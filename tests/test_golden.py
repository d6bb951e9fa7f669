"""Golden site: the sample content builds to exactly the committed tree (search index aside: Pagefind's files
are not byte-stable and search is tested in the browser). Regenerate after an intended change with
`BOARDPAPERS_UPDATE_GOLDEN=1 python -m pytest tests/test_golden.py` and review the diff in git."""

from __future__ import annotations

import difflib
import os
import shutil

from conftest import ROOT, run_build

GOLDEN = ROOT / "tests" / "golden" / "sample"
NOW = "2026-01-01T09:00"


def tree(root):
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_sample_site_matches_golden(tmp_path):
    out = tmp_path / "site"
    run_build("--content", str(ROOT / "content"), "--out", str(out), "--no-search", "--now", NOW, check=True)
    built = tree(out)
    if os.environ.get("BOARDPAPERS_UPDATE_GOLDEN") == "1":
        shutil.rmtree(GOLDEN, ignore_errors=True)
        shutil.copytree(out, GOLDEN)
    golden = tree(GOLDEN)
    assert sorted(built) == sorted(golden), "files differ: " + ", ".join(sorted(set(built) ^ set(golden))[:20])
    for path in sorted(built):
        if built[path] != golden[path]:
            diff = difflib.unified_diff(golden[path].decode(errors="replace").splitlines(),
                                        built[path].decode(errors="replace").splitlines(), "golden", "built",
                                        lineterm="", n=2)
            raise AssertionError(f"{path} differs from the golden site:\n" + "\n".join(list(diff)[:60]))
    assert len(built) > 100  # the sample has ~115 pages: an empty build must not match an empty golden tree


def test_two_builds_are_byte_identical(tmp_path):
    for name in ("a", "b"):
        run_build("--content", str(ROOT / "content"), "--out", str(tmp_path / name), "--no-search", "--now", NOW,
                  check=True)
    assert tree(tmp_path / "a") == tree(tmp_path / "b")
