"""Read stage: front matter split with line numbers, encodings, missing front matter."""

from __future__ import annotations

from pathlib import Path

from boardpapers.content.discover import SourceFile
from boardpapers.content.read import read_one, split_front_matter
from boardpapers.core.diagnostics import Diagnostics


def source(tmp_path: Path, text: bytes | str, kind: str = "person") -> SourceFile:
    path = tmp_path / "x.md"
    path.write_bytes(text if isinstance(text, bytes) else text.encode())
    return SourceFile(path, "content/people/x.md", kind, "x")


def test_split_gives_body_line():
    front, body, front_line, body_line = split_front_matter("---\na: 1\nb: 2\n---\nBody\n")
    assert (front, body, front_line, body_line) == ("a: 1\nb: 2\n", "Body\n", 2, 5)


def test_read_keeps_lines_and_hash(tmp_path):
    diags = Diagnostics()
    doc = read_one(source(tmp_path, "---\nname: A\n---\nHello\n"), diags)
    assert not diags.items
    assert doc.meta == {"name": "A"} and doc.meta.pos_of("name") == (2, 1)
    assert doc.body == "Hello\n" and doc.body_line == 4 and len(doc.digest) == 64


def test_windows_line_endings_and_bom(tmp_path):
    doc = read_one(source(tmp_path, b"\xef\xbb\xbf---\r\nname: A\r\n---\r\nHi\r\n"), Diagnostics())
    assert doc.meta == {"name": "A"} and doc.body == "Hi\n"


def test_no_front_matter(tmp_path):
    diags = Diagnostics()
    assert read_one(source(tmp_path, "name: A\n"), diags) is None
    assert [d.format().split("\n")[0] for d in diags.items] == [
        "content/people/x.md:1: error[no-front-matter]: file does not start with YAML front matter"]


def test_not_utf8_names_the_line(tmp_path):
    diags = Diagnostics()
    assert read_one(source(tmp_path, b"---\nname: A\n---\nbad \xff here\n"), diags) is None
    assert diags.items[0].code == "encoding" and diags.items[0].pos.line == 4


def test_front_matter_must_be_a_mapping(tmp_path):
    diags = Diagnostics()
    assert read_one(source(tmp_path, "---\n- a\n- b\n---\n"), diags) is None
    assert diags.items[0].code == "not-a-mapping"
