"""A page job: one output file, the layout (or function) that makes it and the view it is given."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class PageJob:
    path: str  # output path inside site/, e.g. "meetings/2014-01-21-iib/index.html"
    layout: str = ""  # a Jinja layout, or (with `produce`) ""
    view: dict = field(default_factory=dict)
    source: str = ""  # the content file it mainly shows (for error messages)
    produce: Callable | None = None  # a function (site view) -> bytes, for feeds, calendars and data files
    deps: frozenset = frozenset()  # ids this page shows, beyond what its layout looks up

    @property
    def url_path(self) -> str:
        return self.path[: -len("index.html")] if self.path.endswith("index.html") else self.path
