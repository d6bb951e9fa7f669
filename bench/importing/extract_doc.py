"""The pages of a text extract: what a PDF-to-text converter prints page by page, before the page furniture.

A writer adds lines to a `Doc`; a page fills up by weight (a markdown converter prints a paragraph as one long
line, so it weighs its wrapped height), and a paragraph that does not fit is cut at a word, its tail carried to the
next page, as real extracts cut them. `Doc.render` then adds each style's furniture round every page: running heads,
"Page 34" footers, item marks ("Agenda Item 5b", "**Item 2**") where they belong, or where the noise misplaces them,
and resolves the agenda's page numbers (`page_ref`).
"""

from __future__ import annotations

import math
import random
import re
from dataclasses import dataclass, field

_REF = re.compile(r"\x00(first|last):([^\x00]*)\x00")


def page_ref(number: str, which: str = "first") -> str:
    """A placeholder for the page an item's paper starts (or ends) on, filled in once the pages are known."""
    return f"\x00{which}:{number}\x00"


@dataclass
class Page:
    kind: str  # cover, membership, sheet, agenda, report, restricted, note, schedule, filler
    item: str | None = None  # the agenda item whose paper this is
    first: bool = True  # the first page of its paper
    lines: list[str] = field(default_factory=list)
    weight: float = 0.0


class Doc:
    def __init__(self, capacity: float = 48, width: int = 100):
        self.capacity, self.width = capacity, width
        self.pages: list[Page] = []
        self.furniture: set[str] = set()  # every running head, footer and item mark printed (debris to drop)

    def page(self, kind: str, item: str | None = None) -> None:
        self.pages.append(Page(kind, item))

    def next_page(self) -> None:
        """A page break inside a section (the same paper goes on)."""
        last = self.pages[-1]
        self.pages.append(Page(last.kind, last.item, first=False))

    def weigh(self, line: str) -> float:
        return 0.6 if not line.strip() else max(1, math.ceil(len(line) / self.width))

    def add(self, *lines: str, split: bool = True) -> None:
        for line in lines:
            page = self.pages[-1]
            weight = self.weigh(line)
            room = self.capacity - page.weight
            if weight > room and page.weight > 0:
                if split and weight > 2 and room >= 2 and _prose(line):
                    head, tail = _cut_at(line, int(room - 1) * self.width)
                    if head:
                        page.lines.append(head)
                        self.next_page()
                        self._put(tail)
                        continue
                self.next_page()
            self._put(line)

    def cut(self, line: str) -> None:
        """This line cut by a page break near its middle (the writer's noise chose it)."""
        head, tail = _cut_at(line, len(line) // 2)
        if not head:
            self.add(line)
            return
        self.add(head, split=False)
        self.next_page()
        self._put(tail)

    def blank(self) -> None:
        if self.pages[-1].lines and self.pages[-1].lines[-1] != "":
            self._put("")

    def _put(self, line: str) -> None:
        page = self.pages[-1]
        page.lines.append(line)
        page.weight += self.weigh(line)

    def spans(self) -> dict[str, tuple[int, int]]:
        """item number -> (first page, last page), 1-based."""
        out: dict[str, list[int]] = {}
        for n, page in enumerate(self.pages, 1):
            if page.item:
                out.setdefault(page.item, [n, n])[1] = n
        return {k: (v[0], v[1]) for k, v in out.items()}

    def render(self, furniture, noise=None, mark_weight: float = 1.0) -> list[str]:
        """The text of each page. `furniture(page, n, total)` -> (mark lines, head lines, foot lines);
        `noise.misplace` may move a mark to the foot of the page before or below the page's first paragraph."""
        spans, total = self.spans(), len(self.pages)
        bodies = [list(p.lines) for p in self.pages]
        heads, feet = [], []
        for n, page in enumerate(self.pages, 1):
            mark, head, foot = furniture(page, n, total)
            self.furniture |= {line.strip() for line in (*mark, *head, *foot) if line.strip()}
            where = noise.misplace(" ".join(mark).strip(), mark_weight) if (mark and noise is not None) else ""
            if where == "before" and n > 1:
                bodies[n - 2] += ["", *mark]
            elif where == "inside" and "" in bodies[n - 1][1:]:
                at = bodies[n - 1].index("", 1)
                bodies[n - 1][at:at] = ["", *mark]
            else:
                head = [*head, *mark]
            heads.append(head)
            feet.append(foot)
        pages = []
        for head, body, foot in zip(heads, bodies, feet, strict=True):
            text = "\n".join([*head, *body, *foot])
            pages.append(_REF.sub(lambda m: str(spans.get(m.group(2), ("", ""))[0 if m.group(1) == "first" else 1]),
                                  text))
        return pages


def _prose(line: str) -> bool:
    s = line.lstrip()
    return bool(s) and not s.startswith(("#", "|", "<b>", "---")) and "\t" not in s


def _cut_at(line: str, limit: int) -> tuple[str, str]:
    """Cut before the last space at or before `limit` (never in the first or last few words)."""
    limit = max(20, min(limit, len(line) - 20))
    at = line.rfind(" ", 0, limit)
    if at <= 10:
        return "", line
    return line[:at], line[at + 1:]


def wrap(text: str, width: int, rng: random.Random, indent: str = "", first: str = "",
         hyphenate: float = 0.0) -> list[str]:
    """Plain-text lines as a PDF shows them: words wrapped at `width`, and now and then a long word hyphenated at
    the line end ('develop-' / 'ment'), as typeset packs are."""
    lines, line = [], first
    for word in text.split():
        room = width - len(line) - (1 if line.strip() else 0)
        if len(word) <= room:
            line = f"{line} {word}" if line.strip() else line + word
            continue
        if hyphenate and len(word) >= 8 and word.isalpha() and word.islower() and room >= 5 and \
                rng.random() < hyphenate:  # not names: typesetters keep proper nouns whole
            # after a vowel, before a consonant: roughly where a typesetter breaks ("develop-" / "ment")
            cuts = [n for n in range(3, min(room - 1, len(word) - 3) + 1)
                    if word[n - 1] in "aeiouy" and word[n] not in "aeiouy"]
            cut = max(cuts, default=0)
            if cut >= 3:
                lines.append(f"{line} {word[:cut]}-" if line.strip() else line + word[:cut] + "-")
                line, word = indent, word[cut:]
                line += word
                continue
        if line.strip():
            lines.append(line)
        line = indent + word
    if line.strip():
        lines.append(line)
    return lines
