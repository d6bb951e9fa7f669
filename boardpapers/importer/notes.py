"""What an import is unsure of, each at a line: `path:line: warning[code]: message`.

A line is a line of the source as the importer read it (the text extract itself, or for a PDF the text it was
turned into, with its page named in the message), so the clerk can open the pack at that spot and compare.
Any warning makes the import exit with status 3: written, with things to review."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Note:
    path: str
    line: int
    code: str
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: warning[{self.code}]: {self.message}"


@dataclass
class Notes:
    path: str = ""
    pages: list = field(default_factory=list)  # line index -> page number (PDF sources), else empty
    items: list = field(default_factory=list)

    def warn(self, line: int, code: str, message: str) -> None:
        """line: 1-based line of the source (0 when the spot has no line)."""
        if self.pages and 0 < line <= len(self.pages):
            message += f" (page {self.pages[line - 1]})"
        note = Note(self.path, line, code, message)
        if note not in self.items:
            self.items.append(note)

    def sorted(self) -> list[Note]:
        return sorted(self.items, key=lambda n: (n.line, n.code, n.message))
