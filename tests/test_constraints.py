"""The environment `make test` and CI build is pinned (.ci/constraints.txt), so that a new release of a
dependency cannot turn a clean-clone CI run red between two landings; this checks the pins cover what
pyproject.toml asks for."""

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def requested() -> set[str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    wanted = project["dependencies"] + project["optional-dependencies"]["test"]
    return {normalise(re.match(r"[A-Za-z0-9_.-]+", spec).group()) for spec in wanted}


def pinned() -> dict[str, str]:
    pins = {}
    for line in (ROOT / ".ci" / "constraints.txt").read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            name, _, version = line.partition("==")
            assert version, f"constraints.txt: {line!r} is not pinned with =="
            pins[normalise(name)] = version
    return pins


def test_every_dependency_and_test_tool_is_pinned():
    missing = requested() - set(pinned())
    assert not missing, f"add to .ci/constraints.txt: {sorted(missing)}"


def test_the_pagefind_binary_is_pinned_to_the_wrapper_version():
    pins = pinned()
    assert pins["pagefind-bin"] == pins["pagefind"]


def test_make_installs_with_the_constraints():
    makefile = (ROOT / "Makefile").read_text()
    assert "-c .ci/constraints.txt" in makefile
