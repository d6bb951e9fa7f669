"""Static assets (CSS, JS, images) with fingerprinted names, and the attachments items name.

Fingerprints (`style.3f2a9c1d.css`) let hosts cache assets forever while a changed stylesheet is fetched at once.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from boardpapers.core.diagnostics import Diagnostics, SourcePos
from boardpapers.graph.link import Graph

FINGERPRINTED = (".css", ".js", ".svg")


def collect_assets(assets_dir: Path) -> tuple[dict[str, str], dict[str, bytes]]:
    """-> ({logical name: output name}, {output path: bytes})."""
    names, outputs = {}, {}
    if not assets_dir.is_dir():
        return names, outputs
    for path in sorted(p for p in assets_dir.rglob("*") if p.is_file() and not p.name.startswith(".")):
        rel = path.relative_to(assets_dir).as_posix()
        data = path.read_bytes()
        out_name = rel
        if path.suffix in FINGERPRINTED:
            digest = hashlib.sha256(data).hexdigest()[:10]
            out_name = rel[: -len(path.suffix)] + f".{digest}{path.suffix}"
        names[rel] = out_name
        outputs[f"assets/{out_name}"] = data
    return names, outputs


def collect_attachments(graph: Graph, attachments, diags: Diagnostics) -> dict[str, bytes]:
    """Copy only files that a published, non-exempt item names: a file dropped beside an exempt report, or one
    nobody links, is never published."""
    by_place = {(a.meeting_id, a.id): a for a in attachments}
    outputs = {}
    for item in graph.items.values():
        for attachment in item.attachments:
            if not attachment.file:
                continue
            source = by_place.get((item.meeting_id, attachment.file))
            if source is None:
                diags.error(SourcePos(item.source, attachment.line or 1), "missing-attachment",
                            f"attachment '{attachment.file}' is not in the meeting's folder",
                            f"put the file at content/meetings/{item.meeting_id}/{attachment.file}")
                continue
            outputs[f"meetings/{item.meeting_id}/{attachment.file}"] = source.path.read_bytes()
    return outputs
