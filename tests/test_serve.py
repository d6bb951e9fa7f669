"""`python build.py serve`: live reload after a save, diagnostics in the browser after a broken save and
recovery after the fix, and nothing served from outside site/ whatever the URL encoding."""

from __future__ import annotations

import http.client
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import FIXTURES, ROOT

ITEM = "meetings/2014-01-21-iib/02-peer-challenge.md"
SECRET = "top-secret-outside-the-site"


def start_server(tmp_path: Path):
    """A running `serve` on a free port over a copy of the mini project; yields (base URL, project)."""
    shutil.copytree(FIXTURES / "mini" / "content", tmp_path / "content")
    (tmp_path / "secret.txt").write_text(SECRET)  # beside site/: must never be served
    process = subprocess.Popen(
        [sys.executable, str(ROOT / "build.py"), "serve", "--content", str(tmp_path / "content"), "--out",
         str(tmp_path / "site"), "--now", "2026-01-01T09:00", "--no-search", "--port", "0"],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    deadline, url = time.monotonic() + 120, None
    while url is None and time.monotonic() < deadline:
        line = process.stdout.readline()
        if not line and process.poll() is not None:
            break
        if line.startswith("Serving"):
            url = line.split(" on ", 1)[1].split()[0]
    if url is None:
        process.kill()
        pytest.fail(f"serve did not start: {process.stdout.read()}")
    yield url, tmp_path
    process.terminate()
    try:
        process.wait(10)
    except subprocess.TimeoutExpired:
        process.kill()


@pytest.fixture
def server(tmp_path):
    yield from start_server(tmp_path)


@pytest.fixture(scope="module")
def shared_server(tmp_path_factory):
    """One server for the tests that only read."""
    yield from start_server(tmp_path_factory.mktemp("serve"))


def raw_get(url: str, target: str) -> tuple[int, bytes]:
    """Send the request line exactly as given (no client-side normalisation of '..' or escapes)."""
    host, port = url.split("//")[1].rstrip("/").split(":")
    with socket.create_connection((host, int(port)), timeout=10) as sock:
        sock.sendall(f"GET {target} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n".encode())
        data = b""
        while chunk := sock.recv(65536):
            data += chunk
    status = int(data.split(b" ", 2)[1])
    return status, data


def test_binds_loopback_and_serves_the_site(shared_server):
    url, _ = shared_server
    assert url.startswith("http://127.0.0.1:")
    status, body = raw_get(url, "/meetings/2014-01-21-iib/2/")
    assert status == 200 and b"Peer challenge" in body and b"livereload.js" in body


@pytest.mark.parametrize("target", [
    "/../secret.txt", "/%2e%2e/secret.txt", "/%2E%2E/secret.txt", "/..%2fsecret.txt", "/..%2Fsecret.txt",
    "/%2e%2e%2fsecret.txt", "/meetings/..%2f..%2fsecret.txt", "/.%2e/secret.txt", "/..\\secret.txt",
    "/%2e%2e%5csecret.txt", "//etc/passwd", "/%2fetc%2fpasswd", "/../../../../etc/passwd",
])
def test_traversal_is_refused(shared_server, target):
    url, _ = shared_server
    status, body = raw_get(url, target)
    assert status in (400, 403, 404), (target, status)
    assert SECRET.encode() not in body and b"root:" not in body


def test_traversal_with_http_client(shared_server):
    url, _ = shared_server
    host, port = url.split("//")[1].rstrip("/").split(":")
    for target in ("/%2e%2e/secret.txt", "/..%2fsecret.txt"):
        connection = http.client.HTTPConnection(host, int(port), timeout=10)
        connection.request("GET", target)
        response = connection.getresponse()
        assert response.status in (400, 403, 404) and SECRET.encode() not in response.read()
        connection.close()


def request(url: str, target: str, headers: dict[str, str]) -> tuple[int, bytes]:
    """A raw request with exactly these headers (Host included), as a browser or a rebinding page sends it."""
    _, port = url.split("//")[1].rstrip("/").split(":")
    lines = "".join(f"{name}: {value}\r\n" for name, value in headers.items())
    with socket.create_connection(("127.0.0.1", int(port)), timeout=10) as sock:
        sock.sendall(f"GET {target} HTTP/1.1\r\n{lines}Connection: close\r\n\r\n".encode())
        data = b""
        while chunk := sock.recv(65536):
            data += chunk
    return int(data.split(b" ", 2)[1]), data


@pytest.mark.parametrize("target", ["/%00", "/meetings/%00/", "/a%00.html", "/meetings/2014-01-21-iib/%00"])
def test_a_nul_in_the_path_is_a_bad_request_not_a_server_error(shared_server, target):
    """Issue 13, item 20: the file system calls raised on the NUL (a 500 and a traceback in the log)."""
    url, _ = shared_server
    status, _ = raw_get(url, target)
    assert status == 400, (target, status)


@pytest.mark.parametrize("host", ["evil.example", "evil.example:8000", "127.0.0.1.evil.example", "localhost.evil"])
def test_another_host_name_is_refused(shared_server, host):
    """A page on evil.example whose name is then pointed at 127.0.0.1 (DNS rebinding) would otherwise read the
    preview, drafts and all: only the bound address, localhost and addresses in numbers are served."""
    url, _ = shared_server
    for target in ("/", "/meetings/2014-01-21-iib/2/", "/livereload.js"):
        status, body = request(url, target, {"Host": host})
        assert status == 403 and b"Peer challenge" not in body, (host, target, status)


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost", "LOCALHOST", "[::1]"])
def test_local_host_names_are_served(shared_server, host):
    url, _ = shared_server
    port = url.split("//")[1].rstrip("/").split(":")[1]
    status, body = request(url, "/meetings/2014-01-21-iib/2/", {"Host": f"{host}:{port}"})
    assert status == 200 and b"Peer challenge" in body


def websocket(url: str, origin: str) -> int:
    """The status of a websocket handshake from a page of `origin` (101: accepted; the socket then stays open)."""
    host_port = url.split("//")[1].rstrip("/")
    headers = {"Host": host_port, "Upgrade": "websocket", "Connection": "Upgrade", "Origin": origin,
               "Sec-WebSocket-Key": "dGhlIHNhbXBsZSBub25jZQ==", "Sec-WebSocket-Version": "13"}
    lines = "".join(f"{name}: {value}\r\n" for name, value in headers.items())
    with socket.create_connection(("127.0.0.1", int(host_port.split(":")[1])), timeout=10) as sock:
        sock.sendall(f"GET /livereload HTTP/1.1\r\n{lines}\r\n".encode())
        data = b""
        while b"\r\n\r\n" not in data and (chunk := sock.recv(65536)):
            data += chunk
    return int(data.split(b" ", 2)[1])


def test_the_reload_websocket_accepts_only_local_pages(shared_server):
    url, _ = shared_server
    assert websocket(url, url.rstrip("/")) == 101
    assert websocket(url, "http://localhost:1234") == 101
    for origin in ("http://evil.example", "https://127.0.0.1.evil.example", "null"):
        assert websocket(url, origin) == 403, origin


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))


