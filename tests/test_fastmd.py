"""The markdown fast path (fastmd) gives markdown-it's bytes and references, or steps aside."""

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from boardpapers.markdown.convert import make_parser, render, slugify
from boardpapers.markdown.fastmd import render_body

TYPICAL = """## Implications

1. In 2013/14, 87 per cent of councils reported "pressures" in skills devolution – £4.5m; see [[a-1-2]].

2. The review is invited to note [[2008-09-22-board/4|the previous report]] (and the appendix).

| Measure | 2012/13 | 2013/14 |
|---|---:|:---:|
| Spend (£ million) | 64 | 698 |
| Cases handled | 764 | 727 |

## Implications

- Youth unemployment;
- Employment support.

The note of the previous meeting, [[2011-08-29-board]], is attached.
"""

USUAL = [
    "## Background", "### Detail of it", "## Section", "1. First numbered paragraph, with figures 2013/14.",
    "2. Second one.", "4. Starts at four.", "- A bullet;", "- Another bullet.", "Plain paragraph text.",
    "Text with [[a-2008-09-22-b-2-2]] inside.", "Label [[x-1|the label]] here.",
    "| Measure | 2012/13 |\n|---|---:|\n| Spend (£ m) | 64 |", "| A | B |\n|:---|:---:|\n| 1 | 2 |\n| 3 | 4 |",
]
# Pieces of bodies, usual and unusual: joined at random with and without blank lines between them.
PIECES = [
    "## Background", "# Title", "### Detail of it", "#### Four", "##### Five", "###### Six", "####### Seven",
    "## Background ##", "##  Spaced", "#NoSpace", "## [[a-1]]", "## Cost \"quoted\"", "## Section",
    "1. First numbered paragraph, with figures 2013/14.", "2. Second one.", "4. Starts at four.",
    "10. Ten.", "0. Zero.", "01. Leading zero.", "1) Paren.", "12345. Five digits.", "1.  Two spaces.",
    "- A bullet;", "- Another bullet.", "* Star bullet", "+ Plus bullet", "-  Two spaces", "- ", "1. ",
    "  - Indented bullet", "    Code block line", "Plain paragraph text.", "Paragraph ending in a space ",
    "Paragraph with two spaces  ", "Text with [[a-2008-09-22-b-2-2]] inside.", "[[x-1]] starts a line.",
    "Bad [[Not An Id]] target.", "Label [[x-1|the label]] here.", "Label [[x-1| spaced ]] here.",
    "Empty [[]] brackets.", "Nested [[a[b]] brackets.", "A pipe [[x|y|z]] twice.", "Unclosed [[x-1 here.",
    "Amp & ersand.", "Star *emphasis* here.", "Back `tick` here.", "<b>html</b>", "> Quote", "---", "***",
    "===", "Setext", "2013 was a year.", "Tab\there.", "Non-breaking\u00a0space.",
    "| Measure | 2012/13 |\n|---|---:|\n| Spend (£ m) | 64 |",
    "| A | B |\n|:---|:---:|\n| 1 | 2 |\n| 3 | 4 |",
    "| A | B |\n| --- | --- |", "| A | B |\n|---|---|\n| only one |", "| A | B |\n|---|---|\n| 1 | 2 | 3 |",
    "| A |\n|---|\n| [[x-1]] |", "| A |\n|---|\n|  |", "| A | B |\n|---|", "| lone pipe row |",
    "| A | B |\n|---|---|\nno pipes row", "| A | B |\n|-x-|---|\n| 1 | 2 |",
]


def reference(text: str, anchors: bool) -> tuple[str, list]:
    env: dict = {}
    return make_parser(anchors).render(text, env), env.get("wikilinks", [])


def test_a_typical_body_takes_the_fast_path_and_matches():
    fast = render_body(TYPICAL, slugify)
    assert fast is not None, "the usual shape must not fall back (else the comparisons below test nothing)"
    assert fast == reference(TYPICAL, True)
    assert render_body(TYPICAL, slugify, anchors=False) == reference(TYPICAL, False)


