"""A strict YAML reader that keeps each key's line.

PyYAML's defaults follow YAML 1.1: `11:00` becomes the number 660, `no` becomes False, a duplicated key silently
keeps the last value, and anchors/aliases allow "billion laughs" expansion. Board papers are written by people
under deadline, so this reader resolves only what an author means (true/false, integers, decimals, ISO dates and
date-times, null) and refuses duplicate keys, anchors, aliases and tags with the line where they stand.
"""

from __future__ import annotations

import datetime as dt
import re
import sys

import yaml
from yaml.composer import Composer
from yaml.nodes import MappingNode, ScalarNode, SequenceNode
from yaml.parser import Parser
from yaml.reader import Reader
from yaml.resolver import BaseResolver
from yaml.scanner import Scanner

MAX_YAML_BYTES = 256 * 1024
MAX_DEPTH = 32
MIN_YEAR, MAX_YEAR = 1900, 2199
# Only double-quoted escapes can make these: lone surrogates cannot be written out as UTF-8, and control
# characters are invalid in XML (feeds, sitemaps) and invisible in pages.
# U+FFFE and U+FFFF are not characters at all, and XML 1.0 refuses them (a feed could not be written).
BAD_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")
SURROGATES = re.compile("[\ud800-\udfff]")
STR, INT, FLOAT, BOOL, NULL, DATE, DATETIME = "str", "int", "float", "bool", "null", "date", "datetime"


class YamlProblem(Exception):
    """A YAML problem at a 1-based line/column of the text given to `load`."""

    def __init__(self, code: str, message: str, line: int, col: int = 0, hint: str = ""):
        super().__init__(message)
        self.code, self.message, self.line, self.col, self.hint = code, message, line, col, hint


class YMap(dict):
    """A mapping that remembers where it and each of its keys stand (1-based)."""

    line: int = 0
    col: int = 0

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.key_pos: dict = {}

    def pos_of(self, key) -> tuple[int, int]:
        return self.key_pos.get(key, (self.line, self.col))


class YList(list):
    """A sequence that remembers where it and each of its entries stand (1-based)."""

    line: int = 0
    col: int = 0

    def __init__(self, *args):
        super().__init__(*args)
        self.item_pos: list[tuple[int, int]] = []

    def pos_of(self, index: int) -> tuple[int, int]:
        return self.item_pos[index] if index < len(self.item_pos) else (self.line, self.col)


class _StrictResolver(BaseResolver):
    def resolve(self, kind, value, implicit):
        """BaseResolver.resolve without path resolvers (we have none): libyaml's composer calls it for every node."""
        if kind is ScalarNode:
            if implicit[0]:
                for tag, regexp in self.yaml_implicit_resolvers.get(value[:1], ()):
                    if regexp.match(value):
                        return tag
            return STR
        return self.DEFAULT_SEQUENCE_TAG if kind is SequenceNode else self.DEFAULT_MAPPING_TAG


