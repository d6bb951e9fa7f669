"""Faster pickling for the frozen, slotted dataclasses the build cache holds by the hundred thousand.

For a frozen dataclass with slots, `dataclasses` pickles through `__getstate__`/`__setstate__` functions that
call `fields()` for every object saved or loaded: at 10,000 items (~250,000 models and diagnostics in the
cache) that was half the time of pickling the parsed sources. Here the field names are looked up once per class
and the state is read with one `operator.attrgetter` call, in C. The state is the same sequence of field values
in field order, so what one version wrote the other reads.
"""

from __future__ import annotations

import dataclasses
from operator import attrgetter


def speed_up_pickling(namespace: dict) -> None:
    """Give every frozen slotted dataclass defined in `namespace` (a module's globals()) the fast state methods."""
    for cls in list(namespace.values()):
        if (isinstance(cls, type) and dataclasses.is_dataclass(cls) and cls.__dataclass_params__.frozen
                and "__slots__" in cls.__dict__ and cls.__module__ == namespace.get("__name__")):
            _patch(cls)


def _patch(cls: type) -> None:
    names = tuple(f.name for f in dataclasses.fields(cls))
    read = attrgetter(*names) if len(names) > 1 else (lambda obj, _get=attrgetter(names[0]): (_get(obj),))

    def __getstate__(self):
        return read(self)

    cls.__getstate__, cls.__setstate__ = __getstate__, _setstate(cls, names)


def _setstate(cls: type, names: tuple[str, ...]):
    """`__setstate__` with one statement per field, through the slots' own descriptors (what object.__setattr__
    ends in): loading the cache calls it ~360,000 times at 10k items, and the loop over zip() with a
    setattr per field was a third of an edit's unpickling. A state of the wrong length raises ValueError, as
    zip(strict=True) did."""
    setters = {f"_set_{n}": cls.__dict__[name].__set__ for n, name in enumerate(names)}
    targets = "".join(f"_{n}, " for n in range(len(names)))
    lines = [f"def __setstate__(self, state, {', '.join(f'{k}={k}' for k in setters)}):",
             f"    ({targets}) = state"] + [f"    _set_{n}(self, _{n})" for n in range(len(names))]
    scope: dict = {}
    exec("\n".join(lines), dict(setters), scope)  # the code is made of field numbers only, never of data
    return scope["__setstate__"]
