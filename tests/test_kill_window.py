"""Issue 13, item 1: a build killed between its first move into site/ and its cache save, then a withdrawal.

The saved cache then still describes the site before that build: trusted, it let the next cached build keep the
killed build's pages (a paper published, then set back to `draft: true`, stayed on the site, agenda line and
search entry included, until a --no-cache build). Each test runs the real command line (search and cache on),
stops the build at a named point of that window (`boardpapers.core.testpoints`: it writes a flag file and waits),
kills its process group with SIGKILL, withdraws the paper and builds again: no file of site/ may show it, and
site/ must equal a clean build's.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import FIXTURES, ROOT, unpacked
from test_incremental import differing

from boardpapers.core.testpoints import ENV, FILE_ENV, POINTS

NOW = "2026-01-01T09:00"
WELCOME = "meetings/2014-01-21-iib/01-welcome.md"  # an item nothing links to: it can become a draft alone
CANARY = b"zqkillwindowzq"


def cli(content: Path, out: Path, *extra: str, env: dict | None = None) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, str(ROOT / "build.py"), "--content", str(content), "--out", str(out),
                             "--now", NOW, *extra], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            start_new_session=True, env={**os.environ, **(env or {})})


def run(content: Path, out: Path, *extra: str) -> None:
    proc = cli(content, out, *extra)
    stdout, stderr = proc.communicate(timeout=600)
    assert proc.returncode == 0, stdout + stderr


def set_draft(content: Path, draft: bool) -> None:
    path = content / WELCOME
    text = path.read_text().replace("draft: true\n", "").replace("draft: false\n", "")
    path.write_text(text.replace("title: Welcome\n", f"title: Welcome\ndraft: {str(draft).lower()}\n"))


def shown(site: Path) -> list[str]:
    """Files of site/ (gzip and zip files unpacked) that show the paper: its words or its URL."""
    found = []
    for path in site.rglob("*"):
        if path.is_file():
            data = unpacked(path.read_bytes())
            if CANARY in data or b"/meetings/2014-01-21-iib/1/" in data:
                found.append(path.relative_to(site).as_posix())
    return sorted(found)


def kill_at(proc: subprocess.Popen, flag: Path) -> None:
    deadline = time.monotonic() + 300
    while not flag.exists():
        if proc.poll() is not None:
            pytest.fail(f"the build ended before its pause point: {proc.communicate()}")
        if time.monotonic() > deadline:
            os.killpg(proc.pid, signal.SIGKILL)
            pytest.fail("the build never reached its pause point")
        time.sleep(0.01)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait(timeout=60)


@pytest.mark.parametrize("point", POINTS)
def test_a_build_killed_before_its_cache_is_saved_cannot_keep_withdrawn_text_public(tmp_path, point):
    content = shutil.copytree(FIXTURES / "mini" / "content", tmp_path / "content")
    (content / WELCOME).write_text((content / WELCOME).read_text() + CANARY.decode() + " was said here.\n")
    out = tmp_path / "site"
    set_draft(content, True)
    run(content, out)  # the paper is a draft: nothing of it on the site, and a saved cache that says so
    assert shown(out) == []
    set_draft(content, False)
    flag = tmp_path / "paused"
    kill_at(cli(content, out, env={ENV: point, FILE_ENV: str(flag)}), flag)
    if point != "first-move":  # killed after the commit: the paper is on the site
        assert "meetings/2014-01-21-iib/1/index.html" in shown(out)
    set_draft(content, True)  # withdrawn again
    run(content, out)
    assert shown(out) == [], f"killed at {point}: the withdrawn paper is still in these files"
    clean = tmp_path / "clean"
    run(content, clean, "--no-cache")
    assert differing(out, clean) == set()
    run(content, out)  # and the cache saved now is whole: the next build has nothing to do
    assert shown(out) == []


def test_every_pause_point_is_in_the_build():
    """The points the test stops at exist in the engine (a renamed one would make the test stop nowhere)."""
    source = "\n".join(p.read_text() for p in (ROOT / "boardpapers").rglob("*.py"))
    for point in POINTS:
        assert f'testpoints.reached("{point}")' in source, point
