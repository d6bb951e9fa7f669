"""Stage 1, discover: walk content/ and classify each file by the folder it stands in."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from .diagnostics import Diagnostics, SourcePos

ID_RE = re.compile(r"^[a-z0-9][a-z0-9-]*\Z")  # \Z: "$" would let "id\n" through
MEETING_ID_RE = re.compile(r"^(\d{4})(?:-(\d{2})-(\d{2}))?-([a-z0-9][a-z0-9-]*)\Z")
IGNORED = {".DS_Store", "Thumbs.db", ".gitkeep"}


@dataclass(frozen=True)
class SourceFile:
    path: Path  # absolute
    rel: str  # as shown in diagnostics: relative to the project (the content dir's parent)
    kind: str  # config | board | person | paper | meeting | item | attachment
    id: str  # the id the location gives (item: the file stem; attachment: file name)
    meeting_id: str = ""  # items and attachments: their meeting

    @property
    def pos(self) -> SourcePos:
        return SourcePos(self.rel)


def discover(content_dir: Path, diags: Diagnostics) -> tuple[SourceFile, ...]:
    content_dir = content_dir.resolve()
    base = content_dir.parent
    found: list[SourceFile] = []
    if not (content_dir / "site.yaml").is_file():
        diags.error(SourcePos(_rel(content_dir / "site.yaml", base)), "missing-config",
                    "content/site.yaml is missing", "create it with at least `title:`")
    for dirpath, dirnames, filenames in os.walk(content_dir, followlinks=False):
        dirnames.sort()
        here = Path(dirpath)
        for name in list(dirnames):
            if not _inside(here / name, content_dir, base, diags):
                dirnames.remove(name)
        for name in sorted(filenames):
            if name in IGNORED or name.startswith("."):
                continue
            path = here / name
            if not _inside(path, content_dir, base, diags):
                continue
            if not path.is_file():  # a named pipe would block the read forever; a socket or device cannot be read
                diags.error(SourcePos(_rel(path, base)), "not-a-file", "not a regular file",
                            "content/ holds only markdown, YAML and attachment files")
                continue
            source = _classify(path, content_dir, base, diags)
            if source:
                found.append(source)
    return tuple(found)


def _rel(path: Path, base: Path) -> str:
    try:
        return path.relative_to(base).as_posix()
    except ValueError:
        return path.as_posix()


def _inside(path: Path, content_dir: Path, base: Path, diags: Diagnostics) -> bool:
    """Symlinks are followed only when they stay inside content/: a link to /etc/passwd must not publish it."""
    if path.is_symlink():
        try:
            target = path.resolve(strict=True)
        except (OSError, RuntimeError):  # a loop (RuntimeError before Python 3.13) or a link to nothing
            diags.error(SourcePos(_rel(path, base)), "not-a-file", "broken symbolic link (it loops or points to "
                        "nothing)", "remove the link, or copy the file into content/ instead")
            return False
        if not target.is_relative_to(content_dir):
            diags.error(SourcePos(_rel(path, base)), "symlink-outside",
                        f"symbolic link points outside the content folder ({target})",
                        "copy the file into content/ instead")
            return False
    return True


def _classify(path: Path, content_dir: Path, base: Path, diags: Diagnostics) -> SourceFile | None:
    parts = path.relative_to(content_dir).parts
    rel = _rel(path, base)
    stem = path.stem
    if parts == ("site.yaml",):
        return SourceFile(path, rel, "config", "site")
    top = parts[0]
    if len(parts) == 2 and top in ("boards", "people", "papers") and path.suffix == ".md":
        kind = {"boards": "board", "people": "person", "papers": "paper"}[top]
        if not _check_id(stem, rel, diags):
            return None
        return SourceFile(path, rel, kind, stem)
    if top == "meetings" and len(parts) == 3:
        meeting_id = parts[1]
        if not MEETING_ID_RE.match(meeting_id):
            diags.error(SourcePos(rel), "bad-meeting-folder",
                        f"meeting folder '{meeting_id}' is not <YYYY-MM-DD>-<board-id>",
                        "name it like 2014-01-21-iib (or 2013-iib when the date is unknown)")
            return None
        if path.name == "index.md":
            return SourceFile(path, rel, "meeting", meeting_id, meeting_id)
        if path.suffix == ".md":
            if not _check_id(stem, rel, diags):
                return None
            return SourceFile(path, rel, "item", stem, meeting_id)
        return SourceFile(path, rel, "attachment", path.name, meeting_id)
    if path.suffix in (".md", ".yaml", ".yml"):
        diags.error(SourcePos(rel), "unknown-location", "this file is not in a place the builder reads",
                    "boards/, people/, papers/, meetings/<id>/index.md or meetings/<id>/<NN>-<slug>.md")
    return None


def _check_id(stem: str, rel: str, diags: Diagnostics) -> bool:
    if ID_RE.match(stem):
        return True
    diags.error(SourcePos(rel), "bad-id", f"file name '{stem}' is not a valid id",
                "use lower-case letters, digits and hyphens (e.g. peter-fleming, 02-peer-challenge)")
    return False
