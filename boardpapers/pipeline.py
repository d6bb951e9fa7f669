"""The build, one stage a line (see the package docstring); `build()` is what the CLI and the server call."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from .assets import collect_assets, collect_attachments
from .checks import check_graph
from .diagnostics import BuildFailed, Diagnostics
from .discover import discover
from .link import Graph, link
from .markdown import MarkdownCache, render_markdown
from .publish import apply_publishing, now_in
from .read import read_all
from .render import make_env, render_pages
from .route import route
from .search import index_site
from .siteview import SiteView
from .validate import validate
from .write import WriteResult, clean_leftovers, plan, stage, swap_in


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

    def __post_init__(self):
        project = self.content_dir.resolve().parent
        self.layouts_dir = self.layouts_dir or _default_dir(project, "layouts")
        self.assets_dir = self.assets_dir or _default_dir(project, "assets")


def _default_dir(project: Path, name: str) -> Path:
    """A project's own layouts/assets when it has them, else the ones shipped beside this package."""
    own = project / name
    return own if own.is_dir() else Path(__file__).resolve().parent.parent / name


@dataclass
class BuildResult:
    graph: Graph | None = None
    outputs: dict = field(default_factory=dict)
    written: WriteResult | None = None
    diagnostics: Diagnostics = field(default_factory=Diagnostics)
    record: dict = field(default_factory=dict)  # output path -> (layouts used, ids used)


def abort_if_errors(diags: Diagnostics) -> None:
    if diags.has_errors:
        raise BuildFailed(diags)


def build(opts: Options, cache: MarkdownCache | None = None) -> BuildResult:
    diags = Diagnostics()
    sources = discover(opts.content_dir, diags)
    docs = read_all(sources, diags)
    content = validate(docs, [s for s in sources if s.kind == "attachment"], diags)
    abort_if_errors(diags)
    now = now_in(content.config.timezone, opts.now)
    published = apply_publishing(content, now, opts.drafts)
    markdown = render_markdown(published.content, diags, cache)
    graph = link(published, markdown, now, diags)
    check_graph(graph, diags)
    abort_if_errors(diags)
    jobs = route(graph, diags)
    site = SiteView(graph)
    site.assets, outputs = collect_assets(opts.assets_dir)
    outputs.update(collect_attachments(graph, content.attachments, diags))
    record: dict = {}
    project = opts.content_dir.resolve().parent
    outputs.update(render_pages(jobs, site, make_env(opts.layouts_dir), opts.layouts_dir, project, diags, record))
    abort_if_errors(diags)
    result = BuildResult(graph, outputs, None, diags, record)
    if opts.write:
        result.written = write_site(outputs, opts, diags)
    return result


def write_site(outputs: dict[str, bytes], opts: Options, diags: Diagnostics) -> WriteResult:
    out_dir = opts.out_dir
    clean_leftovers(out_dir)
    skip = ("pagefind",) if opts.search else ()
    result = plan(outputs, out_dir, skip)
    has_index = (out_dir / "pagefind" / "pagefind.js").is_file()
    if not result.swapped and (has_index or not opts.search):
        return result  # nothing changed: site/ stays untouched, down to its inode
    staging = stage(outputs, out_dir, result)
    try:
        if opts.search:
            index_site(staging, diags)
            abort_if_errors(diags)
        swap_in(staging, out_dir)
    except BaseException:
        import shutil

        shutil.rmtree(staging, ignore_errors=True)
        raise
    return result
