"""One officer's report -> an agenda item: the boxes at the top (Purpose of report, Summary, Recommendations,
Action, Contact officer) become fields, Financial implications and Implications for Wales become fields, and the
rest (numbered paragraphs, headings, tables, appendices) is the body."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from boardpapers.markdown.convert import slugify

from .contacts import EMAIL_RE, is_contact_line, read_contacts
from .furniture import AGENDA_MARK_RE
from .notes import Notes
from .people import People
from .text import (
    ITEM_MARK_RE,
    clean,
    fix_links,
    heading_text,
    line_breaks,
    nest_subparagraphs,
    normalise,
    paragraphs,
    plain,
    tab_tables,
    unwrap_italic,
)

BOXES = {"purpose of report": "purpose", "purpose of the report": "purpose", "purpose": "purpose",
         "summary": "summary", "recommendation": "recommendations", "recommendations": "recommendations",
         "action": "report_action", "actions": "report_action", "action required": "report_action"}
IMPLICATIONS = {"financial implications": "financial_implications", "financial implication": "financial_implications",
                "implications for wales": "wales_implications", "wales implications": "wales_implications",
                "welsh implications": "wales_implications"}
PURPOSE_RE = re.compile(r"^purpose( of (the )?report)?$", re.I)
APPENDIX_RE = re.compile(r"^appendix\s+(?:[A-Z]|\d{1,2})(?:\s*[:–—-]\s*[^.]{1,100}[^.:])?$", re.I)


@dataclass
class Report:
    number: str
    title: str
    fields: dict
    body: str
    notes: list[str] = field(default_factory=list)


def find_purpose(lines: list[str]) -> list[int]:
    """Line indexes of every 'Purpose of report' heading (a pack holds one per report); printed plain too, when it
    says 'of report' (a plain 'Purpose' alone is too common a word to be sure of)."""
    return [i for i, line in enumerate(lines) if is_purpose(line)]


def is_purpose(line: str) -> bool:
    text = heading_text(line)
    if text is not None:
        return bool(PURPOSE_RE.match(text))
    return bool(re.fullmatch(r"purpose of (?:the )?report:?", plain(line).lower())) if line.strip() else False


BYLINE_RE = re.compile(r"^(?:(?:joint\s+)?report|paper|note|briefing)\s+(?:of|by|from)\b|"
                       r"^(?:report\s+)?(?:author|lead\s+officer|presented\s+by|from)\s*:", re.I)


def is_byline(text: str) -> bool:
    """'Report of the Research Manager' under a report's title: who wrote it, never the title itself."""
    return bool(BYLINE_RE.match(text.strip()))