def test_reloads_after_a_save(server, page):
    url, project = server
    page.goto(url + "meetings/2014-01-21-iib/2/")
    page.wait_for_function("() => window.LiveReload !== undefined", timeout=15000)
    time.sleep(0.5)  # let the websocket handshake finish
    edit(project / "content" / ITEM, "title: Peer challenge", "title: Peer review after a save")
    page.wait_for_selector("h1:has-text('Peer review after a save')", timeout=30000)


def test_shows_diagnostics_after_a_broken_save_and_recovers(server, page):
    url, project = server
    page.goto(url + "meetings/2014-01-21-iib/2/")
    page.wait_for_function("() => window.LiveReload !== undefined", timeout=15000)
    time.sleep(0.5)
    edit(project / "content" / ITEM, "presenter: olive-officer", "presenter: nobody-at-all")
    overlay = page.wait_for_selector("#boardpapers-build-errors", timeout=30000)
    text = overlay.inner_text()
    assert "content/meetings/2014-01-21-iib/02-peer-challenge.md:5" in text and "error[" in text
    assert page.locator("h1").first.inner_text() == "Peer challenge"  # the last good site, still served
    edit(project / "content" / ITEM, "presenter: nobody-at-all", "presenter: olive-officer")
    page.wait_for_function("() => !document.getElementById('boardpapers-build-errors')", timeout=30000)
    edit(project / "content" / ITEM, "title: Peer challenge", "title: Fixed and rebuilt")
    page.wait_for_selector("h1:has-text('Fixed and rebuilt')", timeout=30000)


