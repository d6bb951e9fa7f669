"""Checks on the linked graph that no single document can make alone (action statuses over time, ...).

The registers issue extends this; the foundation checks what every later stage relies on.
"""

from __future__ import annotations

from .diagnostics import Diagnostics
from .link import Graph


def check_graph(graph: Graph, diags: Diagnostics) -> None:
    return None