_StrictResolver.yaml_implicit_resolvers = {}
for _tag, _regexp, _first in [
    (BOOL, r"^(?:true|True|TRUE|false|False|FALSE)$", "tTfF"),
    (INT, r"^[-+]?[0-9]+$", "-+0123456789"),
    (FLOAT, r"^[-+]?(?:[0-9]+\.[0-9]*|\.[0-9]+)$", "-+0123456789."),
    (NULL, r"^(?:~|null|Null|NULL|)$", ["~", "n", "N", ""]),
    (DATE, r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$", "0123456789"),
    (DATETIME, r"^[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt ][0-9]{2}:[0-9]{2}(?::[0-9]{2})?$", "0123456789"),
]:
    _StrictResolver.add_implicit_resolver(_tag, re.compile(_regexp), list(_first))
_StrictResolver.DEFAULT_SCALAR_TAG = STR


class _StrictLoader(Reader, Scanner, Parser, Composer, _StrictResolver):
    def __init__(self, stream):
        Reader.__init__(self, stream)
        Scanner.__init__(self)
        Parser.__init__(self)
        Composer.__init__(self)
        _StrictResolver.__init__(self)

    def compose_node(self, parent, index):
        event = self.peek_event()
        line, col = event.start_mark.line + 1, event.start_mark.column + 1
        if isinstance(event, yaml.AliasEvent):
            raise YamlProblem("yaml-alias", "aliases (*name) are not allowed", line, col,
                              "write the value out in full")
        if getattr(event, "anchor", None):
            raise YamlProblem("yaml-anchor", f"anchors (&{event.anchor}) are not allowed", line, col,
                              "write the value out in full")
        if getattr(event, "tag", None) not in (None, "!"):
            raise YamlProblem("yaml-tag", f"tags ({event.tag}) are not allowed", line, col,
                              "remove the tag; quote the value if it must stay text")
        self.depth = getattr(self, "depth", 0) + 1  # the composer recurses: bound it before Python's stack does
        try:
            if self.depth > MAX_DEPTH:
                raise YamlProblem("yaml-too-deep", f"values are nested more than {MAX_DEPTH} levels deep", line,
                                  col, "front matter needs a few levels at most: check the brackets and indents")
            return Composer.compose_node(self, parent, index)  # explicit: the libyaml loader reuses this method
        finally:
            self.depth -= 1


# libyaml's scanner and parser are ~8x faster than PyYAML's, and its composer (Cython) halves what ours costs over
# the same events. It keeps no trace of anchors or tags, so `_convert` refuses any node that starts at & or !
# (which needs node positions to count characters as Python does: a leading BOM is skipped uncounted, so such
# text goes the slower way), and it recurses on the C stack (a crash, not an error, some 10,000s of levels deep),
# so it only sees text that cannot nest deeper than C_NESTING_LIMIT (each level needs one of `[{-:?`). Whatever a
# fast path refuses is read again by `_StrictLoader`: every problem keeps the pure-Python wording and position.
C_NESTING_LIMIT = 2000
try:
    from yaml._yaml import CParser as _CParser

    class _CLoader(_CParser, _StrictResolver):  # libyaml composes: nodes without anchors, aliases or tags
        def __init__(self, stream):
            _CParser.__init__(self, stream)
            _StrictResolver.__init__(self)

    class _EventLoader(Composer, _CParser, _StrictResolver):  # the rest: our composer (and checks), C events
        def __init__(self, stream):
            _CParser.__init__(self, stream)
            Composer.__init__(self)
            _StrictResolver.__init__(self)

        compose_node = _StrictLoader.compose_node  # explicit: the C parser has a compose_node of its own

        def dispose(self):
            _CParser.dispose(self)
except ImportError:  # PyYAML built without libyaml
    _CLoader = _EventLoader = None


def load(text: str, first_line: int = 1):
    """Parse one YAML document; lines in results and problems are offset so that line 1 of `text` is
    `first_line`. Returns YMap/YList/scalars, or None for an empty document."""
    if len(text.encode("utf-8")) > MAX_YAML_BYTES:
        raise YamlProblem("yaml-too-large", f"front matter is larger than {MAX_YAML_BYTES // 1024} KiB",
                          first_line, 1, "move long text into the markdown body")
    if _CLoader is not None:
        fast = text[:1] != "\ufeff" and sum(map(text.count, "[{-:?")) <= C_NESTING_LIMIT
        try:
            return _compose(_CLoader if fast else _EventLoader, text, first_line)
        except (YamlProblem, yaml.YAMLError):
            pass  # report it with the pure-Python parser's positions and wording
    return load_exact(text, first_line)


def _compose(loader_class, text: str, first_line: int):
    loader = loader_class(text)
    try:
        node = loader.get_single_node()
    finally:
        loader.dispose()
    return None if node is None else _convert(node, text, first_line - 1, 1)


def load_exact(text: str, first_line: int = 1):
    """`load` through PyYAML's pure-Python parser only: the reference that every problem is reported by."""
    try:
        loader = _StrictLoader(text)  # the reader refuses control characters here, before any parsing
    except yaml.reader.ReaderError as exc:
        line = first_line + text.count("\n", 0, max(exc.position, 0))
        char = exc.character if isinstance(exc.character, int) else ord(str(exc.character)[:1] or "?")
        raise YamlProblem("yaml-character", f"invalid character U+{char:04X} in front matter", line, 0,
                          "remove it (control characters often come with text pasted from a PDF)") from None
    try:
        node = loader.get_single_node()
    except YamlProblem as problem:
        problem.line += first_line - 1
        raise
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = (mark.line + first_line) if mark else first_line
        col = (mark.column + 1) if mark else 0
        message = " ".join(str(part) for part in (exc.context, exc.problem) if part)
        hint = "check indentation; quote values that contain ': ' or start with [ { * & ! | > % @"
        raise YamlProblem("yaml-syntax", f"invalid YAML: {message}", line, col, hint) from None
    except yaml.YAMLError as exc:
        raise YamlProblem("yaml-syntax", f"invalid YAML: {exc}", first_line, 0) from None
    finally:
        loader.dispose()
    return None if node is None else _convert(node, text, first_line - 1, 1)


PROPERTY_STARTS = frozenset("&!")  # a node with an anchor or a tag starts at it (an alias reuses an anchored node)


def _convert(node, text: str, offset: int, depth: int):
    mark = node.start_mark
    line, col = mark.line + 1 + offset, mark.column + 1
    if text[mark.index:mark.index + 1] in PROPERTY_STARTS:  # only libyaml's composer lets one through
        raise YamlProblem("yaml-anchor", "anchors, aliases and tags are not allowed", line, col)
    if depth > MAX_DEPTH:  # likewise: our composers stop sooner, at the same depth
        raise YamlProblem("yaml-too-deep", f"values are nested more than {MAX_DEPTH} levels deep", line, col)
    kind = type(node)
    if kind is ScalarNode:
        if node.tag == STR and not BAD_CHARS.search(node.value):
            return _shared(node.value)  # most values: plain text with nothing to refuse or mend
        return _scalar(node, line, col)
    if kind is SequenceNode:
        out = YList()
        out.line, out.col = line, col
        for child in node.value:
            out.append(_convert(child, text, offset, depth + 1))
            out.item_pos.append((child.start_mark.line + 1 + offset, child.start_mark.column + 1))
        return out
    if kind is MappingNode:
        out = YMap()
        out.line, out.col = line, col
        key_pos = out.key_pos
        for key_node, value_node in node.value:
            key_mark = key_node.start_mark
            key_line, key_col = key_mark.line + 1 + offset, key_mark.column + 1
            if type(key_node) is not ScalarNode or text[key_mark.index:key_mark.index + 1] in PROPERTY_STARTS:
                raise YamlProblem("yaml-key", "a key must be plain text", key_line, key_col)
            key = key_node.value
            if key in out:
                first = key_pos[key][0]
                raise YamlProblem("duplicate-key", f"duplicate key '{key}' (first at line {first})",
                                  key_line, key_col, "remove one of the two")
            out[key] = _convert(value_node, text, offset, depth + 1)
            key_pos[key] = (key_line, key_col)
        return out
    raise YamlProblem("yaml-syntax", "unsupported YAML node", line, col)


SHARED_LEN = 40


def _shared(value: str) -> str:
    """A short value as one object for all files ("Labour", "agreed", "Member", "in progress": 40% of the
    validated models' strings at 10k items). The build cache pickles a shared string once per shard and
    unpickles it as a reference, not a new string: loading the sources for a one-item edit took 15% less time."""
    return sys.intern(value) if len(value) <= SHARED_LEN else value


def _scalar(node: ScalarNode, line: int, col: int):
    value, tag = node.value, node.tag
    if tag == BOOL:
        return value.lower() == "true"
    if tag == INT:
        try:
            return int(value)
        except ValueError:  # more digits than Python converts (4300): no count in board papers is that long
            raise YamlProblem("yaml-number", f"a number of {len(value)} digits is too long", line, col,
                              "quote it if it is text") from None
    if tag == FLOAT:
        return float(value)
    if tag == NULL:
        return None
    try:
        if tag in (DATE, DATETIME):
            if not MIN_YEAR <= int(value[:4]) <= MAX_YEAR:  # far dates overflow date arithmetic (calendars, feeds)
                raise ValueError(value)
            if tag == DATE:
                return dt.date.fromisoformat(value)
            return dt.datetime.fromisoformat(value.replace("t", "T").replace(" ", "T"))
    except ValueError:
        raise YamlProblem("bad-date", f"'{value}' is not a real date (or not between {MIN_YEAR} and {MAX_YEAR})",
                          line, col, "dates are YYYY-MM-DD, date-times YYYY-MM-DDTHH:MM") from None
    if SURROGATES.search(value):  # a JSON-style pair "\ud83d\ude00" means one character: 😀
        value = value.encode("utf-16", "surrogatepass").decode("utf-16", "surrogatepass")
    bad = BAD_CHARS.search(value)
    if bad:
        raise YamlProblem("bad-character", f"the text contains U+{ord(bad.group()):04X}, which cannot be published",
                          line, col, "remove the escape sequence (\\u..., \\x..., \\0) from the quoted text")
    return _shared(value)
