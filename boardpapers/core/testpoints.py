"""Named points in a build where a test can stop it, to kill it there for real (tests/test_kill_window.py).

`BOARDPAPERS_PAUSE_AT=<name>` makes the build write `BOARDPAPERS_PAUSE_FILE` when it reaches that point, then wait
(for the test's SIGKILL). Unset, `reached` is one dictionary lookup: the points cost nothing in a real build.
"""

from __future__ import annotations

import os
import time

ENV, FILE_ENV = "BOARDPAPERS_PAUSE_AT", "BOARDPAPERS_PAUSE_FILE"
POINTS = ("first-move", "committed", "remembered", "shards-saved", "cache-saved")


def reached(name: str) -> None:
    if os.environ.get(ENV) != name:
        return
    flag = os.environ.get(FILE_ENV)
    if flag:
        with open(flag, "w") as handle:
            handle.write(f"{os.getpid()} {name}\n")
    while True:
        time.sleep(60)
