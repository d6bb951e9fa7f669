"""What a page read while it rendered, and the one way to compute something once for many pages.

`Reads` holds one set of keys for the page being rendered (their shapes are listed in `cache.deps`): the graph
entries it read (`recording.RecordingGraph`), the ids the site view says it shows (`SiteView.used`) and the
layouts it loaded (`jinja.RecordingEnvironment`). The build cache renders a page again when any key it read
fingerprints differently.

`capture(key, compute)` is the one mechanism for "computed once, read by many pages, recorded as a dependency"
(Lektor's `gather_dependencies`): the first call computes the value while gathering what the computation reads
into a set of its own; every call, the first included, adds that set to the reading page's keys. Each page
therefore records exactly what it would have recorded computing the value itself, whichever page came first.
Layout fragments, macros made once, `once()`, register rows and the open data records all go through it. A
capture lives as long as its `Reads`, one build (each forked render worker fills its own copy). `key` must tell
apart everything the value depends on besides what `compute` reads through the site view.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable


class Reads:
    __slots__ = ("captured", "keys")

    def __init__(self):
        self.keys: set | None = None  # the page being rendered (None between pages: nothing is recorded)
        self.captured: dict = {}  # key -> (value, the keys computing it read)

    def add(self, key: tuple) -> None:
        if self.keys is not None:
            self.keys.add(key)

    def begin_page(self) -> None:
        self.keys = set()

    def end_page(self) -> frozenset:
        keys, self.keys = self.keys, None
        return frozenset(keys or ())

    def capture(self, key: Hashable, compute: Callable[[], object]):
        """compute(), once per build for each `key`, its reads recorded on every page that takes it."""
        try:
            found = self.captured.get(key)
        except TypeError:  # unhashable arguments: nothing to remember it by (its reads go to the page)
            return compute()
        if found is None:
            outer, self.keys = self.keys, set()
            try:
                value = compute()
            finally:
                inner, self.keys = self.keys, outer
            # A tuple, not a set: thousands of captures stay to the end of the build, and a tuple of tuples of
            # strings takes a fraction of a set's memory and drops out of the garbage collector's sight.
            found = self.captured[key] = (value, tuple(inner))
        if found[1] and self.keys is not None:
            self.keys.update(found[1])
        return found[0]
