"""Minutes for a meeting whose agenda is already in content/: the existing file with the minutes' fields added,
written beside it as `.imported`, so the clerk only needs to accept it."""

from __future__ import annotations

from pathlib import Path

from . import emit


def merged(path: Path, new: dict, what: str, replace: tuple, notes: list) -> tuple[dict, str, str]:
    """(front matter, body, summary line): the existing file's own fields win, except those in `replace`."""
    meta, body = emit.read_front(path)
    if meta is None:
        return new, "", what
    out = {k: v for k, v in meta.items() if k != "draft"}
    kept = []
    for key, value in new.items():
        if value in (None, "", [], {}) or (key in ("board", "boards") and ("board" in out or "boards" in out)):
            continue
        if key not in out or key in replace:
            out[key] = value
        elif out[key] != value and key not in ("number", "title", "board", "boards", "date"):
            kept.append(key)
    if kept:
        notes.append(f"{path.name}: kept its own {', '.join(kept)}; the imported values were not merged")
    return out, body, what + " (merged into a copy of the existing file)"
