"""The building blocks of the open data's declarations (outputs/opendata_schema.py and
outputs/opendata_minutes.py): a dataset, its fields, and how each field is typed."""

from __future__ import annotations

from dataclasses import dataclass

# Popolo's date pattern: a year, year-month, date, or a date-time with an offset.
WHEN_PATTERN = r"^[0-9]{4}((-[0-9]{2}){0,2}|(-[0-9]{2}){2}T[0-9]{2}(:[0-9]{2}){0,2}(Z|[+-][0-9]{2}(:[0-9]{2})?))$"
DATE_PATTERN = r"^[0-9]{4}(-[0-9]{2}){0,2}$"
LIST_SEPARATOR = "\n"  # CSV cells holding lists put one value per line (ids never contain a line break)


@dataclass(frozen=True)
class Field:
    name: str
    type: str  # string, integer, boolean, date, when, list, or objects:<dataset> (JSON only)
    doc: str
    nullable: bool = False
    choices: tuple[str, ...] = ()

    @property
    def in_csv(self) -> bool:
        return not self.type.startswith("objects:")

    @property
    def label(self) -> str:
        """The type as the /data/ page explains it."""
        names = {"when": "date or date-time", "list": "list of strings", "date": "date"}
        text = names.get(self.type, self.type)
        if self.type.startswith("objects:"):
            text = f"list of {self.type[8:]} records (JSON only)"
        return text + (" or null" if self.nullable else "")


@dataclass(frozen=True)
class Dataset:
    name: str
    title: str
    doc: str
    fields: tuple[Field, ...]
    popolo: str = ""  # the Popolo class whose schema every record also satisfies

    @property
    def csv_fields(self) -> tuple[Field, ...]:
        return tuple(f for f in self.fields if f.in_csv)


def _f(name, type_, doc, nullable=False, choices=()):
    return Field(name, type_, doc, nullable, tuple(choices))


URL = _f("url", "string", "The record's page on this site (absolute when the site has a base_url)")
