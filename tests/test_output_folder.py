"""Issue 13, items 4 to 7: the output folder. A build replaces all its output folder holds, so `--out` must be a
site we built, an empty folder or a new path, never the project or a folder of it, and nothing is deleted when it
is refused; a linked site/ on another file system keeps its live site; two builds into one folder take turns; and
a cache that cannot be written or saved leaves site/ consistent with the next build."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from conftest import FIXTURES, ROOT
from test_incremental import differing

from boardpapers.core.diagnostics import BuildFailed
from boardpapers.pipeline import Options, build
from boardpapers.write.outdir import LEGACY, MARKER, locked

NOW = "2026-01-01T09:00"
ITEM = "meetings/2014-01-21-iib/02-peer-challenge.md"


@pytest.fixture
def project(tmp_path) -> Path:
    """A project as a user has it: content/, layouts/, assets/, notes and a .git folder."""
    root = tmp_path / "project"
    shutil.copytree(FIXTURES / "mini" / "content", root / "content")
    shutil.copytree(ROOT / "layouts", root / "layouts")
    shutil.copytree(ROOT / "assets", root / "assets")
    (root / ".git").mkdir()
    (root / ".git" / "HEAD").write_text("ref: refs/heads/main\n")
    (root / "notes.md").write_text("my notes\n")
    return root


def cli(project: Path, *args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(ROOT / "build.py"), "--content", str(project / "content"),
                           "--now", NOW, "--no-search", *args], capture_output=True, text=True, timeout=600,
                          cwd=cwd or project)


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file() and ".cache" not in p.parts}


@pytest.mark.parametrize("out", [".", "content", "layouts", "assets", "..", ".git", ".cache", "content/meetings",
                                 "notes.md", "elsewhere", "site/inner"])
def test_an_output_folder_a_build_may_not_replace_is_refused_having_deleted_nothing(project, out):
    (project / "elsewhere").mkdir()
    (project / "elsewhere" / "keep.txt").write_text("someone else's file\n")
    assert cli(project).returncode == 0  # site/, ours
    (project / ".cache").mkdir(exist_ok=True)
    before, parent = tree(project), tree(project.parent)
    done = cli(project, "--out", out)
    assert done.returncode == 1, done.stdout + done.stderr
    assert "error[bad-output]" in done.stderr and "Traceback" not in done.stderr, done.stderr
    assert tree(project) == before and tree(project.parent) == parent


def test_an_output_folder_given_elsewhere_relative_to_the_working_directory(project, tmp_path):
    """`--out .` from another folder (the user's home, say) is refused as well: it holds files we did not write."""
    home = tmp_path / "home"
    home.mkdir()
    (home / "thesis.txt").write_text("years of work\n")
    done = cli(project, "--out", ".", cwd=home)
    assert done.returncode == 1 and "error[bad-output]" in done.stderr, done.stderr
    assert (home / "thesis.txt").read_text() == "years of work\n"


@pytest.mark.parametrize("kind", ["new", "empty", "ours", "legacy"])
def test_a_new_path_an_empty_folder_or_an_earlier_site_is_built_into(project, kind):
    out = project / "public"
    if kind == "empty":
        out.mkdir()
    elif kind == "ours":
        assert cli(project, "--out", "public").returncode == 0
    elif kind == "legacy":  # built by a version before the marker: the files only we write together
        for name in LEGACY:
            (out / name).parent.mkdir(parents=True, exist_ok=True)
            (out / name).write_text("old\n")
    done = cli(project, "--out", "public")
    assert done.returncode == 0, done.stderr
    assert (out / MARKER).is_file() and (out / "index.html").is_file()


def test_a_linked_site_on_another_file_system_keeps_its_live_site(project):
    """site/ -> a folder on another file system (here /dev/shm): the new site is prepared beside the real folder,
    on its file system, and swapped in there; the link stays and points at the new site."""
    shm = Path("/dev/shm")
    if not shm.is_dir() or os.stat(shm).st_dev == os.stat(project).st_dev:
        pytest.skip("no second file system to link to")
    web = Path(shm / f"boardpapers-test-{os.getpid()}-{time.monotonic_ns()}")
    try:
        web.mkdir()
        assert cli(project, "--out", str(web / "www")).returncode == 0
        (project / "site").symlink_to(web / "www")
        for title, extra in (("Peer review", ()), ("Peer swap", ("--no-cache",))):  # in place, then a whole swap
            text = (project / "content" / ITEM).read_text()
            (project / "content" / ITEM).write_text(text.replace("title: Peer challenge", f"title: {title}")
                                                    .replace("title: Peer review", f"title: {title}"))
            done = cli(project, *extra)
            assert done.returncode == 0, done.stderr
            assert (project / "site").is_symlink()
            assert title in (web / "www" / "meetings/2014-01-21-iib/2/index.html").read_text()
        assert sorted(p.name for p in web.iterdir()) == ["www"]
        assert sorted(p.name for p in project.iterdir() if p.name.startswith(".site")) == []
    finally:
        shutil.rmtree(web, ignore_errors=True)


def test_two_builds_into_one_folder_take_turns(project, tmp_path):
    """Each of several pairs of concurrent builds completes; the site is then whole, as a clean build makes it."""
    assert cli(project, "--out", "site").returncode == 0
    for round_ in range(3):
        text = (project / "content" / ITEM).read_text()
        (project / "content" / ITEM).write_text(text.replace("title: Peer", f"title: Round {round_} Peer", 1))
        procs = [subprocess.Popen([sys.executable, str(ROOT / "build.py"), "--content", str(project / "content"),
                                   "--now", NOW, *extra], cwd=project, stdout=subprocess.PIPE,
                                  stderr=subprocess.PIPE, text=True)
                 for extra in ((), ("--no-search",), ())]
        for proc in procs:
            _, stderr = proc.communicate(timeout=600)
            assert proc.returncode == 0 and "Traceback" not in stderr, stderr
    clean = tmp_path / "clean"
    build(Options(content_dir=project / "content", out_dir=clean, now=_now(), cache=False))
    assert differing(project / "site", clean) == set()
    assert (project / "site" / "404.html").is_file() and (project / "site" / "accessibility" / "index.html").is_file()
    assert [p.name for p in project.iterdir() if p.name.startswith(".site")] == []


def test_a_second_build_waits_for_the_lock(project):
    out = project / "site"
    release = threading.Event()
    holding = threading.Event()

    def hold():
        with locked(out):
            holding.set()
            release.wait(120)

    thread = threading.Thread(target=hold)
    thread.start()
    holding.wait(30)
    proc = subprocess.Popen([sys.executable, str(ROOT / "build.py"), "--content", str(project / "content"), "--now",
                             NOW, "--no-search"], cwd=project, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True)
    time.sleep(3)
    assert proc.poll() is None and not (out / "index.html").exists()  # waiting, having written nothing
    release.set()
    thread.join()
    _, stderr = proc.communicate(timeout=600)
    assert proc.returncode == 0 and "waiting for another build" in stderr, stderr
    assert (out / "index.html").is_file()
    assert not (project / ".site-lock-site").exists()


def _now():
    import datetime as dt

    return dt.datetime.fromisoformat(NOW)


def test_a_cache_folder_that_is_a_file_is_a_clean_error_before_site_changes(project):
    assert cli(project).returncode == 0
    shutil.rmtree(project / ".cache")
    (project / ".cache").write_text("not a folder\n")
    text = (project / "content" / ITEM).read_text()
    (project / "content" / ITEM).write_text(text.replace("title: Peer challenge", "title: Peer review"))
    before = tree(project / "site")
    done = cli(project)
    assert done.returncode == 1 and "error[cache-unwritable]" in done.stderr, done.stderr
    assert "Traceback" not in done.stderr
    assert tree(project / "site") == before
    assert cli(project, "--no-cache").returncode == 0  # which needs no cache at all
    assert "Peer review" in (project / "site" / "meetings/2014-01-21-iib/2/index.html").read_text()


def test_a_cache_that_cannot_be_saved_leaves_a_site_the_next_build_gets_right(project, monkeypatch):
    """A full disk while saving the cache, after site/ was written: a warning, and a mark that makes the next
    build render and compare everything, so the site it leaves is the one a clean build makes."""
    from boardpapers.cache import store as cachestore

    opts = Options(content_dir=project / "content", out_dir=project / "site", now=_now(), search=False)
    build(opts)
    item = project / "content" / ITEM
    item.write_text(item.read_text().replace("title: Peer challenge", "title: Peer review"))
    real = cachestore.dump
    calls = {"n": 0}

    def full(value, path, text=False):
        calls["n"] += 1
        if calls["n"] == 2:
            raise OSError(28, "No space left on device")
        return real(value, path, text)

    monkeypatch.setattr(cachestore, "dump", full)
    result = build(opts)
    assert [d.code for d in result.diagnostics.items] == ["cache-not-saved"]
    assert "Peer review" in (project / "site" / "meetings/2014-01-21-iib/2/index.html").read_text()
    monkeypatch.setattr(cachestore, "dump", real)
    assert not list((project / ".cache").rglob("*.tmp*"))  # no half-written file left
    item.write_text(item.read_text().replace("title: Peer review", "title: Peer challenge"))
    build(opts)
    clean = project / "clean"
    build(Options(content_dir=project / "content", out_dir=clean, now=_now(), search=False, cache=False))
    assert differing(project / "site", clean) == set()


def test_the_cli_reports_a_failed_write_without_a_traceback(project, tmp_path):
    """An output folder whose parent is a file: a clean error, not a traceback."""
    (tmp_path / "plain-file").write_text("x")
    done = cli(project, "--out", str(tmp_path / "plain-file" / "site"))
    assert done.returncode == 1 and "Traceback" not in done.stderr, done.stderr
    assert "error[" in done.stderr


def test_check_needs_no_output_folder(project):
    done = subprocess.run([sys.executable, str(ROOT / "build.py"), "check", "--content", str(project / "content"),
                           "--out", ".", "--now", NOW], capture_output=True, text=True, cwd=project, timeout=600)
    assert done.returncode == 0, done.stderr


def test_refusal_is_an_error_of_the_pipeline_too(project):
    with pytest.raises(BuildFailed) as failed:
        build(Options(content_dir=project / "content", out_dir=project, now=_now(), search=False))
    assert [d.code for d in failed.value.diagnostics.errors] == ["bad-output"]
    assert (project / "notes.md").is_file() and (project / ".git" / "HEAD").is_file()


def test_a_build_stopped_while_it_releases_the_lock_does_not_lock_out_the_next(project, monkeypatch):
    """An exception while the lock file is removed (an interrupt) must still close it: flock is held per open
    file, so one left open would make the next build in the same process (serve, tests) wait on itself."""
    import boardpapers.write.outdir as outdir

    out = project / "site"
    real = os.unlink

    def interrupted(path, *args, **kwargs):
        if str(path).endswith(".site-lock-site"):
            raise KeyboardInterrupt
        return real(path, *args, **kwargs)

    monkeypatch.setattr(outdir.os, "unlink", interrupted)
    with pytest.raises(KeyboardInterrupt), locked(out):
        pass
    monkeypatch.setattr(outdir.os, "unlink", real)
    done = threading.Event()

    def again():
        with locked(out):
            done.set()

    thread = threading.Thread(target=again, daemon=True)
    thread.start()
    assert done.wait(30), "the next lock waited for one this process still held"
