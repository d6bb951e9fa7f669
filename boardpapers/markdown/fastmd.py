"""Markdown bodies of the usual shape rendered without markdown-it, to the same bytes.

Most report bodies are headings, one-line paragraphs, numbered paragraphs, short bullet lists and small tables
of figures, in words and harmless punctuation with the odd `[[reference]]`. markdown-it spends ~1 ms on each
(its block rules are tried at every line, list items parse their content recursively); this reads such a body
line by line in a fraction of that. Anything outside that shape (any other character or construct, a line that
could continue or interrupt another block, indentation, trailing spaces) returns None and markdown-it renders
the body as before. tests/test_fastmd.py compares both over generated bodies and every body of a generated site.
"""

from __future__ import annotations

import re

from boardpapers.markdown.wikilinks import HREF_CLOSE, HREF_OPEN, LABEL_CLOSE, LABEL_OPEN, TARGET_RE

# The characters of markdown.PLAIN_RE: none starts an inline rule of ours, so a run of them is one text token.
SAFE = "A-Za-z0-9 ,.;:'\"()?/%£$€–—’‘“”-"
# A reference as wikilinks._wikilink_rule reads it: `[[target]]` or `[[target|label]]`, the label in SAFE.
WIKI = rf"\[\[([a-z0-9][a-z0-9/:-]*)(?:\|([{SAFE}]+))?\]\]"
WIKI_RE = re.compile(WIKI)
# A paragraph or list item's text: starts with a letter (so it starts no block), ends with no space (no hard
# break, nothing stripped).
INLINE_RE = re.compile(rf"[A-Za-z](?:[{SAFE}]++|{WIKI})*+")  # possessive: no backtracking on a long line
HEADING_RE = re.compile(rf"(#{{1,6}}) ([A-Za-z](?:[{SAFE}]*[{SAFE.replace(' ', '')}])?)")
ORDERED_RE = re.compile(r"([1-9][0-9]{0,3})\. (.*)")
CELL_RE = re.compile(rf"[{SAFE.replace(' ', '')}](?:[{SAFE}]*[{SAFE.replace(' ', '')}])?")
DELIMITER_RE = re.compile(r" *(:?)-+(:?) *")
ALIGN = {("", ""): "", (":", ""): ' style="text-align:left"', ("", ":"): ' style="text-align:right"',
         (":", ":"): ' style="text-align:center"'}


def render_body(text: str, slugify, anchors: bool = True) -> tuple[str, list] | None:
    """-> (html, [(target, label, line0)]) exactly as markdown.render gives them, or None: not this shape."""
    try:
        return _render(text, slugify, anchors)
    except _Unusual:
        return None


def _render(text: str, slugify, anchors: bool) -> tuple[str, list] | None:
    lines = text.split("\n")
    out: list[str] = []
    links: list = []
    slugs: set[str] = set()
    n, count = 0, len(lines)
    while n < count:
        line = lines[n]
        if not line:
            n += 1
            continue
        first = line[0]
        if first == "#":
            found = HEADING_RE.fullmatch(line)
            if found is None:
                return None
            level, title = len(found.group(1)), found.group(2)
            attr = ""
            if anchors and 2 <= level <= 4:
                attr = f' id="{_unique(slugify(title), slugs)}"'
            out.append(f"<h{level}{attr}>{_escape(title)}</h{level}>\n")
            n += 1
        elif first == "|":
            n = _table(lines, n, out)
            if n is None:
                return None
        elif first == "-" or "0" <= first <= "9":
            n = _list(lines, n, out, links)
            if n is None:
                return None
        else:
            if not _plain(line) or not _ends_block(lines, n + 1):
                return None
            out.append(f"<p>{_inline(line, n, links)}</p>\n")
            n += 1
    return "".join(out), links


def _plain(text: str) -> bool:
    return bool(text) and text[-1] != " " and INLINE_RE.fullmatch(text) is not None


def _ends_block(lines: list[str], n: int) -> bool:
    """The line after a one-line block cannot continue it (a lazy line) or be read differently after it."""
    return n >= len(lines) or not lines[n] or lines[n][0] == "#"


def _item(line: str, ordered: bool):
    """-> (number or None, text) of a list item line of the given kind, or None."""
    if ordered:
        found = ORDERED_RE.fullmatch(line)
        if found is None:
            return None
        number, rest = int(found.group(1)), found.group(2)
    else:
        if not line.startswith("- "):
            return None
        number, rest = None, line[2:]
    return (number, rest) if _plain(rest) else None


