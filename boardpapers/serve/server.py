"""`python build.py serve`: build, serve site/ on 127.0.0.1, rebuild what a change touches, reload the browser.

livereload (tornado underneath) is used only for its browser protocol (/livereload.js and the websocket); this
adapter polls the files itself (`Snapshot`) and owns the rest, so it can move to a watchfiles-based server without
touching anything else:
- Rebuilds are ordinary incremental builds with a build cache kept in memory (`pipeline.build(opts, cache)`):
  the cache decides what a change of content, layouts, assets or site.yaml touches, not the watcher.
- Browsers are told to reload after every rebuild, failed or not, directly: livereload's own poller drops a
  reload that comes within 3 s of the previous one, which loses quick successive saves.
- A failed rebuild leaves site/ as it was (the build never writes on error); every HTML page served then carries
  an overlay with the diagnostics, until a rebuild succeeds.
- Only files inside site/ are served: tornado refuses paths that leave the root after decoding (`/%2e%2e/`,
  `/..%2f`), and `SiteHandler` also refuses any that resolve outside it through a link.
"""

from __future__ import annotations

import contextlib
import dataclasses
import html
import ipaddress
import json
import os
import signal
import sys
import time
import traceback
from pathlib import Path
from urllib.parse import urlsplit

from boardpapers.cache import incremental
from boardpapers.cache.live import Live
from boardpapers.cache.signatures import signatures_under
from boardpapers.core.diagnostics import BuildFailed
from boardpapers.pipeline import build

POLL_MS = 300
OVERLAY_ID = "boardpapers-build-errors"


class Preview:
    """The server's state: options, the in-memory build cache and the diagnostics of the last failed build."""

    def __init__(self, opts):
        # A preview indexes any small edit on top of the year parts (options.Options.search_overlay); the next
        # `python build.py` folds in those that removed text (search.stale) before anything is published.
        self.opts = opts = dataclasses.replace(opts, search_overlay=True)
        # Kept in memory between rebuilds and saved on a clean exit; without --no-cache it starts from .cache/.
        # Saving it after every rebuild took longer than the rebuild (200 MB at 10,000 items), so the copy on
        # disk is deleted at the first rebuild instead: a server killed later leaves no cache that could
        # disagree with site/, and the next build starts clean.
        self.cache = incremental.load(opts) if opts.cache else incremental.BuildCache()
        self.disk_path, self.cache.path = self.cache.path, None
        self.consistent = True  # False while a rebuild runs: an interrupted one leaves the cache half updated
        self.live = Live()  # the last good build's graph and jobs: a body edit reuses them (cache.live)
        self.errors: str | None = None
        self.builds = 0

    def rebuild(self) -> bool:
        started = time.perf_counter()
        if self.builds == 0 and self.disk_path is not None:
            # This rebuild may change site/, which the copy on disk describes: it goes, shards and all (200 MB
            # at 10,000 items), and so do the shards as loaded, which a save could no longer reuse.
            incremental.discard(self.disk_path)
            self.cache.stored = {}
        self.consistent = False
        try:
            result = build(self.opts, self.cache, self.live)
            self.consistent = True
        except BuildFailed as failed:
            self.consistent = True  # nothing was written, and what the cache learnt holds for the files read
            self.errors = failed.diagnostics.format()
            print(f"{self.errors}\nbuild failed; still serving the last good site", file=sys.stderr, flush=True)
            return False
        except Exception:  # a bug in the engine or a layout: show it in the browser rather than dying
            self.errors = "internal error while building:\n" + traceback.format_exc()
            print(self.errors, file=sys.stderr, flush=True)
            return False
        finally:
            self.builds += 1
        self.errors = None
        written = result.written
        changed = len(written.changed) + len(written.removed) if written else 0
        print(f"rebuilt in {time.perf_counter() - started:.2f} s: {changed} files changed", flush=True)
        return True

    def save(self) -> None:
        if self.cache is not None and self.cache.outputs and self.consistent and self.disk_path is not None:
            self.cache.path = self.disk_path
            incremental.save(self.cache)

    def overlay(self) -> bytes:
        """A script that puts the diagnostics on top of the page (escaped as JSON, shown as text)."""
        if not self.errors:
            return b""
        text = json.dumps(self.errors).replace("</", "<\\/")
        return (
            f'<script>addEventListener("DOMContentLoaded",function(){{var d=document.createElement("div");'
            f'd.id="{OVERLAY_ID}";d.setAttribute("role","alert");d.style.cssText="position:fixed;inset:0 0 auto 0;'
            f'max-height:70vh;overflow:auto;z-index:99999;background:#fff3f3;color:#600;border-bottom:4px solid '
            f'#b00;padding:1em;font:14px/1.4 monospace;white-space:pre-wrap";var h=document.createElement("strong");'
            f'h.textContent="Build failed: the site below is the last good build.\\n";d.appendChild(h);'
            f'd.appendChild(document.createTextNode({text}));document.body.prepend(d)}});</script>'
        ).encode()

    def error_page(self) -> bytes:
        """What every URL shows while there is no good build at all yet."""
        return (f"<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Build failed</title></head>"
                f"<body><h1>Build failed</h1><pre id=\"{OVERLAY_ID}\">{html.escape(self.errors or '')}</pre>"
                f"</body></html>").encode()


LOCAL_NAMES = ("localhost", "127.0.0.1", "::1")


def host_allowed(name: str, bound: str) -> bool:
    """Whether a request's Host (or a websocket's Origin host) may reach the preview: the address it is bound to,
    localhost, or any address written as numbers. A name that only resolves to the preview (DNS rebinding: a
    page on evil.example whose name then points at 127.0.0.1) could otherwise read it, drafts and all."""
    name = name.strip("[]").rstrip(".").lower()
    if name in LOCAL_NAMES or name == bound.strip("[]").lower():
        return True
    try:
        ipaddress.ip_address(name)
    except ValueError:
        return False
    return True


