"""After an import: the real validator (`pipeline.build`, write=False, drafts shown) on a scratch copy of content/
that holds the imported files where they belong, as if the clerk had accepted them. Its problems in those files are
printed with the paths actually written (`.imported` included), so the clerk sees what to fix."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from boardpapers.core.diagnostics import BuildFailed


def validate(files: list, content: Path) -> int:
    """The validator (pipeline.build, write=False) on a scratch copy of content/ holding the import as if
    accepted: what it reports is what the clerk must fix before removing `draft: true`."""
    from boardpapers.pipeline import Options, build

    ours = {"content/" + p.target.relative_to(content).as_posix(): p.write_to for p in files}
    project = content.resolve().parent
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "content"
        shutil.copytree(content, copy, symlinks=True)
        for planned in files:
            dest = copy / planned.target.relative_to(content)
            dest.parent.mkdir(parents=True, exist_ok=True)
            dest.write_text(planned.text, encoding="utf-8")
        layouts, assets = project / "layouts", project / "assets"
        opts = Options(content_dir=copy, out_dir=Path(tmp) / "site", write=False, drafts=True, search=False,
                       layouts_dir=layouts if layouts.is_dir() else None,
                       assets_dir=assets if assets.is_dir() else None)
        try:
            diagnostics = build(opts).diagnostics
        except BuildFailed as failed:
            diagnostics = failed.diagnostics
    added = {"content/" + p.target.relative_to(content).as_posix(): _added_lines(p.edit_of, p.text)
             for p in files if getattr(p, "edit_of", None) is not None}
    # in a file the import only added lines to, what was wrong before is not the import's to report
    mine = [d for d in diagnostics.sorted() if d.pos.path in ours
            and (d.pos.path not in added or d.pos.line in added[d.pos.path])]
    elsewhere = len(diagnostics.sorted()) - len(mine)
    for d in mine:
        where = ":".join(str(x) for x in (ours[d.pos.path], d.pos.line, d.pos.col) if x)
        print(f"{where}: {d.severity}[{d.code}]: {d.message}" + (f"\n  hint: {d.hint}" if d.hint else ""))
    errors = sum(1 for d in mine if d.severity == "error")
    print(f"validation: {errors} error{'s' if errors != 1 else ''} in the imported files"
          + (f"; {elsewhere} problem(s) elsewhere in {content} (run `python build.py check`)"
             if elsewhere else ""))
    return 1 if errors else 0


def _added_lines(before: str, after: str) -> set[int]:
    import difflib

    out: set[int] = set()
    matcher = difflib.SequenceMatcher(None, before.split("\n"), after.split("\n"), autojunk=False)
    for tag, _, _, j1, j2 in matcher.get_opcodes():
        if tag in ("insert", "replace"):
            out |= set(range(j1 + 1, j2 + 1))
    return out
