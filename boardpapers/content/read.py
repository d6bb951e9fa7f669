"""Stage 2, read: split YAML front matter from the markdown body and parse it strictly, keeping lines."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from boardpapers.content import yamlread
from boardpapers.content.discover import SourceFile
from boardpapers.content.yamlread import YMap
from boardpapers.core.diagnostics import Diagnostics, SourcePos

MAX_FILE_BYTES = 5 * 1024 * 1024
# markdown-it spends ~50 us and ~2 KB on each bracket, emphasis mark or backtick it meets, in Python: 4 MB of
# `*a* ` took a minute and 1.5 GB. Real papers have about one such character per 100 (a 130 KB agenda pack:
# 1,370), so a text of the largest size accepted stays far below this.
MAX_MARKUP = 50_000
MARKUP = "[*_`<!~&\\"


def markup_count(text: str) -> int:
    return sum(map(text.count, MARKUP)) if len(text) > MAX_MARKUP else 0


@dataclass(frozen=True)
class RawDocument:
    source: SourceFile
    meta: YMap  # front matter (YMap remembers key lines)
    body: str
    body_line: int  # 1-based line of the body's first line in the file
    digest: str  # content hash: the cache key of later stages
    # Hash of everything but the body's text (which pages only see rendered, through `graph.html`): a page that
    # lists an item depends on this, so a sentence added to a report re-renders the report, not every register.
    front_digest: str = ""


def read_all(sources, diags: Diagnostics) -> tuple[RawDocument, ...]:
    read = (read_one(s, diags) for s in sources if s.kind not in ("attachment", "translation"))
    return tuple(doc for doc in read if doc)


def read_one(source: SourceFile, diags: Diagnostics) -> RawDocument | None:
    try:
        data = source.path.read_bytes()
    except OSError as exc:
        diags.error(source.pos, "unreadable", f"cannot read file: {exc.strerror}")
        return None
    if len(data) > MAX_FILE_BYTES:
        diags.error(source.pos, "file-too-large", f"file is larger than {MAX_FILE_BYTES // (1024 * 1024)} MiB",
                    "split the report, or attach large appendices as files")
        return None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        diags.error(SourcePos(source.rel, line), "encoding", "file is not valid UTF-8",
                    "save the file as UTF-8")
        return None
    if "\x00" in text:
        diags.error(source.pos, "encoding", "file contains a NUL byte", "is this a binary file?")
        return None
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    digest = hashlib.sha256(data).hexdigest()
    if source.kind == "config":
        front, body, front_line, body_line = text, "", 1, 0
    else:
        split = split_front_matter(text)
        if split is None:
            diags.error(SourcePos(source.rel, 1), "no-front-matter", "file does not start with YAML front matter",
                        "begin the file with a line '---', the fields, then another '---'")
            return None
        front, body, front_line, body_line = split
        if BODY_JUNK.search(body):
            body = BODY_JUNK.sub("", body)
        if markup_count(body) > MAX_MARKUP:
            diags.error(SourcePos(source.rel, body_line), "too-complex", f"the text has more than {MAX_MARKUP:,} "
                        "markup characters ([ * _ ` < ! ~ & \\), more than markdown can read in reasonable time",
                        "split the report, or attach it as a file (PDF)")
            return None
    try:
        meta = yamlread.load(front, front_line)
    except yamlread.YamlProblem as problem:
        diags.error(SourcePos(source.rel, problem.line, problem.col), problem.code, problem.message, problem.hint)
        return None
    if meta is None:
        meta = YMap()
        meta.line = front_line
    if not isinstance(meta, YMap):
        diags.error(SourcePos(source.rel, front_line), "not-a-mapping", "front matter must be a set of `key: value`")
        return None
    front_digest = hashlib.blake2b(f"{front}\0{body_line}\0{bool(body)}".encode("utf-8", "surrogatepass"),
                                   digest_size=16).hexdigest()
    return RawDocument(source, meta, body, body_line, digest, front_digest)


# Control characters (a form feed at each page break of text pasted from a PDF) and the non-characters U+FFFE and
# U+FFFF: invisible in a page, invalid in XML (feeds, sitemaps) and in search snippets. Dropped from the body
# (markdown has no use for them); the YAML reader refuses them in the front matter, where they change values.
BODY_JUNK = re.compile("[\x01-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")


def split_front_matter(text: str) -> tuple[str, str, int, int] | None:
    """-> (front matter, body, first line of front matter, first line of body), or None without front matter."""
    lines = text.split("\n")
    if not lines or lines[0].rstrip() != "---":
        return None
    for index in range(1, len(lines)):
        if lines[index].rstrip() in ("---", "..."):
            front = "\n".join(lines[1:index]) + "\n"
            body = "\n".join(lines[index + 1:])
            return front, body, 2, index + 2
    return None
