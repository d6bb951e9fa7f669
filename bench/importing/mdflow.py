"""Our markdown (report bodies, minutes) as reportlab flowables: headings, paragraphs, numbered and bulleted
lists, tables, bold and italic. Only what the content format's bodies use; no links (a PDF reader sees text)."""

from __future__ import annotations

import re
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.platypus import Paragraph, Spacer, Table, TableStyle

_LIST = re.compile(r"^(\s*)([-*+]|\d+(?:\.\d+)*[.)])\s+(.*)$")
_HEAD = re.compile(r"^(#{1,6})\s+(.*)$")
_SOFT = re.compile(r"[A-Za-z]{10,}")


def inline(text: str, hyphenate: bool = False) -> str:
    """Markdown inline text -> reportlab paragraph markup (escaped; bold and italic kept)."""
    s = escape(str(text).replace("\\\n", "\n")).replace("\\", "")
    s = re.sub(r"&lt;((?:https?://|mailto:)[^&]*)&gt;", r"\1", s)
    s = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", s)
    s = re.sub(r"\*\*\*(.+?)\*\*\*", r"<b><i>\1</i></b>", s)
    s = re.sub(r"\*\*(.+?)\*\*", r"<b>\1</b>", s)
    s = re.sub(r"(?<![\w*])\*(?!\s)(.+?)(?<!\s)\*(?![\w*])", r"<i>\1</i>", s)
    s = s.replace("\n", " ")
    if hyphenate:
        s = _SOFT.sub(lambda m: _soft(m.group(0)), s)
    return s


def para(markup: str, style, **kw) -> Paragraph:
    """A paragraph; markup that does not nest (markdown's emphasis can cross) falls back to plain text."""
    try:
        return Paragraph(markup, style, **kw)
    except ValueError:
        return Paragraph(re.sub(r"</?[biu]>", "", markup), style, **kw)


def _soft(word: str) -> str:
    """Soft hyphens in a long word, so a line may end inside it with a hyphen (as typeset packs do)."""
    cut = [n for n in range(4, len(word) - 3, 4)]
    return "".join(ch + ("\xad" if n + 1 in cut else "") for n, ch in enumerate(word))


def blocks(markdown: str) -> list[tuple[str, object]]:
    """('h', (level, text)), ('p', text), ('li', (depth, marker, text)), ('table', rows)."""
    out: list[tuple[str, object]] = []
    para: list[str] = []
    table: list[list[str]] = []

    def flush():
        if para:
            out.append(("p", " ".join(s.strip() for s in para)))
            para.clear()
        if table:
            out.append(("table", [r for r in table if not all(re.fullmatch(r":?-{2,}:?", c.strip()) for c in r)]))
            table.clear()

    for line in str(markdown or "").split("\n"):
        if not line.strip():
            flush()
            continue
        if line.lstrip().startswith("|"):
            if para:
                flush()
            table.append([c.strip() for c in line.strip().strip("|").split("|")])
            continue
        if table:
            flush()
        head, item = _HEAD.match(line), _LIST.match(line)
        if head:
            flush()
            out.append(("h", (len(head.group(1)), head.group(2).strip())))
        elif item:
            flush()
            out.append(("li", (len(item.group(1)) // 2, item.group(2), item.group(3))))
        elif out and out[-1][0] == "li" and line.startswith("  ") and not para:
            depth, marker, text = out[-1][1]
            out[-1] = ("li", (depth, marker, text + " " + line.strip()))
        else:
            para.append(line)
    flush()
    return out


def flowables(markdown: str, styles: dict, hyphenate: bool = False, width: float = 400) -> list:
    """styles: 'body', 'h2', 'h3', 'li', 'cell' ParagraphStyles."""
    out = []
    for kind, value in blocks(markdown):
        if kind == "h":
            level, text = value
            out.append(para(inline(text), styles["h2" if level <= 2 else "h3"]))
        elif kind == "p":
            out.append(para(inline(value, hyphenate), styles["body"]))
        elif kind == "li":
            depth, marker, text = value
            bullet = "•" if marker in "-*+" else marker
            style = styles["li"]
            out.append(para(inline(text, hyphenate), style, bulletText=bullet) if depth == 0 else
                       para(inline(text, hyphenate), styles.get("li2", style), bulletText=bullet))
        elif kind == "table" and value:
            out.append(table(value, styles, width))
            out.append(Spacer(1, 4))
    return out


def table(rows: list[list[str]], styles: dict, width: float, header: bool = True, grid: bool = True) -> Table:
    ncols = max(len(r) for r in rows)
    cells = [[para(inline(c), styles["cell"]) for c in r + [""] * (ncols - len(r))] for r in rows]
    t = Table(cells, colWidths=[width / ncols] * ncols, repeatRows=1 if header else 0, splitInRow=1)
    style = [("VALIGN", (0, 0), (-1, -1), "TOP")]
    if grid:
        style.append(("GRID", (0, 0), (-1, -1), 0.4, colors.grey))
    if header:
        style.append(("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8e8e8")))
    t.setStyle(TableStyle(style))
    return t
