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
