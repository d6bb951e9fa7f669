"""Stage 10, index: Pagefind over the finished output, in one call.

Pagefind's Python wrapper waits ~100 ms per message and has been seen to truncate its UI files on close, so the
binary indexes the whole staged directory at once and the bundle it wrote is checked before the swap.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from .diagnostics import Diagnostics, SourcePos

REQUIRED = ("pagefind.js", "pagefind-ui.js", "pagefind-ui.css", "pagefind-entry.json")


def index_site(site_dir: Path, diags: Diagnostics) -> None:
    command = [sys.executable, "-m", "pagefind", "--site", str(site_dir), "--output-subdir", "pagefind", "--quiet"]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=3600)
    except (OSError, subprocess.TimeoutExpired) as exc:
        diags.error(SourcePos("pagefind"), "search-index", f"could not run Pagefind: {exc}")
        return
    if done.returncode != 0:
        tail = (done.stderr or done.stdout).strip().splitlines()[-5:]
        diags.error(SourcePos("pagefind"), "search-index", "Pagefind failed: " + " / ".join(tail),
                    "is the pagefind[bin] package installed?")
        return
    bundle = site_dir / "pagefind"
    missing = [name for name in REQUIRED if not (bundle / name).is_file() or (bundle / name).stat().st_size == 0]
    if missing:
        diags.error(SourcePos("pagefind"), "search-index", f"Pagefind's bundle is incomplete: {', '.join(missing)}")
