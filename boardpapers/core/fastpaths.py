"""The switch for what the engine reimplements for speed, so that each fast path can be checked against the
library it stands for (tests/test_plain_paths.py builds both ways and compares every byte).

BOARDPAPERS_PLAIN=1 turns every fast path off; a comma-separated list turns off some: `jinja` (render.fastjinja:
plain Jinja), `markdown` (markdown.fastmd and markdown's one-line path: markdown-it-py alone). The output is the
same bytes either way, only slower. It is read when a stage starts, not at import, so a test can set it.
"""

from __future__ import annotations

import os

PLAIN_ENV = "BOARDPAPERS_PLAIN"
PARTS = ("jinja", "markdown")


def plain(part: str) -> bool:
    """Whether the fast path `part` (one of PARTS) is turned off."""
    value = os.environ.get(PLAIN_ENV, "").strip()
    return value == "1" or part in value.split(",")
