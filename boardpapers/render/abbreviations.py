"""Abbreviations in plain words: a board's short name ("IIB") and the site's glossary (`abbreviations:` in
site.yaml) are spelled out where a page first uses them and marked up as <abbr> everywhere.

This runs over each rendered page rather than inside the layouts: a meeting's label ("IIB 21 January 2014") is
made once per build and shown on hundreds of pages, and only the page as a whole knows which use comes first.
The first use inside <main> is written out, "Improvement and Innovation Board (<abbr>IIB</abbr>)", unless the
page has already given the full name before it, or the text defines it there ("... Adult Social Care (ADASS)");
every other use, and any before <main> (breadcrumbs), is `<abbr title="...">IIB</abbr>`. Text inside tags,
<abbr>, <code>, <pre>, <script>, <style>, <option>, <textarea>, <title> and the hidden search metadata block is
left as it is, so no attribute, filter value or code sample changes.
"""

from __future__ import annotations

import functools
import re
from html import escape

SKIP = ("abbr", "code", "pre", "script", "style", "option", "textarea", "title")


SKIP_RE = re.compile(rf"<(?:div hidden[^>]*>.*?</div>|({'|'.join(SKIP)})\b.*?</\1>)", re.S)
WORD = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_")
BEFORE = WORD | frozenset("&/#.-")  # not after these: part of a word, an entity, a path, an id
AFTER = WORD | frozenset("-")


def expand(html: str, abbreviations: tuple[tuple[str, str], ...]) -> str:
    """The page with its abbreviations marked up (see the module's docstring). Every page passes through here,
    so the page is searched once for all the short forms (`_finder`), not once for each."""
    body = html.find("<body")
    if body < 0 or not abbreviations:
        return html
    hits = []
    finder = _finder(tuple(short for short, _ in abbreviations))
    found = finder.search(html, body)
    while found is not None:
        at = found.start()
        # The longest short form found here; if it is part of a longer word, a shorter one may still stand
        # ("LGA" in "LGA Walesx"), and one may start further inside it.
        word = next((short for short in finder.shorts if html.startswith(short, at) and _alone(html, at, short)),
                    None)
        if word is not None:
            hits.append((at, word))
            found = finder.search(html, at + len(word))
        else:
            found = finder.search(html, at + 1)
    if not hits:
        return html
    main = html.find("<main", body)
    skipped = [m.span() for m in SKIP_RE.finditer(html, body)] + [(len(html), len(html))]
    hidden = [span for span in skipped if html.startswith("<div hidden", span[0])]
    full = dict(abbreviations)
    out, at, spelled, region = [], body, set(), 0
    for start, word in hits:
        while skipped[region][1] <= start:
            region += 1
        if skipped[region][0] <= start or html.rfind("<", 0, start) > html.rfind(">", 0, start):
            continue  # in code, an option, the search metadata ..., or inside a tag: an attribute's value
        meaning = full[word]
        out.append(html[at:start])
        at = start + len(word)
        if 0 <= main < start and word not in spelled:
            spelled.add(word)
            # "(LGA)" right after a name: the text defines the abbreviation itself, perhaps in its own words
            defined = html[start - 1] == "(" and html.startswith(")", at)
            if not defined and not _said(html, meaning, main, start, hidden):
                out.append(f"{escape(meaning)} (<abbr>{word}</abbr>)")
                continue
        out.append(f'<abbr title="{escape(meaning)}">{word}</abbr>')
    if not out:
        return html
    out.append(html[at:])
    return html[:body] + "".join(out)


def _alone(html: str, at: int, short: str) -> bool:
    end = at + len(short)
    return html[at - 1] not in BEFORE and (end >= len(html) or html[end] not in AFTER)


class _Finder:
    """One pattern for all the short forms: Python's regular expressions skip, in C, every position whose
    character starts none of them, where a find per short form went over the page once for each (at 10,000
    items, a tenth of rendering the pages)."""

    def __init__(self, shorts: tuple[str, ...]):
        self.shorts = tuple(sorted(set(shorts), key=lambda s: (-len(s), s)))  # longest first
        self.search = re.compile("|".join(map(re.escape, self.shorts))).search


@functools.lru_cache(maxsize=16)
def _finder(shorts: tuple[str, ...]) -> _Finder:
    return _Finder(shorts)


def _said(html: str, words: str, start: int, end: int, hidden: list) -> bool:
    """Whether `words` (any case) stand in the page between start and end, outside the hidden blocks."""
    spans = []
    for skip_start, skip_end in hidden:
        if skip_start > start:
            spans.append((start, min(skip_start, end)))
        start = max(start, skip_end)
    spans.append((start, end))
    spans = [(a, b) for a, b in spans if a < b]
    if any(html.find(words, a, b) >= 0 for a, b in spans):  # as written: the usual case, and the fast one
        return True
    pattern = re.compile(re.escape(words), re.I)
    return any(pattern.search(html, a, b) for a, b in spans)
