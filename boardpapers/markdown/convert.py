"""Stage 5, markdown: every markdown field of the published content -> HTML, plus the [[references]] in bodies.

Pure and parallel: the texts go to forked workers when there are many (core.forkpool). The results are kept per
content file (`FileMarkdown`), so that the build cache can hand back those of files unchanged since the last
build (`known`) and only changed files are rendered again.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Mapping
from dataclasses import dataclass

from markdown_it import MarkdownIt

from boardpapers.content.models import Content, Ref
from boardpapers.core.diagnostics import SourcePos
from boardpapers.core.fastpaths import plain
from boardpapers.core.forkpool import cores, ranges, spread
from boardpapers.core.slotstate import speed_up_pickling
from boardpapers.markdown.fastmd import Slugs, render_body
from boardpapers.markdown.wikilinks import wikilinks_plugin

SAFE_SCHEMES = ("http:", "https:", "mailto:", "tel:")


def slugify(text: str) -> str:
    """Heading ids: lower-case, runs of anything but letters and digits become one hyphen."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "section"


def _validate_link(url: str) -> bool:
    """Allow web, mail and phone links and relative ones; `javascript:`, `data:`, `vbscript:` are never links."""
    candidate = re.sub(r"[\x00-\x20\x7f]+", "", url).lower()
    if ":" not in candidate.split("/")[0].split("?")[0].split("#")[0]:
        return True
    return candidate.startswith(SAFE_SCHEMES)


def make_parser(anchors: bool = True) -> MarkdownIt:
    # html off: raw HTML in papers is shown as text, never executed. Its two rules then never match, but would
    # still be tried at every line and every `<`: off too (the same output, ~2% less time).
    md = MarkdownIt("commonmark", {"html": False, "typographer": False}).enable(["table", "strikethrough"])
    md.disable(["html_block", "html_inline"])
    md.validateLink = _validate_link
    md.use(wikilinks_plugin)
    if anchors:
        md.core.ruler.push("anchor", _heading_ids)
    return md


def _heading_ids(state) -> None:
    """Heading ids for h2-h4, as mdit_py_plugins' anchors_plugin(min_level=2, max_level=4, slug_func=slugify)
    gives them (no permalink, no explicit ids: attributes are not enabled), with fastmd.Slugs' linear-time
    suffixes instead of its quadratic ones."""
    slugs = Slugs()
    tokens = state.tokens
    for idx, token in enumerate(tokens):
        if token.type != "heading_open" or token.tag not in ("h2", "h3", "h4"):
            continue
        children = tokens[idx + 1].children or ()
        title = "".join(child.content for child in children if child.type in ("text", "code_inline"))
        token.attrSet("id", slugs.unique(slugify(title)))


_PARSERS: dict[bool, MarkdownIt] = {}
# One line of words and harmless punctuation: no character that starts any block or inline rule of ours
# (# > - + * _ ` [ ] ! < & \\ | ~ =, a leading digit, indentation, a second line), so markdown-it's output is
# exactly one escaped paragraph. Most front-matter fields (decisions, actions, recommendations) are like this,
# and a full parse costs ~80 µs each; tests compare this path with markdown-it over generated text.
PLAIN_RE = re.compile(r"[A-Za-z][A-Za-z0-9 ,.;:'\"()?/%£$€–—’‘“”-]*[A-Za-z0-9,.;:'\"()?/%£$€–—’‘“”-]|[A-Za-z]")


def render(text: str, anchors: bool = False, fast: bool | None = None) -> tuple[str, list]:
    """-> (html, [(target, label, line0)]) for one markdown string. `fast` False: markdown-it alone (None: unless
    BOARDPAPERS_PLAIN says so, core.fastpaths)."""
    if not text:
        return "", []
    if fast is None:
        fast = not plain("markdown")
    line = text[:-1] if text.endswith("\n") else text
    if fast and not anchors and PLAIN_RE.fullmatch(line):
        return f"<p>{line.replace(chr(34), '&quot;')}</p>\n", []
    done = render_body(text, slugify, anchors) if fast else None  # bodies of the usual shape: ~8x faster
    if done is not None:
        return done
    md = _PARSERS.get(anchors) or _PARSERS.setdefault(anchors, make_parser(anchors))
    env: dict = {}
    return md.render(text, env), env.get("wikilinks", [])


# Rendered HTML is held compressed from the moment a worker renders it (in the markdown cache and in
# `graph.html`): at 100k items it was ~0.7 GB of str for the build's whole life, while a page reads a few
# entries. Short HTML (most front-matter fields) is kept as it is: zlib would save little and cost a call.
PACK_AT = 400
PACK_LEVEL = 1  # fast: HTML still shrinks 3-4 times


def pack(html: str) -> str | bytes:
    if len(html) < PACK_AT:
        return html
    return zlib.compress(html.encode("utf-8", "surrogatepass"), PACK_LEVEL)


def unpack(packed: str | bytes) -> str:
    return packed if type(packed) is str else zlib.decompress(packed).decode("utf-8", "surrogatepass")


