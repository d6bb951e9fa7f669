"""Stage 1, discover: walk content/ and classify each file by the folder it stands in."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from boardpapers.content.languages import is_language_code
from boardpapers.core.diagnostics import Diagnostics, SourcePos

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
    lang: str = ""  # a translation (`index.cy.md`): its language; `id` is then the original file's `rel`

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
    _walk(content_dir, (), _rel(content_dir, base), content_dir, base, diags, found)
    return tuple(found)


def _walk(folder: Path, parts: tuple, rel: str, content_dir: Path, base: Path, diags: Diagnostics,
          found: list) -> None:
    """os.walk(followlinks=False) in sorted order, on scandir's entries: whether an entry is a link, a folder or a
    file comes from the directory listing itself, not two stat calls per file (`serve` walks 14,000 files after
    every save). Folders, then files, are checked as os.walk lists them; subfolders are walked after the files."""
    try:
        entries = sorted(os.scandir(folder), key=lambda entry: entry.name)
    except OSError:  # as os.walk: a folder that cannot be listed is skipped
        return
    folders = []
    # A file's Path made from its folder's, without parsing the whole path again (a third of walking 14,000
    # files); pathlib's own helper where it has one (CPython 3.11 to 3.13), else the public way.
    child = getattr(folder, "_make_child_relpath", folder.joinpath)
    for entry in entries:
        try:
            is_dir = entry.is_dir()
        except OSError:
            is_dir = False
        if is_dir:
            path = Path(entry.path)
            if not entry.is_symlink():
                folders.append((path, entry.name))
            elif _inside(path, content_dir, base, diags):
                pass  # a link to a folder inside content/: allowed, but not followed (as os.walk)
    for entry in entries:
        name = entry.name
        try:
            if entry.is_dir():
                continue
        except OSError:
            pass
        if name in IGNORED or name.startswith("."):
            continue
        path = child(name)
        if entry.is_symlink() and not _inside(path, content_dir, base, diags):
            continue
        if not entry.is_file():  # a named pipe would block the read forever; a socket or device cannot be read
            diags.error(SourcePos(f"{rel}/{name}"), "not-a-file", "not a regular file",
                        "content/ holds only markdown, YAML and attachment files")
            continue
        source = _classify(path, (*parts, name), f"{rel}/{name}", diags)
        if source:
            found.append(source)
    for path, name in folders:
        _walk(path, (*parts, name), f"{rel}/{name}", content_dir, base, diags, found)


def check_links(folder: Path, base: Path, diags: Diagnostics) -> None:
    """layouts/ and assets/ follow content/'s rule: a symbolic link must stay inside its folder. Every file of
    assets/ is published and layouts can include any file they reach: a link to /proc/self/environ or to
    .git/config would put its text on the site."""
    folder = Path(folder)
    if not folder.is_dir():
        return
    root = folder.resolve()
    for dirpath, dirnames, filenames in os.walk(folder):
        for name in (*dirnames, *filenames):
            path = Path(dirpath) / name
            if path.is_symlink():
                _inside(path, root, base, diags, folder.name)


def _rel(path: Path, base: Path) -> str:
    try:
        return path.relative_to(base).as_posix()
    except ValueError:
        return path.as_posix()


def _inside(path: Path, content_dir: Path, base: Path, diags: Diagnostics, name: str = "content") -> bool:
    """Symlinks are followed only when they stay inside content/ (or `name`, the folder `content_dir` is): a link
    to /etc/passwd must not publish it."""
    if path.is_symlink():
        try:
            target = path.resolve(strict=True)
        except (OSError, RuntimeError):  # a loop (RuntimeError before Python 3.13) or a link to nothing
            diags.error(SourcePos(_rel(path, base)), "not-a-file", "broken symbolic link (it loops or points to "
                        "nothing)", f"remove the link, or copy the file into {name}/ instead")
            return False
        if not target.is_relative_to(content_dir):
            diags.error(SourcePos(_rel(path, base)), "symlink-outside",
                        f"symbolic link points outside the {name} folder ({target})",
                        f"copy the file into {name}/ instead")
            return False
    return True


def _classify(path: Path, parts: tuple, rel: str, diags: Diagnostics) -> SourceFile | None:
    """`parts`: the path inside content/; `rel`: as diagnostics show it (relative to the project)."""
    # Path.stem and .suffix from the name, as pathlib splits it (its properties cost a third of the walk)
    name = parts[-1]
    dot = name.rfind(".")
    stem, suffix = (name[:dot], name[dot:]) if 0 < dot < len(name) - 1 else (name, "")
    if parts == ("site.yaml",):
        return SourceFile(path, rel, "config", "site")
    if suffix == ".md" and "." in stem and _translation_place(parts):
        return _translation(path, rel, stem, diags)
    top = parts[0]
    if len(parts) == 2 and top in ("boards", "people", "papers") and suffix == ".md":
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
        if name == "index.md":
            return SourceFile(path, rel, "meeting", meeting_id, meeting_id)
        if suffix == ".md":
            if not _check_id(stem, rel, diags):
                return None
            return SourceFile(path, rel, "item", stem, meeting_id)
        return SourceFile(path, rel, "attachment", name, meeting_id)
    if suffix in (".md", ".yaml", ".yml"):
        diags.error(SourcePos(rel), "unknown-location", "this file is not in a place the builder reads",
                    "boards/, people/, papers/, meetings/<id>/index.md or meetings/<id>/<NN>-<slug>.md")
    return None


def _translation_place(parts: tuple) -> bool:
    return (len(parts) == 2 and parts[0] in ("boards", "people", "papers")) or (
        len(parts) == 3 and parts[0] == "meetings" and bool(MEETING_ID_RE.match(parts[1])))


def _translation(path: Path, rel: str, stem: str, diags: Diagnostics) -> SourceFile | None:
    """`index.cy.md` beside `index.md`: the other-language text of that document (content.translations). Whether
    the site declares the language, and whether the original exists, is checked once site.yaml is read."""
    base, lang = stem.rsplit(".", 1)
    if not is_language_code(lang):
        diags.error(SourcePos(rel), "unknown-language", f"'{lang}' in the file name '{path.name}' is not a "
                    "language code", f"name a translation <name>.<language>.md, e.g. {base}.cy.md")
        return None
    original = rel[: -len(path.name)] + base + ".md"
    return SourceFile(path, rel, "translation", original, lang=lang)


def _check_id(stem: str, rel: str, diags: Diagnostics) -> bool:
    if ID_RE.match(stem):
        return True
    diags.error(SourcePos(rel), "bad-id", f"file name '{stem}' is not a valid id",
                "use lower-case letters, digits and hyphens (e.g. peter-fleming, 02-peer-challenge)")
    return False