@pytest.mark.parametrize("seed", range(40))
def test_generated_bodies_match_markdown_it(seed):
    rng = random.Random(seed)
    taken = 0
    for _ in range(150):
        pool = USUAL if rng.random() < 0.5 else PIECES
        parts = [rng.choice(pool) for _ in range(rng.randint(1, 8))]
        text = "".join(part + rng.choice(["\n", "\n\n", "\n\n\n", "\n"]) for part in parts)
        if rng.random() < 0.3:
            text = text.rstrip("\n")
        if rng.random() < 0.2:
            text = "\n" + text
        for anchors in (True, False):
            fast = render_body(text, slugify, anchors)
            if fast is not None:
                taken += 1
                assert fast == reference(text, anchors), text
            assert render(text, anchors) == reference(text, anchors), text
    assert taken > 20  # the fast path was exercised


@pytest.mark.parametrize("text", [
    "1. a item\n2. b item\n\n3. c item", "1. a item\n\n## H\n\n2. b item", "- a\n- b\n\n1. c\n2. d",
    "1. a\n- b", "- a\n1. b", "1. a\ntext", "Para\n- item", "Para\n2. item", "Para\n| A |\n|---|",
    "- a\n\n  indented continuation", "1. a\n\n   continuation", "## H\n| A |\n|---|\n| 1 |",
    "## Same\n\n## Same\n\n### Same\n\n## Same-1", "## \u00c9t\u00e9", "Line one\nLine two",
    "1. [[x-1]] first\n2. then [[y-2|label]]", "| A |\n|---|\n| 1 |\nafter", "- a\n\n\n- b",
    "1. a\n\n2) b", "- a\n\n* b", "9. nine\n10. ten\n\n11. eleven", "## H\n1. a", "1. a\n## H\n2. b",
])
def test_edge_cases_match_markdown_it(text):
    for anchors in (True, False):
        assert render(text, anchors) == reference(text, anchors)
        fast = render_body(text, slugify, anchors)
        assert fast is None or fast == reference(text, anchors)


def test_reference_lines_are_the_lines_of_the_body():
    _html, links = render("## H\n\nSee [[a-1]].\n\n1. And [[b-2|this]].\n2. Also [[c-3]] [[d-4]].", True)
    assert links == [("a-1", "", 2), ("b-2", "this", 4), ("c-3", "", 5), ("d-4", "", 5)]
    assert render_body("Bad [[Not An Id]] here.", slugify) is None  # shown as text by the plugin instead


# Character-level fuzzing: any text over an alphabet of markdown's special characters, digits, letters, spaces and
# line breaks either steps aside (None) or gives markdown-it's exact bytes and references. The second alphabet
# leans on what the fast path accepts (letters, spaces, list and heading marks, pipes), so that it is taken often.
FUZZ_ALPHABET = "aZ1 0.9#-*+|:[]()`_<>&\"'\\!=~\t\n£–/x"
LIKELY_ALPHABET = "aaaaaabbbZ    1290..--##||::\n\n\n\"'()[]/£–,;?"


@settings(max_examples=1500, deadline=None)
@given(st.one_of(st.text(alphabet=FUZZ_ALPHABET, max_size=80), st.text(alphabet=LIKELY_ALPHABET, max_size=60)),
       st.booleans())
def test_any_text_steps_aside_or_matches_markdown_it(text, anchors):
    fast = render_body(text, slugify, anchors)
    if fast is not None:
        assert fast == reference(text, anchors), text


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from([*PIECES, "", "a", "1. a", "- a", "| a |", "|---|", "## a"]), max_size=12),
       st.sampled_from(["\n", "\n\n", "\n\n\n"]), st.booleans())
def test_any_mix_of_pieces_steps_aside_or_matches_markdown_it(pieces, joiner, anchors):
    text = joiner.join(pieces)
    fast = render_body(text, slugify, anchors)
    if fast is not None:
        assert fast == reference(text, anchors), text
