"""Quicker pickling for the frozen, slotted dataclasses the build cache holds by the hundred thousand (the
content models, SourcePos, Diagnostic).

`dataclasses` gives such a class a __getstate__/__setstate__ that calls dataclasses.fields() for every object:
at 10,000 items that was 1.3 s of the 2 s it took to load the cache, on every build. These work out the field
names once per class. The state is the same list of field values, in field order.
"""

from __future__ import annotations

from dataclasses import fields
from operator import attrgetter


def quick_pickle(cls):
    """Class decorator, above @dataclass(frozen=True, slots=True)."""
    names = tuple(f.name for f in fields(cls))
    values = attrgetter(*names) if len(names) > 1 else (lambda self: (getattr(self, names[0]),))
    set_field = object.__setattr__  # the class is frozen: its own __setattr__ refuses

    def __getstate__(self):
        return values(self)

    def __setstate__(self, state):
        for name, value in zip(names, state, strict=True):
            set_field(self, name, value)

    cls.__getstate__, cls.__setstate__ = __getstate__, __setstate__
    return cls
