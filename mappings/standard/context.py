"""The state one validation run carries: the record's data, its ``cd_time`` date and what was found.

Type checks append their errors here and return the parsed value (or ``INVALID``); rules read
``values`` (valid fields only, parsed: dates as ISO strings, amounts as ``Decimal``, codes as the code
string, lists of codes as lists) and ``present`` (every field that has a value, valid or not).
"""

from __future__ import annotations

from typing import Any, Final

from mappings.codes import CodeTables
from mappings.text import WHITESPACE
from santong.errors import FieldError

__all__ = ["INVALID", "Ctx", "is_blank"]


class _Invalid:
    def __repr__(self) -> str:
        return "INVALID"


INVALID: Final = _Invalid()


def is_blank(value: Any) -> bool:
    """§1.5: ``null``, ``""``, a string of only white space and ``[]`` carry no value."""
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip(WHITESPACE)
    return isinstance(value, list) and not value


class Ctx:
    """One validation run over one ``data`` object."""

    __slots__ = ("blank", "cd_date", "cd_time", "data", "errors", "labels", "present", "tables", "values")

    def __init__(self, data: dict[str, Any], cd_date: str | None, tables: CodeTables,
                 labels: dict[str, str] | None = None, cd_time: str | None = None) -> None:
        self.errors: list[FieldError] = []
        self.data = data
        self.cd_date = cd_date
        self.cd_time = cd_time  # the whole cd_time when well-formed: bounds `datetime` act fields (R-ACT)
        self.tables = tables
        self.values: dict[str, Any] = {}
        self.present: set[str] = set()
        self.blank: list[tuple[str, str, Any]] = []
        self.labels = labels or {}

    def add(self, field: str, code: str, message: str, value: Any = None) -> None:
        self.errors.append(FieldError(field, code, message, value))

    def fail(self, field: str, code: str, message: str, value: Any = None) -> _Invalid:
        self.errors.append(FieldError(field, code, message, value))
        return INVALID
