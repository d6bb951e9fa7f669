"""The output folder: which folder a build may replace, and one build at a time in it.

A build replaces its output folder's contents whole (write.swap_in, or sitewriter's moves, which delete what the
new site no longer has), so `--out` must name a folder that holds nothing else:
- a site this tool built (its `MARKER` file, or, for sites built before the marker, the files only we write
  together: LEGACY), an empty folder, or a path that does not exist yet;
- never the project, content/, layouts/, assets/, .cache/ or a folder that holds one of them, nor a folder inside
  the inputs (the next build would read its own output);
- not a mount point: the new tree is staged beside the folder, and a rename cannot cross file systems.
A symbolic link (site/ -> /var/www/site) is followed: the build works beside the real folder, on its file
system, so the swap stays one rename and the link keeps pointing at the live site.

Two builds into one folder would interleave their staging, moves and cache saves: `locked` holds an exclusive
lock (flock on `.site-lock-<name>` beside the folder) for the whole of a build that writes; a second build waits.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import sys
from pathlib import Path

from boardpapers.core.diagnostics import BuildFailed, Diagnostics, SourcePos

MARKER = ".boardpapers-site"
MARKER_TEXT = (b"This folder is a website built by boardpapers (python build.py). Each build replaces everything\n"
               b"in it: keep nothing else here.\n")
LEGACY = (".nojekyll", "404.html", "sitemap.xml", "accessibility/index.html")
LOCK_PREFIX = ".site-lock-"


def refuse(out_dir: Path, message: str, hint: str) -> BuildFailed:
    diags = Diagnostics()
    diags.error(SourcePos(str(out_dir)), "bad-output", message, hint)
    return BuildFailed(diags)


def checked_out_dir(opts) -> Path:
    """The real folder a build into `opts.out_dir` writes to (a link followed); raises BuildFailed, having touched
    nothing, when that folder is not one a build may replace (see the module docstring)."""
    given = opts.out_dir
    real = Path(os.path.realpath(given))
    hint = "build into a folder of its own, e.g. --out site (a new path, an empty folder or an earlier site)"
    project = Path(opts.content_dir).resolve().parent
    inputs = {"the project folder": project, "content/": Path(opts.content_dir).resolve(),
              "layouts/": Path(os.path.realpath(opts.layouts_dir)), "assets/": Path(os.path.realpath(opts.assets_dir)),
              ".cache/": project / ".cache"}
    for name, folder in inputs.items():
        if real == folder or folder.is_relative_to(real):
            raise refuse(given, f"the output folder {given} is or holds {name}: a build replaces all it holds", hint)
        if name != "the project folder" and real.is_relative_to(folder):
            raise refuse(given, f"the output folder {given} is inside {name}, which the build reads", hint)
    if real == Path(real.anchor):
        raise refuse(given, f"the output folder {given} is the root of the file system", hint)
    for parent in real.parents:  # a build of the site around it would delete it
        if (parent / MARKER).is_file():
            raise refuse(given, f"the output folder {given} is inside the site built in {parent}", hint)
    if os.path.lexists(real) and not real.is_dir():
        raise refuse(given, f"the output folder {given} is a file, not a folder", "remove it, or choose another path")
    if real.is_dir():
        if not ours(real):
            raise refuse(given, f"the output folder {given} holds files this tool did not write", hint + "; empty "
                         f"it first if it really is for this site (a site built by boardpapers has {MARKER})")
        if os.stat(real).st_dev != os.stat(real.parent).st_dev:
            raise refuse(given, f"the output folder {given} is a mount point: the new site is prepared beside it, "
                         "on another file system, and could not be moved in", "build into a folder inside it, e.g. "
                         f"--out {real / 'site'}")
    return real


def ours(folder: Path) -> bool:
    """Whether `folder` is empty or a site this tool built."""
    try:
        with os.scandir(folder) as entries:
            if next(entries, None) is None:
                return True
    except OSError:
        return False
    return (folder / MARKER).is_file() or all((folder / name).is_file() for name in LEGACY)


@contextlib.contextmanager
def locked(out_dir: Path):
    """Hold the output folder's lock (exclusive; waits for another build) for the body of the `with`."""
    lock = out_dir.parent / f"{LOCK_PREFIX}{out_dir.name}"
    lock.parent.mkdir(parents=True, exist_ok=True)
    fd = _acquire(lock)
    try:
        yield
    finally:
        # Unlinked while still held: a build waiting on this file then finds it gone and locks a new one
        # (_acquire checks), so the lock leaves no file behind and two builds never hold two locks. Closed
        # whatever happens: a lock left open would make this process's next build wait on itself forever.
        try:
            with contextlib.suppress(OSError):
                os.unlink(lock)
        finally:
            os.close(fd)


def _acquire(lock: Path) -> int:
    told = False
    while True:
        fd = os.open(lock, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
        try:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                if not told:
                    print(f"waiting for another build into {lock.parent / lock.name[len(LOCK_PREFIX):]} to finish",
                          file=sys.stderr, flush=True)
                    told = True
                fcntl.flock(fd, fcntl.LOCK_EX)
            if _same_file(fd, lock):
                return fd
        except BaseException:
            os.close(fd)
            raise
        os.close(fd)  # the holder removed the file as it finished: lock the one that stands now


def _same_file(fd: int, path: Path) -> bool:
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return False
    own = os.fstat(fd)
    return (st.st_ino, st.st_dev) == (own.st_ino, own.st_dev)
