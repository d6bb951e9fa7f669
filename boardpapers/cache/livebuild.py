"""`serve`'s shortcut for the commonest edit, a report's text: keep the last build's graph and page jobs.

When only bodies changed (`pagecache.body_edits`: the same files, front matter and [[references]]), a full build
would publish, render the markdown lookups of every document, link and route again only to arrive at the graph
and jobs it had, but for `graph.html` of the edited bodies (models stand for their front matter, and ids,
backlinks, routes and global facts derive from front matter and references alone). The server keeps them in
memory between builds (`Live`), so such a rebuild renders the edited bodies' markdown, swaps them into a copy of
`graph.html` and goes on to plan and render as usual. A CLI build has no earlier graph in memory and always
takes the full path; tests/test_incremental.py compares both with clean builds.

The shortcut is refused (full path) unless the last build in this process succeeded and left the cache's source
entries exactly as this build found them (same objects: a failed or interrupted build in between forgets it),
routing read no markdown and not the part of the clock that moved (the date, or the time), and the publishing
rules cannot have changed (`body_edits` is only asked when the clock does not matter).
"""

from __future__ import annotations

import dataclasses

from boardpapers.markdown.convert import HtmlMap, Job, render_packed


@dataclasses.dataclass
class Live:
    graph: object = None  # link.Graph of the last good build
    jobs: tuple = ()  # its page jobs (route)
    route_keys: frozenset = frozenset()  # what routing read of the graph
    tokens: dict = dataclasses.field(default_factory=dict)  # deps.model_tokens of the graph's models
    sources: dict = dataclasses.field(default_factory=dict)  # the cache's source entries after that build
    warnings: tuple = ()  # the diagnostics publish/markdown/link/check/route gave (shown again)

    def take(self) -> Live:
        """-> what is held, forgetting it here: only a build that succeeds holds a graph again."""
        held = dataclasses.replace(self)
        self.__init__()
        return held

    def keep(self, graph, jobs, route_keys, tokens: dict, sources: dict, warnings) -> None:
        self.graph, self.jobs, self.route_keys, self.tokens = graph, jobs, frozenset(route_keys), tokens
        self.sources, self.warnings = sources, tuple(warnings)

    def reuse(self, before: dict, now_sources: dict, bodies: frozenset, now, markdown_cache):
        """-> (graph, jobs, route keys, model tokens) for this build, or None for the full path. `before`: the
        source entries as this build found them, `now_sources` as it left them after reading."""
        graph = self.graph
        if graph is None or not bodies or len(before) != len(self.sources):
            return None
        if any(before.get(rel) is not entry for rel, entry in self.sources.items()):
            return None
        if any(key[:2] == ("g", "html") for key in self.route_keys):
            return None
        if (("g", "now") in self.route_keys and now != graph.now) or (
                ("g", "today") in self.route_keys and now.date() != graph.now.date()):
            return None  # routes that follow the clock (next meetings) may differ
        html = dict(graph.html.packed)
        for rel, entry in now_sources.items():
            if before[rel] is entry or before[rel].digest == entry.digest:
                continue
            model = entry.model
            key = f"{type(model).__name__.lower()}:{model.id}:body"
            if key not in bodies:
                return None
            if key in html:  # else not published with a body (withheld, exempt): nothing to show
                html[key] = _body_html(model, markdown_cache)
        return dataclasses.replace(graph, html=HtmlMap(html), now=now), self.jobs, set(self.route_keys), self.tokens


def _body_html(model, cache) -> str | bytes:
    """A body as `markdown.render_markdown` renders it (with heading anchors, as `pack` keeps it), from the
    markdown cache when the read stage has already rendered it there."""
    job = Job(f"{type(model).__name__.lower()}:{model.id}:body", model.body, model.source, model.body_line,
              model.id, True)
    if cache is None:
        return render_packed(job.text, True)[0]
    digest = cache.digest(job)
    hit = cache.entries.get(digest)
    if hit is None:
        hit = cache.entries[digest] = render_packed(job.text, True)
    return hit[0]
