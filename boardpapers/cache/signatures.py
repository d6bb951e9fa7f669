"""Stat signatures: what the no-change check compares (cache.guard), without opening a file.

Every input file of a build (content/, layouts/, assets/) by its stat signature, site/ by its inode, and the
engine's own code: every module of the package, in every subfolder, and the top folders of the libraries that
shape output (a release changes their __init__ or version files). Any change to the code drops the cache.
"""

from __future__ import annotations

import importlib.util
import os
import sys
from pathlib import Path

ENGINE_PACKAGES = ("jinja2", "markdown_it", "mdit_py_plugins", "yaml", "pagefind_bin")


def stat_sig(st: os.stat_result) -> tuple:
    """What tells that a file may have changed without reading it. The change time too: an edit in place that
    keeps the size and puts the modification time back (`touch -d`, some sync tools) still moves st_ctime, which
    no program can set."""
    return (st.st_mtime_ns, st.st_size, st.st_ino, st.st_ctime_ns)


def input_signatures(opts) -> dict:
    """Stat signatures of every file a build reads: content/, layouts/, assets/ (scandir: no file is opened)."""
    return signatures_under((opts.content_dir.resolve(), opts.layouts_dir, opts.assets_dir))


def signatures_under(roots) -> dict:
    """{path: stat signature, or None when it cannot be read} of every file below `roots`, on scandir's entries
    (one stat per file); `serve` polls with it too."""
    found: dict = {}
    stack = [str(root) for root in roots]
    while stack:
        try:
            entries = list(os.scandir(stack.pop()))
        except OSError:
            continue
        for entry in entries:
            try:
                if entry.is_dir(follow_symlinks=False):
                    stack.append(entry.path)
                else:
                    found[entry.path] = stat_sig(entry.stat())
            except OSError:
                found[entry.path] = None
    return found


def site_stamp(out_dir: Path) -> tuple:
    try:
        st = out_dir.stat()
    except OSError:
        return ()
    return (st.st_ino, st.st_dev)


def code_signature() -> tuple:
    """The engine's own files (every module, in every subpackage) and the top folders of the libraries that
    shape output (a release changes their __init__ or version files): any change discards the cache."""
    sig: list = [sys.version, *code_signature_at(Path(__file__).resolve().parent.parent)]
    for name in ENGINE_PACKAGES:
        spec = importlib.util.find_spec(name)
        if not (spec and spec.origin):
            continue
        for entry in sorted(os.scandir(Path(spec.origin).parent), key=lambda e: e.name):
            if entry.name.endswith((".py", ".so")) or entry.name == "pagefind":
                st = entry.stat()
                sig.append((entry.path, st.st_mtime_ns, st.st_size))
    return tuple(sig)


def code_change(old: tuple, new: tuple) -> str:
    """What differs between two `code_signature`s, for the line saying why the cache was dropped."""
    if not old:
        return "it holds no record of the engine's code"
    if old[:1] != new[:1]:
        return "Python changed"
    before = {entry[0]: entry[1:] for entry in old[1:]}
    after = {entry[0]: entry[1:] for entry in new[1:]}
    changed = sorted(path for path in before.keys() | after.keys() if before.get(path) != after.get(path))
    where = Path(changed[0]).as_posix() if changed else "?"
    more = f" and {len(changed) - 1} more" if len(changed) > 1 else ""
    return f"the engine's code changed ({where}{more})"


def code_signature_at(engine: Path) -> list:
    """(path, mtime, size) of every module below `engine`, in every subfolder, in a stable order."""
    sig = []
    for folder, dirs, files in os.walk(engine):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        for name in sorted(files):
            if name.endswith(".py"):
                st = os.stat(os.path.join(folder, name))
                sig.append((os.path.join(folder, name), st.st_mtime_ns, st.st_size))
    return sig
