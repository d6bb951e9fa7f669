"""Shared fixtures: build a project, serve a folder over HTTP on 127.0.0.1, drive Debian's chromium.

Browser tests need /usr/bin/chromium. Locally they skip without it; with BOARDPAPERS_REQUIRE_BROWSER=1 (set by
.ci/run) a missing browser is a failure, so CI can never pass by skipping them.
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
RECORDS = FIXTURES / "records" / "content"  # votes, recordings, corrections and declarations of every kind
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


def unpacked(data: bytes) -> bytes:
    """A file's bytes as a reader gets what is in them: gzip (Pagefind's files) decompressed, recursively, and a
    zip (open data's CSV downloads) as its members' bytes: what leak scans must look through."""
    import gzip
    import io
    import zipfile

    while data[:2] == b"\x1f\x8b":
        data = gzip.decompress(data)
    if data[:4] == b"PK\x03\x04":
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            data = b"\n".join(archive.read(name) for name in archive.namelist())
    return data


def csv_in_zip(data: bytes) -> str:
    """The one CSV file of an open-data download (data/<name>.csv.zip holds <name>.csv)."""
    import io
    import zipfile

    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        (name,) = archive.namelist()
        assert name.endswith(".csv"), name
        return archive.read(name).decode("utf-8")


def run_build(*args: str, cwd: Path = ROOT, check: bool = False) -> subprocess.CompletedProcess:
    """Run `python build.py ARGS` as a user would, in a subprocess."""
    done = subprocess.run([sys.executable, str(ROOT / "build.py"), *args], cwd=cwd, capture_output=True,
                          text=True, timeout=600)
    if check and done.returncode != 0:
        raise AssertionError(f"build failed ({done.returncode}):\n{done.stdout}\n{done.stderr}")
    return done


def copy_project(source: Path, dest: Path) -> Path:
    """Copy a fixture project (a folder holding content/) so a test can edit it; returns dest/content."""
    shutil.copytree(source, dest / "content")
    return dest / "content"


@pytest.fixture(scope="session")
def records_outputs(tmp_path_factory) -> dict:
    """The records fixture (votes, recordings, corrections, declarations) built in memory: {path: bytes}."""
    import datetime as dt

    from boardpapers.pipeline import Options, build

    out = tmp_path_factory.mktemp("records") / "site"
    result = build(Options(content_dir=RECORDS, out_dir=out, now=dt.datetime(2026, 1, 1, 9, 0), search=False,
                           write=False))
    return result.outputs


@pytest.fixture(scope="session")
def sample_site(tmp_path_factory) -> Path:
    """The sample content built once per session, with search, at a fixed clock."""
    out = tmp_path_factory.mktemp("sample") / "site"
    run_build("--content", str(ROOT / "content"), "--out", str(out), "--now", "2026-01-01T09:00", check=True)
    return out


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


class Served:
    def __init__(self, directory: Path, prefix: str = "/"):
        handler = functools.partial(_QuietHandler, directory=str(directory))
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}{prefix}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def serve_dir():
    """serve_dir(path, prefix='/') -> base URL; a site under a sub-path is served from a parent folder."""
    servers = []

    def start(directory: Path, prefix: str = "/") -> str:
        served = Served(directory, prefix)
        servers.append(served)
        return served.url

    yield start
    for served in servers:
        served.close()


def browser_available() -> bool:
    return Path(CHROMIUM).exists()


@pytest.fixture(scope="session")
def browser():
    if not browser_available():
        if os.environ.get("BOARDPAPERS_REQUIRE_BROWSER") == "1":
            pytest.fail(f"{CHROMIUM} is missing but BOARDPAPERS_REQUIRE_BROWSER=1: install Debian's chromium")
        pytest.skip(f"{CHROMIUM} not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture
def page(browser):
    context = browser.new_context()
    tab = context.new_page()
    yield tab
    context.close()
