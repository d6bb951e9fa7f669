"""`python build.py new meeting <date> <board>` and `new item <meeting-id> <title>`: commented starting points.

A scaffold is valid as written (it passes `check` and builds) and explains every optional field in YAML
comments. It never overwrites a file. Existing content is read with the build's own stages, so the board's
membership and the meeting's items are seen exactly as the build sees them; errors elsewhere in content/ do not
block scaffolding (the author is probably in the middle of fixing them), but they are mentioned.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import sys
import unicodedata
from pathlib import Path

from boardpapers.content.discover import MEETING_ID_RE, discover
from boardpapers.content.models import Content
from boardpapers.content.read import read_all
from boardpapers.content.validate import validate
from boardpapers.core.diagnostics import Diagnostics, did_you_mean

USAGE = "usage: build.py new meeting <YYYY-MM-DD> <board-id> | build.py new item <meeting-id> <title>"
SEATED = ("Chair", "Vice-Chair", "Deputy Chair", "Member")


class ScaffoldError(Exception):
    def __init__(self, code: str, message: str, hint: str = ""):
        super().__init__(message)
        self.code, self.message, self.hint = code, message, hint


def scaffold(content_dir: Path, args: list[str]) -> int:
    try:
        if len(args) == 3 and args[0] == "meeting":
            path, text = new_meeting(content_dir, args[1], args[2])
        elif len(args) >= 3 and args[0] == "item":
            path, text = new_item(content_dir, args[1], " ".join(args[2:]))
        else:
            raise ScaffoldError("bad-usage", "expected `new meeting <date> <board>` or `new item <meeting-id> <title>`",
                                USAGE)
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("x", encoding="utf-8") as out:  # "x": fail rather than overwrite, even in a race
            out.write(text)
    except ScaffoldError as err:
        print(f"error[{err.code}]: {err.message}" + (f"\n  hint: {err.hint}" if err.hint else ""), file=sys.stderr)
        return 1
    except FileExistsError as err:
        print(f"error[exists]: {err.filename} already exists; nothing was written", file=sys.stderr)
        return 1
    print(f"created {path}")
    return 0


def load(content_dir: Path) -> Content:
    if not (content_dir / "site.yaml").is_file():
        raise ScaffoldError("no-content", f"{content_dir}/site.yaml is missing", "pass --content <folder>")
    diags = Diagnostics()
    sources = discover(content_dir, diags)
    content = validate(read_all(sources, diags), (), diags)
    if diags.has_errors:
        print(f"note: content has {len(diags.errors)} error(s); run `build.py check` to see them", file=sys.stderr)
    return content


def new_meeting(content_dir: Path, date_text: str, board_id: str) -> tuple[Path, str]:
    try:
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", date_text):
            raise ValueError
        day = dt.date.fromisoformat(date_text)
    except ValueError:
        raise ScaffoldError("bad-date", f"'{date_text}' is not a date", "write it like 2014-03-18") from None
    content = load(content_dir)
    boards = {b.id: b for b in content.boards}
    if board_id not in boards:
        raise ScaffoldError("unknown-board", f"no board '{board_id}' in {content_dir}/boards/",
                            did_you_mean(board_id, boards) or f"known boards: {', '.join(sorted(boards)) or 'none'}")
    meeting_id = f"{day.isoformat()}-{board_id}"
    folder = content_dir / "meetings" / meeting_id
    if folder.exists():
        raise ScaffoldError("exists", f"meeting {meeting_id} already exists ({folder})",
                            f"add an item with: build.py new item {meeting_id} \"<title>\"")
    board = boards[board_id]
    earlier = [m for m in content.meetings if board_id in m.boards and m.date_precision == "day" and m.date < day]
    last = max(earlier, key=lambda m: m.date) if earlier else None
    lines = [
        "---",
        f"# {board.name}: meeting of {day:%A} {day.day} {day:%B %Y}.",
        "# Every field is described in README.md (Content reference). Lines starting with # are ignored.",
        f"board: {board_id}".ljust(33) + f"# or `boards: [{board_id}, other-board]` for a joint meeting",
        f"date: {day.isoformat()}",
        _optional("start", last.start if last else "", "11:00", "24-hour time"),
        _optional("end", last.end if last else "", "13:00", "24-hour time"),
        _optional("venue", last.venue if last else "", "Local Government House, London", "where it meets"),
        "status: scheduled                # scheduled | agenda published | minutes draft | minutes confirmed "
        "| cancelled",
        "# draft: true                    # keep it off the site until it is ready",
        f"# publish_from: {day - dt.timedelta(days=7)}T09:00".ljust(33) + "# or publish it from this time",
        *attendance_lines(board, day),
        "---",
        "",
    ]
    return folder / "index.md", "\n".join(lines)


def _optional(key: str, known: str, example: str, note: str) -> str:
    """A field left commented out, with the board's last value (or an example) ready to uncomment."""
    return f"# {key}: {known or example}".ljust(33) + f"# {note}" + (" (as at the last meeting)" if known else "")


