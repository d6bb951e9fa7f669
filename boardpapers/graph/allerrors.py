"""Every error at once: after files failed to read or validate, the documents that did are still linked, so that
their broken references, anchors and declarations are reported in the same run, not one build later.

A reference to something a broken file would have defined is not reported: the file's own error says what to
fix, and the reference may well be right. Such a target is any id or word the broken file's text contains
(explicit ids, topics, numbers), an item or derived decision/action id of a meeting with a broken item file, and
the items of a meeting whose index.md is broken (not orphans: their meeting is there, only unreadable).
"""

from __future__ import annotations

import re

from boardpapers.content.publish import apply_publishing
from boardpapers.core.diagnostics import Diagnostics
from boardpapers.graph.checks import check_graph
from boardpapers.graph.link import link
from boardpapers.markdown.convert import MarkdownCache, render_markdown

MAYBE_MISSING = ("unknown-ref", "orphan-item", "unpublished-ref")  # a broken file read as withheld: a draft
DERIVED_RE = re.compile(r"^[ad]-(\d{4}(?:-\d{2}-\d{2})?-[a-z0-9-]+?)-\d{1,3}[a-z]?-\d+\Z")


def report_the_rest(content, sources, entries: dict, now, drafts: bool, markdown: MarkdownCache | None,
                    diags: Diagnostics) -> None:
    """Link `content` (what validated) and add the problems found to `diags`, but those a broken file may cause.
    `entries`: the build cache's SourceEntry by file; `markdown`: its markdown cache (read, not pruned)."""
    broken = [s for s in sources if s.kind not in ("attachment", "translation") and _failed(entries.get(s.rel))]
    found = Diagnostics()
    cache = None
    if markdown is not None:
        cache = MarkdownCache()
        cache.entries = dict(markdown.entries)  # render_markdown prunes what it is given to what it used
    published = apply_publishing(content, now, drafts)
    graph = link(published, render_markdown(published.content, found, cache), now, found)
    check_graph(graph, found)
    texts = [_text(s.path) for s in broken] + [s.id for s in broken if s.kind in ("board", "person", "paper")]
    meetings = {s.meeting_id for s in broken if s.kind in ("item", "meeting")}
    unreadable_meetings = {s.meeting_id for s in broken if s.kind == "meeting"}
    for problem in found.items:
        if problem.code in MAYBE_MISSING and _maybe_in_broken(problem.message, texts, meetings, unreadable_meetings):
            continue
        diags.items.append(problem)


def _failed(entry) -> bool:
    return entry is None or entry.model is None or any(d.severity == "error" for d in entry.diagnostics)


def _text(path) -> str:
    try:
        return path.read_bytes().decode("utf-8", "replace")
    except OSError:
        return ""


def _maybe_in_broken(message: str, texts: list[str], meetings: set, unreadable_meetings: set) -> bool:
    quoted = re.findall(r"'([^']+)'", message)
    for target in quoted:
        bare = target.removeprefix("topic:")
        if any(bare in text for text in texts):  # its text names it (an explicit id, a topic), or it is its id
            return True
        meeting = target.split("/", 1)[0] if "/" in target else ""
        derived = DERIVED_RE.match(target)
        if meeting in meetings or (derived and derived.group(1) in meetings) or target in meetings:
            return True
    orphan = re.search(r"item has no meeting: (\S+)/index\.md", message)
    return bool(orphan and orphan.group(1) in unreadable_meetings)
