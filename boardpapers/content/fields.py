"""Typed access to one front-matter mapping, reporting every problem at the key's line.

Validators read each field through a `Fields` object; `finish()` then reports any key nobody read, so that a
typo such as `tittle:` is an error instead of a silently missing title.
"""

from __future__ import annotations

import datetime as dt
import re

from boardpapers.content.models import Publishing, Ref
from boardpapers.content.read import MAX_MARKUP, markup_count
from boardpapers.content.yamlread import YList, YMap
from boardpapers.core.diagnostics import Diagnostics, SourcePos, did_you_mean

ID_RE = re.compile(r"^[a-z0-9][a-z0-9-]*\Z")  # \Z: "$" would let "id\n" through
ITEM_ID_RE = re.compile(r"^[a-z0-9][a-z0-9-]*/[0-9]{1,3}[a-z]?\Z")
TIME_RE = re.compile(r"^([01]?[0-9]|2[0-3])[:.]([0-5][0-9])\Z")
MAX_TEXT = 200_000
FLAG_EXAMPLES = {"draft": "draft: true", "exempt": 'exempt: "Paragraph 3 of Schedule 12A ..."',
                 "publish_from": "publish_from: 2014-01-14T09:00"}
WIKILINK_RE = re.compile(r"\[\[([^\]|\n\[]+)(?:\|([^\]\n\[]*))?\]\]")


