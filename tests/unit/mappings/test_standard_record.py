"""Whole body records (STANDARD.md §5.2, §5.6 V6): control fields, specVersion, digest presence, tombstones."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from typing import Any

import pytest

from mappings.standard import record_types, validate_record

Example = Callable[[str], dict[str, Any]]


def _found(record: Any, **kwargs: Any) -> list[tuple[str, str]]:
    return [(e.field, e.code) for e in validate_record(record, **kwargs)]


@pytest.mark.parametrize("name", ["JGXW_CHECK", "JGXW_PUNISH", "JGXW_FORCE", "TOMBSTONE"])
def test_the_examples_of_4_validate_clean(example: Example, name: str) -> None:
    assert validate_record(example(name)) == []


def test_record_types_are_discovered_one_module_each() -> None:
    assert {"JGXW_CHECK", "JGXW_PUNISH", "JGXW_FORCE"} <= set(record_types())


def test_digest_presence_depends_on_require_digest(example: Example) -> None:
    record = example("JGXW_CHECK")
    assert _found(record, require_digest=False) == []
    del record["digest"]
    assert _found(record) == [("digest", "SCHEMA")]
    assert _found(record, require_digest=False) == []


@pytest.mark.parametrize("digest", ["FD1369DE220DF54373608EAAD8E40B25AC610AE5B85D97BA4A567EFE84EA2065", "fd13", 7])
def test_a_malformed_digest_is_format(example: Example, digest: Any) -> None:
    record = example("JGXW_CHECK")
    record["digest"] = digest
    assert _found(record, require_digest=False) == [("digest", "FORMAT")]


@pytest.mark.parametrize(("member", "value", "expected"), [
    ("cd_id", "SCJG:CHECK:1", ("cd_id", "FORMAT")),
    ("cd_operation", "x", ("cd_operation", "FORMAT")),
    ("cd_batch", "2025111300000", ("cd_batch", "FORMAT")),
    ("cd_source", "32108811321081MB1C87057L", ("cd_source", "CODE_UNKNOWN")),
    ("cd_source", "32108111321081MB1C87057", ("cd_source", "LENGTH")),
    ("cd_time", "2025-11-12T16:42:05Z", ("cd_time", "FORMAT")),
    ("cd_time", "2025-11-12T16:42:05+0800", ("cd_time", "FORMAT")),
    ("cd_time", "2025-11-12T16:42:05.123+08:00", ("cd_time", "FORMAT")),
    ("cd_time", "2025-11-12T24:00:00+08:00", ("cd_time", "FORMAT")),
    ("specVersion", "JGXW_CHECK/2.0", ("specVersion", "VERSION_UNSUPPORTED")),
    ("specVersion", "NOPE/1.0", ("specVersion", "VERSION_UNSUPPORTED")),
    ("data", [], ("data", "FORMAT")),
    ("cd_batch", None, ("cd_batch", "REQUIRED")),
    ("cd_time", "", ("cd_time", "REQUIRED")),
    ("extra", 1, ("extra", "SCHEMA")),
])
def test_control_field_errors(example: Example, member: str, value: Any, expected: tuple[str, str]) -> None:
    record = example("JGXW_CHECK")
    record[member] = value
    assert expected in _found(record)


def test_a_missing_top_level_member_is_schema(example: Example) -> None:
    record = example("JGXW_CHECK")
    del record["cd_batch"], record["data"]
    assert _found(record) == [("cd_batch", "SCHEMA"), ("data", "SCHEMA")]


def test_cd_time_in_the_future_is_range_against_the_receivers_clock(example: Example) -> None:
    record = example("JGXW_CHECK")
    beijing = timezone(timedelta(hours=8))
    assert _found(record, now=datetime(2025, 11, 12, 16, 37, 5, tzinfo=beijing)) == []
    assert _found(record, now=datetime(2025, 11, 12, 16, 37, 4, tzinfo=beijing)) == [("cd_time", "RANGE")]


def test_control_and_data_errors_come_together(example: Example) -> None:
    record = example("JGXW_PUNISH")
    record["cd_operation"] = "x"
    record["data"]["fine_amount"] = "30000"
    assert _found(record) == [("cd_operation", "FORMAT"), ("data.fine_amount", "FORMAT")]


def test_data_is_checked_against_cd_time_of_the_record(example: Example) -> None:
    record = example("JGXW_PUNISH")
    record["cd_time"] = "2025-11-11T10:05:31+08:00"
    assert _found(record) == [("data.closing_date", "ORDER")]


def test_a_tombstone_with_business_data_is_schema(example: Example) -> None:
    record = example("TOMBSTONE")
    record["data"]["check_type"] = {"code": "1", "label": "双随机抽查"}
    assert _found(record) == [("data.check_type", "SCHEMA")]


def test_a_live_record_is_not_a_tombstone(example: Example) -> None:
    record = example("TOMBSTONE")
    record["cd_operation"] = "u"
    found = _found(record)
    assert ("data.delete_reason", "SCHEMA") in found and ("data.check_date", "REQUIRED") in found


def test_not_an_object() -> None:
    assert _found([]) == [("", "FORMAT")]
