"""Work shared by the pages of one build, with what it read replayed into every page that reuses it.

A page records what it reads (`recording`, `SiteView.used`) and the layouts it uses (`render.RecordingEnvironment`)
so that an incremental build renders it again when any of that changes. A result computed while rendering one page
and reused on another must carry those along: `shared` notes them the first time and adds them to each page that
takes the result, so every page records the same dependencies as if it had computed the result itself.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable, Hashable

_SHARED: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()  # site view -> {key: (value, ids, keys, layouts)}
# The site view asked about last (a weak reference), its results and its recorder: nearly every call.
_LAST: list = [lambda: None, {}, None]


def shared(site, key: Hashable, compute: Callable[[], object], env=None):
    """compute(), once per build (per site view) for each `key`; `key` must name everything the result depends on
    besides what `compute` reads through the site view. With `env` (a layout environment that notes the layouts a
    page loads in `env.loaded`), the layouts `compute` loaded are noted on every page that takes the result."""
    last = _LAST
    if getattr(site, "page_lang", ""):  # a page in another language: its words differ (pages.translated)
        key = ("\0lang", site.page_lang, key)
    if last[0]() is not site or site is None:
        try:
            memo = _SHARED.setdefault(site, {})
        except TypeError:  # nothing to keep the results on
            return compute()
        last[:] = [weakref.ref(site), memo, _recorder(site)]
    try:
        found = last[1].get(key)
    except TypeError:  # unhashable arguments: nothing to remember them by
        return compute()
    if found is None:
        found = last[1][key] = reads_while(site, compute, env)
        return found[0]
    value, ids, keys, layouts = found  # replay (inline: this is the common path)
    if ids and site._deps is not None:
        site._deps.update(ids)
    if keys and last[2].keys is not None:
        last[2].keys.update(keys)
    if layouts:
        env.loaded.update(layouts)
    return value


def _recorder(site):
    return getattr(getattr(site, "graph", None), "_rec", None)  # a RecordingGraph's Recorder, if recording


def reads_while(site, compute: Callable[[], object], env=None) -> tuple:
    """-> (compute(), the ids it used, the keys it recorded, the layouts it loaded); all stay noted on the current
    page as well."""
    recorder = _recorder(site)
    page_ids, site._deps = getattr(site, "_deps", None), set()
    if recorder is not None:
        page_keys, recorder.keys = recorder.keys, set()
    page_layouts = getattr(env, "loaded", None)
    if page_layouts is not None:
        env.loaded = set()
    try:
        value = compute()
    finally:
        ids, site._deps = frozenset(site._deps), page_ids
        if ids and page_ids is not None:
            page_ids.update(ids)
        keys = frozenset()
        if recorder is not None:
            keys, recorder.keys = frozenset(recorder.keys), page_keys
            if keys and page_keys is not None:
                page_keys.update(keys)
        layouts = frozenset()
        if page_layouts is not None:
            layouts, env.loaded = frozenset(env.loaded), page_layouts
            page_layouts.update(layouts)
    return value, ids, keys, layouts
