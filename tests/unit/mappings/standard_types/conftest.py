"""Fixtures for the record types of STANDARD.md §4.4–§4.15.

``examples/<MSG_TYPE>.json`` holds the example record the standard prints for that type, byte for byte as
printed (JGXW_LICENSE … GCJS_PROJECT).  ``example(msg_type)`` gives a fresh copy; ``errors_after(msg_type,
change)`` validates the example's ``data`` after ``change`` and returns the set of ``(field, code)`` found.
A change is a callable on ``data`` or a dict of members to set, ``...`` (Ellipsis) as a value deleting the member.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from mappings.standard import validate_data

EXAMPLES_DIR = Path(__file__).parent / "examples"
EXAMPLES: dict[str, dict[str, Any]] = {
    path.stem: json.loads(path.read_text(encoding="utf-8")) for path in sorted(EXAMPLES_DIR.glob("*.json"))
}

Change = Callable[[dict[str, Any]], None] | dict[str, Any]


def apply(data: dict[str, Any], change: Change) -> None:
    if callable(change):
        change(data)
        return
    for name, value in change.items():
        if value is ...:
            data.pop(name, None)
        else:
            data[name] = value


@pytest.fixture
def example() -> Callable[[str], dict[str, Any]]:
    """A fresh deep copy of the standard's example record of a type."""
    return lambda msg_type: copy.deepcopy(EXAMPLES[msg_type])


@pytest.fixture
def errors_after() -> Callable[[str, Change], set[tuple[str, str]]]:
    """``(field, code)`` of every error of the type's example after ``change``, every message non-empty."""
    def run(msg_type: str, change: Change) -> set[tuple[str, str]]:
        record = copy.deepcopy(EXAMPLES[msg_type])
        apply(record["data"], change)
        errors = validate_data(msg_type, record["data"], cd_time=record["cd_time"])
        assert all(e.message for e in errors)
        return {(e.field, e.code) for e in errors}
    return run
