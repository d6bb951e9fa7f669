"""Output integrity (issue #5): a build that fails, or is killed at any moment, leaves site/ either exactly as it
was or complete; the next build cleans up whatever a killed one left behind.

The kill tests run the real command line (with search and the build cache, as a user would) on a project large
enough to give each stage time, watch for the staging folder (and the other traces of the write stage) to
appear, and SIGKILL the build's process group (Pagefind included) at that moment or after a delay.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import FIXTURES, ROOT

from boardpapers.core.diagnostics import BuildFailed
from boardpapers.pipeline import Options, build
from boardpapers.search.pagefind import UNUSED
from boardpapers.write.staging import OLD_PREFIX, STAGING_PREFIX

try:  # the search-parts engine's scratch folders, where it exists
    from boardpapers.write.staging import INDEX_PREFIX
except ImportError:
    INDEX_PREFIX = STAGING_PREFIX

NOW = "2026-01-01T09:00"
ITEMS = 150


def make_project(root: Path) -> Path:
    """The mini fixture plus a meeting with many items: enough pages that writing and indexing take a while."""
    content = root / "content"
    shutil.copytree(FIXTURES / "mini" / "content", content)
    meeting = content / "meetings" / "2015-06-01-iib"
    meeting.mkdir()
    (meeting / "index.md").write_text("---\nboard: iib\ndate: 2015-06-01\nvenue: Room A\nstatus: minutes confirmed\n"
                                      "---\nA long meeting.\n")
    for n in range(1, ITEMS + 1):
        (meeting / f"{n:03d}-item.md").write_text(
            f"---\nnumber: {n}\ntitle: Item number {n}\nsummary: Summary of item {n}.\ntopics: [topic-{n % 7}]\n"
            f"decisions:\n  - verb: noted\n    text: the report on matter {n}.\n---\n"
            + "\n\n".join(f"Paragraph {p} of the report on matter {n}, with words to index." for p in range(8)))
    return content


def edit(content: Path, version: str) -> None:
    """Version B changes the board's name, which every meeting and item page shows: hundreds of files change."""
    board = content / "boards" / "iib.md"
    text = board.read_text()
    board.write_text(text.replace("name: Improvement Board", f"name: Improvement Board {version}", 1)
                     if "name: Improvement Board\n" in text else text)


def cli(content: Path, out: Path, *extra: str, **popen) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, str(ROOT / "build.py"), "--content", str(content), "--out", str(out),
                             "--now", NOW, *extra], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            start_new_session=True, **popen)


def run(content: Path, out: Path, *extra: str) -> None:
    proc = cli(content, out, *extra)
    stdout, stderr = proc.communicate(timeout=600)
    assert proc.returncode == 0, stdout + stderr


def files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def split(tree: dict[str, bytes]) -> tuple[dict, dict]:
    pages = {k: v for k, v in tree.items() if not k.startswith("pagefind/")}
    return pages, {k: v for k, v in tree.items() if k.startswith("pagefind/")}


def assert_complete_bundle(site: Path) -> None:
    entry = json.loads((site / "pagefind" / "pagefind-entry.json").read_text())
    assert (site / "pagefind" / "pagefind.js").stat().st_size > 0
    # Pagefind's own UI and worker are stripped from every bundle (search.pagefind.strip_bundle): never half there
    assert not [name for name in UNUSED if (site / "pagefind" / name).exists()]
    for language in entry["languages"].values():
        assert (site / "pagefind" / f"pagefind.{language['hash']}.pf_meta").is_file()


def traces(out: Path) -> list[str]:
    return sorted(p.name for p in out.parent.iterdir() if p.name.startswith((STAGING_PREFIX, OLD_PREFIX, INDEX_PREFIX)))


def kill_when(proc: subprocess.Popen, out: Path, moment: str, delay: float) -> str:
    """Wait for `moment` (a trace of the write stage appearing), wait `delay` more, then SIGKILL the build and
    everything it started. -> what was seen ('finished' if the build ended first)."""
    parent, deadline = out.parent, time.monotonic() + 120
    inode = _inode(out)
    seen = ""
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            return "finished"
        names = [p.name for p in parent.iterdir()]
        staging = [n for n in names if n.startswith(STAGING_PREFIX)]
        if moment == "staging" and staging:
            seen = "staging"
        elif moment == "indexing" and staging and (parent / staging[0] / "pagefind").exists():
            seen = "indexing"
        elif moment == "swapped" and _inode(out) not in (None, inode):
            seen = "swapped"  # the new tree is in; the old one is being removed
        elif moment == "start":
            seen = "start"
        if seen:
            break
        time.sleep(0.0003)
    time.sleep(delay)
    if proc.poll() is not None:
        return "finished"
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait(timeout=60)
    return seen or "timeout"