def parse_report(lines: list[str] | str, people: People, intro: str = "", warnings: Notes | None = None,
                 offset: int = 0) -> Report:
    """A report's lines -> its fields and body. Doubts go to `warnings` at their source line (`offset` is the
    index of the first line in the source), else to the report's notes."""
    if isinstance(lines, str):
        lines = normalise(lines)
    notes: list[str] = []
    marks = [m.group(1) for m in (ITEM_MARK_RE.match(line.strip()) for line in lines) if m]
    number = marks[0].lower() if marks else ""
    starts = find_purpose(lines)
    start = starts[0] if starts else 0
    title = ""
    for line in reversed(lines[:start]):
        text = heading_text(line)
        if text and not ITEM_MARK_RE.match(line.strip()) and not re.match(r"^item\s+\d", text, re.I) \
                and not is_byline(text):
            title = text
            break
    if not starts:
        notes.append("no 'Purpose of report' heading: the whole text is the body")
        title = next((t for t in map(heading_text, lines) if t and not re.match(r"^item\s+\d", t, re.I)), "")
    boxes: dict[str, list[str]] = {}
    current = None
    index = start
    while starts and index < len(lines):
        line = lines[index]
        text = heading_text(line)
        if text is None and plain(line).lower().rstrip(":").strip() in BOXES:
            text = plain(line).rstrip(":").strip()  # a box's label printed plain ("Action" alone on its line)
        if is_contact_line(line) and re.match(r"^\**\s*contact", line.strip(), re.I):
            break
        if text is not None and text.lower().rstrip(":") in BOXES:
            current = BOXES[text.lower().rstrip(":")]
            boxes.setdefault(current, [])
        elif text is not None and current and boxes.get(current):
            break  # a heading that is not a box: the report body has begun
        elif current:
            boxes[current].append(line)
        index += 1
    fields: dict = {}
    for name, box in boxes.items():
        paras = [fix_links(unwrap_italic(p)) for p in paragraphs(clean(box))]
        if name == "recommendations":
            fields[name] = _recommendations(paras)
        elif paras:
            fields[name] = "\n\n".join(p.replace("\n", " ") for p in paras)
    contact_lines, contact_at = [], []  # the box's lines, and where each stands in `lines`
    while index < len(lines):
        line = lines[index].strip()
        if line and not is_contact_line(line) and not (contact_lines and EMAIL_RE.search(line)
                                                       and len(line) < 200 and not heading_text(line)) \
                and not _wrapped_in_box(lines, index, contact_at):
            break
        if line:
            contact_lines.append(line)
            contact_at.append(index)
        index += 1
    body_lines = lines[index:] if starts else lines
    if not contact_lines:  # no box on the front sheet: a contact line at the report's foot (plain councils' form)
        at = index if starts else 0
        contact_lines, contact_at, body_lines = _foot_contacts(lines, at)
    contacts, doubts = read_contacts(contact_lines, people)
    if contacts:
        fields["contacts"] = contacts
    for at, text in doubts:
        if warnings is not None:
            warnings.warn(offset + contact_at[at] + 1, "contact-pairing", text)
        else:
            notes.append(text)
    body, implications, attachments = _body(body_lines, title)
    fields.update(implications)
    if attachments:
        fields["attachments"] = attachments
    if intro:
        body = intro.strip() + ("\n\n" + body if body else "")
    return Report(number, title, fields, body, notes)


def _wrapped_in_box(lines: list[str], index: int, box: list[int]) -> bool:
    """A contact box's value wrapped in a narrow column ('**Position:** Programme Director / Senior' / 'Adviser' /
    '**Phone no:** ...'): a short plain line between two lines of the box, no blank around it."""
    line = lines[index].strip()
    nxt = lines[index + 1].strip() if index + 1 < len(lines) else ""
    return (bool(box) and box[-1] == index - 1 and is_contact_line(nxt) and len(line.split()) <= 6
            and heading_text(line) is None)


def _foot_contacts(lines: list[str], start: int) -> tuple[list[str], list[int], list[str]]:
    """(contact lines, their indexes, the body without them) of `lines[start:]`: 'Contact: Carol Turner, Finance
    Manager, tel 020 7664 3426, carol.turner@example.org' lines, and the labelled lines under one, where the report
    prints them after its text. Only lines that begin with the label count: a sentence naming a contact does not."""
    found, at = [], []
    index = start
    while index < len(lines):
        line = lines[index].strip()
        if is_contact_line(line) and re.match(r"^\**\s*contact", line, re.I):
            while index < len(lines) and (is_contact_line(lines[index].strip()) or not lines[index].strip()):
                if lines[index].strip():
                    found.append(lines[index].strip())
                    at.append(index)
                index += 1
            continue
        index += 1
    taken = set(at)
    return found, at, [line for i, line in enumerate(lines[start:], start) if i not in taken]


def _recommendations(paras: list[str]) -> list[str]:
    items = []
    for para in paras:
        first = len(items)
        for line in para.split("\n"):
            match = re.match(r"^\s*(?:[-*]\s+)?(?:\d{1,2}[.)]|\(?[a-h]\)|\(?[ivx]{1,4}[.)])?\s*(.*)$", line)
            listed = bool(re.match(r"^\s*(?:[-*]\s|\d{1,2}[.)]|\(?[a-h]\)|\(?[ivx]{1,4}[.)])", line))
            if not listed and len(items) > first and items[-1][0] and match.group(1).strip():
                # a listed line that wrapped in a narrow column ('1. Comment on the ... on hospital' / 'discharge.')
                items[-1] = (True, f"{items[-1][1]} {match.group(1).strip()}")
                continue
            items.append((listed, match.group(1).strip()))
    if any(listed for listed, _ in items):
        return [text for listed, text in items if listed and text]
    return [" ".join(p.split()) for p in paras if not p.rstrip().endswith(":") or len(paras) == 1]