def make_app(preview: Preview, bound: str = "127.0.0.1"):
    # livereload and tornado only when serving: the tests drive a Preview without them.
    from livereload.handlers import LiveReloadHandler, LiveReloadJSHandler
    from tornado import web

    class LocalOnly:
        """Refuses a request whose Host header names another site (see host_allowed)."""

        def prepare(self):
            if not host_allowed(self.request.host_name, bound):
                raise web.HTTPError(403, "unknown host")
            return super().prepare()

    class Reload(LocalOnly, LiveReloadHandler):
        def check_origin(self, origin: str) -> bool:
            try:
                host = urlsplit(origin).hostname or ""
            except ValueError:
                return False
            return host_allowed(host, bound)

    class ReloadScript(LocalOnly, LiveReloadJSHandler):
        pass

    site_root = os.path.realpath(preview.opts.out_dir)
    live = (b'<script>(function(){var s=document.createElement("script");s.src="/livereload.js?port="+'
            b'(location.port||(location.protocol=="https:"?443:80));document.head.appendChild(s)})();</script>')

    class Inject(web.OutputTransform):
        """Adds the livereload client, and the error overlay when the last build failed, to HTML pages."""

        def transform_first_chunk(self, status_code, headers, chunk, finishing):
            if "html" in headers.get("Content-Type", "") and b"</head>" in chunk:
                extra = live + preview.overlay()
                chunk = chunk.replace(b"</head>", extra + b"</head>", 1)
                if "Content-Length" in headers:
                    headers["Content-Length"] = str(int(headers["Content-Length"]) + len(extra))
            return status_code, headers, chunk

    class SiteHandler(LocalOnly, web.StaticFileHandler):
        def set_extra_headers(self, path):
            self.set_header("Cache-Control", "no-store")

        def should_return_304(self):
            return False

        def validate_absolute_path(self, root, absolute_path):
            if "\0" in absolute_path:  # no file name holds one; the file system calls would raise (a 500)
                raise web.HTTPError(400, "NUL in the path")
            real = os.path.realpath(absolute_path)
            if real != site_root and not real.startswith(site_root + os.sep):
                raise web.HTTPError(403, "outside the site folder")
            if not os.path.exists(site_root):
                raise web.HTTPError(503)
            return super().validate_absolute_path(root, absolute_path)

        def write_error(self, status_code, **kwargs):
            if status_code == 503 or (status_code == 404 and preview.errors and not os.path.exists(site_root)):
                self.set_header("Content-Type", "text/html; charset=utf-8")
                self.finish(preview.error_page())
                return
            not_found = Path(site_root) / "404.html"
            if status_code == 404 and not_found.is_file():
                self.set_header("Content-Type", "text/html; charset=utf-8")
                self.finish(not_found.read_bytes())
                return
            super().write_error(status_code, **kwargs)

    handlers = [(r"/livereload", Reload), (r"/livereload.js", ReloadScript),
                (r"/(.*)", SiteHandler, {"path": str(preview.opts.out_dir.absolute()),
                                          "default_filename": "index.html"})]
    return web.Application(handlers, transforms=[Inject])


class Snapshot:
    """Polls the input folders: a save shows as a file whose stat signature (signatures.stat_sig) changed,
    appeared or went. One pass over 14,000 files takes ~0.1 s on scandir's entries; livereload's own poller took
    ~0.25 s (several stat calls per file), and ran again from every connected browser, racing this one for the
    change."""

    def __init__(self, folders):
        self.folders = [str(Path(folder).resolve()) for folder in folders]
        self.seen = self.take()

    def take(self) -> dict:
        return signatures_under(self.folders)

    def changed(self) -> bool:
        now = self.take()
        changed, self.seen = now != self.seen, now
        return changed


class QuietWatcher:
    """What livereload's websocket handler asks of a watcher, doing nothing: `serve` polls and reloads itself."""

    _tasks = {"serve": None}
    filepath = None

    def start(self, callback) -> bool:
        return True  # "started": livereload sets up no poller of its own

    def examine(self):
        return None, None


def serve(opts, host: str = "127.0.0.1", port: int = 8000) -> int:
    from livereload.handlers import LiveReloadHandler  # only when serving (see make_app)
    from tornado import httpserver, ioloop, netutil

    # Ctrl-C (SIGINT) stops the server, saving its cache, even when it was started with SIGINT ignored (as a shell
    # starts a background job: `make serve &`, or a test suite run so, whose server could then not be stopped).
    with contextlib.suppress(ValueError):  # not the main thread (a caller's own server): its signals are its own
        signal.signal(signal.SIGINT, signal.default_int_handler)
    preview = Preview(opts)
    preview.rebuild()
    snapshot = Snapshot((opts.content_dir, opts.layouts_dir, opts.assets_dir))
    LiveReloadHandler.watcher = QuietWatcher()

    def poll():
        if snapshot.changed():
            while snapshot.changed():  # an editor's save can touch several files: settle first
                pass
            preview.rebuild()
            LiveReloadHandler.reload_waiters("*")

    sockets = netutil.bind_sockets(port, address=host)
    server = httpserver.HTTPServer(make_app(preview, host))
    server.add_sockets(sockets)
    bound = sockets[0].getsockname()[1]
    print(f"Serving {opts.out_dir}/ on http://{host}:{bound}/ (Ctrl-C to stop)", flush=True)
    ioloop.PeriodicCallback(poll, POLL_MS).start()
    try:
        ioloop.IOLoop.current().start()
    except KeyboardInterrupt:
        print("stopping", flush=True)
    finally:
        preview.save()
    return 0
