"""What a build is asked to do (`Options`, from the command line) and what it gives back (`BuildResult`)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from boardpapers.core.diagnostics import Diagnostics


@dataclass
class Options:
    content_dir: Path = Path("content")
    out_dir: Path = Path("site")
    layouts_dir: Path | None = None  # default: layouts/ beside content/
    assets_dir: Path | None = None
    now: dt.datetime | None = None
    drafts: bool = False
    search: bool = True
    write: bool = True  # False: `check`
    in_place: bool = True  # small changes are moved into site/ file by file under a journal (sitewriter)
    cache: bool = True  # keep a build cache in .cache/ beside content/ (False: a clean full build)
    # Pagefind indexes in parts by span of years (search.parts), or one for the site; None: in parts above
    # parts.SPLIT_AT indexed pages, where one index costs a reader's query too much and is slow to redo.
    search_parts: bool | None = None
    # Pages per search part when split (search.parts.PART_PAGES when None): what a reader's first query opens.
    search_part_pages: int | None = None
    # A small edit is indexed alone on top of the year parts (searchrecent), whose bundles keep the edited pages'
    # old copies in their fragment files (public files, hidden only by the search page). True (`serve`, a
    # preview): whatever the edit. False (a build that publishes, the CLI): only while no old copy shows text its
    # page no longer has (searchstale: text was only added); else the year parts are indexed again (folded).
    search_overlay: bool = False

    def __post_init__(self):
        project = self.content_dir.resolve().parent
        self.layouts_dir = self.layouts_dir or _default_dir(project, "layouts")
        self.assets_dir = self.assets_dir or _default_dir(project, "assets")


def _default_dir(project: Path, name: str) -> Path:
    """A project's own layouts/assets when it has them, else the ones shipped beside this package."""
    own = project / name
    return own if own.is_dir() else Path(__file__).resolve().parent.parent / name


def _default_dir(project: Path, name: str) -> Path:
    """A project's own layouts/assets when it has them, else the ones shipped beside this package."""
    own = project / name
    return own if own.is_dir() else Path(__file__).resolve().parent.parent / name


@dataclass
class BuildResult:
    graph: object = None  # link.Graph
    outputs: Mapping = field(default_factory=dict)  # output path -> bytes (read from site/ when not rendered)
    written: object = None  # write.WriteResult
    diagnostics: Diagnostics = field(default_factory=Diagnostics)
    record: dict = field(default_factory=dict)  # output path -> (layouts used, ids used or None), pages rendered
