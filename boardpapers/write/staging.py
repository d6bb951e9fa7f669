"""The pieces the writer (`sitewriter`) builds on: the staging sibling of site/ and its names, paths that cannot
leave site/, the atomic exchange of two folders, leftovers of a killed build, and what a build wrote.

Rendered files go into a staging sibling of site/ first, so a failed or killed build leaves site/ as it was.
"""

from __future__ import annotations

import ctypes
import os
import shutil
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

STAGING_PREFIX = ".site-staging-"
OLD_PREFIX = ".site-old-"
INDEX_PREFIX = ".site-index-"  # scratch folders of search parts (search.parts)
RENAME_EXCHANGE = 2
AT_FDCWD = -100


@dataclass(frozen=True)
class WriteResult:
    changed: tuple[str, ...]  # written with new bytes (or new files)
    removed: tuple[str, ...]
    unchanged: int

    @property
    def swapped(self) -> bool:
        return bool(self.changed or self.removed)


def safe_join(root: Path, rel: str) -> Path:
    """Every output path must resolve inside the output root, whatever an id or file name contains."""
    target = (root / rel).resolve()
    if not target.is_relative_to(root.resolve()):
        raise ValueError(f"output path escapes the site folder: {rel}")
    return target


def existing_files(root: Path, skip: tuple[str, ...] = ()) -> dict[str, Path]:
    found = {}
    if not root.is_dir():
        return found
    for dirpath, dirnames, filenames in os.walk(root):
        rel_dir = Path(dirpath).relative_to(root).as_posix()
        if rel_dir == ".":
            rel_dir = ""
        dirnames[:] = [d for d in dirnames if f"{rel_dir}/{d}".lstrip("/") not in skip]
        for name in filenames:
            rel = f"{rel_dir}/{name}".lstrip("/")
            found[rel] = Path(dirpath) / name
    return found


def clean_leftovers(out_dir: Path) -> None:
    """Remove staging or old trees left by a build that was killed."""
    parent = out_dir.resolve().parent
    for prefix in (STAGING_PREFIX, OLD_PREFIX, INDEX_PREFIX):
        for leftover in parent.glob(f"{prefix}{out_dir.name}-*"):
            shutil.rmtree(leftover, ignore_errors=True)


def _link(source: Path, target: Path) -> bool:
    try:
        os.link(source, target)
        return True
    except OSError:
        return False


def _link_or_copy(source, target):
    if not _link(Path(source), Path(target)):
        shutil.copy2(source, target)


def swap_in(staging: Path, out_dir: Path) -> None:
    """Atomically exchange staging and out_dir (renameat2 RENAME_EXCHANGE), so there is never a moment without
    a complete site/; where the kernel or libc lacks it, two renames with a very short gap."""
    out_dir = out_dir.resolve() if out_dir.exists() else out_dir.absolute()
    if not out_dir.exists():
        os.rename(staging, out_dir)
        return
    old = staging  # after the exchange, the staging path holds the old tree
    if not _exchange(staging, out_dir):
        old = out_dir.parent / f"{OLD_PREFIX}{out_dir.name}-{os.getpid()}"
        os.rename(out_dir, old)
        try:
            os.rename(staging, out_dir)
        except OSError:
            os.rename(old, out_dir)  # the live site goes back where it was: never a moment's loss made final
            raise
    shutil.rmtree(old, ignore_errors=True)


def _exchange(a: Path, b: Path) -> bool:
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    return renameat2(AT_FDCWD, os.fsencode(a), AT_FDCWD, os.fsencode(b), RENAME_EXCHANGE) == 0


class SiteFiles(Mapping):
    """The outputs of a build that wrote site/: pages it did not re-render are read back on demand, so that
    100,000 pages are never all in memory at once."""

    def __init__(self, out_dir: Path, paths):
        self.out_dir, self.paths = out_dir, tuple(sorted(paths))

    def __getitem__(self, path: str) -> bytes:
        if path not in self._set:
            raise KeyError(path)
        return (self.out_dir / path).read_bytes()

    @property
    def _set(self) -> frozenset:
        if "_paths_set" not in self.__dict__:
            self.__dict__["_paths_set"] = frozenset(self.paths)
        return self.__dict__["_paths_set"]

    def __iter__(self):
        return iter(self.paths)

    def __len__(self) -> int:
        return len(self.paths)
