"""A small honest PDF writer for tests: real PDF files (PDF 1.4, the standard Helvetica fonts, WinAnsi text) laid
out like an agenda pack, so the importer's PDF path is tested on a file a PDF library reads, not on a mock.

`write_pack(path, text, running_head)` lays out an extract-like text: a line "\\f" starts a new page, tabs put
cells in columns, "## " makes a large bold heading, "**whole line**" a bold one, "**a** b" bold words; every page
gets the running head at the top and "Page N" at the bottom, as real packs do."""

from __future__ import annotations

import re
from pathlib import Path

WIDTH, HEIGHT = 595, 842
FONTS = {"F1": "Helvetica", "F2": "Helvetica-Bold"}


def _escape(text: str) -> bytes:
    data = text.encode("cp1252", errors="replace")
    return data.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")


def _runs(text: str) -> list[tuple[str, bool]]:
    """'**a** b' -> [('a', True), (' b', False)]"""
    out, bold = [], False
    for part in re.split(r"(\*\*)", text):
        if part == "**":
            bold = not bold
        elif part:
            out.append((part, bold))
    return out


def _stream(lines: list[tuple[float, float, str, int, bool]]) -> bytes:
    """(x, y, text, size, bold) -> a content stream; a font switch inside a line lets the text run on from where
    the last run ended, so the reader measures the words itself."""
    out = [b"BT"]
    for x, y, text, size, bold in lines:
        out.append(f"1 0 0 1 {x:.1f} {y:.1f} Tm".encode())
        for run, run_bold in _runs(text) if not bold else [(text.replace("**", ""), True)]:
            out.append(f"/{'F2' if run_bold or bold else 'F1'} {size} Tf".encode() + b" (" + _escape(run) + b") Tj")
    out.append(b"ET")
    return b"\n".join(out)


def layout(text: str, running_head: str) -> list[list[tuple]]:
    pages: list[list[tuple]] = []
    for number, page_text in enumerate(text.split("\f\n"), 1):
        items = [(50, HEIGHT - 40, running_head, 9, False)]
        y = HEIGHT - 80
        for line in page_text.split("\n"):
            if not line.strip():
                y -= 10
                continue
            size, bold, content = 10, False, line
            if line.startswith("## "):
                size, bold, content = 15, True, line[3:]
            elif re.fullmatch(r"\*\*[^*]+\*\*", line.strip()):
                bold, content = True, line.strip()[2:-2]
            x = 50.0
            for cell in content.split("\t"):
                if cell.strip():
                    items.append((x, y, cell.strip(), size, bold))
                # the next column starts past this cell's text, as a table's column would
                x += 35 if len(cell.strip()) <= 4 else max(190, len(cell) * size * 0.55 + 30)
            y -= size + 3
        items.append((280, 30, f"Page {number}", 9, False))
        pages.append(items)
    return pages


def write_pack(path: Path, text: str, running_head: str) -> Path:
    pages = layout(text, running_head)
    objects: list[bytes] = []
    font_ids = {}
    for name, base in FONTS.items():
        objects.append(f"<< /Type /Font /Subtype /Type1 /BaseFont /{base} /Encoding /WinAnsiEncoding >>".encode())
        font_ids[name] = len(objects)
    page_ids = []
    pages_id = len(objects) + 1 + 2 * len(pages)
    for items in pages:
        stream = _stream(items)
        objects.append(b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream")
        resources = " ".join(f"/{n} {i} 0 R" for n, i in font_ids.items())
        objects.append(f"<< /Type /Page /Parent {pages_id} 0 R /MediaBox [0 0 {WIDTH} {HEIGHT}] "
                       f"/Resources << /Font << {resources} >> >> /Contents {len(objects)} 0 R >>".encode())
        page_ids.append(len(objects))
    kids = " ".join(f"{i} 0 R" for i in page_ids)
    objects.append(f"<< /Type /Pages /Kids [{kids}] /Count {len(page_ids)} >>".encode())
    objects.append(f"<< /Type /Catalog /Pages {pages_id} 0 R >>".encode())
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root {len(objects)} 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    path.write_bytes(bytes(out))
    return path
