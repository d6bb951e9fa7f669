"""The text of published PDF attachments (`content.pdftext`), cached by each file's content hash.

Only files that a published, non-exempt item names are ever opened: the graph holds nothing else (a draft's or
an embargoed item's files, and an exempt item's attachment list, are gone before it is made), and this stage
starts from the graph's items, never from the files found in content/.

The cache is `.cache/pdftext/<sha256 of the file>-<extraction key>.json.gz`, shared by every output folder of the
project: an unchanged PDF is never parsed twice, whichever build or folder met it first. The key names the
extraction (its VERSION, caps and the library versions), so an upgrade extracts again rather than serve text
another version would not give; the entry holds what extraction returned, the problem included, so a cached
build gives the same pages and the same warnings as a clean one (`--no-cache` neither reads nor writes it).
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
from pathlib import Path

from boardpapers.content.pdftext import MAX_CHARS, MAX_PAGES, VERSION, PdfText, extract, is_pdf_name, text_key
from boardpapers.core.diagnostics import Diagnostics, SourcePos
from boardpapers.core.forkpool import cores, spread

FOLDER = "pdftext"
PARALLEL = 2  # files to extract before a process pool pays for itself (a dense page takes ~50 ms)


def attachment_texts(graph, attachments, folder: Path | None, diags: Diagnostics, write: bool = True,
                     stats: dict | None = None) -> dict[str, PdfText]:
    """{text_key: PdfText} for every PDF attachment of the graph's items that has text; a located warning for
    each one that has none. `folder`: the cache folder (None: no cache); `write`: store what was extracted.
    `stats`, when given, receives the counts (files, cache hits, extracted)."""
    by_place = {(a.meeting_id, a.id): a for a in attachments}
    named: dict[str, list] = {}  # source path -> [(item, attachment)]: a file two items name is read once
    for item in graph.items.values():
        for attachment in item.attachments:
            source = by_place.get((item.meeting_id, attachment.file)) if attachment.file else None
            if source is not None and is_pdf_name(attachment.file):  # a missing file is collect_attachments'
                named.setdefault(str(source.path), []).append((item, attachment))
    found = _texts(sorted(named), folder, write, stats)
    out: dict[str, PdfText] = {}
    for path, uses in named.items():
        text = found[path]
        for item, attachment in uses:
            if text.problem:
                diags.warning(SourcePos(item.source, attachment.line or 1), "attachment-text",
                              f"attachment '{attachment.file}' {text.problem}: its words cannot be searched",
                              "the PDF is still published and linked; publish a PDF with a text layer to make "
                              "it searchable")
            else:
                out[text_key(item.id, attachment.file)] = text
    return out


def extraction_key() -> str:
    # importlib.metadata imported here, when PDFs are read: 11 ms of every build's start-up otherwise
    from importlib.metadata import version

    parts = f"{VERSION}:{MAX_CHARS}:{MAX_PAGES}:{version('pdfplumber')}:{version('pdfminer.six')}"
    return hashlib.sha256(parts.encode()).hexdigest()[:12]


def _texts(paths: list[str], folder: Path | None, write: bool, stats: dict | None) -> dict[str, PdfText]:
    key = extraction_key() if paths and folder is not None else ""
    found, todo = {}, []
    for path in paths:
        entry = _entry(folder, path, key) if key else None
        cached = _load(entry) if entry is not None else None
        if cached is not None:
            found[path] = cached
        else:
            todo.append((path, entry))
    for (path, entry), text in zip(todo, _extract_all([path for path, _ in todo]), strict=True):
        found[path] = text
        if entry is not None and write:
            _store(entry, text)
    if stats is not None:
        stats.update(files=len(paths), hits=len(paths) - len(todo), extracted=len(todo))
    return found


def _entry(folder: Path, path: str, key: str) -> Path | None:
    try:
        with open(path, "rb") as handle:
            digest = hashlib.file_digest(handle, "sha256").hexdigest()
    except OSError:
        return None
    return folder / FOLDER / f"{digest}-{key}.json.gz"


def _load(entry: Path) -> PdfText | None:
    try:
        return PdfText.from_json(json.loads(gzip.decompress(entry.read_bytes())))
    except (OSError, EOFError, ValueError, KeyError, TypeError, gzip.BadGzipFile):
        return None  # missing or damaged: extracted again


def _store(entry: Path, text: PdfText) -> None:
    data = gzip.compress(json.dumps(text.as_json(), ensure_ascii=False).encode(), mtime=0)
    try:
        entry.parent.mkdir(parents=True, exist_ok=True)
        ignore = entry.parent.parent / ".gitignore"
        if not ignore.exists():
            ignore.write_text("*\n")
        partial = entry.with_name(f".{entry.name}.{os.getpid()}")
        partial.write_bytes(data)
        os.replace(partial, entry)  # whole or absent: a killed build leaves no half entry
    except OSError:
        pass  # a read-only .cache/: the text is simply extracted again next time


def _extract_all(paths: list[str]) -> list[PdfText]:
    """In forked workers when there are several files (a first build of years of papers): pdfminer is pure
    Python, so threads would not help."""
    workers = cores() if len(paths) >= PARALLEL else 1
    return list(spread(_extract_one, None, paths, workers))


def _extract_one(_, path: str) -> PdfText:
    return extract(Path(path))


def attachments_changed(attachments, signatures: dict, previous: dict) -> bool:
    """Whether an attachment file was added or changed since the last build, by stat signature (no file is
    opened): then its text may have changed, which the shortcuts for an edit of report text alone
    (pagecache.body_edits, cache.live) do not look for. (A file removed that an item names is an error.)"""
    return any(signatures.get(str(a.path)) != previous.get(str(a.path)) for a in attachments)
