"""outputs/prettyjson.py writes what json.dumps(value, ensure_ascii=False, indent=2) writes."""

from __future__ import annotations

import json

from boardpapers.outputs import prettyjson


def test_prettyjson_writes_what_json_dumps_writes():
    values = [
        {}, [], "", {"a": []}, {"a": {}}, [[]], [{}], {"k": None, "t": True, "f": False, "n": 3, "s": "é\"\\\n<"},
        {"records": [{"id": "x", "list": ["a", "b"], "empty": [], "nested": [{"u": 1}, {"v": [1, [2, {}]]}]}]},
        ("tuple", ["in", ("a", "tuple")]), {"float": 1.5}, [float("nan")], {"\u2028": "\ud83d\ude00"},
    ]
    for value in values:
        assert prettyjson.dumps(value) == json.dumps(value, ensure_ascii=False, indent=2), value
    records = [{"id": str(n), "xs": [str(n)] * (n % 3)} for n in range(5)]
    whole = json.dumps({"records": records}, ensure_ascii=False, indent=2)
    assert prettyjson.dumps({"records": prettyjson.encode_list(records, "\n  ")}) == whole
