"""`json.dumps(value, ensure_ascii=False, indent=2)`, the same text at about the speed of compact JSON.

With `indent`, the standard library falls back to its pure-Python encoder, a generator per container and per
value. Here a container whose members are all plain values (strings, numbers, booleans, null, empty containers)
goes through the C encoder in one call, its item separator carrying the newline and indent; only containers
holding other containers are walked in Python. `Raw` marks text that is already encoded at the place it goes.
"""

from __future__ import annotations

import json
from json.encoder import encode_basestring

_PLAIN = frozenset({str, int, bool, type(None)})
_CONTAINERS = (dict, list, tuple)
_flat: dict[str, object] = {}  # newline + indent -> C encoder whose item separator breaks the line there


class Raw(str):
    """JSON text encoded for its place (`encode_list(..., pad)` with the pad it is inserted at)."""


def dumps(value) -> str:
    """== json.dumps(value, ensure_ascii=False, indent=2), for dict keys that are strings and values of the JSON
    types (anything else goes to the standard library)."""
    out: list[str] = []
    try:
        _encode(value, "\n", out.append)
    except _Unsupported:
        return json.dumps(value, ensure_ascii=False, indent=2)
    return "".join(out)


def encode_list(values: list, pad: str) -> Raw:
    """A list as `dumps` writes it where its opening bracket's line is indented by `pad` ("\\n" + spaces)."""
    out: list[str] = []
    _encode(values, pad, out.append)
    return Raw("".join(out))


class _Unsupported(Exception):
    pass


def _flat_encoder(inner: str):
    encoder = _flat.get(inner)
    if encoder is None:
        encoder = _flat[inner] = json.JSONEncoder(ensure_ascii=False, check_circular=False,
                                                  separators=("," + inner, ": ")).encode
    return encoder


def _is_flat(values) -> bool:
    return all(type(v) in _PLAIN or (not v and type(v) in _CONTAINERS) for v in values)


def _encode(o, pad: str, put) -> None:
    kind = type(o)
    inner = pad + "  "
    if kind is dict:
        if not o:
            put("{}")
            return
        for k in o:
            if type(k) is not str:
                raise _Unsupported
        if _is_flat(o.values()):
            text = _flat_encoder(inner)(o)
            put("{" + inner + text[1:-1] + pad + "}")
            return
        sep = "{" + inner
        for k, v in o.items():
            kv = type(v)
            if kv is str:
                put(sep + encode_basestring(k) + ": " + encode_basestring(v))
            elif kv is Raw:
                put(sep + encode_basestring(k) + ": " + v)
            else:
                put(sep + encode_basestring(k) + ": ")
                _encode(v, inner, put)
            sep = "," + inner
        put(pad + "}")
    elif kind is list or kind is tuple:
        if not o:
            put("[]")
            return
        if _is_flat(o):
            text = _flat_encoder(inner)(o)
            put("[" + inner + text[1:-1] + pad + "]")
            return
        sep = "[" + inner
        for v in o:
            put(sep)
            _encode(v, inner, put)
            sep = "," + inner
        put(pad + "]")
    elif kind is str:
        put(encode_basestring(o))
    elif kind is bool:
        put("true" if o else "false")
    elif o is None:
        put("null")
    elif kind is int:
        put(int.__repr__(o))
    else:  # floats (nan, inf), subclasses, objects: the standard library's rules
        raise _Unsupported
