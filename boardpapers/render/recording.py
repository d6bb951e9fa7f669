"""Recording what a page reads: the site view's graph, global facts and clock, wrapped so that every read
leaves a key in a `Recorder` (the key shapes are listed in `deps`)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from contextlib import contextmanager

from boardpapers.render.siteview import SiteView

MISSING = "\0missing"
ALL = "*"


class Recorder:
    """The dependency keys of the page being rendered (None between pages: reads then are not recorded)."""

    def __init__(self):
        self.keys: set | None = None

    def add(self, key: tuple) -> None:
        if self.keys is not None:
            self.keys.add(key)

    @contextmanager
    def paused(self):
        keys, self.keys = self.keys, None
        try:
            yield
        finally:
            self.keys = keys


class RecordingMapping(Mapping):
    """A read-only dict that records which keys are read; iterating or counting it reads all of it."""

    __slots__ = ("_data", "_ns", "_rec")

    def __init__(self, data: Mapping, ns: tuple, rec: Recorder):
        self._data, self._ns, self._rec = data, ns, rec

    def __getitem__(self, key):
        self._rec.add((*self._ns, key))
        return self._data[key]

    def get(self, key, default=None):
        self._rec.add((*self._ns, key))
        return self._data.get(key, default)

    def __contains__(self, key):
        self._rec.add((*self._ns, key))
        return key in self._data

    def __iter__(self):
        self._rec.add((*self._ns, ALL))
        return iter(self._data)

    def __len__(self):
        self._rec.add((*self._ns, ALL))
        return len(self._data)

    def __reversed__(self):
        self._rec.add((*self._ns, ALL))
        return reversed(self._data)

    # Whole-mapping views: recorded once, then the plain dict's views (no per-entry recording overhead).
    def keys(self):
        self._rec.add((*self._ns, ALL))
        return self._data.keys()

    def values(self):
        self._rec.add((*self._ns, ALL))
        return self._data.values()

    def items(self):
        self._rec.add((*self._ns, ALL))
        return self._data.items()


class RecordedNow(dt.datetime):
    """The build's clock as the site view hands it out: `.date()` is recorded as ("g", "today"), anything else
    (comparison, arithmetic, formatting, time fields) as ("g", "now"). Most pages only need the day ('next
    meetings', 'overdue'), so a build later the same day can still skip them, and a no-change build skip all."""

    _rec: Recorder
    _plain: dt.datetime

    @classmethod
    def of(cls, now: dt.datetime, rec: Recorder) -> RecordedNow:
        made = cls(now.year, now.month, now.day, now.hour, now.minute, now.second, now.microsecond, now.tzinfo)
        made._rec, made._plain = rec, now
        return made

    def date(self):
        object.__getattribute__(self, "_rec").add(("g", "today"))
        return dt.datetime.date(self)

    def _full(self) -> dt.datetime:
        object.__getattribute__(self, "_rec").add(("g", "now"))
        return object.__getattribute__(self, "_plain")

    def __getattribute__(self, name):
        if name in ("year", "month", "day"):
            object.__getattribute__(self, "_rec").add(("g", "today"))
        elif name not in ("date", "_full", "_rec", "_plain", "__class__"):
            object.__getattribute__(self, "_full")()
        return super().__getattribute__(name)

    def __eq__(self, other):
        return self._full() == other

    def __ne__(self, other):
        return self._full() != other

    def __lt__(self, other):
        return self._full() < other

    def __le__(self, other):
        return self._full() <= other

    def __gt__(self, other):
        return self._full() > other

    def __ge__(self, other):
        return self._full() >= other

    def __hash__(self):
        return hash(self._full())

    def __add__(self, other):
        return self._full() + other

    __radd__ = __add__

    def __sub__(self, other):
        return self._full() - other

    def __rsub__(self, other):
        return other - self._full()

    def __str__(self):
        return str(self._full())

    def __repr__(self):
        return repr(self._full())

    def __format__(self, spec):
        return format(self._full(), spec)

    def __reduce_ex__(self, protocol):
        return self._full().__reduce_ex__(protocol)


class RecordingGraph:
    """Stands in for the Graph inside the site view and its templates. Any method of Graph not mirrored here
    counts as reading the whole graph, so a new one can only make pages re-render more, never less."""

    def __init__(self, graph, rec: Recorder):
        self._graph, self._rec = graph, rec
        self._wrapped: dict[str, RecordingMapping] = {}

    def __getattr__(self, name):
        value = getattr(self._graph, name)
        if isinstance(value, dict):
            wrapped = self._wrapped.get(name)
            if wrapped is None:
                wrapped = self._wrapped[name] = RecordingMapping(value, ("g", name), self._rec)
                # Reading the wrapper records nothing (its keys do): keep it as an attribute, so that the next
                # `graph.items` (several per register row) does not come through here again.
                setattr(self, name, wrapped)
            return wrapped
        if callable(value):
            self._rec.add(("g", ALL))
            return value
        if name == "now":
            return RecordedNow.of(value, self._rec)
        self._rec.add(("g", name))
        return value

    def kind_of(self, ident: str) -> str:
        self._rec.add(("g", "kinds", ident))
        return self._graph.kinds.get(ident, "")

    def md(self, key: str) -> str:
        self._rec.add(("g", "html", key))
        return self._graph.html.get(key, "")


def recording_site(graph, rec: Recorder):
    """A SiteView over a RecordingGraph whose global facts are computed once, outside any page's recording, and
    read through a RecordingMapping: a page that shows one action's trail depends on that trail, not on all."""
    class RecordingSiteView(SiteView):
        def __init__(self):
            super().__init__(RecordingGraph(graph, rec))
            self.raw_graph = graph
            self.fact_values: dict = {}
            self.fact_fns: dict = {}
            self.fact_reads: dict = {}
            self.last_keys: frozenset = frozenset()

        def begin_page(self) -> None:
            super().begin_page()
            rec.keys = set()

        def end_page(self) -> frozenset:
            ids = super().end_page()
            keys, rec.keys = rec.keys or set(), None
            self.last_keys = frozenset(keys | {("id", ident) for ident in ids})
            return ids

        def _swap_reads(self, state):
            old = (*super()._swap_reads(None if state is None else state[:1]), rec.keys)
            rec.keys = set() if state is None else state[1]
            return old

        def _replay(self, reads) -> None:
            super()._replay(reads)
            if rec.keys is not None:
                rec.keys.update(reads[1])

        def _once(self, name: str, compute):
            if name not in self.fact_values:
                self.fact_values[name] = self.compute_fact(name, compute)
            value = self.fact_values[name]
            if isinstance(value, Mapping):
                return RecordingMapping(value, ("f", name), rec)
            rec.add(("f", name))
            return value

        def compute_fact(self, name: str, compute):
            """Outside any page's recording, but through a recording graph of its own: whether a fact reads the
            clock (an action's 'overdue') decides whether a later build at another time may skip all work."""
            self.fact_fns[name] = compute
            own = Recorder()
            own.keys = set()
            with rec.paused():
                try:
                    value = compute(RecordingGraph(graph, own))
                except (TypeError, AttributeError):  # a fact that needs the real Graph type
                    value = compute(graph)
                    own.keys.add(("g", "now"))
            self.fact_reads[name] = frozenset(own.keys)
            return value

    if not callable(getattr(SiteView, "_once", None)):  # the hook this relies on: fail loudly, not stale
        raise RuntimeError("SiteView._once is gone: update deps.recording_site")
    return RecordingSiteView()
