"""JCS and the strict reader (STANDARD.md §5.1, §6.4)."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest

from santong.errors import SignatureInvalid
from signatures import canonical, loads_strict, record_digest, sm3_hex


def test_record_4_1_canonical_form_is_the_1299_bytes_of_6_4(
    load: Callable[[str], Any], fixture_bytes: Callable[[str], bytes]
) -> None:
    record = load("record_4_1.json")
    jcs = canonical({k: v for k, v in record.items() if k != "digest"})
    assert len(jcs) == 1299
    assert jcs == fixture_bytes("record_4_1_without_digest.jcs")


def test_record_4_1_digest_is_fd1369(load: Callable[[str], Any], fixture_bytes: Callable[[str], bytes]) -> None:
    record = load("record_4_1.json")
    expected = "fd1369de220df54373608eaad8e40b25ac610ae5b85d97ba4a567efe84ea2065"
    assert sm3_hex(fixture_bytes("record_4_1_without_digest.jcs")) == expected
    assert record_digest(record) == expected == record["digest"]


def test_jcs_equals_sorted_compact_json_for_santong_messages(load: Callable[[str], Any]) -> None:
    """§5.1: without fractional numbers, JCS is json.dumps(sort_keys, ensure_ascii=False, compact)."""
    env = load("envelope_6_5.json")
    plain = json.dumps(env, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    assert canonical(env) == plain


def test_jcs_escapes_minimally_and_keeps_chinese_raw() -> None:
    assert canonical({"b": "仪征\u001f\n\"\\", "a": 1}) == '{"a":1,"b":"仪征\\u001f\\n\\"\\\\"}'.encode()


@pytest.mark.parametrize("value", [2**53, float("nan"), "\ud800", {1: "x"}])
def test_canonical_refuses_what_jcs_cannot_represent_exactly(value: Any) -> None:
    with pytest.raises(SignatureInvalid) as info:
        canonical({"v": value})
    assert (info.value.code, info.value.field) == ("FORMAT", "")


def test_loads_strict_reads_the_documents_json(fixture_bytes: Callable[[str], bytes]) -> None:
    assert loads_strict(fixture_bytes("envelope_6_5.json"))["header"]["sender"] == "santong-321081"


@pytest.mark.parametrize(
    "data",
    [
        b'\xef\xbb\xbf{"a":1}',  # BOM
        b'{"a":1,"a":2}',  # duplicate member name
        b'{"a":{"b":1,"b":1}}',  # duplicate, nested, even with equal values
        b'{"a":"\xff"}',  # not UTF-8
        '{"a":1}'.encode("utf-16"),  # another encoding
        b'{"a":NaN}',
        b'{"a":Infinity}',
        b'{"a":1',
        b"",
    ],
)
def test_loads_strict_refuses_with_format(data: bytes) -> None:
    with pytest.raises(SignatureInvalid) as info:
        loads_strict(data)
    assert (info.value.code, info.value.field) == ("FORMAT", "")
