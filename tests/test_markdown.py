"""Markdown stage: fixture files of input and expected HTML (the mdit-py-plugins way), and reference lines."""

from __future__ import annotations

import html

import pytest
from conftest import FIXTURES

from boardpapers.markdown.convert import render
from boardpapers.markdown.wikilinks import resolve_placeholders

CASES = sorted(p.stem for p in (FIXTURES / "markdown").glob("*.md"))
KNOWN = {"peter-fleming": ("/people/peter-fleming/", "Peter Fleming"),
         "2014-01-21-iib/2": ("/meetings/2014-01-21-iib/2/", "Item 2")}


@pytest.mark.parametrize("case", CASES)
def test_fixture(case):
    source = (FIXTURES / "markdown" / f"{case}.md").read_text()
    expected = (FIXTURES / "markdown" / f"{case}.html").read_text()
    out, _ = render(source, anchors=True)
    out = resolve_placeholders(out, lambda t: KNOWN[t][0], lambda t: html.escape(KNOWN[t][1]))
    assert out == expected


def test_wikilinks_are_recorded_with_their_lines():
    _, links = render("Intro.\n\nOne [[a-b]] and\nnext line [[c-d|label]].\n\n- list [[e]]\n")
    assert links == [("a-b", "", 2), ("c-d", "label", 3), ("e", "", 5)]


def test_wikilinks_in_code_are_not_references():
    _, links = render("`[[a]]`\n\n    [[b]]\n")
    assert links == []


def test_a_malformed_target_stays_visible_text():
    out, links = render("[[Not An Id]]")
    assert links == [("Not An Id", "", 0)]
    assert "[[Not An Id]]" in out and "<a" not in out


# -- issue 13, item 14: markdown in linear time, or a clear limit

LINEAR = r'''
import re, sys
from boardpapers.markdown.convert import render, make_parser
from mdit_py_plugins.anchors import anchors_plugin
from markdown_it import MarkdownIt
from boardpapers.markdown.convert import slugify

# the fast path, then markdown-it: quadratic, 64,000 took minutes (8,000: 4.6 s and 7.5 s; now 0.04 s and 0.8 s)
for text, count in (("## Same\n\n" * 64_000, 64_000), ("## Same *x*\n\n" * 8000, 8000)):
    html, _ = render(text, True)
    ids = re.findall(r'<h2 id="([^"]+)"', html)
    assert len(ids) == count == len(set(ids)), len(ids)
    assert ids[:3] == [ids[0], ids[0] + "-1", ids[0] + "-2"] and ids[-1] == f"{ids[0]}-{count - 1}", ids[-3:]
# the same ids as mdit-py-plugins' anchors plugin gives, on headings that collide with its suffixes
tricky = "## A\n\n## A-1\n\n## A\n\n## A *b*\n\n## A\n\n### A-2\n\n## A-1\n"
theirs = MarkdownIt("commonmark", {"html": False}).enable(["table", "strikethrough"]).use(
    anchors_plugin, min_level=2, max_level=4, slug_func=slugify)
assert make_parser(True).render(tricky) == theirs.render(tricky), make_parser(True).render(tricky)
html, _ = render("[" * 40_000, True)  # under the limit: rendered, as text
assert html.count("[") == 40_000
html, _ = render("[[a " * 10_000 + "\n\n" + "x [[" * 10_000, True)
assert html.count("[[") == 20_000
# 20,000 unclosed `[[` in 4 MB: each searched the rest of the text for `]]` (167 s; now under 1 s)
html, _ = render(("[[" + "a" * 200 + " ") * 20_000, True)
assert html.count("[[") == 20_000
print("ok")
'''


def test_identical_headings_and_many_brackets_render_in_linear_time():
    """8,000 identical headings took 5.8 s and grew 4x per doubling (each id tried every suffix from 1 again);
    every `[` searched the rest of the text for `]]`. A subprocess with a timeout: quadratic work fails it."""
    import os
    import subprocess
    import sys

    from conftest import ROOT

    done = subprocess.run([sys.executable, "-c", LINEAR], capture_output=True, text=True, timeout=90,
                          cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert done.returncode == 0 and done.stdout.strip() == "ok", done.stderr


def test_a_body_with_more_markup_than_markdown_can_read_in_time_is_refused(tmp_path):
    """200,000 `[` took 42 s in markdown-it (50 us each, in Python), 4 MB of emphasis 1.5 GB: past MAX_MARKUP
    markup characters a text is refused at its first line, before any markdown is read."""
    import shutil
    import subprocess
    import sys

    from conftest import ROOT

    content = shutil.copytree(FIXTURES / "mini" / "content", tmp_path / "content")
    item = content / "meetings/2014-01-21-iib/02-peer-challenge.md"
    item.write_text(item.read_text() + "\n" + "[" * 200_000 + "\n")
    people = content / "people/bob-member.md"
    people.write_text(people.read_text() + "\n" + "*a* " * 60_000 + "\n")
    done = subprocess.run([sys.executable, str(ROOT / "build.py"), "check", "--content", str(content), "--now",
                           "2026-01-01T09:00"], capture_output=True, text=True, timeout=120)
    assert done.returncode == 1, done.stderr
    assert "content/meetings/2014-01-21-iib/02-peer-challenge.md:27: error[too-complex]" in done.stderr
    assert "content/people/bob-member.md:" in done.stderr and done.stderr.count("error[too-complex]") == 2
