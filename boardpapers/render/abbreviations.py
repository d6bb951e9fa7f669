"""Abbreviations in plain words: a board's short name ("IIB") and the site's glossary (`abbreviations:` in
site.yaml) are spelled out where a page first uses them and marked up as <abbr> everywhere.

This runs over each rendered page rather than inside the layouts: a meeting's label ("IIB 21 January 2014") is
made once per build and shown on hundreds of pages, and only the page as a whole knows which use comes first.
The first use inside <main> is written out, "Improvement and Innovation Board (<abbr>IIB</abbr>)", unless the
page has already given the full name before it (a report that says "Local Government Association (LGA)");
every other use, and any before <main> (breadcrumbs), is `<abbr title="...">IIB</abbr>`. Text inside tags,
<abbr>, <code>, <pre>, <script>, <style>, <option>, <textarea>, <title> and the hidden search metadata block is
left as it is, so no attribute, filter value or code sample changes.
"""

from __future__ import annotations

import re
from functools import lru_cache
from html import escape

SKIP = ("abbr", "code", "pre", "script", "style", "option", "textarea", "title")


def site_abbreviations(graph) -> tuple[tuple[str, str], ...]:
    """(short form, what it stands for): each board's short name, then the site's glossary (which wins)."""
    found = {board.short_name: board.name for board in graph.boards.values() if board.short_name}
    found.update(graph.config.abbreviations)
    return tuple(sorted(found.items()))


@lru_cache(maxsize=8)
def _pattern(shorts: tuple[str, ...]) -> re.Pattern:
    words = "|".join(re.escape(s) for s in sorted(shorts, key=len, reverse=True))
    skip = "|".join(SKIP)
    return re.compile(rf"<div hidden[^>]*>.*?</div>|<({skip})\b.*?</\1>|<main\b|(?<![\w&/#.-])({words})(?![\w-])",
                      re.S)


def expand(html: str, abbreviations: tuple[tuple[str, str], ...]) -> str:
    """The page with its abbreviations marked up (see the module's docstring)."""
    if not abbreviations:
        return html
    body = html.find("<body")
    if body < 0 or not any(short in html for short, _ in abbreviations):
        return html
    full = dict(abbreviations)
    lowered = html.lower()
    pattern = _pattern(tuple(full))
    out, at, main, spelled = [], body, -1, set()
    hidden = []  # the hidden search metadata blocks in <main>: their text is not what a reader has seen
    for match in pattern.finditer(html, body):
        word = match.group(2)
        if word is None:
            if match.group(0) == "<main":
                main = match.start()
            elif main >= 0 and match.group(0).startswith("<div hidden"):
                hidden.append(match.span())
            continue
        start = match.start()
        if html.rfind("<", 0, start) > html.rfind(">", 0, start):
            continue  # inside a tag: an attribute's value
        meaning = full[word]
        out.append(html[at:start])
        if main >= 0 and word not in spelled:
            spelled.add(word)
            if not _said(lowered, meaning.lower(), main, start, hidden):
                out.append(f"{escape(meaning)} (<abbr>{word}</abbr>)")
                at = match.end()
                continue
        out.append(f'<abbr title="{escape(meaning)}">{word}</abbr>')
        at = match.end()
    if not out:
        return html
    out.append(html[at:])
    return html[:body] + "".join(out)


def _said(lowered: str, words: str, start: int, end: int, hidden: list) -> bool:
    """Whether `words` stand in the page between start and end, outside the hidden blocks."""
    for skip_start, skip_end in hidden:
        if skip_start > start and lowered.find(words, start, min(skip_start, end)) >= 0:
            return True
        start = max(start, skip_end)
    return start < end and lowered.find(words, start, end) >= 0