def _inode(path: Path) -> int | None:
    try:
        return path.stat().st_ino
    except OSError:
        return None


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    """(content, version A's files, version B's files): references built once into folders of their own."""
    root = tmp_path_factory.mktemp("atomic")
    content = make_project(root)
    run(content, root / "ref-a")
    edit(content, "B")
    run(content, root / "ref-b")
    edit_back(content)
    a, b = files(root / "ref-a"), files(root / "ref-b")
    assert split(a)[0] != split(b)[0]
    changed = [k for k in split(b)[0] if split(a)[0].get(k) != split(b)[0][k]]
    assert len(changed) > ITEMS, len(changed)  # the edit touches hundreds of files: a wide window to kill in
    return root, content, a, b


def edit_back(content: Path) -> None:
    board = content / "boards" / "iib.md"
    board.write_text(board.read_text().replace("name: Improvement Board B\n", "name: Improvement Board\n"))


MOMENTS = [("start", 0.05), ("start", 0.4), ("staging", 0.0), ("staging", 0.15), ("indexing", 0.0),
           ("indexing", 0.3), ("swapped", 0.0)]


@pytest.mark.parametrize(("moment", "delay"), MOMENTS, ids=[f"{m}+{d}s" for m, d in MOMENTS])
def test_killed_build_leaves_the_old_site_or_the_new_one(project, tmp_path, moment, delay):
    _, content, ref_a, ref_b = project
    work = shutil.copytree(content, tmp_path / "content")
    out = tmp_path / "site"
    run(work, out)  # version A, complete, with its build cache: the next build is an incremental one
    before = files(out)
    assert split(before)[0] == split(ref_a)[0]
    edit(work, "B")
    proc = cli(work, out)
    seen = kill_when(proc, out, moment, delay)
    after = files(out)
    pages, bundle = split(after)
    if pages == split(ref_a)[0]:
        assert bundle == split(before)[1], f"site/ has the old pages but a changed search bundle ({seen})"
        state = "old"
    else:
        assert pages == split(ref_b)[0], (f"killed at {seen}: site/ is neither the old site nor the new one: "
                                          f"{len([k for k in pages if ref_a.get(k) != pages[k]])} files new, "
                                          f"{len([k for k in split(ref_a)[0] if k not in pages])} missing")
        assert_complete_bundle(out)
        state = "new"
    # The next build (of B) cleans up and completes the site, whatever the killed one left behind.
    run(work, out)
    assert traces(out) == []
    assert split(files(out))[0] == split(ref_b)[0]
    assert_complete_bundle(out)
    if moment in ("staging", "indexing") and delay == 0.0:
        assert seen == moment and state == "old", (seen, state)
    if seen == "swapped":
        assert state == "new"


def test_kills_land_inside_the_build(project, tmp_path):
    """The moments above are real: a build watched this way has a staging folder, indexes into it and commits."""
    _, content, _, _ = project
    work = shutil.copytree(content, tmp_path / "content")
    out = tmp_path / "site"
    run(work, out)
    edit(work, "B")
    proc = cli(work, out)
    assert kill_when(proc, out, "indexing", 0.0) == "indexing"
    assert traces(out), "the killed build left its staging folder (the next build removes it)"


# -- in-process: errors at every stage leave site/ as it was


def small_project(tmp_path: Path) -> tuple[Path, Path, dict]:
    content = shutil.copytree(FIXTURES / "mini" / "content", tmp_path / "content")
    out = tmp_path / "site"
    build(Options(content_dir=content, out_dir=out, now=None, search=True, cache=False))
    return content, out, files(out)


def test_content_error_leaves_site_untouched(tmp_path):
    content, out, before = small_project(tmp_path)
    inode = out.stat().st_ino
    (content / "people" / "ann-chair.md").write_text("---\nname: Ann\nname: Twice\n---\n")
    with pytest.raises(BuildFailed):
        build(Options(content_dir=content, out_dir=out, search=True, cache=False))
    assert files(out) == before and out.stat().st_ino == inode
    assert traces(out) == []


@pytest.mark.parametrize("stage", ["index", "swap"])
def test_failure_while_writing_leaves_site_untouched(tmp_path, monkeypatch, stage):
    content, out, before = small_project(tmp_path)
    (content / "meetings" / "2014-01-21-iib" / "index.md").write_text(
        (content / "meetings" / "2014-01-21-iib" / "index.md").read_text().replace("Room 1", "Room 2"))

    def boom(*args, **kwargs):
        raise OSError(28, "No space left on device")

    import boardpapers.stages as stages
    import boardpapers.write.sitewriter as sitewriter
    import boardpapers.write.staging as write

    if stage == "index":
        for module in (stages, sitewriter):
            for name in ("index_parts", "index_site"):
                if hasattr(module, name):
                    monkeypatch.setattr(module, name, boom)
    else:
        monkeypatch.setattr(write, "_exchange", boom)
        monkeypatch.setattr(sitewriter, "swap_in", boom)
        monkeypatch.setattr(os, "replace", boom)
    with pytest.raises(OSError, match="No space left"):
        build(Options(content_dir=content, out_dir=out, search=True, cache=False))
    assert files(out) == before
    assert traces(out) == []


