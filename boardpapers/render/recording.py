"""The graph as pages see it: every read leaves a key in the page's `Reads` (the key shapes are listed in
`cache.deps`). A dict field is wrapped in a RecordingMapping (an entry read is one key, iterating or counting
it reads all of it), the clock in a RecordedNow (the date alone, or the time), and anything else read whole.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from boardpapers.render.reads import Reads

MISSING = "\0missing"
ALL = "*"


class RecordingMapping(Mapping):
    """A read-only dict that records which keys are read; iterating or counting it reads all of it."""

    __slots__ = ("_data", "_ns", "_rec")

    def __init__(self, data: Mapping, ns: tuple, rec: Reads):
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

    _rec: Reads
    _plain: dt.datetime

    @classmethod
    def of(cls, now: dt.datetime, rec: Reads) -> RecordedNow:
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

    def __init__(self, graph, rec: Reads):
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

    def whole(self):
        """The graph itself, for reads that are not recorded one by one: the page reads everything."""
        self._rec.add(("g", ALL))
        return self._graph

    def kind_of(self, ident: str) -> str:
        self._rec.add(("g", "kinds", ident))
        return self._graph.kinds.get(ident, "")

    def md(self, key: str) -> str:
        self._rec.add(("g", "html", key))
        return self._graph.html.get(key, "")
