"""A markdown-it plugin for `[[id]]` and `[[id|label]]` references.

The inline rule only recognises the syntax and records what it found in `env["wikilinks"]` with its line; it
never looks anything up. The renderer writes a placeholder link that the link stage fills in once every id is
known (`resolve_placeholders`), so that markdown can be rendered in parallel and cached by content hash.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml
from markdown_it.rules_inline import StateInline

# Private-use characters cannot come from an author's link (markdown-it percent-encodes them in URLs and they
# never appear in ids), so a placeholder can only be one this plugin wrote.
HREF_OPEN, HREF_CLOSE, LABEL_OPEN, LABEL_CLOSE = "\ue000", "\ue001", "\ue002", "\ue003"
TARGET_RE = re.compile(r"^(?:topic:)?[a-z0-9][a-z0-9-]*(?:/[0-9]{1,3}[a-z]?)?\Z")
PLACEHOLDER_RE = re.compile(f"{HREF_OPEN}([^{HREF_CLOSE}]*){HREF_CLOSE}|{LABEL_OPEN}([^{LABEL_CLOSE}]*){LABEL_CLOSE}")


def wikilinks_plugin(md: MarkdownIt) -> None:
    md.inline.ruler.before("link", "wikilink", _wikilink_rule)
    md.core.ruler.push("wikilink_lines", _record_lines)
    md.add_render_rule("wikilink", _render_wikilink)


# `[[`, then up to the first `]]`, with no line break or `[` before it. Matched at the position (the search stops
# at the next `[` or line break): searching the rest of the text for `]]` at every `[` made 200,000 of them take
# 40 s. The same references as before: `]` alone may stand inside (`[[a]b]]` is "a]b").
WIKILINK_AT = re.compile(r"\[\[((?:[^\[\]\n]|\](?!\]))*+)\]\]")


def _wikilink_rule(state: StateInline, silent: bool) -> bool:
    start = state.pos
    if not state.src.startswith("[[", start):
        return False
    found = WIKILINK_AT.match(state.src, start)
    if found is None:
        return False
    inner, end = found.group(1), found.end(1)
    target, _, label = inner.partition("|")
    target, label = target.strip(), label.strip()
    if not target:
        return False
    if not silent:
        token = state.push("wikilink", "a", 0)
        token.meta = {"target": target, "label": label}
        token.content = inner
    state.pos = end + 2
    return True


def _record_lines(state) -> None:
    """Give each wikilink the line it stands on: the block's first line plus the line breaks before it."""
    found = state.env.setdefault("wikilinks", [])
    for block in state.tokens:
        if block.type != "inline" or not block.children:
            continue
        line = block.map[0] if block.map else 0
        for child in block.children:
            if child.type in ("softbreak", "hardbreak"):
                line += 1
            elif child.type == "wikilink":
                found.append((child.meta["target"], child.meta["label"], line))


def _render_wikilink(self, tokens, idx, options, env) -> str:
    target, label = tokens[idx].meta["target"], tokens[idx].meta["label"]
    if not TARGET_RE.match(target):
        # Not an id at all: keep the author's text visible; the link stage reports it as an error.
        return escapeHtml(f"[[{tokens[idx].content}]]")
    shown = escapeHtml(label) if label else f"{LABEL_OPEN}{target}{LABEL_CLOSE}"
    return f'<a class="ref" href="{HREF_OPEN}{target}{HREF_CLOSE}">{shown}</a>'


def resolve_placeholders(html: str, href: Callable[[str], str], label: Callable[[str], str]) -> str:
    """Fill in the placeholders: `href(target)` gives the URL, `label(target)` the escaped link text."""
    if HREF_OPEN not in html and LABEL_OPEN not in html:
        return html
    return PLACEHOLDER_RE.sub(lambda m: href(m.group(1)) if m.group(1) is not None else label(m.group(2)), html)
