"""How the open data files are written (outputs/opendata.py makes their records): JSON as
`json.dumps(indent=2)` writes it, but for the records, one compact record a line (`record_lines`); CSV as
`csv.writer` writes it, several times faster, with every cell a spreadsheet would run as a formula defused; a
zip with no clock in it, so that two builds of the same content give the same bytes.
"""

from __future__ import annotations

import json
import re
import zipfile
from io import BytesIO

from boardpapers.outputs.opendata_fields import LIST_SEPARATOR


def dump(value) -> bytes:
    """`json.dumps(value, ensure_ascii=False, indent=2)`, with `Raw` values (JSON text encoded already) inserted
    as they are: a data file's envelope is a few fields, its records `record_lines`."""
    return (_indented(value, "\n") + "\n").encode("utf-8")


class Raw(str):
    """JSON text, encoded already (`record_lines`), that `dump` writes as it is."""


def _indented(value, pad: str) -> str:
    if type(value) is Raw:
        return value
    if type(value) is not dict or not value or not any(type(v) is Raw for v in value.values()):
        return json.dumps(value, ensure_ascii=False, indent=2).replace("\n", pad)
    inner = pad + "  "
    return "{" + inner + ("," + inner).join(
        f"{json.dumps(k, ensure_ascii=False)}: {_indented(v, inner)}" for k, v in value.items()) + pad + "}"


_COMPACT = json.JSONEncoder(ensure_ascii=False, check_circular=False, separators=(",", ":")).encode


def record_lines(records: list) -> Raw:
    """A list of records, one compact record per line (still one JSON document; diffs and `grep` work by record)."""
    if not records:
        return Raw("[]")
    return Raw("[\n" + ",\n".join([_COMPACT(r) for r in records]) + "\n]")


def csv_cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return LIST_SEPARATOR.join(value)
    return str(value)


# A spreadsheet runs a cell that starts with one of these as a formula (`=HYPERLINK(...)`, `@SUM(...)`, `+cmd|...`):
# OWASP's advice for CSV files is to prefix such a cell with an apostrophe, which shows it as the text it is.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
FORMULA_RE = re.compile(r"(?:^|,)[=+\-@\t\r]")


def defuse(text: str) -> str:
    return "'" + text if text.startswith(FORMULA_STARTS) else text


ZIP_TIME = (1980, 1, 1, 0, 0, 0)  # the earliest a zip can say: the same bytes whenever the site is built


def zipped(member: str, data: bytes) -> bytes:
    out = BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        info = zipfile.ZipInfo(member, date_time=ZIP_TIME)
        info.compress_type = zipfile.ZIP_DEFLATED
        info.external_attr = 0o644 << 16
        archive.writestr(info, data, compresslevel=6)
    return out.getvalue()


def csv_field(value) -> str:
    """One cell as `csv.writer` writes it by default (excel dialect, QUOTE_MINIMAL): quoted when it holds a comma,
    a quote (doubled) or a line break; None is empty; anything else as str() gives it; a cell a spreadsheet
    would run as a formula starts with an apostrophe (`defuse`)."""
    if value is None:
        return ""
    text = defuse(value if type(value) is str else str(value))
    if '"' in text:
        return '"' + text.replace('"', '""') + '"'
    if "," in text or "\n" in text or "\r" in text:
        return '"' + text + '"'
    return text


def csv_line(row: list) -> str:
    """One row as `csv.writer` writes it, without its line end. Most rows need no quoting at all: joined first,
    they are checked once, and only a row with a quote, a line break or a comma inside a cell goes cell by cell."""
    try:
        line = ",".join(row)
    except TypeError:  # not all strings
        line = None
    if (line is None or '"' in line or "\n" in line or "\r" in line or line.count(",") != len(row) - 1
            or FORMULA_RE.search(line)):
        line = ",".join([csv_field(cell) for cell in row])
    return line if line or len(row) != 1 else '""'  # a lone empty cell is quoted, or the row would be blank


def csv_text(rows: list[list]) -> str:
    """The text `csv.writer(...).writerows(rows)` writes (RFC 4180: CRLF rows), at several times its speed."""
    return "".join([csv_line(row) + "\r\n" for row in rows])
