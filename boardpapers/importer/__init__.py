"""`python build.py import <pack.pdf|extract.txt> --meeting <meeting-id> [--kind ...] [--dry-run]`, or
`python build.py import <file> --paper <paper-id> [--board <board-id>]` for a standalone paper; and
`python build.py publish <meeting-id> ...` (publish.py) once the clerk has reviewed it.

One command per pack: the meeting, its agenda and reports, the previous meeting's note (as that meeting), the
membership list and the attendance sheet, written as drafts; every doubt printed at its source line, exit status
3 when there is something to review. Existing files are never overwritten (the import goes beside them as
`<name>.imported`); the validator runs on the result.

Modules, in the order a pack goes through them: `source` and `pdf` (the file -> lines), `debris` and `furniture`
(what the extract adds: LaTeX money, tags, running heads, page numbers), `segments` (the pack cut into papers),
`agenda`, `report`, `minutes` with `layouts` and `decisions`, `attendance`, `sheet`, `membership`, `schedule`,
`paper` (the readers), `people` (names -> ids, draft stubs), `notes` (warnings), `plan_pack`, `board_file`,
`merge` and `plan` (the files to write), `emit` (YAML that reads back as written), `check` (the validator on the
result), `publish`.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from boardpapers.content.discover import MEETING_ID_RE

from .pack import detect_kind
from .plan import Import
from .source import Source, Unreadable


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="build.py import",
        description="Import a text/markdown extract of existing papers as draft content files to review.")
    parser.add_argument("file", type=Path, help="the pack: a PDF, or a text/markdown extract of one")
    where = parser.add_mutually_exclusive_group(required=True)
    where.add_argument("--meeting", help="the meeting id, e.g. 2014-01-21-iib (or 2013-iib)")
    where.add_argument("--paper", help="a standalone paper (a consultation, a strategy): its id, e.g. taking-stock")
    parser.add_argument("--board", help="--paper: the board that publishes it (default: the only board)")
    parser.add_argument("--kind", choices=["minutes", "report", "pack", "paper"],
                        help="what the file holds (default: guessed from its headings; 'paper' with --paper)")
    parser.add_argument("--item", help="report: its item number when the paper does not say (e.g. 3 or 5a)")
    parser.add_argument("--dry-run", action="store_true", help="print what would be written; write nothing")
    parser.add_argument("--content", type=Path, default=Path("content"), help="content folder (default content)")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = make_parser().parse_args(argv)
    try:
        if args.paper is not None:
            paper = _paper_and_board(args)
            return Import(args.file, _read(args), "", "paper", args.content, paper=paper).run(dry_run=args.dry_run)
        if args.kind == "paper":
            raise Refused("a standalone paper is imported with --paper <paper-id>, not into a meeting")
        if not MEETING_ID_RE.match(args.meeting):
            raise Refused(f"'{args.meeting}' is not a meeting id like 2014-01-21-iib (or 2013-iib)")
        if args.item and not re.match(r"^[0-9]{1,3}[a-z]?$", args.item):
            raise Refused(f"--item '{args.item}' is not an item number like 3 or 5a")
        text = _read(args)
        kind = args.kind or detect_kind(text)
        if not kind:
            raise Refused("cannot tell whether this is minutes, a report or a pack: give --kind")
    except Refused as problem:
        print(f"error: {problem}", file=sys.stderr)
        return 2
    job = Import(args.file, text, args.meeting, kind, args.content, item=args.item or "", pages=args.pages)
    return job.run(dry_run=args.dry_run)


class Refused(Exception):
    """The command line asks for something that cannot be done: the message says what to give instead."""


def _read(args) -> str:
    if not args.content.is_dir():
        raise Refused(f"content folder {args.content} does not exist")
    try:
        source = Source.read(args.file)
    except Unreadable as problem:
        raise Refused(str(problem)) from None
    args.pages = tuple(source.pages)
    return source.text


def _paper_and_board(args) -> tuple[str, str]:
    if not re.match(r"^[a-z0-9][a-z0-9-]*\Z", args.paper):
        raise Refused(f"'{args.paper}' is not a paper id like taking-stock (lower-case letters, digits, hyphens)")
    boards = sorted(p.stem for p in (args.content / "boards").glob("*.md"))
    board = args.board or (boards[0] if len(boards) == 1 else "")
    if board not in boards:
        raise Refused(f"give the publishing board with --board (boards: {', '.join(boards) or 'none yet'})")
    return args.paper, board


__all__ = ["detect_kind", "main"]
