"""The words of a PDF attachment, for search: page by page, capped, never a crash.

The library is pdfplumber (MIT), the one the importer reads agenda packs with, built on pdfminer.six. Search
needs the text only, not pdfplumber's per-character records (fonts, positions, colours), which cost three times
the parsing itself: pdfplumber opens the file (passwords, damaged files, page tree) and hands us each page's
layout, pdfminer's text boxes after its layout analysis, from which the paragraphs come in reading order. On
100 pages of dense report text that took half the time of `page.extract_text()`, with the same words.

Reading stops at `MAX_CHARS` characters or `MAX_PAGES` pages: every character is stored in the search index
and in the text page that carries it, and Pagefind sends a page's whole text to the browser with each result that
shows it. 100,000 characters is about 30 pages of dense report, more than nearly any appendix, and keeps such a
result under 40 KB (compressed); a 300-page budget book is searchable in its first pages only, and its text page
says so. Pages are read one at a time and let go, so memory stays that of one page, whatever the file's size.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from pathlib import Path

MAX_CHARS = 100_000
MAX_PAGES = 500  # a file of scanned pages has no text to reach MAX_CHARS: stop reading it somewhere
VERSION = 1  # of the extraction below: texts cached by an older one are extracted again

# pdfminer logs every oddity of a file it can still read (a colour space, a missing font width) as a warning:
# what matters to the clerk is reported once, as a located warning, by the build.
logging.getLogger("pdfminer").setLevel(logging.ERROR)

_CID = re.compile(r"\(cid:\d+\)")  # a glyph the file gives no character for
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\ufffe\uffff]")
_SPACES = re.compile(r"[ \t\u00a0]+")
_HYPHENATED = re.compile(r"(?<=[a-z])-\n(?=[a-z])")  # "imple-\nmentation" -> "implementation"


@dataclass(frozen=True, slots=True)
class PdfText:
    """What a PDF yields for search: its pages with text, as (page number, paragraphs)."""

    pages: tuple[tuple[int, tuple[str, ...]], ...] = ()
    page_count: int = 0
    truncated: bool = False  # stopped at MAX_CHARS or MAX_PAGES: the later pages are not in the text
    problem: str = ""  # why there is no text: the build's warning says it at the attachment's line

    @property
    def chars(self) -> int:
        return sum(len(p) for _, paragraphs in self.pages for p in paragraphs)

    def as_json(self) -> dict:
        return {"pages": [[n, list(ps)] for n, ps in self.pages], "page_count": self.page_count,
                "truncated": self.truncated, "problem": self.problem}

    @classmethod
    def from_json(cls, data: dict) -> PdfText:
        return cls(tuple((int(n), tuple(ps)) for n, ps in data["pages"]), int(data["page_count"]),
                   bool(data["truncated"]), str(data["problem"]))


def text_key(item_id: str, file: str) -> str:
    """The key of one attachment's text in the graph (`Graph.attachment_texts`): `<meeting-id>/<number>/<file>`."""
    return f"{item_id}/{file}"


def is_pdf_name(name: str) -> bool:
    return name.lower().endswith(".pdf")


def extract(path: Path) -> PdfText:
    """The text of the PDF at `path`; a file that cannot be read gives a PdfText with `problem` set."""
    try:
        with open(path, "rb") as handle:
            head = handle.read(1024)
    except OSError as exc:
        return PdfText(problem=f"cannot be opened ({exc.strerror or exc})")
    if b"%PDF-" not in head:  # the header may follow a little junk, within the first 1024 bytes
        return PdfText(problem="is not a PDF file (no %PDF header)")
    import pdfplumber  # here, not at the top: builds with no PDF attachment never load it
    from pdfminer.pdfdocument import PDFPasswordIncorrect

    try:
        with pdfplumber.open(path, laparams={}) as pdf:
            return _read_pages(pdf)
    except RecursionError:
        return PdfText(problem="cannot be read: its structure nests too deeply (damaged?)")
    except Exception as exc:
        cause = exc.args[0] if exc.args and isinstance(exc.args[0], BaseException) else exc
        if isinstance(cause, PDFPasswordIncorrect):
            return PdfText(problem="is protected by a password")
        detail = " ".join(str(cause).split())[:120] or type(cause).__name__
        return PdfText(problem=f"cannot be read as a PDF (damaged?): {detail}")


def _read_pages(pdf) -> PdfText:
    from pdfminer.layout import LTTextContainer

    pages: list[tuple[int, tuple[str, ...]]] = []
    total, used, truncated = len(pdf.pages), 0, False
    for number, page in enumerate(pdf.pages, 1):
        if number > MAX_PAGES or used >= MAX_CHARS:
            truncated = True
            break
        try:
            boxes = [box.get_text() for box in page.layout if isinstance(box, LTTextContainer)]
        finally:
            page.close()  # drops the page's parsed objects: one page in memory at a time
        paragraphs = []
        for text in boxes:
            paragraph = clean(text)
            if not paragraph:
                continue
            if used + len(paragraph) > MAX_CHARS:
                paragraph, truncated = _cut(paragraph, MAX_CHARS - used), True
            used += len(paragraph)
            if paragraph:
                paragraphs.append(paragraph)
            if truncated:
                break
        if paragraphs:
            pages.append((number, tuple(paragraphs)))
        if truncated:
            break
    if not pages:
        return PdfText((), total, False, "has no text to search (scanned images without a text layer?)")
    return PdfText(tuple(pages), total, truncated)


def clean(text: str) -> str:
    """One text box -> one paragraph: unmapped glyphs and control characters dropped, words split at a line end
    joined again, lines and runs of spaces made single spaces."""
    text = _CONTROL.sub("", _CID.sub("", text))
    text = _HYPHENATED.sub("", text.replace("\r", "\n"))
    return _SPACES.sub(" ", " ".join(line.strip() for line in text.split("\n") if line.strip())).strip()


def _cut(text: str, room: int) -> str:
    """At most `room` characters, ending at a word boundary."""
    if room <= 0:
        return ""
    cut = text[:room]
    return cut.rsplit(" ", 1)[0] if " " in cut and len(text) > room else cut
