"""Command line: parses arguments and calls the pipeline; nothing else lives here."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import time
from pathlib import Path

from boardpapers.core.diagnostics import BuildFailed
from boardpapers.options import Options
from boardpapers.pipeline import build


def parse_now(text: str) -> dt.datetime:
    try:
        return dt.datetime.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date-time like 2014-01-14T09:00") from None


def positive(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"'{text}' is not a whole number of pages (1 or more)")
    return int(text)


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="build.py", description="Build board papers into a static website.")
    parser.add_argument("command", nargs="?", default="build", choices=["build", "check", "serve", "new", "import",
                                                                   "publish"],
                        help="build (default), check (validate only), serve (live preview), new (scaffold), "
                             "import (a pack, as drafts), publish (imported meetings, once check passes)")
    parser.add_argument("args", nargs="*", help="for `new`: meeting <date> <board> | item <meeting-id> <title>")
    parser.add_argument("--content", type=Path, default=Path("content"), help="content folder (default content)")
    parser.add_argument("--out", type=Path, default=Path("site"), help="output folder (default site)")
    parser.add_argument("--now", type=parse_now, help="the build's clock, e.g. 2014-01-14T09:00")
    parser.add_argument("--drafts", action="store_true", help="include drafts, marked as such (preview only)")
    parser.add_argument("--no-search", dest="search", action="store_false", help="skip the search index")
    parser.add_argument("--no-cache", dest="cache", action="store_false",
                        help="ignore and do not keep the build cache in .cache/ (a clean full build)")
    parser.add_argument("--search-parts", action="store_const", const=True, default=None,
                        help="the search index in parts by span of years, newest searched first (re-indexes "
                             "only what changed); the default for sites of more than 5,000 indexed pages")
    parser.add_argument("--search-part-pages", type=positive, metavar="N",
                        help="indexed pages per search part (default 5000): what a reader's first query opens")
    parser.add_argument("--one-index", dest="search_parts", action="store_const", const=False,
                        help="one search index for the whole site, however large")
    parser.add_argument("--host", default="127.0.0.1", help="serve: address to bind (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=8000, help="serve: port (default 8000)")
    return parser


def run() -> None:
    """The command line (build.py and the `boardpapers` script): `main`, then the process ends at once. Python's own
    exit frees every object one by one, which after an edit's build at 10k items (the cache and the graph loaded,
    ~0.5 GB of small objects) took 0.65 s of its 3.7. Everything is written and closed by then: `main` returns only
    when the build has committed site/ and saved its cache, and no thread or exit handler of ours is left."""
    code = main()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(int(code or 0))


def main(argv: list[str] | None = None) -> int:
    argv_list = argv if argv is not None else sys.argv[1:]
    # `import`, `publish`, `new` and `serve` import what only they need (the importer's PDF library, YAML, the
    # server and the stages it keeps) when they run: a build with nothing to do must not pay for them at start-up
    # (pipeline.build imports the stages the same way).
    if argv_list and argv_list[0] == "import":
        from boardpapers.importer import main as import_main

        return import_main(argv_list[1:])
    if argv_list and argv_list[0] == "publish":
        from boardpapers.importer.publish import main as publish_main

        return publish_main(argv_list[1:])
    args = make_parser().parse_args(argv)
    opts = Options(content_dir=args.content, out_dir=args.out, now=args.now, drafts=args.drafts,
                   search=args.search, write=args.command != "check", cache=args.cache,
                   search_parts=args.search_parts, search_part_pages=args.search_part_pages)
    if args.command == "new":
        from boardpapers.content.scaffold import scaffold

        return scaffold(args.content, args.args)
    if args.command == "serve":
        from boardpapers.serve.server import serve

        return serve(opts, host=args.host, port=args.port)
    started = time.perf_counter()
    try:
        result = build(opts)
    except BuildFailed as failed:
        print(failed.diagnostics.format(), file=sys.stderr)
        count = len(failed.diagnostics.errors)
        print(f"{count} error{'s' if count != 1 else ''}; nothing was written.", file=sys.stderr)
        return 1
    except OSError as exc:  # the disk, not the content: a full disk, a folder made read-only meanwhile
        where = f" ({exc.filename})" if exc.filename else ""
        print(f"{args.out}: error[write-failed]: the build could not write{where}: {exc.strerror or exc}\n"
              f"  hint: {args.out}/ holds the last complete site, or a commit the next build completes first; "
              "fix the cause and build again", file=sys.stderr)
        return 1
    for warning in result.diagnostics.sorted():
        print(warning.format(), file=sys.stderr)
    seconds = time.perf_counter() - started
    pages = sum(1 for path in result.outputs if path.endswith(".html"))
    if args.command == "check":
        print(f"check passed: {pages} pages would be built ({seconds:.2f} s)")
    elif result.written and result.written.swapped:
        written = result.written
        print(f"built {pages} pages into {args.out}/: {len(written.changed)} changed, {len(written.removed)} "
              f"removed, {written.unchanged} unchanged ({seconds:.2f} s)")
    else:
        print(f"site is up to date: {pages} pages unchanged ({seconds:.2f} s)")
    return 0