class Fields:
    def __init__(self, meta: YMap, rel: str, diags: Diagnostics, owner: str, refs: list[Ref] | None = None):
        self.meta, self.rel, self.diags, self.owner = meta, rel, diags, owner
        self.refs: list[Ref] = [] if refs is None else refs
        self.used: set[str] = set()
        self.ok = True

    # -- positions and errors
    def pos(self, key: str | None = None) -> SourcePos:
        line, col = self.meta.pos_of(key) if key is not None else (self.meta.line, self.meta.col)
        return SourcePos(self.rel, line, col)

    def error(self, key: str | None, code: str, message: str, hint: str = "") -> None:
        self.ok = False
        self.diags.error(self.pos(key), code, message, hint)

    def sub(self, meta: YMap, owner: str | None = None) -> Fields:
        return Fields(meta, self.rel, self.diags, owner or self.owner, self.refs)

    # -- scalar fields
    def raw(self, key: str, required: bool = False):
        self.used.add(key)
        value = self.meta.get(key)
        if value is None and required:
            self.error(None, "missing-field", f"required field '{key}' is missing", f"add `{key}: ...`")
        return value

    def text(self, key: str, required: bool = False) -> str:
        value = self.raw(key, required)
        if value is None:
            return ""
        if isinstance(value, (bool, YMap, YList)):
            self.error(key, "wrong-type", f"'{key}' must be text, not {_kind(value)}", "quote the value")
            return ""
        text = str(value).strip()
        if len(text) > MAX_TEXT:
            self.error(key, "too-long", f"'{key}' is longer than {MAX_TEXT} characters")
            return ""
        if markup_count(text) > MAX_MARKUP:
            self.error(key, "too-complex", f"'{key}' has more than {MAX_MARKUP:,} markup characters", "move the "
                       "text into the body, split it, or attach it as a file")
            return ""
        if required and not text:
            self.error(key, "missing-field", f"'{key}' must not be empty")
        if "[[" in text:
            self._scan_wikilinks(key, text)
        return text

    def _scan_wikilinks(self, key: str, text: str) -> None:
        """[[references]] inside a front-matter field: the line is the key's, plus the lines before the
        reference (a `|` block starts on the line after its key)."""
        raw = self.meta.get(key)  # unstripped: a one-line `|` block still ends in a line break
        self._scan_at(raw if isinstance(raw, str) else text, *self.meta.pos_of(key))

    def _scan_at(self, text: str, line: int, col: int) -> None:
        offset = 1 if "\n" in text else 0
        for match in WIKILINK_RE.finditer(text):
            target = match.group(1).strip()
            at = line + offset + text.count("\n", 0, match.start())
            label = (match.group(2) or "").strip()
            self.refs.append(Ref("any", target, SourcePos(self.rel, at, col), self.owner, label))

    def choice(self, key: str, choices: tuple[str, ...], default: str = "", required: bool = False) -> str:
        value = self.text(key, required)
        if not value:
            return default
        if value not in choices:
            self.error(key, "bad-value", f"'{key}' is '{value}', not one of: {', '.join(choices)}",
                       did_you_mean(value, choices))
            return default
        return value

    def blank(self, key: str) -> bool:
        """Whether `key` is written but given no value (`draft:`, `draft: ~`, `exempt: ""`): reported here. A
        publishing flag that is present must say something; read as absent, it would publish the document."""
        value = self.meta.get(key, False)
        if value is None or (isinstance(value, str) and not value.strip()):
            self.used.add(key)
            self.error(key, "empty-flag", f"'{key}' is present but empty, so whether to publish is unknown",
                       f"give it a value ({FLAG_EXAMPLES.get(key, key + ': ...')}) or delete the line")
            return True
        return False

    def flag(self, key: str) -> bool:
        value = self.raw(key)
        if value is None:
            return False
        if not isinstance(value, bool):
            self.error(key, "wrong-type", f"'{key}' must be true or false")
            return False
        return value

    def date(self, key: str, required: bool = False) -> dt.date | None:
        value = self.raw(key, required)
        if value is None:
            return None
        if isinstance(value, dt.datetime) or not isinstance(value, dt.date):
            self.error(key, "bad-date", f"'{key}' must be a date like 2014-01-21, not '{value}'")
            return None
        return value

    def datetime(self, key: str) -> dt.datetime | None:
        value = self.raw(key)
        if value is None:
            return None
        if isinstance(value, dt.datetime):
            return value
        if isinstance(value, dt.date):
            return dt.datetime(value.year, value.month, value.day)
        self.error(key, "bad-date", f"'{key}' must be a date-time like 2014-01-14T09:00, not '{value}'")
        return None

    def _decimal_time(self, key: str) -> bool:
        """`start: 11.30` unquoted is the number 11.3 in YAML: the author meant 11:30, but the text is lost."""
        value = self.meta.get(key)
        if type(value) is not float:
            return False
        self.used.add(key)
        hours, minutes = f"{value:.2f}".split(".")
        self.error(key, "bad-time", f"'{key}' is the number {value}, not a time",
                   f"write {int(hours):02d}:{minutes} with a colon (11.30 without quotes is read as the number 11.3)")
        return True

    def time(self, key: str) -> str:
        if self._decimal_time(key):
            return ""
        value = self.text(key)
        if not value:
            return ""
        normal = normal_time(value)
        if not normal:
            self.error(key, "bad-time", f"'{key}' is '{value}', not a time", "write a 24-hour time like 11:00")
        return normal

    def timing(self, key: str) -> str:
        """An agenda time or range: '11:05' or '11:05-11:30'."""
        if self._decimal_time(key):
            return ""
        value = self.text(key)
        if not value:
            return ""
        parts = [part.strip() for part in re.split(r"\s*[-–]\s*", value)]
        normal = [normal_time(part) for part in parts]
        if len(parts) > 2 or not all(normal):
            self.error(key, "bad-time", f"'{key}' is '{value}', not a time or a time range",
                       "write 11:05 or 11:05-11:30")
            return ""
        return "–".join(normal)

    # -- lists
    def text_list(self, key: str) -> tuple[str, ...]:
        value = self.raw(key)
        if value is None:
            return ()
        if isinstance(value, YList):
            out = []
            for index, entry in enumerate(value):
                if isinstance(entry, (YMap, YList, bool)) or entry is None:
                    self.diags.error(SourcePos(self.rel, *value.pos_of(index)), "wrong-type",
                                     f"entries of '{key}' must be text")
                    self.ok = False
                else:
                    out.append(str(entry).strip())
                    if "[[" in out[-1]:  # e.g. a recommendation: its links are checked like any other
                        self._scan_at(str(entry), *value.pos_of(index))
            return tuple(out)
        return (self.text(key),) if self.text(key) else ()

    def maps(self, key: str, required: bool = False) -> list[Fields]:
        """A list of mappings, each as a `Fields` over it."""
        value = self.raw(key, required)
        if value is None:
            return []
        if not isinstance(value, YList):
            self.error(key, "wrong-type", f"'{key}' must be a list of entries (lines starting with '- ')")
            return []
        out = []
        for index, entry in enumerate(value):
            if not isinstance(entry, YMap):
                self.diags.error(SourcePos(self.rel, *value.pos_of(index)), "wrong-type",
                                 f"each entry of '{key}' must be a set of `key: value` fields")
                self.ok = False
                continue
            out.append(self.sub(entry))
        return out

    # -- references
    def ref(self, key: str, kind: str, required: bool = False) -> str:
        value = self.text(key, required)
        if value:
            self.add_ref(kind, value, self.pos(key), key)
        return value

    def refs_list(self, key: str, kind: str) -> tuple[str, ...]:
        value = self.raw(key)
        if value is None:
            return ()
        entries = value if isinstance(value, YList) else YList([value])
        out = []
        for index, entry in enumerate(entries):
            line, col = entries.pos_of(index) if entries.item_pos else self.meta.pos_of(key)
            if isinstance(entry, (YMap, YList, bool)) or entry is None:
                self.diags.error(SourcePos(self.rel, line, col), "wrong-type", f"entries of '{key}' must be ids")
                self.ok = False
                continue
            if self.add_ref(kind, str(entry), SourcePos(self.rel, line, col), key):
                out.append(str(entry))
        return tuple(out)

    def add_ref(self, kind: str, target: str, pos: SourcePos, key: str = "") -> bool:
        pattern = ITEM_ID_RE if kind == "item" else ID_RE
        if not pattern.match(target):
            example = "2014-01-21-iib/2" if kind == "item" else "peter-fleming"
            self.diags.error(pos, "bad-id", f"'{target}' is not a valid {kind} id", f"ids look like {example}")
            self.ok = False
            return False
        self.refs.append(Ref(kind, target, pos, self.owner))
        return True

    def finish(self, context: str = "") -> None:
        for key in self.meta:
            if key not in self.used:
                where = f" in {context}" if context else ""
                self.error(key, "unknown-field", f"unknown field '{key}'{where}",
                           did_you_mean(key, self.used) or "see the content reference in README.md")


