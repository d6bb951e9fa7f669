"""What an import writes: the parsed papers as content files (meeting, items, people stubs), placed so nothing
existing is overwritten, checked by the real validator on a scratch copy of content/, and summarised."""

from __future__ import annotations

import datetime as dt
import re
import sys
from dataclasses import dataclass
from pathlib import Path

from boardpapers.content.discover import MEETING_ID_RE

from . import emit, schedule
from .check import validate
from .minutes import Minutes, parse_minutes
from .pack import Pack, agenda_table, parse_pack
from .paper import parse_paper
from .people import People
from .report import Report, parse_report
from .text import find_date, slug

ITEM_ORDER = ("timing", "presenter", "purpose", "summary", "recommendations", "report_action", "contacts",
              "attachments", "financial_implications", "wales_implications", "minutes", "decisions", "actions",
              "updates")


class ImportProblem(Exception):
    """The papers cannot be imported as asked; the message tells the clerk what to give."""


@dataclass
class Planned:
    target: Path  # where the file belongs
    text: str
    what: str  # one line for the summary
    write_to: Path | None = None  # target, or target + ".imported" when target exists


class Import:
    def __init__(self, source: Path, text: str, meeting_id: str, kind: str, content: Path, item: str = "",
                 paper: tuple[str, str] = ("", "")):
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
                                 emit.document(stub.fields(), "", self.header + " (a stub: add what you know)"),
                                 f"new person ({stub.kind}) from \"{stub.source}\""))
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
            else:
                planned.write_to.parent.mkdir(parents=True, exist_ok=True)
                with open(planned.write_to, "x", encoding="utf-8") as handle:  # "x": never overwrite
                    handle.write(planned.text)
        if dry_run:
            print()
        for planned in files:
            beside = " (the file exists: written beside it)" if planned.write_to != planned.target else ""
            print(f"  {verb} {planned.write_to}: {planned.what}{beside}")
        for source, person in sorted(people.approximate.items()):
            print(f"  check: \"{source}\" was matched to {person} (spelling differs)")
        for person, (printed, known) in sorted(people.printed.items()):
            print(f"  check: the papers print {person}'s council as \"{printed}\", people/{person}.md says "
                  f"\"{known}\": kept as `council:` for this meeting")
        for note in self.notes:
            print(f"  note: {note}")
        return validate(files, self.content)

    def _place(self, files: list[Planned]) -> list[Path]:
        blocked = []
        for planned in files:
            planned.write_to = planned.target
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
        return Planned(target, emit.document(out, body, self.header + ", then remove draft: true"), what)

    def _meeting_file(self, fields: dict, body: str, what: str, merge: bool = False) -> Planned:
        boards = fields.pop("boards", None) or [self.board]
        out: dict = {"boards": boards} if len(boards) > 1 else {"board": boards[0]}
        out.update(fields)
        target = self.folder / "index.md"
        if target.exists() and merge:
            out, body, what = self._merged(target, out, what, replace=("status",))
        out["draft"] = True
        return Planned(target, emit.document(out, body, self.header + ", then remove draft: true"), what)

    def _merged(self, path: Path, new: dict, what: str, replace: tuple = ()) -> tuple[dict, str, str]:
        """Minutes for a meeting whose agenda is already in: the existing file with the minutes' fields added
        (its own fields win, except `replace`), so the `.imported` copy only needs accepting."""
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
            self.notes.append(f"{path.name}: kept its own {', '.join(kept)}; the imported values were not merged")
        return out, body, what + " (merged into a copy of the existing file)"

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
        return candidate if (self.content / "meetings" / candidate / "index.md").is_file() else found[0]

    # -- the three kinds
    def _plan_minutes(self, people: People) -> list[Planned]:
        minutes: Minutes = parse_minutes(self.text, people)
        self.notes += minutes.notes
        self._check_date(minutes.meta.get("date"))
        if not minutes.items:
            self.notes.append("no items ('1. Title' headings) were found")
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
        report: Report = parse_report(self.text, people)
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
        pack: Pack = parse_pack(self.text, people, self._board_name(self.board))
        self.notes += pack.notes
        self._check_date(pack.meta.get("date"))
        fields: dict = {}
        title = pack.meta.get("title", "")
        boards = [self.board] + [b.stem for b in sorted((self.content / "boards").glob("*.md"))
                                 if b.stem != self.board and title
                                 and self._board_name(b.stem).lower() in title.lower()]
        if len(boards) > 1:
            fields["boards"] = boards
        if title:
            fields["title"] = title
        fields["date"] = self.date
        start = next((row.timing for row in pack.agenda if row.timing), "") or pack.meta.get("start", "")
        if start:
            fields["start"] = start
        if pack.meta.get("venue"):
            fields["venue"] = pack.meta["venue"]
        fields["status"] = "agenda published"
        next_row = next((r for r in pack.agenda if re.match(r"date of (the )?next meeting", r.title, re.I)), None)
        if next_row and self._next_meeting(next_row.description):
            fields["next_meeting"] = self._next_meeting(next_row.description)
        files = [self._meeting_file(fields, agenda_table(pack), f"meeting: agenda of {len(pack.agenda)} lines")]
        numbers = [r.number for r in pack.agenda if r.number]
        numbers += [n for n in list(pack.reports) + list(pack.segments) if n not in numbers]
        numbers.sort(key=lambda n: (int(re.sub(r"\D", "", n) or 0), n))
        for number in numbers:
            row = next((r for r in pack.agenda if r.number == number), None)
            if number in pack.reports:
                report = pack.reports[number]
                if row and row.timing:
                    report.fields["timing"] = row.timing
                files.append(self._report_file(number, report))
                continue
            title, body = pack.segments.get(number, ("", ""))
            item_fields: dict = {"timing": row.timing if row else ""}
            if row and row.description:
                if re.match(r"date of (the )?next meeting", row.title, re.I):
                    body = row.description + ("\n\n" + body if body else "")
                else:
                    item_fields["purpose"] = row.description
            what = f"item {number}: " + ("its papers as the body" if body else "agenda line only")
            if schedule.is_schedule((row.title if row else "") or title, body):
                found, notes = schedule.updates(body, self.content, self.board, number)
                self.notes += notes
                if found:
                    item_fields["updates"] = found
                    what += f", {len(found)} action update(s) from its schedule"
            files.append(self._item_file(number, (row.title if row else title) or f"Item {number}", item_fields,
                                         body, what))
        return files
