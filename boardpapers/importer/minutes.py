"""A "Note of decisions taken and actions required" -> the meeting's attendance and declarations, and one item
per "N. Title" with its discussion (`minutes`), `decisions` (verb + text) and `actions` (text + owner).

Two layouts are read: the plain one (headings "1. Welcome", sections "Decisions" / "Action", the owner's name
at the end of the action) and the table one an agenda pack prints (rows of item number, <p> paragraphs and an
"Action by" cell), which `rows_to_lines` turns into the plain one first."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .actions import labelled_owner, read_action, set_due
from .attendance import aligned_rows, declarations, is_table, last_table_line, prose_attendance, read_header
from .decisions import Verbs, sentences
from .furniture import is_mark
from .layouts import attendance_appendix, rows_to_lines
from .note_head import held_on
from .people import People
from .text import (
    clean,
    find_date,
    find_times,
    fix_links,
    heading_text,
    normalise,
    paragraphs,
    plain,
    unwrap_italic,
)

ITEM_RE = re.compile(r"^(?:\*\*)?(?:item\s+)?(\d{1,2}[a-z]?)[.)]?\s+(?:\*\*)?([A-Z][^\n]{2,150}?)(?:\*\*)?$")
SECTIONS = {"decision": "decisions", "decisions": "decisions", "decisions taken": "decisions",
            "resolved": "decisions", "action": "actions", "actions": "actions", "action by": "actions",
            "actions required": "actions", "action required": "actions"}
INLINE_RE = re.compile(r"^\W*(resolved|decisions?|actions?|action required|action by)\s*(?:[:–—-]\s*)+(\S.*)$",
                       re.I | re.S)
NEXT_MEETING_RE = re.compile(r"^date of (?:the )?next meeting:?$", re.I)
MARKER_RE = re.compile(r"^(?:[-*]\s+)?(?:\(?[ivx]{1,5}[.)]|\(?[a-h][.)]|\d{1,2}[.)])\s+|^[-*]\s+", re.I)
PASSIVE_RE = re.compile(r"^The (notes|minutes|note)(?: of the (?:last|previous) meeting)? (?:were|was) "
                        r"(accepted|agreed|approved) as (an? (?:true|accurate|correct) record)", re.I)
PRESENTER_RE = re.compile(r"^((?:(?:Cllr\.?|Councillor|Professor|Dr)\s+)?[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+){0,2}|"
                          r"The Chair(?:man)?)\s+(?:introduced|presented|updated|gave|welcomed|set out|outlined)\b")


@dataclass
class MinutesItem:
    number: str
    title: str
    minutes: str = ""
    decisions: list = field(default_factory=list)
    actions: list = field(default_factory=list)
    presenter: list = field(default_factory=list)


@dataclass
class Minutes:
    meta: dict = field(default_factory=dict)  # date, start, end, venue (as found)
    attendance: dict = field(default_factory=dict)
    declarations: list = field(default_factory=list)
    items: list = field(default_factory=list)
    preamble: str = ""
    next_meeting: str = ""
    notes: list = field(default_factory=list)
    doubts: list = field(default_factory=list)  # (code, message, text to find its line by[, its nth showing])


def parse_minutes(text: str | list[str], people: People, verbs: Verbs | None = None) -> Minutes:
    result = Minutes()
    verbs = verbs or Verbs()
    lines = rows_to_lines(aligned_rows(normalise(text) if isinstance(text, str) else list(text)))
    lines = clean(lines)
    starts = _item_starts(lines)
    appendix = attendance_appendix(lines, starts[0][0] if starts else len(lines))
    if appendix is not None:  # "Appendix A - Attendance" after the items: not part of the last item's minutes
        tail = lines[appendix:]
        lines = lines[:appendix]
        starts = [s for s in starts if s[0] < appendix]
    header = lines[: starts[0][0]] if starts else lines
    result.meta, result.attendance = read_header(header, people, result.doubts)
    if not result.attendance:
        result.attendance = prose_attendance(header, people)  # "Present: Councillors A (Chairman), B and C."
    if not result.attendance and appendix is not None:
        result.attendance = read_header(tail, people, result.doubts)[1] or prose_attendance(tail, people)
    if "date" not in result.meta:
        _held_on(header, result.meta)
    chair = next((a["person"] for a in result.attendance.get("present", [])
                  if re.match(r"^chair", a.get("role", ""), re.I)), "")
    preamble_start = next((i for i, line in enumerate(header) if heading_text(line) and not is_table(line)
                           and i > last_table_line(header)), None)
    if preamble_start is not None:
        result.preamble = _preamble(header[preamble_start:])
    for index, (at, number, title) in enumerate(starts):
        end = starts[index + 1][0] if index + 1 < len(starts) else len(lines)
        block = _closing_time(lines[at + 1:end], result.meta)
        for j, line in enumerate(block):
            if NEXT_MEETING_RE.match(plain(line)):
                result.next_meeting = "\n".join(x for x in block[j + 1:] if x.strip()).strip()
                block = block[:j]
                break
        result.items.append(_item(number, title, block, people, chair, result, verbs))
    result.declarations = declarations([result.preamble] + [i.minutes for i in result.items], people)
    return result


CLOSED_RE = re.compile(r"^(?:the\s+)?meeting\s+(?:ended|closed|finished|concluded|rose)\s+at\s+(.{3,12}?)\W*$", re.I)


def _closing_time(block: list[str], meta: dict) -> list[str]:
    """'The meeting ended at 1.05 pm.' (minutes close with it): the meeting's end, and no line of an item's minutes;
    nor is the 'Agenda Item 1a' stamp of the page it ran onto (a Modern.gov pack stamps every page)."""
    out = []
    for line in block:
        if is_mark(line):
            continue
        found = CLOSED_RE.match(plain(line).strip())
        times = find_times(found.group(1)) if found else []
        if times:
            meta.setdefault("end", times[0])
            continue
        out.append(line)
    return out


def _held_on(header: list[str], meta: dict) -> None:
    """'MINUTES of a meeting ... held on Monday, 17 September' / '2012 at 11.00 am, Local Government House' (the
    sentence wrapped), else the first date in the note's first lines."""
    for index, line in enumerate(header[:12]):
        found = held_on(header, index) if line.strip() else None
        if found:
            meta["date"] = found[0]
            if found[1]:
                meta.setdefault("start", found[1])
            if found[2]:
                meta.setdefault("venue", found[2])
            return
    for line in [x for x in header if x.strip()][:4]:
        found = find_date(plain(line))
        if found:
            meta["date"] = found[0]
            times = find_times(plain(line)[found[1].end():])
            if times:
                meta.setdefault("start", times[0])
            return


