"""The writer of a build that writes nothing (`check`, and tests that look at the pages): every output is kept in
memory, with the same calls as `sitewriter.SiteWriter`, so that such a build renders through the one path every
build takes."""

from __future__ import annotations

from boardpapers.write.sitewriter import content_hash
from boardpapers.write.staging import WriteResult


class MemoryWriter:
    in_place = False

    def __init__(self):
        self.files: dict[str, bytes] = {}  # output path -> bytes
        self.hashes: dict[str, str] = {}

    def add(self, path: str, data: bytes) -> tuple[str, bool]:
        digest = content_hash(data)
        self.files[path], self.hashes[path] = data, digest
        return digest, True

    def note(self, path: str, digest: str, changed: bool) -> None:
        self.hashes[path] = digest

    def commit(self, stale_bundles: tuple[str, ...] = ()) -> WriteResult:
        return WriteResult(tuple(sorted(self.files)), (), 0)

    def abort(self) -> None:
        self.files.clear()
