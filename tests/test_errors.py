"""Error fixtures: each case overlays broken files on the mini project; the build must print the expected
`path:line: error[code]` lines, exit 1, print no traceback, and leave an existing site/ byte-for-byte as it was."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import FIXTURES, run_build

CASES = sorted(p.name for p in (FIXTURES / "errors").iterdir() if p.is_dir())


def make_project(tmp_path: Path, *cases: str) -> Path:
    content = tmp_path / "content"
    shutil.copytree(FIXTURES / "mini" / "content", content)
    for case in cases:
        for path in (FIXTURES / "errors" / case).rglob("*"):
            if path.is_file() and path.name != "expected.txt":
                target = content / path.relative_to(FIXTURES / "errors" / case)
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy(path, target)
    return content


def expected_lines(case: str) -> list[str]:
    return (FIXTURES / "errors" / case / "expected.txt").read_text().split("\n")[:-1]


def snapshot(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("case", CASES)
def test_error_case_reports_file_line_and_code(tmp_path, case):
    make_project(tmp_path, case)
    done = run_build("check", "--content", "content", cwd=tmp_path)
    assert done.returncode == 1, done.stdout + done.stderr
    assert "Traceback" not in done.stderr
    lines = done.stderr.splitlines()
    for expected in expected_lines(case):
        assert any(line.startswith(expected) for line in lines), f"missing {expected!r} in:\n{done.stderr}"


def test_all_errors_are_reported_at_once(tmp_path):
    cases = ["unknown-field", "bad-time", "unknown-ref-text", "duplicate-key"]
    # unknown-ref-text and unknown-field both write 04-*.md files with different names, so they coexist.
    make_project(tmp_path, *cases)
    done = run_build("check", "--content", "content", cwd=tmp_path)
    assert done.returncode == 1
    # A YAML error stops that file only; validation errors of every other file are still reported together.
    for case in ["unknown-field", "bad-time", "duplicate-key"]:
        for expected in expected_lines(case):
            assert expected in done.stderr, done.stderr


def test_failed_build_leaves_site_unchanged(tmp_path):
    make_project(tmp_path)
    run_build("--content", "content", "--out", "site", "--no-search", cwd=tmp_path, check=True)
    before = snapshot(tmp_path / "site")
    inode = (tmp_path / "site").stat().st_ino
    make_project(tmp_path / "broken", "unknown-ref-text")
    shutil.rmtree(tmp_path / "content")
    shutil.copytree(tmp_path / "broken" / "content", tmp_path / "content")
    done = run_build("--content", "content", "--out", "site", "--no-search", cwd=tmp_path)
    assert done.returncode == 1
    assert "error[unknown-ref]" in done.stderr
    assert snapshot(tmp_path / "site") == before
    assert (tmp_path / "site").stat().st_ino == inode
    assert not list(tmp_path.glob(".site-*")), "a failed build must not leave staging folders"


def test_check_writes_nothing(tmp_path):
    make_project(tmp_path)
    done = run_build("check", "--content", "content", "--out", "site", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "check passed" in done.stdout
    assert not (tmp_path / "site").exists()


def test_layout_error_names_layout_line_and_content_file(tmp_path):
    make_project(tmp_path)
    layouts = tmp_path / "layouts"
    shutil.copytree(FIXTURES.parent.parent / "layouts", layouts)
    person = layouts / "person.html"
    person.write_text(person.read_text().replace("{% block person_sections %}",
                                                 "{{ p.no_such_field }}{% block person_sections %}"))
    done = run_build("--content", "content", "--out", "site", "--no-search", cwd=tmp_path)
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert "layouts/person.html:" in done.stderr
    assert "error[layout-error]" in done.stderr
    assert "content/people/" in done.stderr


def test_unknown_ref_in_a_copy_of_the_sample_content(tmp_path):
    """The foundation's acceptance check, on the real sample content."""
    from conftest import ROOT

    shutil.copytree(ROOT / "content", tmp_path / "content")
    run_build("--content", "content", "--out", "site", "--no-search", cwd=tmp_path, check=True)
    before = snapshot(tmp_path / "site")
    item = next((tmp_path / "content" / "meetings" / "2014-01-21-iib").glob("02-*.md"))
    lines = item.read_text().split("\n")
    lines.append("See also [[a-2012-99]].")
    item.write_text("\n".join(lines))
    for command in (["check"], []):
        done = run_build(*command, "--content", "content", "--out", "site", "--no-search", cwd=tmp_path)
        assert done.returncode == 1
        rel = item.relative_to(tmp_path).as_posix()
        assert f"{rel}:{len(lines)}: error[unknown-ref]: no document 'a-2012-99'" in done.stderr, done.stderr
    assert snapshot(tmp_path / "site") == before
