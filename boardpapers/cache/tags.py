"""The keyed hash (a MAC) that every file of the build cache ends in, and the key it is made with.

Every file of the cache ends in a keyed hash (HMAC-SHA256) of what comes before it, checked (cache.store.checked)
before a byte of it is unpickled: unpickling runs code, so a cache file that anyone who can write to .cache/ may
have made (a CI cache restored from another branch's run, a shared folder) would run theirs. The key lives outside
the project (`key_path`), readable by its owner only; BOARDPAPERS_CACHE_KEY gives one instead (e.g. a CI secret,
to reuse a cache across machines). A file with a wrong tag is a cache miss, like a truncated one. HMAC-SHA256, not
keyed BLAKE2b: CPUs with SHA instructions (most x86 since 2019, ARMv8) hash twice as fast so (100 MB: 0.06 s
against 0.12 s here), and a one-item edit at 10k items checks ~200 MB of shards before unpickling them.
"""

from __future__ import annotations

import hashlib
import hmac
import os
from pathlib import Path

TAG_SIZE = 32
KEY_ENV = "BOARDPAPERS_CACHE_KEY"
_KEY: list = []


def key_path() -> Path:
    state = os.environ.get("XDG_STATE_HOME") or os.path.join(os.path.expanduser("~"), ".local", "state")
    return Path(state) / "boardpapers" / "cache.key"


def cache_key() -> bytes:
    """The MAC key: BOARDPAPERS_CACHE_KEY, else the one in `key_path` (made on first use, mode 0600), else (no
    writable home) one for this process only, with which no other process can read what it saves."""
    if _KEY:
        return _KEY[0]
    given = os.environ.get(KEY_ENV)
    key = hashlib.blake2b(given.encode(), digest_size=32).digest() if given else _stored_key(key_path())
    _KEY.append(key)
    return key


def _stored_key(path: Path) -> bytes:
    try:
        key = path.read_bytes()
        if len(key) == 32:
            return key
    except OSError:
        pass
    key = os.urandom(32)
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        tmp = path.with_name(f"{path.name}.tmp{os.getpid()}")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as handle:
            handle.write(key)
        os.link(tmp, path)  # fails if another process made one meanwhile: then that one is the key
        tmp.unlink()
    except FileExistsError:
        tmp.unlink(missing_ok=True)
        return _stored_key(path)
    except OSError:
        pass
    return key


def mac(data=b"", purpose: bytes = b"boardpapers"):
    """The MAC of `data` (update it with more), with a key of its own for each `purpose` (the store's files, the
    compiled layouts): a tag made for one kind of file never passes for the other's."""
    key = cache_key()
    derived = _PURPOSE_KEYS.get((key, purpose))
    if derived is None:
        derived = _PURPOSE_KEYS[key, purpose] = hashlib.blake2b(key, digest_size=32, person=purpose).digest()
    return hmac.new(derived, data, "sha256")


_PURPOSE_KEYS: dict = {}  # (key, purpose) -> the key derived for it


class Tagged:
    """A file that hashes everything written to it."""

    def __init__(self, handle):
        self.handle = handle
        self.mac = mac()

    def write(self, data) -> int:
        self.mac.update(data)
        return self.handle.write(data)