class HtmlMap(Mapping):
    """`graph.html`: markdown output by "<kind>:<id>:<field>", as str, from `packed` (values as `pack` gave)."""

    def __init__(self, packed: dict):
        self.packed = packed

    def __getitem__(self, key: str) -> str:
        return unpack(self.packed[key])

    def __contains__(self, key) -> bool:
        return key in self.packed

    def __iter__(self):
        return iter(self.packed)

    def __len__(self) -> int:
        return len(self.packed)


@dataclass(frozen=True)
class Job:
    key: str  # "<kind>:<id>:<field>"
    text: str
    source: str  # file, for positions
    first_line: int  # the file line of the text's first line (bodies); 0 = front matter (no scan)
    owner: str
    anchors: bool = False


@dataclass(frozen=True, slots=True)
class FileMarkdown:
    """What the markdown fields of one content file's published document rendered to."""

    html: dict  # "<kind>:<id>:<field>" -> HTML, as `pack` keeps it
    refs: tuple[Ref, ...]  # the [[references]] its bodies hold, at their file lines


@dataclass(frozen=True)
class MarkdownOut:
    html: HtmlMap  # key -> html
    refs: tuple[Ref, ...]
    rendered: Mapping[str, FileMarkdown]  # source file -> its markdown, for the files rendered by this build


def documents(content: Content) -> list:
    """Every document that has markdown fields, in the order their keys are listed."""
    return [*content.boards, *content.people, *content.papers, *content.meetings, *content.items]


def jobs_of(doc) -> list[Job]:
    """The markdown texts of one document (an item's include its decisions', actions' and updates')."""
    jobs: list[Job] = []

    def add(key, text, first_line=0, anchors=False):
        if text:
            jobs.append(Job(key, text, doc.source, first_line, doc.id, anchors))

    kind = type(doc).__name__.lower()
    if kind != "item":
        add(f"{kind}:{doc.id}:body", doc.body, doc.body_line, True)
        if kind == "paper":
            add(f"paper:{doc.id}:summary", doc.summary)
        for c in getattr(doc, "corrections", ()):  # a meeting's corrections
            add(f"correction:{c.id}:what", c.what)
            add(f"correction:{c.id}:why", c.why)
        return jobs
    for name in ("purpose", "summary", "report_action", "financial_implications", "wales_implications", "minutes"):
        add(f"item:{doc.id}:{name}", getattr(doc, name))
    for n, rec in enumerate(doc.recommendations):
        add(f"item:{doc.id}:rec{n}", rec)
    add(f"item:{doc.id}:body", doc.body, doc.body_line, True)
    for d in doc.decisions:
        add(f"decision:{d.id}:text", d.text)
        if d.vote is not None:
            add(f"decision:{d.id}:vote_note", d.vote.note)
    for c in doc.corrections:
        add(f"correction:{c.id}:what", c.what)
        add(f"correction:{c.id}:why", c.why)
    for a in doc.actions:
        add(f"action:{a.id}:text", a.text)
    for u in doc.updates:
        add(f"update:{u.id}:progress", u.progress)
    return jobs


def render_packed(text: str, anchors: bool, fast: bool | None = None) -> tuple[str | bytes, list]:
    """`render`, its HTML as `pack` keeps it."""
    html, links = render(text, anchors, fast)
    return pack(html), links


PARALLEL_TEXTS = 400  # below this a pool costs more to start than it saves


def render_markdown(content: Content, diags, known: Mapping[str, FileMarkdown] | None = None,
                    workers: int = 0) -> MarkdownOut:
    """`known`: {source file: FileMarkdown} from an earlier build of the files unchanged since (the build cache's);
    every other document is rendered."""
    known = known or {}
    found: list[tuple[str, FileMarkdown | list[Job]]] = []
    todo: list[Job] = []
    for doc in documents(content):
        done = known.get(doc.source)
        if done is None:
            done = jobs_of(doc)
            todo.extend(done)
        found.append((doc.source, done))
    workers = cores(workers) if len(todo) >= PARALLEL_TEXTS else 1
    size = max(50, len(todo) // (workers * 4))
    results = {}
    for batch in spread(_render_range, (todo, not plain("markdown")), ranges(len(todo), size), workers):
        results.update(batch)
    html: dict = {}
    refs: list[Ref] = []
    rendered: dict[str, FileMarkdown] = {}
    for source, done in found:
        if type(done) is list:
            done = rendered[source] = _file_markdown(done, results)
        html.update(done.html)
        refs.extend(done.refs)
    return MarkdownOut(HtmlMap(html), tuple(refs), rendered)


def _render_range(shared: tuple[list[Job], bool], bounds: tuple[int, int]) -> dict:
    todo, fast = shared
    return {job.key: render_packed(job.text, job.anchors, fast) for job in todo[bounds[0]:bounds[1]]}


def _file_markdown(jobs: list[Job], results: dict) -> FileMarkdown:
    refs = []
    for job in jobs:
        if job.first_line:  # bodies; front-matter fields' references were recorded with lines by `Fields.text`
            for target, label, line0 in results[job.key][1]:
                refs.append(Ref("any", target, SourcePos(job.source, job.first_line + line0), job.owner, label))
    return FileMarkdown({job.key: results[job.key][0] for job in jobs}, tuple(refs))


speed_up_pickling(globals())  # kept per content file in the build cache
