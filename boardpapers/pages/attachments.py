"""A page for the text of each PDF attachment: `/meetings/<meeting-id>/<number>/attachments/<file-slug>/`.

Search finds the words of a PDF through this page, with the item's filters (board, year, topic) and the type
"attachment"; each PDF page is a heading with an id (`#page-3`), so Pagefind's sub-results point at the page of
the PDF a word is on, and the heading links the PDF at that page (`file.pdf#page=3`). The page is also the PDF's
text for anyone whose device or reader handles HTML better than PDF. The texts come from the graph
(cache.attachmenttext): only published, non-exempt items' attachments that have text.
"""

from __future__ import annotations

import re

from boardpapers.content.pdftext import text_key
from boardpapers.graph.link import Graph
from boardpapers.graph.names import meeting_title
from boardpapers.pages.job import PageJob


def file_slug(file: str) -> str:
    """plan-2014.PDF -> plan-2014; Budget_Book.v2.pdf -> budget-book-v2: the URL segment of its text page."""
    stem = file[: -len(".pdf")] if file.lower().endswith(".pdf") else file
    return re.sub(r"[^a-z0-9]+", "-", stem.lower()).strip("-") or "file"


def text_path(item_id: str, file: str) -> str:
    """The text page's path under the site root (no leading slash)."""
    meeting_id, number = item_id.rsplit("/", 1)
    return f"meetings/{meeting_id}/{number}/attachments/{file_slug(file)}/"


def pages(graph: Graph):
    for item, attachment, text in with_text(graph):
        meeting = graph.meetings[item.meeting_id]
        view = {"title": attachment.title, "item": item, "meeting": meeting, "attachment": attachment,
                "text": text, "meeting_title": meeting_title(graph, meeting)}
        yield PageJob(text_path(item.id, attachment.file) + "index.html", "attachment.html", view, item.source)


def with_text(graph: Graph):
    """(item, attachment, PdfText) of every attachment with a text page, in the order of the items; of two files
    of one item whose names give one slug, the first (route reports the second)."""
    texts = graph.attachment_texts
    if not texts:
        return
    for item in graph.items.values():
        slugs = set()
        for attachment in item.attachments:
            text = texts.get(text_key(item.id, attachment.file)) if attachment.file else None
            if text is not None and file_slug(attachment.file) not in slugs:
                slugs.add(file_slug(attachment.file))
                yield item, attachment, text
