"""slotstate: the models and diagnostics pickle through its fast state methods and come back equal."""

from __future__ import annotations

import dataclasses
import datetime as dt
import pickle

from boardpapers.content import models
from boardpapers.core import diagnostics
from boardpapers.core.diagnostics import Diagnostic, SourcePos
from boardpapers.core.slotstate import speed_up_pickling


def frozen_slotted(module) -> list[type]:
    return [cls for cls in vars(module).values() if isinstance(cls, type) and dataclasses.is_dataclass(cls)
            and cls.__module__ == module.__name__ and cls.__dataclass_params__.frozen and "__slots__" in cls.__dict__]


def test_every_frozen_slotted_model_has_the_fast_state_methods():
    classes = frozen_slotted(models) + frozen_slotted(diagnostics)
    assert len(classes) > 10
    for cls in classes:
        assert cls.__getstate__.__module__ == "boardpapers.core.slotstate", cls


def test_models_round_trip_through_pickle():
    pos = SourcePos("content/people/a.md", 3, 1)
    values = [pos, Diagnostic(pos, "error", "code", "message", "hint"),
              models.Ref("person", "a", pos, "owner", "label"), models.SiteConfig("Title", "Org", "site.yaml")]
    for value in values:
        for protocol in range(2, pickle.HIGHEST_PROTOCOL + 1):
            again = pickle.loads(pickle.dumps(value, protocol=protocol))
            assert again == value and type(again) is type(value)
    assert pickle.loads(pickle.dumps(pos)).__getstate__() == ("content/people/a.md", 3, 1)


def test_a_one_field_class_and_a_class_of_another_module_are_handled():
    @dataclasses.dataclass(frozen=True, slots=True)
    class One:
        when: dt.date

    namespace = {"__name__": __name__, "One": One}
    speed_up_pickling(namespace)
    assert One(dt.date(2014, 1, 21)).__getstate__() == (dt.date(2014, 1, 21),)
    elsewhere = {"__name__": "another.module", "One": One, "Two": type("Two", (), {})}
    speed_up_pickling(elsewhere)  # classes defined elsewhere are left as they are; plain classes too
