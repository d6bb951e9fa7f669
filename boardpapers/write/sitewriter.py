"""Stage 10, write, streaming: each output goes to disk as soon as it is rendered, and only if its bytes changed.

Rendered pages are never all held in memory (at 100,000 items they would not fit): a page whose hash equals the
one the last build wrote is only counted; a changed one is written into a staging sibling of site/. `commit`
then either
- swaps a complete tree in (hard links for everything unchanged; the atomic swap of `staging.swap_in`), when
  there is no previous build or much changed, or
- moves the few changed files into site/ one `os.replace` at a time, when at most IN_PLACE_MAX changed. Linking
  a whole tree costs one inode operation per file and folder, about 12 s at 10,000 items (42,000 pages) on this
  disk whatever the code does, and as much again to delete the old tree; an edit then costs a few renames.
  Each file is always whole, old or new. Before the first rename a journal (`.site-journal-<site>.json`) names
  every move, and the staged files stay until the last: a build killed inside those milliseconds leaves the
  journal, and the next build (or `roll_forward`) completes the moves before anything else, so a kill can
  delay the new site but never leave a mix behind for good.
Both happen only after every stage, search indexing included, succeeded: a failed build leaves site/ as it was.
Search bundles are directories (`pagefind/` or `pagefind/<part>/`), replaced whole.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from pathlib import Path

from boardpapers.core import testpoints
from boardpapers.write.staging import (
    OLD_PREFIX,
    STAGING_PREFIX,
    WriteResult,
    _link,
    _link_or_copy,
    existing_files,
    safe_join,
    swap_in,
)

IN_PLACE_MAX = 200  # see the module docstring: more changed files than this go through a full swap
SEARCH_DIR = "pagefind"
JOURNAL_PREFIX = ".site-journal-"


def content_hash(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


class SiteWriter:
    def __init__(self, out_dir: Path, old_hashes: dict | None, in_place: bool = True):
        """`old_hashes`: what the last build wrote (path -> hash), trusted as the content of site/; None when
        unknown, and then the files in site/ are compared byte for byte. `in_place`: small changes may be moved
        into site/ file by file under a journal (see the module docstring); False: always swap a whole tree."""
        self.out_dir = out_dir.absolute()
        self.old = old_hashes
        self.in_place = in_place
        self.staging = self.out_dir.parent / f"{STAGING_PREFIX}{self.out_dir.name}-{os.getpid()}"
        if self.staging.exists():
            shutil.rmtree(self.staging)
        self.staging.mkdir(parents=True)
        self._folders: set[str] = set()
        self.hashes: dict[str, str] = {}
        self.changed: list[str] = []
        self.bundles: list[str] = []  # search bundle directories written into staging
        self.keep_bundles: list[str] = []  # and those kept from site/ as they are
        self.patched: list[str] = []  # files of kept bundles replaced (search.stale: a stale fragment rewritten)
        # No site/ yet (a first build): nothing to compare with, and no stat() per page to learn that.
        self._no_site = old_hashes is None and not self.out_dir.exists()

    def add(self, path: str, data: bytes) -> tuple[str, bool]:
        """Record one output; write it to staging if it differs from site/. -> (hash, changed)."""
        digest = content_hash(data)
        changed = not self._same(path, digest, data)
        if changed:
            self._write(path, data)
        self.note(path, digest, changed)
        return digest, changed

    def _write(self, path: str, data: bytes) -> None:
        # A lexical check instead of write.safe_join's resolve() (an lstat per path component): staging is a
        # fresh folder we made, holding no symbolic links, so a path without '..' or a leading '/' stays inside.
        parts = path.split("/")
        if not path or path.startswith("/") or "\0" in path or any(p in ("", ".", "..") for p in parts):
            raise ValueError(f"output path escapes the site folder: {path}")
        folder = os.path.join(self.staging, *parts[:-1]) if len(parts) > 1 else str(self.staging)
        if folder not in self._folders:
            try:
                os.mkdir(folder)  # nearly always: a page's own folder, in a parent made for an earlier page
            except FileNotFoundError:
                os.makedirs(folder, exist_ok=True)
            except FileExistsError:
                pass
            self._folders.add(folder)
        fd = os.open(os.path.join(folder, parts[-1]), os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view):]
        finally:
            os.close(fd)

    def patch(self, path: str, data: bytes) -> None:
        """Replace one file of a search bundle kept from site/; moved in with the pages (bundle files are not
        outputs with hashes: a bundle is Pagefind's, replaced whole when indexed again)."""
        self._write(path, data)
        self.patched.append(path)

    def note(self, path: str, digest: str, changed: bool) -> None:
        """Record an output written (or found unchanged) elsewhere, e.g. by a render worker."""
        self.hashes[path] = digest
        if changed:
            self.changed.append(path)

    def _same(self, path: str, digest: str, data: bytes) -> bool:
        if self.old is not None:
            return self.old.get(path) == digest
        if self._no_site:
            return False
        old = self.out_dir / path
        try:
            return old.stat().st_size == len(data) and old.read_bytes() == data
        except OSError:
            return False

    def current(self, path: str) -> Path:
        """Where the file this build produced for `path` is now (staging if changed, else site/)."""
        staged = self.staging / path
        return staged if staged.exists() else self.out_dir / path

    def removed(self) -> list[str]:
        old = set(self.old) if self.old is not None else set(existing_files(self.out_dir, (SEARCH_DIR,)))
        return sorted(p for p in old - set(self.hashes) if not _in_bundle(p, self.bundles + self.keep_bundles))

    def commit(self, stale_bundles: tuple[str, ...] = ()) -> WriteResult:
        removed = self.removed()
        result = WriteResult(tuple(sorted(self.changed)), tuple(removed), len(self.hashes) - len(self.changed))
        if not result.swapped and not self.bundles and not stale_bundles and not self.patched:
            shutil.rmtree(self.staging, ignore_errors=True)
            return result
        small = len(self.changed) + len(self.patched) + len(removed) <= IN_PLACE_MAX
        if self.in_place and self.old is not None and self.out_dir.is_dir() and small:
            self._commit_in_place(removed, stale_bundles)
        else:
            self._commit_swap()
        return result

    def _commit_in_place(self, removed: list[str], stale_bundles) -> None:
        for path in [*self.changed, *removed]:
            safe_join(self.out_dir, path)  # refuse a path that leaves site/ before anything moves
        trash = self.out_dir.parent / f"{OLD_PREFIX}{self.out_dir.name}-{os.getpid()}"
        plan = {"staging": self.staging.name, "trash": trash.name, "bundles": self.bundles,
                "stale": list(stale_bundles), "changed": [*self.changed, *self.patched], "removed": removed}
        journal = journal_path(self.out_dir)
        tmp = journal.with_name(journal.name + f".tmp{os.getpid()}")
        tmp.write_text(json.dumps(plan))
        os.replace(tmp, journal)  # from here on, the moves below will be completed whatever happens
        _apply(self.out_dir, plan)

    def _commit_swap(self) -> None:
        changed = set(self.changed)
        for path in self.hashes:
            if path not in changed:
                target = self.staging / path
                target.parent.mkdir(parents=True, exist_ok=True)
                if not _link(self.out_dir / path, target):
                    shutil.copy2(self.out_dir / path, target)
        for bundle in self.keep_bundles:
            shutil.copytree(self.out_dir / bundle, self.staging / bundle, copy_function=_link_unless_patched,
                            dirs_exist_ok=True)
        swap_in(self.staging, self.out_dir)
        testpoints.reached("first-move")

    def abort(self) -> None:
        shutil.rmtree(self.staging, ignore_errors=True)


def journal_path(out_dir: Path) -> Path:
    out_dir = out_dir.absolute()
    return out_dir.parent / f"{JOURNAL_PREFIX}{out_dir.name}.json"


def roll_forward(out_dir: Path) -> bool:
    """Complete the in-place commit of a build killed halfway (its journal is still there); -> whether there
    was one. Every step is skipped when already done, so this may itself be interrupted and run again."""
    journal = journal_path(out_dir)
    try:
        plan = json.loads(journal.read_text())
    except (OSError, ValueError):
        journal.unlink(missing_ok=True)
        return False
    _apply(out_dir.absolute(), plan)
    return True


def _apply(out_dir: Path, plan: dict) -> None:
    staging, trash = out_dir.parent / plan["staging"], out_dir.parent / plan["trash"]
    trash.mkdir(exist_ok=True)
    for n, bundle in enumerate([*plan["bundles"], *plan["stale"]]):
        incoming = bundle in plan["bundles"] and (staging / bundle).is_dir()
        old = out_dir / bundle
        if (incoming or bundle not in plan["bundles"]) and old.exists():
            os.rename(old, trash / str(n))
        if incoming:
            old.parent.mkdir(parents=True, exist_ok=True)
            os.rename(staging / bundle, old)
    for path in plan["changed"]:
        source = staging / path
        if source.exists():
            target = safe_join(out_dir, path)
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(source, target)
            testpoints.reached("first-move")
    for path in plan["removed"]:
        target = safe_join(out_dir, path)
        if target.exists() or target.is_symlink():
            target.unlink()
            _prune_empty(target.parent, out_dir)
    journal_path(out_dir).unlink(missing_ok=True)  # the commit is complete: what is left is only clean-up
    shutil.rmtree(trash, ignore_errors=True)
    shutil.rmtree(staging, ignore_errors=True)


def _link_unless_patched(source, target):
    if not os.path.lexists(target):  # a patched file is already in staging: keep it
        _link_or_copy(source, target)


def _in_bundle(path: str, bundles: list[str]) -> bool:
    return any(path == b or path.startswith(b + "/") for b in bundles)


def _prune_empty(folder: Path, root: Path) -> None:
    while folder != root and folder.is_relative_to(root):
        try:
            folder.rmdir()
        except OSError:
            return
        folder = folder.parent
