"""The examples of STANDARD.md §4.4–§4.15 validate clean and carry the digests of §5.2; every record type of
§4.0 has its module, its key and its tombstone."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any

import pytest

from mappings.standard import record_type, record_types, validate_data, validate_record
from signatures.digest import record_digest

Example = Callable[[str], dict[str, Any]]

#: §4.0: msgType → key field(s) of data (RECEIPT has none and is not a body record type).
KEYS: dict[str, tuple[str, ...]] = {
    "JGXW_CHECK": ("check_action_code",),
    "JGXW_PUNISH": ("punish_action_code",),
    "JGXW_FORCE": ("force_action_code",),
    "JGXW_LICENSE": ("license_action_code",),
    "JGXW_OTHER": ("other_action_code",),
    "MLQD_ITEM": ("item_code",),
    "TSJB": ("complaint_id",),
    "FXYJ": ("warning_id",),
    "LHJG_TASK": ("task_id",),
    "TASK_STATUS": ("ref_type", "ref_id", "status_seq"),
    "XYSGS_XK": ("license_org_code", "license_document_number"),
    "XYSGS_CF": ("punish_org_code", "punish_document_code"),
    "XY_LIST": ("list_record_id",),
    "GGZY_DEAL": ("unified_deal_code", "deal_stage"),
    "GCJS_PROJECT": ("event_id",),
}
NEW_TYPES = sorted(set(KEYS) - {"JGXW_CHECK", "JGXW_PUNISH", "JGXW_FORCE"})


def test_every_record_type_of_4_0_has_its_own_module() -> None:
    assert set(record_types()) == set(KEYS)
    for msg_type in KEYS:
        module = importlib.import_module(f"mappings.standard.records.{msg_type.lower()}")
        assert module.RECORD_TYPE is record_type(msg_type)


@pytest.mark.parametrize("msg_type", list(KEYS))
def test_keys_are_those_of_4_0(msg_type: str) -> None:
    assert record_type(msg_type).key == KEYS[msg_type]
    assert record_type(msg_type).spec_version == f"{msg_type}/1.0"


@pytest.mark.parametrize("msg_type", NEW_TYPES)
def test_the_example_validates_clean(example: Example, msg_type: str) -> None:
    record = example(msg_type)
    assert record["specVersion"] == f"{msg_type}/1.0"
    assert validate_record(record) == []
    assert validate_data(msg_type, record["data"], cd_time=record["cd_time"]) == []


@pytest.mark.parametrize("msg_type", NEW_TYPES)
def test_the_example_carries_its_5_2_digest(example: Example, msg_type: str) -> None:
    """SM3(JCS(record − digest)) of the example as printed equals the digest printed with it."""
    record = example(msg_type)
    assert record_digest(record) == record["digest"]


@pytest.mark.parametrize("msg_type", list(KEYS))
def test_a_tombstone_holds_the_key_and_an_optional_delete_reason(example: Example, msg_type: str) -> None:
    t = "2025-11-20T10:00:00+08:00"
    data = example(msg_type)["data"] if msg_type in NEW_TYPES else None
    keys = {k: data[k] for k in KEYS[msg_type]} if data else {KEYS[msg_type][0]: "A-1"}
    assert validate_data(msg_type, {**keys, "delete_reason": "录入错误，已作废"}, cd_time=t, tombstone=True) == []
    assert validate_data(msg_type, keys, cd_time=t, tombstone=True) == []


@pytest.mark.parametrize("msg_type", NEW_TYPES)
def test_a_tombstone_with_more_than_its_key_is_schema(example: Example, msg_type: str) -> None:
    record = example(msg_type)
    data = record["data"]
    extra = next(name for name in data if name not in KEYS[msg_type])
    tomb = {k: data[k] for k in KEYS[msg_type]} | {extra: data[extra]}
    errors = validate_data(msg_type, tomb, cd_time=record["cd_time"], tombstone=True)
    assert [(e.field, e.code) for e in errors] == [("data." + extra, "SCHEMA")]
    missing = validate_data(msg_type, {"delete_reason": "x"}, cd_time=record["cd_time"], tombstone=True)
    assert {(e.field, e.code) for e in missing} == {("data." + k, "REQUIRED") for k in KEYS[msg_type]}


@pytest.mark.parametrize("msg_type", NEW_TYPES)
def test_a_whole_tombstone_record_validates_clean(example: Example, msg_type: str) -> None:
    record = example(msg_type)
    record.update(cd_operation="d", data={k: record["data"][k] for k in KEYS[msg_type]})
    assert validate_record(record, require_digest=False) == []
