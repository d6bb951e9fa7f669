"""Writes the corpus in boardpapers' own content format (README, "Content reference").

YAML is emitted by hand rather than with a library: the reader is strict (no tags, anchors, duplicate keys),
we want a fixed key order for byte-identical output, and plain scalars where the README uses them.
"""

import datetime as dt
import json
import re
from pathlib import Path

from agenda import Agenda, Clock, Item
from world import World

_PLAIN = re.compile(r"[A-Za-z][A-Za-z0-9 ,.;'()/&£-]*[A-Za-z0-9.)]|[A-Za-z]")
_PLAIN_ID = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}-[a-z0-9-]+(/[0-9a-z]+)?")
_RESERVED = {"yes", "no", "true", "false", "on", "off", "null", "y", "n"}


def scalar(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, Clock)):
        return str(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if (_PLAIN.fullmatch(value) and value.lower() not in _RESERVED) or _PLAIN_ID.fullmatch(value):
        return value
    return json.dumps(value, ensure_ascii=False)  # a JSON string is a valid YAML double-quoted scalar


def _is_id_list(value: list) -> bool:
    return all(isinstance(v, str) and re.fullmatch(r"[a-z0-9][a-z0-9-]*", v) for v in value)


def _field(lines: list[str], key: str, value, pad: str) -> None:
    if isinstance(value, dict):
        lines.append(f"{pad}{key}:")
        for k, v in value.items():
            _field(lines, k, v, pad + "  ")
    elif isinstance(value, list):
        if _is_id_list(value):
            lines.append(f"{pad}{key}: [{', '.join(value)}]")
            return
        lines.append(f"{pad}{key}:")
        for v in value:
            if isinstance(v, dict):
                start = len(lines)
                for k, vv in v.items():
                    _field(lines, k, vv, pad + "    ")
                lines[start] = f"{pad}  - {lines[start][len(pad) + 4:]}"
            else:
                lines.append(f"{pad}  - {scalar(v)}")
    elif isinstance(value, str) and "\n" in value:
        lines.append(f"{pad}{key}: |")
        lines.extend(f"{pad}  {line}" if line else "" for line in value.rstrip("\n").split("\n"))
    else:
        lines.append(f"{pad}{key}: {scalar(value)}")


def dump(meta: dict) -> str:
    lines: list[str] = []
    for key, value in meta.items():
        _field(lines, key, value, "")
    return "\n".join(lines) + "\n"


def document(meta: dict, body: str) -> str:
    return f"---\n{dump(meta)}---\n{body}"


def item_filename(item: Item) -> str:
    number = item.meta["number"]
    num = f"{number:02d}" if isinstance(number, int) else f"{int(number[:-1]):02d}{number[-1]}"
    return f"{num}-{item.slug}.md"


SITE = {
    "title": "Synthetic Boards papers", "organisation": "Synthetic Local Government Association",
    "language": "en-GB", "timezone": "Europe/London", "licence": "Open Government Licence v3.0",
    "licence_url": "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/",
    "contact_email": "clerk@example.org", "accessibility_reviewed": dt.date(2026, 12, 1),
}


def write(world: World, out: Path) -> int:
    """Writes the whole site under `out`; returns the number of files written."""
    (out / "boards").mkdir(parents=True)
    (out / "people").mkdir()
    (out / "meetings").mkdir()
    (out / "site.yaml").write_text(dump(SITE))
    files = 1
    for bid, meta in world.boards.items():
        body = world.text.paragraph(world.board_topics[bid], 2005, 3, 5) + "\n"
        (out / "boards" / f"{bid}.md").write_text(document(meta, "Terms of reference.\n\n" + body))
        files += 1
    # Meetings first: the pools in Agenda only use people that already exist, and people are all created
    # in World, so writing them afterwards changes nothing but keeps this loop streaming.
    for meeting in Agenda(world).meetings():
        folder = out / "meetings" / meeting.id
        folder.mkdir()
        (folder / "index.md").write_text(document(meeting.meta, meeting.body))
        for item in meeting.items:
            (folder / item_filename(item)).write_text(document(item.meta, item.body))
        files += 1 + len(meeting.items)
    for pid, meta in world.people.items():
        (out / "people" / f"{pid}.md").write_text(document(meta, world.bios.get(pid, "")))
        files += 1
    return files
