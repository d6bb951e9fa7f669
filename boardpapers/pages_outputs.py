"""Page family (stub, filled in by its issue)."""

from __future__ import annotations

from .link import Graph


def pages(graph: Graph):
    return iter(())