def _body(lines: list[str], title: str) -> tuple[str, dict, list[dict]]:
    # an 'Agenda Item 3' page stamp is no text of the paper (nor its first heading, which hides the repeated title)
    lines = clean(tab_tables([x for x in lines if not AGENDA_MARK_RE.match(x.strip())]))
    out: list[str] = []
    implications: dict[str, list[str]] = {}
    target = None
    attachments = []
    for index, line in enumerate(lines):
        text = heading_text(line)
        if text is None:
            text = _plain_heading(lines, index)  # "Financial Implications", "DISCUSSION" printed as plain lines
        if text is not None and "|" not in line:
            key = text.lower().rstrip(":").strip()
            if key in IMPLICATIONS:
                target = IMPLICATIONS[key]
                implications.setdefault(target, [])
                continue
            target = None
            if title and not out and _same(text, title):
                continue  # the title repeated at the top of the body
            heading = _heading(line, text)
            if heading.startswith("#"):
                if out and out[-1] != "":
                    out.append("")
                out += [heading, ""]
                if text.lower().startswith("appendix"):
                    attachments.append({"title": text, "anchor": slugify(text)})
                continue
        if target:
            implications[target].append(line)
        else:
            out.append(line)
    body = fix_links("\n".join(nest_subparagraphs(line_breaks(_squeeze(out))))).strip()
    fields = {}
    for name, found in implications.items():
        paras = [re.sub(r"^\s*(?:[-*]\s+)?\d{1,3}\.\s+", "", p).replace("\n", " ") for p in paragraphs(found)]
        if paras:
            fields[name] = fix_links("\n\n".join(paras))
    return body, fields, attachments


def _plain_heading(lines: list[str], index: int) -> str | None:
    """A section heading a plain-text extract prints as a line of its own: short, no sentence punctuation, after a
    blank line or a finished sentence, with the section's text right under it ('Conclusion' / '1.   As a ...')."""
    text = plain(lines[index]) if lines[index].strip() else ""
    before = lines[index - 1].strip() if index else ""
    if APPENDIX_RE.match(text) and "\t" not in lines[index] and (not before or before[-1] in ".:;!?\"”"):
        return text  # 'Appendix A' or 'Appendix A: Principles for ...' on its own line: an appendix starts
    if not text or "\t" in lines[index] or len(text) > 60 or len(text.split()) > 6 or not text[:1].isupper():
        return None
    if re.match(r"^(?:[-*•]\s|\d{1,3}[.)]|\(?[a-z]{1,3}\))", text) or text[-1] in ".,;!?)" or EMAIL_RE.search(text):
        return None
    if text.lower().rstrip(":").strip() in IMPLICATIONS:
        return text.rstrip(":").strip()
    after = lines[index + 1].strip() if index + 1 < len(lines) else ""
    if (before and before[-1] not in ".:;!?\"”") or not after or heading_text(after) is not None:
        return None
    return text.rstrip(":").strip() if re.match(r"^\d{1,3}\.\s", after) or len(after) > 2 * len(text) else None


def _heading(line: str, text: str) -> str:
    """'### **Background**' -> '## Background'; an emphasised sentence stays as written."""
    stripped = line.strip()
    level = len(stripped) - len(stripped.lstrip("#"))
    if level == 0 and (text[:1] in "\"“'‘" or plain(line).endswith((".", ":", ",")) or len(text) > 90):
        return line
    return ("### " if level >= 4 else "## ") + text


def _same(a: str, b: str) -> bool:
    a, b = re.sub(r"\W+", " ", a.lower()).strip(), re.sub(r"\W+", " ", b.lower()).strip()
    return a == b or a.startswith(b) or b.startswith(a)


def _squeeze(lines: list[str]) -> list[str]:
    out: list[str] = []
    for line in lines:
        if not line.strip() and (not out or not out[-1].strip()):
            continue
        out.append(line)
    return out