def test_next_build_removes_leftovers_of_a_killed_one(tmp_path):
    content, out, _ = small_project(tmp_path)
    for name in (f"{STAGING_PREFIX}site-99999", f"{OLD_PREFIX}site-99998"):
        (tmp_path / name / "meetings").mkdir(parents=True)
        (tmp_path / name / "meetings" / "index.html").write_text("half")
    (content / "people" / "bob-member.md").write_text(
        (content / "people" / "bob-member.md").read_text().replace("Bob Member", "Robert Member"))
    build(Options(content_dir=content, out_dir=out, search=False, cache=False))
    assert traces(out) == []


def test_every_output_path_stays_inside_site(tmp_path):
    from boardpapers.write.staging import safe_join

    root = tmp_path / "site"
    root.mkdir()
    (tmp_path / "elsewhere").mkdir()
    (root / "link").symlink_to(tmp_path / "elsewhere")
    for rel in ("../escape.html", "/etc/passwd", "a/../../escape", "link/x.html", "meetings/../../x"):
        with pytest.raises(ValueError):
            safe_join(root, rel)
    page = "meetings/2014-01-21-iib/index.html"
    assert safe_join(root, page) == root.resolve() / page


class Interrupted(BaseException):
    """Stands for a SIGKILL: raised by the k-th call that changes the file system during a build."""


def test_a_build_interrupted_at_any_file_operation_leaves_old_or_new(tmp_path, monkeypatch):
    """Deterministic version of the kill tests, down to the last rename: every rename, replace, unlink and
    renameat2 exchange of a cached, incremental build (a small edit, which is committed in place) is interrupted
    in turn (the first 15 and the last). site/ must then hold the old pages or the new ones, or, interrupted
    inside the in-place commit, a journal must be left that the next build completes before anything else."""
    import boardpapers.write.staging as write
    from boardpapers.write.sitewriter import journal_path

    content = shutil.copytree(FIXTURES / "mini" / "content", tmp_path / "content")
    item = content / "meetings" / "2014-01-21-iib" / "02-peer-challenge.md"
    reference = {}
    for version, title in (("a", "Peer challenge"), ("b", "Peer review")):
        item.write_text(item.read_text().replace("title: Peer challenge", f"title: {title}")
                        .replace("title: Peer review", f"title: {title}"))
        build(Options(content_dir=content, out_dir=tmp_path / f"ref-{version}", search=False, cache=False))
        reference[version] = files(tmp_path / f"ref-{version}")
    # a small edit: well under the 200 files past which a build swaps the whole tree instead of moving files in
    assert 0 < len([k for k in reference["a"] if reference["a"][k] != reference["b"].get(k)]) < 60

    calls = {"n": 0, "stop": None}
    real = {"rename": os.rename, "replace": os.replace, "unlink": os.unlink, "rmdir": os.rmdir,
            "exchange": write._exchange}

    def counting(name):
        def call(*args, **kwargs):
            calls["n"] += 1
            if calls["n"] == calls["stop"]:
                raise Interrupted(name)
            return real[name](*args, **kwargs)
        return call

    def run(version_title: str, stop: int | None, out: Path) -> None:
        item.write_text(item.read_text().replace("title: Peer challenge", f"title: {version_title}")
                        .replace("title: Peer review", f"title: {version_title}"))
        calls.update(n=0, stop=stop)
        build(Options(content_dir=content, out_dir=out, search=False, cache=True))

    with monkeypatch.context() as patch:
        for name in ("rename", "replace", "unlink", "rmdir"):
            patch.setattr(os, name, counting(name))
        patch.setattr(write, "_exchange", counting("exchange"))
        probe = tmp_path / "probe"
        run("Peer challenge", None, probe)
        run("Peer review", None, probe)  # count the operations of the incremental build
        operations = calls["n"]
        assert operations >= 1
        # The first operations are the commit itself (a swap: one exchange; in place: the renames); what follows
        # is clean-up beside site/ and the build cache. Every one of the first 15, and the last.
        journaled = 0
        for stop in sorted({*range(1, min(operations, 15) + 1), operations}):
            out = tmp_path / f"site-{stop}"
            run("Peer challenge", None, out)  # version A, with its cache
            with pytest.raises(Interrupted):
                run("Peer review", stop, out)
            pages = files(out)
            if journal_path(out).exists():
                journaled += 1
            else:
                assert pages in (reference["a"], reference["b"]), (
                    f"interrupted at file operation {stop} of {operations} with no journal left: "
                    f"{len([k for k in pages if reference['a'].get(k) != pages[k]])} pages new, "
                    f"{len([k for k in pages if reference['b'].get(k) != pages[k]])} still old")
            calls.update(n=0, stop=None)
            build(Options(content_dir=content, out_dir=out, search=False, cache=True))  # the next build
            assert files(out) == reference["b"], f"after interruption {stop}, the next build left a mix"
            assert not journal_path(out).exists() and traces(out) == []
        assert journaled, "no interruption landed inside an in-place commit: the journal path went untested"