def _item_starts(lines: list[str]) -> list[tuple[int, str, str]]:
    starts: list[tuple[int, str, str]] = []
    last = 0
    for index, line in enumerate(lines):
        bold = bool(re.fullmatch(r"\*\*[^*]+\*\*", line.strip()))  # a bold heading needs no blank line before it
        if is_table(line) or (index and lines[index - 1].strip() and not bold):
            continue
        match = ITEM_RE.match(re.sub(r"^#{1,6}\s+", "", line.strip()))
        if not match or match.group(2).rstrip("*").endswith((".", ":", ",", ";")):
            continue
        number = match.group(1).lower()
        value = int(re.sub(r"[a-z]", "", number))
        if (starts and not (last < value <= last + 10 or (value == last and number[-1].isalpha()))) or value > 40:
            continue  # numbers only go up (minutes may skip an item, e.g. a confidential one)
        if len(match.group(2).split()) > 16:
            continue
        title = plain(match.group(2))
        wrapped = lines[index + 1].strip() if index + 1 < len(lines) else ""
        if bold and re.fullmatch(r"\*\*[^*]+\*\*", wrapped) and not ITEM_RE.match(wrapped):
            title += " " + plain(wrapped)  # a heading wrapped onto a second bold line
            lines[index + 1] = ""
        starts.append((index, number, title_case(title)))
        last = value
    return starts


def title_case(title: str) -> str:
    """'PRODUCTIVITY PROGRAMME' -> 'Productivity programme' (a heading set in capitals); others as printed."""
    letters = re.sub(r"[^A-Za-z]", "", title)
    if not letters or not letters.isupper() or len(letters) < 4:
        return title
    words = title.lower().split()
    return " ".join([words[0].capitalize(), *(w.upper() if w in ("lga", "ngdp") else w for w in words[1:])])


def _preamble(lines: list[str]) -> str:
    out = []
    for para in paragraphs(lines):
        text = heading_text(para)
        out.append(f"## {text}" if text and "\n" not in para else fix_links(para))
    return "\n\n".join(out)