def attendance_lines(board, day: dt.date) -> list[str]:
    """The board's membership for the municipal year containing the date, as a commented attendance block: the
    clerk uncomments it after the meeting. Written live, it would publish everyone as present before they came."""
    year = next((y for y in board.years if y.start <= day <= y.end), None)
    if year is None:
        return ["#", f"# No membership is recorded for the municipal year containing {day.isoformat()}: add it to",
                f"# boards/{board.id}.md and attendance can be prefilled from it."]
    seated = [m for m in year.members if (m.start or year.start) <= day <= (m.end or year.end)]
    lines = ["#", f"# Attendance, prefilled from the {year.label} membership. After the meeting uncomment it, move",
             "# anyone who sent apologies to `apologies`, and add substitutes, officers and guests.",
             "# attendance:", "#   present:"]
    for member in (m for m in seated if m.role in SEATED):
        lines.append(f"#     - person: {member.person}")
        if member.role != "Member":
            lines.append(f"#       role: {member.role}")
    lines.append("#   apologies: []")
    observers = [m.person for m in seated if m.role == "Observer"]
    if observers:
        lines.append(f"#   observers: [{', '.join(observers)}]")
    substitutes = [m.person for m in seated if m.role == "Substitute"]
    if substitutes:  # commented twice: uncommenting the block must not publish a placeholder id
        lines += [f"#   # Substitutes this year: {', '.join(substitutes)}. One who came goes here:",
                  "#   # substitutes:", f"#   #   - person: {substitutes[0]}", "#   #     for: <the member's id>"]
    return lines


def slugify(title: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug[:50].rstrip("-") or "item"


def new_item(content_dir: Path, meeting_id: str, title: str) -> tuple[Path, str]:
    title = " ".join(title.split())
    if not title:
        raise ScaffoldError("bad-title", "the item needs a title", 'build.py new item 2014-03-18-iib "Peer challenge"')
    folder = content_dir / "meetings" / meeting_id
    if not MEETING_ID_RE.match(meeting_id) or not (folder / "index.md").is_file():
        known = sorted(p.parent.name for p in (content_dir / "meetings").glob("*/index.md"))
        raise ScaffoldError("unknown-meeting", f"no meeting '{meeting_id}' ({folder}/index.md is missing)",
                            did_you_mean(meeting_id, known) or "create it with: build.py new meeting <date> <board>")
    content = load(content_dir)
    numbers = [_leading(i.number) for i in content.items if i.meeting_id == meeting_id]
    numbers += [_leading(p.stem) for p in folder.glob("*.md") if p.name != "index.md"]
    number = max(numbers, default=0) + 1
    path = folder / f"{number:02d}-{slugify(title)}.md"
    lines = [
        "---",
        f"number: {number}",
        f"title: {json.dumps(title, ensure_ascii=False)}",
        "# Every field is described in README.md (Content reference). Uncomment what the item needs.",
        "# timing: 11:05                 # agenda time, or a range 11:05-11:30",
        "# presenter: person-id          # a person id, or a list of them",
        '# exempt: "Paragraph 3 of Schedule 12A: financial or business affairs"   # confidential: only the number,',
        "#                               # title and this reason are ever published",
        "# purpose: For discussion and decision.",
        "# summary: |",
        "#   What the report is about, in a few sentences.",
        "# recommendations:",
        "#   - Members are asked to note the report.",
        "# contacts:",
        "#   - person: person-id",
        "#     phone: 020 7000 0000",
        "#     email: name@example.org",
        "# topics: [topic-id]",
        "# follows: meeting-id/number     # the earlier item this follows up",
        "# minutes: |                     # after the meeting: the note of the discussion",
        "#   Members discussed ...",
        "# decisions:",
        "#   - verb: agreed               # noted | agreed | endorsed | approved | ...",
        "#     text: to ...",
        "# actions:",
        "#   - text: To ...",
        "#     owner: person-id",
        "#     due: YYYY-MM-DD",
        "# draft: true                    # keep it off the site until it is ready",
        "---",
        "",
        "",
    ]
    return path, "\n".join(lines)


def _leading(text: str) -> int:
    match = re.match(r"\d+", text)
    return int(match.group()) if match else 0
