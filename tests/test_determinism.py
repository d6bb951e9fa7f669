"""Determinism (issue #5): two builds of the same input are byte-identical outside site/pagefind/ (Pagefind's own
files are not byte-stable), whatever the hash seed, the machine's time zone and locale, the wall-clock time, or
where the project and the output folder are on disk.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import FIXTURES, ROOT

NOW = "2026-01-01T09:00"


def build_in(content: Path, out: Path, env: dict, *extra: str) -> None:
    done = subprocess.run([sys.executable, str(ROOT / "build.py"), "--content", str(content), "--out", str(out),
                           "--now", NOW, "--no-cache", *extra], capture_output=True, text=True, timeout=600,
                          env={**os.environ, **env}, cwd=content.parent)
    assert done.returncode == 0, done.stderr


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file() and p.relative_to(root).parts[0] != "pagefind"}


def differences(a: dict[str, bytes], b: dict[str, bytes]) -> list[str]:
    out = [f"only in the first: {k}" for k in sorted(set(a) - set(b))]
    out += [f"only in the second: {k}" for k in sorted(set(b) - set(a))]
    for key in sorted(set(a) & set(b)):
        if a[key] != b[key]:
            at = next((i for i, (x, y) in enumerate(zip(a[key], b[key], strict=False)) if x != y),
                      min(len(a[key]), len(b[key])))
            out.append(f"differs: {key} at byte {at}: {a[key][max(0, at - 40):at + 40]!r} / "
                       f"{b[key][max(0, at - 40):at + 40]!r}")
    return out


ENV_A = {"PYTHONHASHSEED": "1", "TZ": "UTC", "LC_ALL": "C.UTF-8", "LANG": "C.UTF-8"}
ENV_B = {"PYTHONHASHSEED": "4242", "TZ": "America/New_York", "LC_ALL": "de_DE.UTF-8", "LANG": "de_DE.UTF-8"}


@pytest.mark.parametrize("project", ["sample", "safety", "safety-drafts"])
def test_two_builds_are_byte_identical(tmp_path, project):
    source = ROOT / "content" if project == "sample" else FIXTURES / "safety" / "content"
    extra = ("--no-search", "--drafts") if project == "safety-drafts" else ("--no-search",)
    # The same project in two places on disk, built into two differently named folders.
    first = shutil.copytree(source, tmp_path / "one" / "content")
    second = shutil.copytree(source, tmp_path / "elsewhere" / "deeper" / "content")
    build_in(first, tmp_path / "one" / "site", ENV_A, *extra)
    time.sleep(1.1)  # a different wall-clock second: only --now may matter
    build_in(second, tmp_path / "elsewhere" / "public", ENV_B, *extra)
    a, b = tree(tmp_path / "one" / "site"), tree(tmp_path / "elsewhere" / "public")
    assert len(a) > 40
    assert differences(a, b) == []
    # Nothing of where the build ran leaks into the site.
    for data in a.values():
        assert str(tmp_path).encode() not in data


def test_search_builds_are_identical_outside_the_index(sample_site, tmp_path):
    content = shutil.copytree(ROOT / "content", tmp_path / "project" / "content")
    out = tmp_path / "project" / "site"
    build_in(content, out, ENV_B)
    assert (out / "pagefind" / "pagefind.js").is_file()
    assert differences(tree(sample_site), tree(out)) == []


def test_the_comparison_can_fail(tmp_path):
    (tmp_path / "a" / "pagefind").mkdir(parents=True)
    (tmp_path / "b" / "pagefind").mkdir(parents=True)
    (tmp_path / "a" / "index.html").write_bytes(b"<p>built at 09:00</p>")
    (tmp_path / "b" / "index.html").write_bytes(b"<p>built at 09:01</p>")
    (tmp_path / "a" / "pagefind" / "x.pf_fragment").write_bytes(b"1")
    (tmp_path / "b" / "pagefind" / "x.pf_fragment").write_bytes(b"2")
    (tmp_path / "b" / "extra.html").write_bytes(b"")
    found = differences(tree(tmp_path / "a"), tree(tmp_path / "b"))
    assert found == ["only in the second: extra.html",
                     "differs: index.html at byte 16: b'<p>built at 09:00</p>' / b'<p>built at 09:01</p>'"]