def normal_time(value: str) -> str:
    match = TIME_RE.match(value.strip())
    return f"{int(match.group(1)):02d}:{match.group(2)}" if match else ""


def _kind(value) -> str:
    return {YMap: "a mapping", YList: "a list", bool: "true/false"}.get(type(value), type(value).__name__)


def partial_date(f: Fields, key: str, required: bool = False) -> tuple[dt.date | None, str]:
    """A full date, or a bare year when the papers give no date: (date, 'day' | 'year')."""
    value = f.raw(key, required)
    if value is None:
        return None, ""
    if isinstance(value, int) and not isinstance(value, bool) and 1900 <= value <= 2200:
        return dt.date(value, 1, 1), "year"
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value, "day"
    f.error(key, "bad-date", f"'{key}' must be a date like 2014-01-21 (or a year), not '{value}'")
    return None, ""


def topic_list(f: Fields) -> tuple[str, ...]:
    topics = f.text_list("topics")
    for topic in topics:
        if not re.match(r"^[a-z0-9][a-z0-9-]*\Z", topic):
            f.error("topics", "bad-id", f"topic '{topic}' is not a valid id", "e.g. peer-challenge")
    return tuple(t for t in topics if re.match(r"^[a-z0-9][a-z0-9-]*\Z", t))


def publishing(f: Fields) -> Publishing:
    """A blank `draft:` or `publish_from:` is an error (Fields.blank), never read as "publish"; the model then
    says draft, so that nothing of the file could be published even if the error were ignored."""
    blank = [key for key in ("draft", "publish_from") if f.blank(key)]
    return Publishing(draft=bool(blank) or f.flag("draft"), publish_from=None if blank else f.datetime("publish_from"))
