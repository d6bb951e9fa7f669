"""A "Note of decisions taken and actions required" -> the meeting's attendance and declarations, and one item
per "N. Title" with its discussion (`minutes`), `decisions` (verb + text) and `actions` (text + owner).

Two layouts are read: the plain one (headings "1. Welcome", sections "Decisions" / "Action", the owner's name
at the end of the action) and the table one an agenda pack prints (rows of item number, <p> paragraphs and an
"Action by" cell), which `rows_to_lines` turns into the plain one first."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from boardpapers.content.models import DECISION_VERBS

from .attendance import declarations, is_table, last_table_line, read_header
from .people import People, looks_like_name
from .text import (
    clean,
    fix_links,
    heading_text,
    normalise,
    paragraphs,
    plain,
    strip_tags,
    unwrap_italic,
)

ITEM_RE = re.compile(r"^(?:\*\*)?(\d{1,2}[a-z]?)\.?\s+([A-Z][^\n]{2,150}?)(?:\*\*)?$")
SECTIONS = {"decision": "decisions", "decisions": "decisions", "decisions taken": "decisions",
            "resolved": "decisions", "action": "actions", "actions": "actions", "action by": "actions",
            "actions required": "actions", "action required": "actions"}
NEXT_MEETING_RE = re.compile(r"^date of (?:the )?next meeting:?$", re.I)
MARKER_RE = re.compile(r"^(?:[-*]\s+)?(?:\(?[ivx]{1,5}[.)]|\(?[a-h][.)]|\d{1,2}[.)])\s+|^[-*]\s+", re.I)
VERB_RE = re.compile(r"\b(" + "|".join(DECISION_VERBS) + r")\b", re.I)
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


def rows_to_lines(lines: list[str]) -> list[str]:
    """'2<TAB><p><b>Title</b></p> <p>text</p><TAB>Owner' -> '2. Title', 'text Owner' (the plain layout)."""
    out = []
    for line in lines:
        if "\t" not in line or "<p>" not in line:
            if re.match(r"^\s*item\s+decisions and actions", plain(line), re.I):
                continue
            out.append(line)
            continue
        cells = line.split("\t")
        number, content = cells[0].strip(), cells[1] if len(cells) > 1 else ""
        owner = strip_tags(cells[2]).strip() if len(cells) > 2 else ""
        paras = [strip_tags(p) for p in re.findall(r"<p>(.*?)</p>", content, re.S)] or [strip_tags(content)]
        paras = [p for p in paras if p]
        if paras and re.match(r"^\*\*[^*]+\*\*$", paras[0]):
            title = paras.pop(0).strip("*")
            out += ["", f"{number}. {title}" if number else f"**{title}**", ""]
        for para in paras:
            out += [unwrap_italic(para), ""]
        if owner and out:
            last = max(i for i, text in enumerate(out) if text.strip())
            out[last] = f"{out[last]} {owner}"
    return out


def parse_minutes(text: str, people: People) -> Minutes:
    result = Minutes()
    lines = rows_to_lines(normalise(text))
    lines = clean(lines)
    starts = _item_starts(lines)
    header = lines[: starts[0][0]] if starts else lines
    result.meta, result.attendance = read_header(header, people)
    chair = next((a["person"] for a in result.attendance.get("present", [])
                  if re.match(r"^chair", a.get("role", ""), re.I)), "")
    preamble_start = next((i for i, line in enumerate(header) if heading_text(line) and not is_table(line)
                           and i > last_table_line(header)), None)
    if preamble_start is not None:
        result.preamble = _preamble(header[preamble_start:])
    for index, (at, number, title) in enumerate(starts):
        end = starts[index + 1][0] if index + 1 < len(starts) else len(lines)
        block = lines[at + 1:end]
        for j, line in enumerate(block):
            if NEXT_MEETING_RE.match(plain(line)):
                result.next_meeting = "\n".join(x for x in block[j + 1:] if x.strip()).strip()
                block = block[:j]
                break
        result.items.append(_item(number, title, block, people, chair, result.notes))
    result.declarations = declarations([result.preamble] + [i.minutes for i in result.items], people)
    return result


def _item_starts(lines: list[str]) -> list[tuple[int, str, str]]:
    starts: list[tuple[int, str, str]] = []
    last = 0
    for index, line in enumerate(lines):
        if is_table(line) or (index and lines[index - 1].strip()):
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
        starts.append((index, number, plain(match.group(2))))
        last = value
    return starts


def _preamble(lines: list[str]) -> str:
    out = []
    for para in paragraphs(lines):
        text = heading_text(para)
        out.append(f"## {text}" if text and "\n" not in para else fix_links(para))
    return "\n\n".join(out)


def _item(number: str, title: str, lines: list[str], people: People, chair: str, notes: list) -> MinutesItem:
    item = MinutesItem(number, title)
    state = None
    minutes, pending = [], []
    for para in paragraphs(lines):
        marker = plain(para).lower().rstrip(":").strip()
        if "\n" not in para and marker in SECTIONS:
            state = SECTIONS[marker]
            continue
        if state == "decisions":
            for candidate in _candidates(para):
                decision = _decision(candidate)
                if decision:
                    item.decisions.append(decision)
                elif len(candidate.split()) > 2 and not candidate.rstrip().endswith(":"):
                    minutes.append(candidate)
                    notes.append(f"item {number}: a paragraph under Decisions has no decision verb "
                                 f"({', '.join(DECISION_VERBS[:4])} ...): it is kept in the minutes")
        elif state == "actions":
            for candidate in _candidates(para):
                _action(candidate, item, pending, people)
        else:
            minutes.append(para)
    if pending:
        item.actions.extend({"text": text} for text in pending)
    if not item.decisions:
        for para in minutes:
            passive = PASSIVE_RE.match(para.strip())
            if passive:
                item.decisions.append({"verb": passive.group(2).lower(),
                                       "text": f"the {passive.group(1).lower()} as {passive.group(3)}."})
    item.minutes = fix_links("\n\n".join(minutes)).strip()
    item.presenter = _presenter(minutes[:2], people, chair)
    return item


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
    """A paragraph -> its entries: one per list line, continuation lines joined to their entry."""
    entries: list[str] = []
    for line in para.split("\n"):
        if MARKER_RE.match(line.strip()) or not entries:
            entries.append(MARKER_RE.sub("", line.strip(), count=1).strip())
        else:
            entries[-1] += " " + line.strip()
    return [unwrap_italic(e) for e in entries if e]


def _decision(text: str) -> dict | None:
    bold = next((m for m in re.finditer(r"\*\*([A-Za-z]+)\*\*", text) if m.group(1).lower() in DECISION_VERBS),
                None)
    match = bold or VERB_RE.search(text)
    if not match or (not bold and match.start() > 80):
        return None
    rest = text[match.end():].strip().lstrip(",;:").strip()
    if rest.count("*") % 2:
        rest = rest.replace("*", "")
    rest = rest.rstrip("*").strip()
    if not rest:
        return None
    return {"verb": match.group(1).lower(), "text": rest}


def _action(text: str, item: MinutesItem, pending: list[str], people: People) -> None:
    """One action line; names at its end (or alone on a line) own it and the unowned actions before it."""
    owner = ""
    if _names_only(text, people):
        owner, text = text, ""
    else:
        for match in reversed(list(re.finditer(r"[.!?)]\s+", text))):
            tail = text[match.end():].strip()
            if tail and _names_only(tail, people):
                owner, text = tail, text[: match.start() + 1].strip()
                break
    if text:
        pending.append(text)
    if owner:
        ids, unknown = [], []
        for part in re.split(r"\s*/\s*|\s*,\s*|\s+and\s+", owner):
            if part.strip():
                found = people.resolve(part.strip(), surname_only=False)
                (ids.append(found) if found else unknown.append(part.strip()))
        owned: dict = {}
        if ids:
            owned["owner"] = ids[0] if len(ids) == 1 else ids
        if unknown:
            owned["#owner"] = 'owner in source: "' + " / ".join(unknown) + '"'
        if pending:
            item.actions.extend({"text": entry, **owned} for entry in pending)
        elif item.actions and "owner" not in item.actions[-1]:
            item.actions[-1].update(owned)
        pending.clear()


def _names_only(text: str, people: People) -> bool:
    parts = [p.strip() for p in re.split(r"\s*/\s*|\s*,\s*|\s+and\s+", text.strip().rstrip(",")) if p.strip()]
    return bool(parts) and not text.rstrip().endswith(".") and all(
        looks_like_name(p) or people.resolve(p, surname_only=False) for p in parts)
