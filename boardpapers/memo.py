"""Work shared by the pages of one build, with what it read replayed into every page that reuses it.

A page records what it reads (`recording`, `SiteView.used`) so that an incremental build renders it again when any
of that changes. A result computed while rendering one page and reused on another must carry those reads along:
`shared` notes them the first time and adds them to each page that takes the result, so every page records the
same dependencies as if it had computed the result itself.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable, Hashable

_SHARED: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()  # site view -> {key: (value, ids, keys)}
# The site view asked about last (a weak reference), its results and its recorder: nearly every call.
_LAST: list = [lambda: None, {}, None]


def shared(site, key: Hashable, compute: Callable[[], object]):
    """compute(), once per build (per site view) for each `key`; `key` must name everything the result depends on
    besides what `compute` reads through the site view."""
    last = _LAST
    if last[0]() is not site:
        try:
            memo = _SHARED.setdefault(site, {})
        except TypeError:  # nothing to keep the results on
            return compute()
        last[:] = [weakref.ref(site), memo, _recorder(site)]
    found = last[1].get(key)
    if found is None:
        found = last[1][key] = reads_while(site, compute)
        return found[0]
    value, ids, keys = found  # replay (inline: this is the common path)
    if ids and site._deps is not None:
        site._deps.update(ids)
    if keys and last[2].keys is not None:
        last[2].keys.update(keys)
    return value


def _recorder(site):
    return getattr(getattr(site, "graph", None), "_rec", None)  # a RecordingGraph's Recorder, if recording


def reads_while(site, compute: Callable[[], object]) -> tuple[object, frozenset, frozenset]:
    """-> (compute(), the ids it used, the keys it recorded); both also stay recorded on the current page."""
    recorder = _recorder(site)
    page_ids, site._deps = getattr(site, "_deps", None), set()
    if recorder is not None:
        page_keys, recorder.keys = recorder.keys, set()
    try:
        value = compute()
    finally:
        ids, site._deps = frozenset(site._deps), page_ids
        keys = frozenset()
        if recorder is not None:
            keys, recorder.keys = frozenset(recorder.keys), page_keys
    replay(site, ids, keys)
    return value, ids, keys


def replay(site, ids: frozenset, keys: frozenset) -> None:
    if ids and site._deps is not None:
        site._deps.update(ids)
    if keys:
        recorder = _recorder(site)
        if recorder is not None and recorder.keys is not None:
            recorder.keys.update(keys)
