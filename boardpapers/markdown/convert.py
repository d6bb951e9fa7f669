"""Stage 4, markdown: every markdown field -> HTML, plus the [[references]] found in bodies.

Pure and parallel: the stage hands the work to a process pool when there is enough of it, and results are keyed
so that a cache by content hash can reuse them (`MarkdownCache`).
"""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import re
import zlib
from collections.abc import Mapping
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass

from markdown_it import MarkdownIt
from mdit_py_plugins.anchors import anchors_plugin

from boardpapers.content.models import Content, Ref
from boardpapers.core.diagnostics import SourcePos
from boardpapers.markdown.fastmd import render_body
from boardpapers.markdown.wikilinks import wikilinks_plugin

SAFE_SCHEMES = ("http:", "https:", "mailto:", "tel:")
PARALLEL_THRESHOLD = 400  # below this a pool costs more to start than it saves


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
        md.use(anchors_plugin, min_level=2, max_level=4, slug_func=slugify, permalink=False)
    return md


_PARSERS: dict[bool, MarkdownIt] = {}
# One line of words and harmless punctuation: no character that starts any block or inline rule of ours
# (# > - + * _ ` [ ] ! < & \\ | ~ =, a leading digit, indentation, a second line), so markdown-it's output is
# exactly one escaped paragraph. Most front-matter fields (decisions, actions, recommendations) are like this,
# and a full parse costs ~80 µs each; tests compare this path with markdown-it over generated text.
PLAIN_RE = re.compile(r"[A-Za-z][A-Za-z0-9 ,.;:'\"()?/%£$€–—’‘“”-]*[A-Za-z0-9,.;:'\"()?/%£$€–—’‘“”-]|[A-Za-z]")


def render(text: str, anchors: bool = False) -> tuple[str, list]:
    """-> (html, [(target, label, line0)]) for one markdown string."""
    if not text:
        return "", []
    line = text[:-1] if text.endswith("\n") else text
    if not anchors and PLAIN_RE.fullmatch(line):
        return f"<p>{line.replace(chr(34), '&quot;')}</p>\n", []
    fast = render_body(text, slugify, anchors)  # bodies of the usual shape: the same bytes, ~8x faster
    if fast is not None:
        return fast
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


@dataclass(frozen=True)
class MarkdownOut:
    html: HtmlMap  # key -> html
    refs: tuple[Ref, ...]


def collect_jobs(content: Content) -> list[Job]:
    jobs: list[Job] = []

    def add(key, text, source, first_line=0, owner="", anchors=False):
        if text:
            jobs.append(Job(key, text, source, first_line, owner, anchors))

    for b in content.boards:
        add(f"board:{b.id}:body", b.body, b.source, b.body_line, b.id, True)
    for p in content.people:
        add(f"person:{p.id}:body", p.body, p.source, p.body_line, p.id, True)
    for p in content.papers:
        add(f"paper:{p.id}:body", p.body, p.source, p.body_line, p.id, True)
        add(f"paper:{p.id}:summary", p.summary, p.source)
    for m in content.meetings:
        add(f"meeting:{m.id}:body", m.body, m.source, m.body_line, m.id, True)
        for c in m.corrections:
            add(f"correction:{c.id}:what", c.what, m.source)
            add(f"correction:{c.id}:why", c.why, m.source)
    for i in content.items:
        for name in ("purpose", "summary", "report_action", "financial_implications", "wales_implications",
                     "minutes"):
            add(f"item:{i.id}:{name}", getattr(i, name), i.source)
        for n, rec in enumerate(i.recommendations):
            add(f"item:{i.id}:rec{n}", rec, i.source)
        add(f"item:{i.id}:body", i.body, i.source, i.body_line, i.id, True)
        for d in i.decisions:
            add(f"decision:{d.id}:text", d.text, i.source)
            if d.vote is not None:
                add(f"decision:{d.id}:vote_note", d.vote.note, i.source)
        for c in i.corrections:
            add(f"correction:{c.id}:what", c.what, i.source)
            add(f"correction:{c.id}:why", c.why, i.source)
        for a in i.actions:
            add(f"action:{a.id}:text", a.text, i.source)
        for u in i.updates:
            add(f"update:{u.id}:progress", u.progress, i.source)
    return jobs


def render_packed(text: str, anchors: bool) -> tuple[str | bytes, list]:
    """`render`, its HTML as `pack` keeps it (what the markdown cache holds)."""
    html, links = render(text, anchors)
    return pack(html), links


def _run(batch: list[Job]) -> list[tuple[str, str | bytes, list]]:
    return [(job.key, *render_packed(job.text, job.anchors)) for job in batch]



class MarkdownCache:
    """Rendered HTML (as `pack` keeps it) by hash of (text, anchors): a rebuild re-renders only what changed."""

    def __init__(self):
        self.entries: dict[str, tuple[str | bytes, list]] = {}

    @staticmethod
    def digest(job: Job) -> str:
        return hashlib.blake2b(f"{job.anchors}\0{job.text}".encode(), digest_size=16).hexdigest()


def render_markdown(content: Content, diags, cache: MarkdownCache | None = None, workers: int = 0) -> MarkdownOut:
    jobs = collect_jobs(content)
    results: dict[str, tuple[str, list]] = {}
    todo = []
    kept: dict[str, tuple[str, list]] = {}  # the cache, pruned to what this build uses
    for job in jobs:
        digest = cache.digest(job) if cache else ""
        hit = cache.entries.get(digest) if cache else None
        if hit is not None:
            results[job.key] = kept[digest] = hit
        else:
            todo.append(job)
    workers = workers or (os.cpu_count() or 1)
    if len(todo) >= PARALLEL_THRESHOLD and workers > 1:
        size = max(50, len(todo) // (workers * 4))
        batches = [todo[i:i + size] for i in range(0, len(todo), size)]
        with ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("fork")) as pool:
            for batch_out in pool.map(_run, batches):
                for key, html, links in batch_out:
                    results[key] = (html, links)
    else:
        for key, html, links in _run(todo):
            results[key] = (html, links)
    if cache is not None:
        for job in todo:
            kept[cache.digest(job)] = results[job.key]
        cache.entries = kept
    refs = []
    for job in jobs:
        html, links = results[job.key]
        if not job.first_line:
            continue  # front-matter fields: their references were recorded with lines by `Fields.text`
        for target, label, line0 in links:
            refs.append(Ref("any", target, SourcePos(job.source, job.first_line + line0), job.owner, label))
    return MarkdownOut(HtmlMap({key: html for key, (html, _) in results.items()}), tuple(refs))