def test_serve_keeps_its_cache_in_memory_and_saves_it_only_on_a_clean_exit(tmp_path):
    """Saving the whole cache after every rebuild cost more than the rebuild: the preview keeps it in memory,
    deletes the copy on disk at its first rebuild (a killed server leaves nothing stale) and saves on exit,
    unless a rebuild was interrupted halfway."""
    import shutil

    from conftest import FIXTURES

    from boardpapers.cache import incremental
    from boardpapers.pipeline import Options, build
    from boardpapers.serve.server import Preview

    content = shutil.copytree(FIXTURES / "mini" / "content", tmp_path / "content")
    opts = Options(content_dir=content, out_dir=tmp_path / "site", search=False)
    build(opts)
    on_disk = incremental.cache_path(opts)
    assert on_disk.is_file()
    preview = Preview(opts)
    assert preview.rebuild()
    assert not on_disk.exists() and not incremental.cachestore.shard_folder(on_disk).exists()
    preview.save()
    assert on_disk.is_file() and incremental.load_meta(opts) is not None
    preview.consistent = False  # as after a rebuild interrupted by Ctrl-C
    on_disk.unlink()
    preview.save()
    assert not on_disk.exists()


def test_serves_first_rebuild_deletes_the_cache_on_disk_shards_and_all(tmp_path):
    """The head names shard files (200 MB at 10,000 items): deleting the head alone left them on disk, named by
    nothing, until the next save or prune. A save on exit writes a complete cache again, and only that."""
    import pickle
    import shutil

    from conftest import FIXTURES

    from boardpapers.cache import incremental
    from boardpapers.cache import store as cachestore
    from boardpapers.pipeline import Options, build
    from boardpapers.serve.server import Preview

    content = shutil.copytree(FIXTURES / "mini" / "content", tmp_path / "content")
    opts = Options(content_dir=content, out_dir=tmp_path / "site", search=False)
    build(opts)
    on_disk = incremental.cache_path(opts)
    shards = cachestore.shard_folder(on_disk)
    assert any(shards.iterdir())
    preview = Preview(opts)
    assert preview.rebuild()
    assert not on_disk.exists() and not shards.exists()
    preview.save()
    named = set(pickle.loads(on_disk.read_bytes())["shards"].values())
    assert {p.name for p in shards.iterdir()} == named
    assert incremental.load(opts).pages == preview.cache.pages


def test_serve_holds_the_last_graph_from_its_first_build_and_reuses_it_for_a_body_edit(tmp_path):
    """Even when the cache on disk says nothing changed, the first rebuild goes through the stages, so that the
    first body edit can already reuse the graph (cache.live); a failed rebuild forgets it."""
    import shutil

    from conftest import FIXTURES

    from boardpapers.pipeline import Options, build
    from boardpapers.serve.server import Preview

    content = shutil.copytree(FIXTURES / "mini" / "content", tmp_path / "content")
    opts = Options(content_dir=content, out_dir=tmp_path / "site", search=False)
    build(opts)
    preview = Preview(opts)
    assert preview.rebuild() and preview.live.graph is not None
    with (content / ITEM).open("a") as handle:
        handle.write("\nA sentence only serve has seen.\n")
    held = preview.live.graph
    assert preview.rebuild()
    assert preview.live.graph is not held and preview.live.graph.items is held.items  # the same graph, new HTML
    assert "A sentence only serve has seen." in (tmp_path / "site" / "meetings/2014-01-21-iib/2/index.html").read_text()
    edit(tmp_path / "content" / ITEM, "title: Peer challenge", "title: [unclosed")
    assert not preview.rebuild() and preview.live.graph is None
