"""The source of an import as lines the parsers read: a text or markdown extract as it is, or a PDF turned into
the same kind of lines (pdf.py). Debris inside lines is fixed and page furniture blanked, line for line, so line
n of what the parsers see is line n of the source and every warning can point at it."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from . import debris, furniture
from .notes import Notes
from .pdf import Unreadable
from .text import normalise


@dataclass
class Source:
    path: Path
    text: str  # the extract (a PDF's as pdf.py made it)
    pages: list  # page number of each line (PDFs), else []

    @classmethod
    def read(cls, path: Path) -> Source:
        if path.suffix.lower() == ".pdf":
            from .pdf import extract

            text, pages = extract(path)
            return cls(path, text, pages)
        try:
            return cls(path, path.read_text(encoding="utf-8-sig"), [])
        except (OSError, UnicodeDecodeError) as exc:
            raise Unreadable(f"cannot read {path}: {exc}") from None


def prepare(text: str, organisation: str, notes: Notes) -> list[str]:
    """Lines with inline debris fixed and page furniture (and the organisation's logo read as text) blanked."""
    lines = [debris.fix_line(line, n, notes) for n, line in enumerate(normalise(text), 1)]
    for index in sorted(furniture.find(lines)):
        lines[index] = ""
    lines = [line.replace("\f", "") for line in lines]
    for index, line in enumerate(lines):
        if line.strip() and len(line) < 80 and debris.is_logo(line, organisation):
            lines[index] = ""
    return lines
