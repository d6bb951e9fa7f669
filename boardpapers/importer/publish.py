"""`python build.py publish <meeting-id> [...]`: what an import brought in, reviewed, made public.

Clears `draft: true` on the meeting and its items, on the draft people they name (the stubs the import made) and
the board membership years the import added with that meeting (`draft_membership`), but only after the
validator passes on the result: the changes are tried on a scratch copy of content/ first, and on any error
nothing is changed and each error is printed at its file and line. A meeting folder that still holds
`.imported` files (an import beside a file the clerk had) is refused until they are merged or deleted.
"""

from __future__ import annotations

import argparse
import re
import shutil
import sys
import tempfile
from pathlib import Path

from boardpapers.content.discover import MEETING_ID_RE
from boardpapers.content.translations import TRANSLATION_NAME_RE
from boardpapers.core.diagnostics import BuildFailed

DRAFT_LINE_RE = re.compile(r"^draft:\s*true\s*$")


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="build.py publish",
                                     description="Publish imported meetings: clear their draft flags once check "
                                                 "passes.")
    parser.add_argument("meetings", nargs="+", help="meeting ids, e.g. 2017-03-09-iib 2016-12-01-iib")
    parser.add_argument("--content", type=Path, default=Path("content"), help="content folder (default content)")
    parser.add_argument("--dry-run", action="store_true", help="say what would be published; change nothing")
    args = parser.parse_args(argv)
    changes, problems = plan(args.content, args.meetings)
    if problems:
        for problem in problems:
            print(f"error: {problem}", file=sys.stderr)
        return 1
    errors = _check(args.content, changes)
    if errors:
        print("\n".join(errors), file=sys.stderr)
        print(f"{len(errors)} error(s): nothing was published; fix them and run publish again", file=sys.stderr)
        return 1
    for path, text in sorted(changes.items()):
        if not args.dry_run:
            path.write_text(text, encoding="utf-8")
        print(f"{'would publish' if args.dry_run else 'published'} {path}")
    if not changes:
        print("nothing to publish: no draft flags left on those meetings")
    return 0


def plan(content: Path, meetings: list[str]) -> tuple[dict[Path, str], list[str]]:
    """(path -> new text, problems) for publishing `meetings`."""
    changes: dict[Path, str] = {}
    problems: list[str] = []
    named: set[str] = set()
    for meeting in meetings:
        folder = content / "meetings" / meeting
        if not MEETING_ID_RE.match(meeting) or not (folder / "index.md").is_file():
            problems.append(f"no meeting '{meeting}' in {content / 'meetings'}")
            continue
        sidecars = sorted(folder.glob("*.imported"))
        if sidecars:
            problems.append(f"{folder} still holds {len(sidecars)} .imported file(s) ({sidecars[0].name} ...): merge "
                            "what you want into the file beside each, delete it, then publish")
        for path in sorted(folder.glob("*.md")):
            if TRANSLATION_NAME_RE.search(path.name):  # its own `draft: true` is the translator's, not the import's
                continue
            text = path.read_text(encoding="utf-8")
            undrafted = undraft(text)
            if undrafted != text:
                changes[path] = undrafted
            named |= set(re.findall(r"[a-z0-9][a-z0-9-]*", text))
    for path in sorted((content / "boards").glob("*.md")):
        text = path.read_text(encoding="utf-8")
        cleared, years_text = _board(text, meetings)
        if cleared != text:
            changes[path] = cleared
            named |= set(re.findall(r"[a-z0-9][a-z0-9-]*", years_text))
    for path in sorted((content / "people").glob("*.md")):
        if path.stem in named:
            text = path.read_text(encoding="utf-8")
            if undraft(text) != text:
                changes[path] = undraft(text)
    return changes, problems


def undraft(text: str) -> str:
    """The file without the `draft: true` line of its front matter (nothing else changes)."""
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        return text
    for index in range(1, len(lines)):
        if lines[index].strip() == "---":
            break
        if DRAFT_LINE_RE.match(lines[index]):
            return "\n".join(lines[:index] + lines[index + 1:])
    return text


def _board(text: str, meetings: list[str]) -> tuple[str, str]:
    """A board file without the draft_membership its import added for one of `meetings`; and the text of the
    membership (whose people are published with it)."""
    lines = text.split("\n")
    for index, line in enumerate(lines):
        if line.startswith("draft_membership:") and index and any(m in lines[index - 1] for m in meetings) \
                and lines[index - 1].startswith("# draft_membership:"):
            return "\n".join(lines[:index - 1] + lines[index + 1:]), text
    return text, ""


def _check(content: Path, changes: dict[Path, str]) -> list[str]:
    """The validator (as `check`, drafts left out) on a copy of content/ with the changes made."""
    from boardpapers.pipeline import Options, build

    project = content.resolve().parent
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "content"
        shutil.copytree(content, copy, symlinks=True)
        for path, text in changes.items():
            (copy / path.relative_to(content)).write_text(text, encoding="utf-8")
        layouts, assets = project / "layouts", project / "assets"
        opts = Options(content_dir=copy, out_dir=Path(tmp) / "site", write=False, search=False, cache=False,
                       layouts_dir=layouts if layouts.is_dir() else None,
                       assets_dir=assets if assets.is_dir() else None)
        try:
            diagnostics = build(opts).diagnostics
        except BuildFailed as failed:
            diagnostics = failed.diagnostics
    out = []
    for d in diagnostics.sorted():
        if d.severity != "error":
            continue
        rel = d.pos.path.removeprefix("content/")
        where = ":".join(str(x) for x in (content / rel, d.pos.line, d.pos.col) if x)
        out.append(f"{where}: error[{d.code}]: {d.message}" + (f"\n  hint: {d.hint}" if d.hint else ""))
    return out