def _item(number: str, title: str, lines: list[str], people: People, chair: str, result: Minutes, verbs: Verbs
          ) -> MinutesItem:
    item = MinutesItem(number, title)
    notes = result.notes
    state = None
    minutes, pending, narrated = [], [], []  # narrated: decisions the narrative stated (a block may restate them)
    for para in paragraphs(_label_breaks(lines)):
        marker = plain(para).lower().rstrip(":").strip()
        if "\n" not in para and marker in SECTIONS:
            state = SECTIONS[marker]
            continue
        inline = INLINE_RE.match(plain(para.replace("\n", " ")))
        if inline:  # "RESOLVED – that the Board noted the report.", "ACTION: ... (Owner: Andy Bates)"
            kind, rest = SECTIONS.get(inline.group(1).lower().strip(), ""), inline.group(2).strip()
            if kind == "decisions":
                found = _decisions(rest, verbs, result, bare=True, resolution=True)
                item.decisions.extend(d for d in found if d not in item.decisions)
                if found:
                    state = None
                    continue
            elif kind == "actions":
                read_action(labelled_owner(rest), item.actions, pending, people)
                state = None
                continue
        if state == "decisions":
            for candidate in _candidates(para):
                found = _decisions(candidate, verbs, result, bare=True)
                if found:
                    item.decisions.extend(_unsaid(found, narrated))
                elif len(candidate.split()) > 2 and not candidate.rstrip().endswith(":"):
                    minutes.append(candidate)
                    notes.append(f"item {number}: a paragraph under Decisions has no decision verb "
                                 f"(noted, agreed, endorsed ...): it is kept in the minutes")
        elif state == "actions":
            for candidate in _candidates(para):
                read_action(candidate, item.actions, pending, people)
        else:
            told = [_decisions(sentence, verbs, result) for sentence in sentences(unwrap_italic(para))]
            if not told or not all(told):
                minutes.append(para)  # a paragraph of decisions only ("Members agreed that ...") is not minutes
            for decision in [d for found in told for d in found]:
                if decision not in item.decisions:
                    item.decisions.append(decision)
                    narrated.append(decision)
    if pending:
        item.actions.extend({"text": text} for text in pending)
    for action in item.actions:
        set_due(action)
    if not item.decisions:
        for para in minutes:
            passive = PASSIVE_RE.match(para.strip())
            if passive:
                item.decisions.append({"verb": passive.group(2).lower(),
                                       "text": f"the {passive.group(1).lower()} as {passive.group(3)}."})
    item.minutes = fix_links("\n\n".join(minutes)).strip()
    item.presenter = _presenter(minutes[:2], people, chair)
    return item


def _unsaid(found: list[dict], narrated: list[dict]) -> list[dict]:
    """The decisions under 'Decision' the narrative has not stated already ('The Board agreed X.' then 'Decision:
    The Board agreed X.' is one decision); one listed twice under the heading stays twice, as the clerk wrote it."""
    out = []
    for decision in found:
        if decision in narrated:
            narrated.remove(decision)
        else:
            out.append(decision)
    return out


def _label_breaks(lines: list[str]) -> list[str]:
    """'RESOLVED – that ...' or 'ACTION: ...' set right under the text before it starts a paragraph of its own."""
    out: list[str] = []
    for line in lines:
        if out and out[-1].strip() and INLINE_RE.match(plain(line)) and not MARKER_RE.match(line.strip()):
            out.append("")
        out.append(line)
    return out


def _decisions(text: str, verbs: Verbs, result: Minutes, bare: bool = False, resolution: bool = False
               ) -> list[dict]:
    """The decisions a paragraph under a heading (`bare`), a resolution or a narrative sentence states, its
    opening words put right where OCR misread them (reported)."""
    text, fixes = verbs.respell(text, bare)
    if resolution:
        text = _resolution(text)
    found = verbs.under_heading(text) if bare else verbs.in_narrative(text)
    if found:
        result.doubts += [("ocr-word", f"'{read}' read as '{meant}' in a decision (a misread word): check it", read)
                          for read, meant in fixes]
    return found


def _resolution(text: str) -> str:
    """'that the Board noted the report' -> 'the Board noted the report'; 'that the report be noted' ->
    'noted the report' (the verb first, as a decision reads)."""
    text = re.sub(r"^that\s+", "", text.strip(), flags=re.I)
    passive = re.match(r"^(.+?)\s+be\s+([a-z]+ed)\b\s*(.*)$", text, re.I)
    if passive and len(passive.group(1).split()) <= 12:
        return f"{passive.group(2)} {passive.group(1)} {passive.group(3)}".strip()
    return text


def _presenter(paras: list[str], people: People, chair: str) -> list[str]:
    """'Brian Reynolds introduced the item' -> [brian-reynolds]; the Chair only when he or she led the item,
    not when welcoming the guests who did ('The Chairman welcomed Juliet Whitworth ...')."""
    for para in paras:
        match = PRESENTER_RE.match(para.strip())
        if not match:
            continue
        who = match.group(1)
        if who.lower().startswith("the chair"):
            rest = para.strip()[match.end():]
            if re.match(r"^\s+(?:[A-Z]|the\s+[\w\s]{0,40}?(?:guests?|speakers?)\b)", rest):
                continue
            return [chair] if chair else []
        found = people.resolve(who)
        return [found] if found else []
    return []


def _candidates(para: str) -> list[str]:
    """A paragraph -> its entries: one per list line, or per line that starts a sentence after one that ended
    one; continuation lines joined to their entry."""
    entries: list[str] = []
    for line in para.split("\n"):
        ended = entries and re.search(r"[.!?][*_]*$", entries[-1]) and re.match(r"^[*_]*[A-Z]", line.strip())
        if MARKER_RE.match(line.strip()) or not entries or ended:
            entries.append(MARKER_RE.sub("", line.strip(), count=1).strip())
        else:
            entries[-1] += " " + line.strip()
    return [unwrap_italic(e) for e in entries if e]
