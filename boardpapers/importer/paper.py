"""A standalone paper (a consultation, a strategy, guidance): one document with a title page, a contents list and
chapters, published by a board outside any meeting. Imported as `papers/<id>.md`.

What the extract adds and the paper does not need: the contents list (the page has its own headings), the title
repeated as a running head at each chapter, descriptions of images ("A handwritten signature ..."). The paper's
title is its first heading with the line under it ("Taking stock" / "Where next with sector-led improvement?");
its author is the signatory of the foreword, when that is a known person; chapters become `##` headings under
the page's own title.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .people import People, reads_as_name
from .text import clean, find_date, fix_links, heading_text, line_breaks, normalise, plain, tab_tables

IMAGE_RE = re.compile(r"^(?:an?\s+)?(?:handwritten\s+)?(?:signature|image|photo(?:graph)?|logo|picture|"
                      r"illustration|diagram|chart)\b.{0,300}$", re.I)
CONTENTS_ENTRY_RE = re.compile(r"^(.+?)(?:\t+|\s*\.{3,}\s*|\s{2,})(\d{1,3})$")


@dataclass
class PaperImport:
    title: str = ""
    paper_type: str = "report"
    author: str = ""
    summary: str = ""
    body: str = ""
    notes: list[str] = field(default_factory=list)


def parse_paper(text: str, people: People) -> PaperImport:
    lines = normalise(text)
    paper = PaperImport()
    first = next((i for i, line in enumerate(lines) if heading_text(line)), None)
    if first is None:
        paper.notes.append("no heading found: give the paper its title by hand")
        paper.body = "\n".join(clean(lines)).strip()
        return paper
    running = heading_text(lines[first]) or ""
    subtitle_at = next((i for i in range(first + 1, min(first + 8, len(lines))) if lines[i].strip()), None)
    subtitle = ""
    if subtitle_at is not None and heading_text(lines[subtitle_at]) is None and len(lines[subtitle_at]) < 120:
        subtitle = plain(lines[subtitle_at])
    paper.title = f"{running}: {subtitle[:1].lower() + subtitle[1:]}" if subtitle else running
    rest = lines[(subtitle_at if subtitle else first) + 1:]
    kept = _drop_contents(_drop_running_heads(rest, running))
    kept = [line for line in kept if not IMAGE_RE.match(line.strip())]
    body = line_breaks(clean(tab_tables(kept)))
    paper.body = fix_links("\n".join(_demote(body))).strip()
    paper.paper_type = _kind(paper.title, text)
    paper.author = _signatory(body, people)
    paper.summary = _first_paragraph_after(body, "introduction")
    closing = re.search(r"closing date[^.\n]{0,80}", text, re.I)
    if closing and find_date(closing.group(0)):
        paper.notes.append(f"the consultation closes on {find_date(closing.group(0))[0]:%-d %B %Y}: the paper's "
                           "`date:` is when it was published, which the extract does not say: add it")
    elif not find_date(text[:2000]):
        paper.notes.append("no publication date found: add `date:` (a year is enough)")
    if not paper.author:
        paper.notes.append("no author found (the signatory of a foreword, when a known person): add `author:`")
    return paper


def _drop_running_heads(lines: list[str], running: str) -> list[str]:
    # The title page's heading printed again at the top of each chapter's page.
    return [line for line in lines if (heading_text(line) or "").lower() != running.lower()]


def _drop_contents(lines: list[str]) -> list[str]:
    out, skipping = [], False
    for line in lines:
        heading = heading_text(line)
        if heading is not None:
            skipping = heading.lower() in ("contents", "table of contents")
            if skipping:
                continue
        if skipping and (not line.strip() or CONTENTS_ENTRY_RE.match(line.strip())):
            continue
        skipping = False
        out.append(line)
    return out


def _demote(lines: list[str]) -> list[str]:
    """The page's title is its only `#`: every heading of the paper moves one level down."""
    return [("#" + line) if re.match(r"^#{1,5}\s", line) else line for line in lines]


def _kind(title: str, text: str) -> str:
    if re.search(r"\bconsultation\b", title, re.I) or len(re.findall(r"\bconsultation questions?\b", text, re.I)) > 1:
        return "consultation"
    if re.search(r"\bstrategy\b", title, re.I):
        return "strategy"
    if re.search(r"\bguid(e|ance)\b", title, re.I):
        return "guidance"
    return "report"


def _signatory(lines: list[str], people: People) -> str:
    """A bold name on its own line ("**Cllr Peter Fleming**"), as under a foreword: a known person, or a new one
    (a draft stub) when the line reads as a name."""
    for line in lines:
        match = re.match(r"^\*\*([^*]{3,60})\*\*\s*\\?$", line.strip())
        if match and (people.resolve(match.group(1), surname_only=False) or reads_as_name(match.group(1))):
            kind = "councillor" if re.match(r"(?i)cllr|councillor", match.group(1)) else "guest"
            return people.resolve_or_stub(match.group(1), kind)
    return ""


def _first_paragraph_after(lines: list[str], heading: str) -> str:
    for index, line in enumerate(lines):
        if (heading_text(line) or "").lower() == heading:
            for later in lines[index + 1:]:
                if later.strip() and heading_text(later) is None:
                    return plain(later) if len(later) <= 700 else plain(later)[:697].rsplit(" ", 1)[0] + " ..."
            break
    return ""
