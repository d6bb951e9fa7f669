"""Read a content folder (README "Content reference") into plain dicts, for the scorer and the pack writer.

Deliberately independent of `boardpapers`: the scorer must judge what an importer wrote, not what our own reader
makes of it. Front matter is read with PyYAML's safe_load. Tolerated, because an import writes them: `draft: true`
(ignored), YAML comments (`# owner in source: "..."` is simply absent), and `<name>.imported` files written beside
an existing file (the import's version wins: it is what the clerk is asked to review). A file that cannot be read
is recorded in `problems` and counts as absent, so its fields score as missing instead of crashing the scorer.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

TIME_FIELDS = ("start", "end", "timing")
ITEM_FILE = re.compile(r"^[0-9]")


@dataclass
class Meeting:
    id: str
    meta: dict
    body: str
    items: list[dict] = field(default_factory=list)  # each: front matter + "_body" and "_file"


@dataclass
class Content:
    root: Path
    meetings: dict[str, Meeting] = field(default_factory=dict)
    people: dict[str, dict] = field(default_factory=dict)
    boards: dict[str, dict] = field(default_factory=dict)
    papers: dict[str, dict] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)

    def person_name(self, pid: str) -> str:
        return str(self.people.get(pid, {}).get("name") or pid)


def read_content(root: Path | str) -> Content:
    root = Path(root)
    content = Content(root)
    if not root.is_dir():
        content.problems.append(f"{root}: not a folder")
        return content
    for rel, path in sorted(_documents(root).items()):
        parts = rel.split("/")
        meta, body = _read(path, content.problems)
        if meta is None:
            continue
        meta["_file"] = str(path.relative_to(root))
        meta["_body"] = body
        if len(parts) == 2 and parts[0] in ("people", "boards", "papers"):
            getattr(content, parts[0])[parts[1][:-3]] = meta
        elif len(parts) == 3 and parts[0] == "meetings":
            meeting = content.meetings.setdefault(parts[1], Meeting(parts[1], {}, ""))
            if parts[2] == "index.md":
                meeting.meta, meeting.body = meta, body
            elif ITEM_FILE.match(parts[2]):
                meeting.items.append(meta)
    return content


def _documents(root: Path) -> dict[str, Path]:
    """Relative path of each document -> the file to read: `x.md.imported` stands in for `x.md`."""
    found: dict[str, Path] = {}
    for path in root.rglob("*"):
        if not path.is_file():
            continue
        rel = path.relative_to(root).as_posix()
        if rel.endswith(".md.imported"):
            found[rel[: -len(".imported")]] = path
        elif rel.endswith(".md"):
            found.setdefault(rel, path)
    return found


def _read(path: Path, problems: list[str]) -> tuple[dict | None, str]:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        problems.append(f"{path}: unreadable: {exc}")
        return None, ""
    front, body = split(text)
    if front is None:
        problems.append(f"{path}: no front matter")
        return None, ""
    try:
        meta = yaml.safe_load(front) or {}
    except yaml.YAMLError as exc:
        problems.append(f"{path}: YAML error: {str(exc).splitlines()[0]}")
        return None, ""
    if not isinstance(meta, dict):
        problems.append(f"{path}: front matter is not a mapping")
        return None, ""
    return {str(k): _plain(k, v) for k, v in meta.items()}, body


def split(text: str) -> tuple[str | None, str]:
    """(front matter, body), or (None, text) when the file does not start with a `---` line."""
    lines = text.split("\n")
    if not lines or lines[0].rstrip() != "---":
        return None, text
    for n, line in enumerate(lines[1:], 1):
        if line.rstrip() == "---":
            return "\n".join(lines[1:n]), "\n".join(lines[n + 1:]).strip("\n")
    return None, text


def _plain(key, value):
    """YAML 1.1 turns `11:00` into 660 and dates into objects: back to the text a person wrote."""
    if isinstance(value, bool):
        return value
    if key in TIME_FIELDS and isinstance(value, int):
        return f"{value // 60}:{value % 60:02d}"
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%dT%H:%M")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): _plain(k, v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(key, v) for v in value]
    return value


def as_list(value) -> list:
    """A field that may be one value or a list of them (owner, presenter, recommendations)."""
    if value is None or value == "":
        return []
    return list(value) if isinstance(value, list) else [value]


def text(value) -> str:
    return "" if value is None else str(value).strip()
