"""Diagnostics that carry source positions, collected across a whole build and reported at once.

Every stage appends to one `Diagnostics`; the pipeline aborts after a stage that found errors, so that an author
sees every mistake of a kind in one run instead of fixing them one build at a time.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field

from boardpapers.core.slotstate import speed_up_pickling


@dataclass(frozen=True, order=True, slots=True)
class SourcePos:
    """A 1-based position in a file; `path` is relative to the project (e.g. content/people/x.md)."""

    path: str
    line: int = 0
    col: int = 0

    def __str__(self) -> str:
        if self.line and self.col:
            return f"{self.path}:{self.line}:{self.col}"
        if self.line:
            return f"{self.path}:{self.line}"
        return self.path


@dataclass(frozen=True, order=True, slots=True)
class Diagnostic:
    pos: SourcePos
    severity: str  # "error" or "warning"
    code: str
    message: str
    hint: str = ""

    def format(self) -> str:
        text = f"{_one_line(str(self.pos))}: {self.severity}[{self.code}]: {_one_line(self.message)}"
        if self.hint:
            text += f"\n  hint: {_one_line(self.hint)}"
        return text


_CONTROL = re.compile("[\x00-\x1f\x7f\x85\u2028\u2029]")


def _one_line(text: str) -> str:
    """A line break in a file name or a quoted value is shown escaped (\\n): one diagnostic stays one line."""
    return _CONTROL.sub(lambda m: m.group().encode("unicode_escape").decode(), text)


@dataclass
class Diagnostics:
    """Collector; never raises by itself. `BuildFailed` is raised by the pipeline between stages."""

    items: list[Diagnostic] = field(default_factory=list)

    def error(self, pos: SourcePos, code: str, message: str, hint: str = "") -> None:
        self.items.append(Diagnostic(pos, "error", code, message, hint))

    def warning(self, pos: SourcePos, code: str, message: str, hint: str = "") -> None:
        self.items.append(Diagnostic(pos, "warning", code, message, hint))

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.items if d.severity == "error"]

    @property
    def has_errors(self) -> bool:
        return any(d.severity == "error" for d in self.items)

    def sorted(self) -> list[Diagnostic]:
        # Deduplicate (a stage may meet the same bad value twice) and order by file and line for reading.
        return sorted(set(self.items), key=lambda d: (d.pos.path, d.pos.line, d.pos.col, d.code, d.message))

    def format(self) -> str:
        return "\n".join(d.format() for d in self.sorted())


class BuildFailed(Exception):
    """Raised between stages when the collector holds errors; carries them for the CLI and the dev server."""

    def __init__(self, diagnostics: Diagnostics):
        super().__init__(f"{len(diagnostics.errors)} error(s)")
        self.diagnostics = diagnostics


def did_you_mean(word: str, candidates) -> str:
    """A hint naming the closest known id, or ''."""
    close = difflib.get_close_matches(word, list(candidates), n=1, cutoff=0.6)
    return f"did you mean '{close[0]}'?" if close else ""


speed_up_pickling(globals())  # cached with every source file: see slotstate


def abort_if_errors(diags: Diagnostics) -> None:
    if diags.has_errors:
        raise BuildFailed(diags)
