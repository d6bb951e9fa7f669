"""What an import writes: the parsed papers as content files (meeting, items, people stubs), placed so nothing
existing is overwritten, checked by the real validator on a scratch copy of content/, and summarised."""

from __future__ import annotations

import contextlib
import datetime as dt
import re
import sys
from pathlib import Path

from boardpapers.content.discover import MEETING_ID_RE

from . import emit
from .check import validate
from .decisions import Verbs, site_verbs
from .merge import merged
from .minutes import Minutes, parse_minutes
from .notes import Notes
from .paper import parse_paper
from .people import People, people_warnings
from .planned import Planned
from .report import Report, parse_report
from .source import prepare
from .text import find_date, slug

REVIEW = 3  # exit status: written, with things to review (0: clean, 1: errors)

ITEM_ORDER = ("timing", "exempt", "presenter", "purpose", "summary", "recommendations", "report_action", "contacts",
              "attachments", "financial_implications", "wales_implications", "minutes", "decisions", "actions",
              "updates")


class ImportProblem(Exception):
    """The papers cannot be imported as asked; the message tells the clerk what to give."""


class Import:
    def __init__(self, source: Path, text: str, meeting_id: str, kind: str, content: Path, item: str = "",
                 paper: tuple[str, str] = ("", ""), pages: tuple = ()):
        self.source, self.text, self.meeting_id, self.kind, self.content = source, text, meeting_id, kind, content
        self.item = item.lower()
        self.paper_id, self.board = paper
        self.folder = content / "papers"
        if meeting_id:
            match = MEETING_ID_RE.match(meeting_id)
            self.board = match.group(4)
            self.date: dt.date | int = (dt.date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
                                        if match.group(2) else int(match.group(1)))
            self.folder = content / "meetings" / meeting_id
        self.header = f"Imported from {source} on {dt.date.today().isoformat()}: review, check every field"
        self.notes: list[str] = []
        self.home = meeting_id  # the meeting of the pack (others may be planned for a while: `meeting()`)
        self.warnings = Notes(str(source), list(pages))
        self.verbs = Verbs(site_verbs(content))
        organisation = str(emit.read_yaml(content / "site.yaml").get("organisation") or "")
        self.lines = prepare(text, organisation, self.warnings)

    @contextlib.contextmanager
    def meeting(self, meeting_id: str):
        """Plan files for another meeting (the one whose note the pack prints) for the time of the block."""
        saved = (self.meeting_id, self.folder, self.date)
        match = MEETING_ID_RE.match(meeting_id)
        self.meeting_id, self.folder = meeting_id, self.content / "meetings" / meeting_id
        self.date = dt.date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
        try:
            yield
        finally:
            self.meeting_id, self.folder, self.date = saved

    # -- the run
    def run(self, dry_run: bool = False) -> int:
        people = People.load(self.content)
        try:
            files = getattr(self, f"_plan_{self.kind}")(people)
        except ImportProblem as problem:
            print(f"error: {problem}", file=sys.stderr)
            return 2
        for stub in people.stubs.values():
            files.append(Planned(self.content / "people" / f"{stub.id}.md",
                                 emit.document(stub.fields(), "", self.header + " (a stub: add what you know)"
                                               + f"\nfor meeting {self.meeting_id}"),
                                 f"new person ({stub.kind}, draft) from \"{stub.source}\""))
        blocked = self._place(files)
        if blocked:
            for path in blocked:
                print(f"error: {path} already exists from an earlier import: review and delete it, then import "
                      "again", file=sys.stderr)
            return 1
        verb = "would write" if dry_run else "wrote"
        print(f"import {self.source} as {self.kind} into {self.folder}/")
        for planned in files:
            if dry_run:
                print(f"\n=== {planned.write_to}\n{planned.text}", end="")
            elif planned.edit_of is not None:
                if planned.target.read_text(encoding="utf-8") != planned.edit_of:
                    print(f"error: {planned.target} changed while importing: not edited", file=sys.stderr)
                    continue
                planned.target.write_text(planned.text, encoding="utf-8")  # only lines added (board_file)
            else:
                planned.write_to.parent.mkdir(parents=True, exist_ok=True)
                with open(planned.write_to, "x", encoding="utf-8") as handle:  # "x": never overwrite
                    handle.write(planned.text)
        if dry_run:
            print()
        for planned in files:
            beside = (" (the file exists: written beside it)" if planned.write_to != planned.target else
                      " (lines added; nothing of the file changed)" if planned.edit_of is not None else "")
            print(f"  {verb} {planned.write_to}: {planned.what}{beside}")
        for person, (printed, known) in sorted(people.printed.items()):
            print(f"  check: the papers print {person}'s council as \"{printed}\", people/{person}.md says "
                  f"\"{known}\": kept as `council:` for this meeting")
        for note in self.notes:
            print(f"  note: {note}")
        people_warnings(people, self._line_of, self.warnings)
        for warning in self.warnings.sorted():
            print(warning)
        status = validate(files, self.content)
        if status == 0 and self.warnings.items:
            print(f"{len(self.warnings.items)} thing(s) to review (listed above as warnings); "
                  "publish with `python build.py publish <meeting-id>` once reviewed")
            return REVIEW
        return status

    def _line_of(self, text: str, after: int = 0) -> int:
        """The first source line (from line `after` on) holding `text` as whole words (0 when none does)."""
        wanted = re.compile(rf"(?<!\w){re.escape(text)}(?!\w)") if text else None
        return next((n for n, x in enumerate(self.lines, 1) if n >= after and wanted and wanted.search(x)), 0)

    def _place(self, files: list[Planned]) -> list[Path]:
        blocked = []
        seen: set[Path] = set()
        for planned in files:
            while planned.target in seen:  # two items whose titles make the same file name
                stem = planned.target.stem
                tail = re.match(r"^(.*)-(\d+)$", stem)
                stem = f"{tail.group(1)}-{int(tail.group(2)) + 1}" if tail else f"{stem}-2"
                planned.target = planned.target.with_name(stem + planned.target.suffix)
            seen.add(planned.target)
            planned.write_to = planned.target
            if planned.edit_of is not None:
                continue
            if planned.target.exists():
                planned.write_to = planned.target.with_name(planned.target.name + ".imported")
                if planned.write_to.exists():
                    blocked.append(planned.write_to)
        return blocked

    # -- meeting and item files
    def _existing_items(self) -> dict[str, Path]:
        found = {}
        for path in sorted(self.folder.glob("*.md")) if self.folder.is_dir() else ():
            if path.name == "index.md":
                continue
            meta, _ = emit.read_front(path)
            if meta and meta.get("number") is not None:
                found[str(meta["number"]).lower()] = path
        return found

    def _item_file(self, number: str, title: str, fields: dict, body: str, what: str, merge: bool = False
                   ) -> Planned:
        existing = self._existing_items().get(number)
        digits = re.match(r"^(\d+)([a-z]?)$", number)
        prefix = f"{int(digits.group(1)):02d}{digits.group(2)}" if digits else number
        target = existing or self.folder / f"{prefix}-{slug(title, 50)}.md"
        out: dict = {"number": int(number) if number.isdigit() else number, "title": title}
        for key in ITEM_ORDER:
            value = fields.get(key)
            if key == "presenter" and isinstance(value, list) and len(value) == 1:
                value = value[0]
            out[key] = value
        if existing and merge:
            out, body, what = self._merged(existing, out, what)
        out["draft"] = True
        return Planned(target, emit.document(out, body, self.header + ", then publish"), what, None,
                       self.meeting_id, out)

    def _meeting_file(self, fields: dict, body: str, what: str, merge: bool = False) -> Planned:
        boards = fields.pop("boards", None) or [self.board]
        out: dict = {"boards": boards} if len(boards) > 1 else {"board": boards[0]}
        out.update(fields)
        target = self.folder / "index.md"
        if target.exists() and merge:
            out, body, what = self._merged(target, out, what, replace=("status",))
        out["draft"] = True
        return Planned(target, emit.document(out, body, self.header + ", then publish"), what, None,
                       self.meeting_id, out)

    def _merged(self, path: Path, new: dict, what: str, replace: tuple = ()) -> tuple[dict, str, str]:
        return merged(path, new, what, replace, self.notes)

    def _board_name(self, board: str) -> str:
        meta, _ = emit.read_front(self.content / "boards" / f"{board}.md")
        return str(meta["name"]) if meta and meta.get("name") else board

    def _check_date(self, found) -> None:
        if found and isinstance(self.date, dt.date) and found != self.date:
            self.notes.append(f"the papers give the date {found.isoformat()}, the meeting id says "
                              f"{self.date.isoformat()}: check --meeting")

    def _next_meeting(self, text: str):
        found = find_date(text)
        if not found:
            return None
        candidate = f"{found[0].isoformat()}-{self.board}"
        written = candidate == self.home  # the pack's own meeting, written by this import
        return candidate if written or (self.content / "meetings" / candidate / "index.md").is_file() else found[0]

    # -- the three kinds
    def _plan_minutes(self, people: People) -> list[Planned]:
        return self._minutes_files(parse_minutes(self.lines, people, self.verbs))

    def _minutes_files(self, minutes: Minutes, source_line: int = 0) -> list[Planned]:
        """A note of a meeting -> that meeting (attendance, declarations) and its items (created, or merged into
        the files already there, beside them)."""
        self.notes += minutes.notes
        for code, message, text, *nth in minutes.doubts:  # nth: the spot is the text's nth showing (a repeat)
            line = source_line
            for _ in range(nth[0] if nth else 1):
                line = self._line_of(text, line + (line != source_line)) or line
            self.warnings.warn(line, code, message)
        self._check_date(minutes.meta.get("date"))
        if not minutes.items:
            self.warnings.warn(source_line, "no-items", f"no items ('1. Title' headings) were found in the note of "
                               f"{self.meeting_id}")
        fields: dict = {"date": self.date}
        for key in ("start", "end", "venue"):
            if minutes.meta.get(key):
                fields[key] = minutes.meta[key]
        fields["status"] = "minutes draft"
        if minutes.attendance:
            fields["attendance"] = minutes.attendance
        if minutes.declarations:
            fields["declarations"] = minutes.declarations
        if minutes.next_meeting and self._next_meeting(minutes.next_meeting):
            fields["next_meeting"] = self._next_meeting(minutes.next_meeting)
        elif minutes.meta.get("next_meeting"):
            fields["next_meeting"] = minutes.meta["next_meeting"]
        body = [self._cover_line(minutes.meta.get("venue", ""))]
        if minutes.preamble:
            body.append(minutes.preamble)
        if minutes.next_meeting:
            body.append("## Date of next meeting\n\n" + minutes.next_meeting)
        count = sum(len(v) for v in minutes.attendance.values())
        files = [self._meeting_file(fields, "\n\n".join(body), f"meeting: {count} attendees, "
                                    f"{len(minutes.declarations)} declaration(s)", merge=True)]
        for item in minutes.items:
            fields = {"presenter": item.presenter, "minutes": item.minutes, "decisions": item.decisions,
                      "actions": item.actions}
            unowned = sum(1 for a in item.actions if "owner" not in a)
            what = f"item {item.number}: {len(item.decisions)} decision(s), {len(item.actions)} action(s)" + (
                f", {unowned} without a known owner" if unowned else "")
            files.append(self._item_file(item.number, item.title, fields, "", what, merge=True))
        return files

    def _cover_line(self, venue: str) -> str:
        when = (f"{self.date:%A} {self.date.day} {self.date:%B %Y}" if isinstance(self.date, dt.date)
                else str(self.date))
        where = f" in {venue}" if venue else ""
        return (f"Note of decisions taken and actions required at the meeting of the {self._board_name(self.board)}"
                f" on {when}{where}.")

    def _plan_report(self, people: People) -> list[Planned]:
        report: Report = parse_report(self.lines, people)
        number = self.item or report.number
        if not number:
            raise ImportProblem("the report does not say its item number ('Item 3'): give --item")
        self.notes += report.notes
        files = []
        if not (self.folder / "index.md").exists():
            files.append(self._meeting_file({"date": self.date, "status": "agenda published"}, "",
                                            "meeting (only what the report says: fill in the rest)"))
        files.append(self._report_file(number, report))
        return files

    def _report_file(self, number: str, report: Report) -> Planned:
        title = report.title or "Untitled report"
        if not report.title:
            self.notes.append(f"item {number}: no title found")
        recs = len(report.fields.get("recommendations", []))
        contacts = len(report.fields.get("contacts", []))
        what = f"item {number}: report, {recs} recommendation(s), {contacts} contact(s)"
        return self._item_file(number, title, report.fields, report.body, what)

    def _plan_paper(self, people: People) -> list[Planned]:
        found = parse_paper(self.text, people)
        self.notes += found.notes
        fields = {"title": found.title or self.paper_id, "board": self.board, "paper_type": found.paper_type,
                  "author": found.author, "summary": found.summary, "draft": True}
        what = f"paper ({found.paper_type}): \"{found.title}\", {len(found.body.splitlines())} lines of body"
        text = emit.document({k: v for k, v in fields.items() if v}, found.body, self.header + ", then remove "
                             "draft: true")
        return [Planned(self.content / "papers" / f"{self.paper_id}.md", text, what)]

    def _plan_pack(self, people: People) -> list[Planned]:
        from .plan_pack import plan_pack

        return plan_pack(self, people)
