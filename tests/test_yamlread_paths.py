"""libyaml's composer (the fast path of `yamlread.load`) gives exactly what our composer over libyaml's events
gave before it: the same values with the same positions, or the same problem (code, message, line, column, hint),
which the pure-Python reader reports in both cases."""

from __future__ import annotations

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from boardpapers.content import yamlread
from boardpapers.content.yamlread import MAX_DEPTH, YamlProblem, YList, YMap, load, load_exact

pytestmark = pytest.mark.skipif(yamlread._CLoader is None, reason="PyYAML without libyaml: one path only")
SETTINGS = dict(deadline=None, derandomize=True, database=None, print_blob=True,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def outcome(loader, text: str, first_line: int = 2):
    """A comparable picture of what a loader makes of `text`: values with every position, or the problem."""
    try:
        return "ok", shape(loader(text, first_line))
    except YamlProblem as problem:
        return "problem", (problem.code, problem.message, problem.line, problem.col, problem.hint)


def shape(value):
    if isinstance(value, YMap):
        return ("map", value.line, value.col, [(k, value.pos_of(k), shape(v)) for k, v in value.items()])
    if isinstance(value, YList):
        return ("list", value.line, value.col, [(value.pos_of(i), shape(v)) for i, v in enumerate(value)])
    return (type(value).__name__, value)


def before(text: str, first_line: int):
    """`load` as it was: our composer over libyaml's events; every problem re-read by the pure-Python reader."""
    try:
        return yamlread._compose(yamlread._EventLoader, text, first_line)
    except (YamlProblem, yaml.YAMLError):
        return load_exact(text, first_line)


def same(text: str) -> None:
    assert outcome(load, text) == outcome(before, text)


def nested(depth: int, flow: bool) -> str:
    if flow:
        return "a: " + "[" * (depth - 1) + "x" + "]" * (depth - 1) + "\n"
    return "".join("  " * n + f"k{n}:\n" for n in range(depth - 1)) + "  " * (depth - 1) + "k: x\n"


CASES = [
    "", "a: 1\n", "- a\n- b\n", "x\n", "a: Health & Wellbeing\nb: the *key* point!\n", "a: '&x'\nb: \"!x\"\n",
    "a: &x 1\n", "a: 1\nb: *x\n", "&k a: 1\n", "!t a: 1\n", "a: ! 12\n", "a: !!str 12\n", "a: &x\nb: 2\n",
    "? [a]\n: 1\n", "? a\n: 1\n", "a: 1\na: 2\n", "{a: 1, a: 2}\n", "a: [1, {b: 2}]\n", "a: 2014-02-30\n",
    "a: 99999999999999999999\n", "a: " + "9" * 5000 + "\n", '"\\ud83d\\ude00": "\\ud83d\\ude00"\n',
    'a: "\\x01"\n', "a: b\x07c\n", "a: [1\n", "a: 1\n---\nb: 2\n", "--- a\n", "%YAML 1.1\n---\na: 1\n",
    "a: é€😀 &x\nb: *y\n", "a: |\n  text\n  more\nb: >\n  folded\n", "a:\n- x\n- y\n", "a:\n  - - - x\n",
    "\ufeff&a", "\ufeffa: &x 1\n", "a: 1\n\ufeffb: 2\n", "\ufeffa: 1\n",  # libyaml does not count a leading BOM
    "[" * 3000 + "]" * 3000, "{a: " * 500 + "1" + "}" * 500,
    *(nested(depth, flow) for depth in (MAX_DEPTH - 1, MAX_DEPTH, MAX_DEPTH + 1, 400) for flow in (True, False)),
    "a: [" + ", ".join(f"{n}-{n}" for n in range(yamlread.C_NESTING_LIMIT)) + "]\n",  # many indicators, shallow
    "a: [" + ", ".join(f"&a{n} {n}" for n in range(yamlread.C_NESTING_LIMIT)) + "]\n",
]


@pytest.mark.parametrize("text", CASES)
def test_fast_paths_agree_with_the_reference(text):
    same(text)


FRAGMENTS = ["a", "b", "key", "1", "-1", "1.5", "true", "null", "~", "2014-01-21", "2014-01-21T09:00", "11:00",
             "x y", "&", "&a", "*a", "!", "!!str", "!t", "'", '"', "\\", "\\x01", "\\ud800", "|", ">", "-", "?",
             ":", ": ", "- ", "? ", "[", "]", "{", "}", ",", "#", "%", "@", "`", "é", "😀", "\t", " ", "  ",
             "\ufeff", "\x85", "\u2028", "\r", "\r\n", "\n", "\n  ", "\n- ", "\n    ", "---", "..."]


@given(st.lists(st.sampled_from(FRAGMENTS), max_size=40).map("".join))
@settings(max_examples=1500, **SETTINGS)
def test_fragment_soup_reads_the_same_on_every_path(text):
    same(text)


VALUES = st.one_of(st.sampled_from([*FRAGMENTS[:14], "[a, b]", "{a: 1}", "&x 1", "*x", "!!int 3", "'q: x'",
                                    '"a\\tb"', "|\n    block\n", ""]),
                   st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=8))


@st.composite
def documents(draw) -> str:
    lines = []
    for _ in range(draw(st.integers(0, 12))):
        indent = "  " * draw(st.integers(0, 3))
        dash = draw(st.sampled_from(["", "", "- "]))
        key = draw(st.sampled_from(["a", "b", "c", "title", "a", "&k d", "'e'", "[f]", ""]))
        lines.append(f"{indent}{dash}{key}: {draw(VALUES)}" if key else f"{indent}{dash}{draw(VALUES)}")
    return "\n".join(lines) + "\n"


@given(documents())
@settings(max_examples=1500, **SETTINGS)
def test_generated_documents_read_the_same_on_every_path(text):
    same(text)
