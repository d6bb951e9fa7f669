"""The strict YAML reader: what authors mean, with lines; refusals with their lines."""

from __future__ import annotations

import datetime as dt

import pytest

from boardpapers.content.yamlread import MAX_YAML_BYTES, YamlProblem, load


def test_times_and_words_stay_text():
    data = load("start: 11:00\nend: 12:30\nanswer: no\nyes_word: yes\nyear: 2012/13\n")
    assert data == {"start": "11:00", "end": "12:30", "answer": "no", "yes_word": "yes", "year": "2012/13"}


def test_dates_numbers_booleans():
    data = load("d: 2014-01-21\nt: 2014-01-14T09:00\nn: 5\nf: 5.5\nb: true\nz:\n")
    assert data == {"d": dt.date(2014, 1, 21), "t": dt.datetime(2014, 1, 14, 9, 0), "n": 5, "f": 5.5, "b": True,
                    "z": None}


def test_key_positions_are_offset_by_first_line():
    data = load("a: 1\nlist:\n  - x\n  - y\n", first_line=2)
    assert data.pos_of("a") == (2, 1)
    assert data.pos_of("list") == (3, 1)
    assert data["list"].pos_of(1) == (5, 5)


@pytest.mark.parametrize(("text", "code", "line"), [
    ("a: 1\nb: 2\na: 3\n", "duplicate-key", 3),
    ("a: &x 1\n", "yaml-anchor", 1),
    ("a: 1\nb: *x\n", "yaml-alias", 2),
    ("a: !!python/object:os.system ls\n", "yaml-tag", 1),
    ("a: !custom 1\n", "yaml-tag", 1),
    ("a: [1\n", "yaml-syntax", 2),
    ("a: 2014-13-01\n", "bad-date", 1),
    ("? [a]\n: 1\n", "yaml-key", 1),
])
def test_refusals_carry_code_and_line(text, code, line):
    with pytest.raises(YamlProblem) as info:
        load(text)
    assert (info.value.code, info.value.line) == (code, line)


def test_alias_bomb_is_refused_before_expansion():
    bomb = "a: &a [x, x]\nb: &b [*a, *a]\nc: [*b, *b]\n"
    with pytest.raises(YamlProblem) as info:
        load(bomb)
    assert info.value.code == "yaml-anchor"


def test_size_limit():
    with pytest.raises(YamlProblem) as info:
        load("a: " + "x" * MAX_YAML_BYTES + "\n")
    assert info.value.code == "yaml-too-large"


def test_raw_control_character_is_a_problem_with_its_line():
    with pytest.raises(YamlProblem) as info:
        load("x: 1\na: b\x07c\n", first_line=2)
    assert (info.value.code, info.value.line) == ("yaml-character", 3)


def test_short_values_are_one_object_for_all_files_long_ones_are_not():
    """content.yamlread shares short strings (a party, a role, a verb) between files, so that the build cache
    pickles each once per shard; text past SHARED_LEN is left alone."""
    from boardpapers.content.yamlread import SHARED_LEN

    party = "".join(["Lab", "our"])  # made at run time: not one of this module's constants
    first, second = load(f"group: {party}\n"), load(f"- {party}\n- \"{party}\"\n")
    assert first["group"] is second[0] is second[1]
    long_text = "x" * (SHARED_LEN + 1)
    assert load(f"a: {long_text}\n")["a"] is not load(f"b: {long_text}\n")["b"]