def _list(lines: list[str], n: int, out: list[str], links: list) -> int | None:
    """One list: items of one kind (ordered with '.', or '-'), each one line, runs of them separated by blank
    lines (which make the list loose). -> the line after it, or None."""
    ordered = lines[n][0] != "-"
    items = []  # (line number, text)
    loose = False
    first = _item(lines[n], ordered)
    if first is None:
        return None
    start = first[0]
    while True:
        found = _item(lines[n], ordered)
        if found is None:
            return None
        items.append((n, found[1]))
        n += 1
        if n < len(lines) and lines[n] and lines[n][0] != "#":
            continue  # the next line must be another item of this list (checked at the loop's top)
        after = n
        while after < len(lines) and not lines[after]:
            after += 1
        if after > n and after < len(lines) and _item(lines[after], ordered) is not None:
            loose, n = True, after
            continue
        if after < len(lines) and after == n and lines[after][0] == "#":
            break  # a heading right after the last item ends the list
        if after < len(lines) and after > n and _starts_list(lines[after], ordered):
            return None  # the same kind of marker, but not an item we read: leave it to markdown-it
        break
    tag = "ol" if ordered else "ul"
    out.append(f'<{tag} start="{start}">\n' if ordered and start != 1 else f"<{tag}>\n")
    for line_no, text in items:
        body = _inline(text, line_no, links)
        out.append(f"<li>\n<p>{body}</p>\n</li>\n" if loose else f"<li>{body}</li>\n")
    out.append(f"</{tag}>\n")
    return n


def _starts_list(line: str, ordered: bool) -> bool:
    if ordered:
        return re.match(r"[0-9]{1,9}[.]", line) is not None
    return line[:1] == "-"


def _table(lines: list[str], n: int, out: list[str]) -> int | None:
    """A table: header, delimiter row, body rows, each `| a | b |` with plain cells, then a blank line."""
    if n + 1 >= len(lines):
        return None
    head, delimiter = _cells(lines[n]), _cells(lines[n + 1])
    if head is None or delimiter is None or len(head) != len(delimiter):
        return None
    aligns = []
    for cell in delimiter:
        found = DELIMITER_RE.fullmatch(cell)
        if found is None:
            return None
        aligns.append(ALIGN[found.groups()])
    rows = []
    n += 2
    while n < len(lines) and lines[n]:
        row = _cells(lines[n])
        if row is None or len(row) != len(head):
            return None
        rows.append(row)
        n += 1
    if any(CELL_RE.fullmatch(cell) is None for cell in head) or any(
            CELL_RE.fullmatch(cell) is None for row in rows for cell in row):
        return None
    out.append("<table>\n<thead>\n<tr>\n")
    out.extend(f"<th{align}>{_escape(cell)}</th>\n" for align, cell in zip(aligns, head, strict=True))
    out.append("</tr>\n</thead>\n")
    if rows:
        out.append("<tbody>\n")
        for row in rows:
            out.append("<tr>\n")
            out.extend(f"<td{align}>{_escape(cell)}</td>\n" for align, cell in zip(aligns, row, strict=True))
            out.append("</tr>\n")
        out.append("</tbody>\n")
    out.append("</table>\n")
    return n


def _cells(line: str) -> list[str] | None:
    """The stripped cells of `| a | b |` (both outer pipes required), or None."""
    if len(line) < 3 or line[0] != "|" or line[-1] != "|" or "\\" in line or "`" in line:
        return None
    return [cell.strip() for cell in line[1:-1].split("|")]


def _inline(text: str, line0: int, links: list) -> str:
    if "[[" not in text:
        return _escape(text)
    parts, at = [], 0
    for found in WIKI_RE.finditer(text):
        target, label = found.group(1), found.group(2) or ""
        parts.append(_escape(text[at:found.start()]))
        if not TARGET_RE.match(target) or label != label.strip():
            raise _Unusual
        shown = _escape(label) if label else f"{LABEL_OPEN}{target}{LABEL_CLOSE}"
        parts.append(f'<a class="ref" href="{HREF_OPEN}{target}{HREF_CLOSE}">{shown}</a>')
        links.append((target, label, line0))
        at = found.end()
    parts.append(_escape(text[at:]))
    return "".join(parts)


class _Unusual(Exception):
    """A reference this module does not render like the plugin would: markdown-it renders the body."""


def _escape(text: str) -> str:
    return text.replace('"', "&quot;")  # the only character of SAFE that markdown-it escapes


def _unique(slug: str, slugs: set[str]) -> str:
    """mdit_py_plugins.anchors.unique_slug."""
    uniq, i = slug, 1
    while uniq in slugs:
        uniq, i = f"{slug}-{i}", i + 1
    slugs.add(uniq)
    return uniq

