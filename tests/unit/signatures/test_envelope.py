"""Sealing and signing: the §4.1 record and the §6.5 envelope reproduced byte for byte."""

from __future__ import annotations

import base64
import re
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import pytest

from santong.errors import ConfigError, DataError
from signatures import (
    Signer,
    SM2PrivateKey,
    TrustStore,
    build_envelope,
    canonical,
    envelope_digest,
    seal_record,
    signed_message,
    verify_offline,
    za,
)
from signatures.sm3 import sm3

K_DER = 0x09E0F87DAB64F37958AF7C5EE39B46BBD81F3D9A8334174221D852222446AFF7
K_RAW = 0x9B27149D82D27746DF8DFBCC64AC4B99A3E4FC2BE87B4C0207700B2BCF8F9996
SOURCE = "32108111321081MB1C87057L"


def unsealed_of(record: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in record.items() if k not in ("cd_batch", "digest")}


def build_6_5(signer: Signer, load: Callable[[str], Any], **overrides: Any) -> dict[str, Any]:
    env = load("envelope_6_5.json")
    h = env["header"]
    args: dict[str, Any] = {
        "msg_type": h["msgType"], "source": h["source"], "batch_no": h["batchNo"], "records": env["body"],
        "msg_id": h["msgId"], "nonce": h["nonce"], "timestamp": h["timestamp"], "k": K_DER,
    }  # fmt: skip
    args.update(overrides)
    return build_envelope(signer, **args)


def test_seal_record_reproduces_the_4_1_record_in_5_2_order(load: Callable[[str], Any]) -> None:
    record = load("record_4_1.json")
    sealed = seal_record(unsealed_of(record), "2025111300017")
    assert sealed == record
    assert list(sealed) == ["cd_id", "cd_operation", "cd_batch", "cd_source", "cd_time", "specVersion", "data", "digest"]


def test_seal_record_refuses_missing_extra_and_sealed_members(load: Callable[[str], Any]) -> None:
    record = load("record_4_1.json")
    with pytest.raises(DataError) as info:
        seal_record(record, "2025111300017")  # already carries cd_batch and digest
    assert {(e.field, e.code) for e in info.value.errors} == {("cd_batch", "SCHEMA"), ("digest", "SCHEMA")}
    unsealed = unsealed_of(record)
    del unsealed["cd_time"]
    with pytest.raises(DataError) as info:
        seal_record(unsealed, "2025111300000")
    assert {(e.field, e.code) for e in info.value.errors} == {("cd_time", "REQUIRED"), ("cd_batch", "FORMAT")}


def test_envelope_6_5_is_reproduced_byte_for_byte(
    santong_signer: Signer, load: Callable[[str], Any], fixture_bytes: Callable[[str], bytes]
) -> None:
    fixture = load("envelope_6_5.json")
    env = build_6_5(santong_signer, load)
    assert env == fixture
    assert list(env["header"]) == list(fixture["header"])  # §5.3 member order
    assert canonical(env) == canonical(fixture)
    assert env["signature"] == (
        "MEQCIFusYXArAFp89Y8NhNEvvKpwSOrR2iwNsnmCBxxh5BlyAiBtNJe7goFeUfNzvinXdXncZnVJsyixvbmv00E/HsIbgw=="
    )


def test_envelope_6_5_intermediate_values(load: Callable[[str], Any], santong_key: SM2PrivateKey) -> None:
    env = load("envelope_6_5.json")
    m = signed_message(env)
    assert len(m) == 1792
    assert m.startswith(b'{"body":[{"cd_batch":"2025111300017","cd_id":"scjg:CHECK:YZSJ-JC-2025-004417",')
    assert envelope_digest(env) == "de9ab295c3d4cdafaaebdce93d89eb69510085a3809eb81561ac984b3122a160"
    z = za(santong_key.public_key)
    assert z.hex() == "e1523dbc9d5da2a80c963e713b643834a6d8f2fcce395b734d9665276f17b86e"
    e = int.from_bytes(sm3(z + m), "big")
    assert e == 0x3D5CFB2ED48F599DC3EB01E75DCE328B44BB5BB7FCC8B9C2FE0B560B65C3DF7E
    assert santong_key.sign_e(e, K_DER) == (
        0x5BAC61702B005A7CF58F0D84D12FBCAA7048EAD1DA2C0DB27982071C61E41972,
        0x6D3497BB82815E51F373BE29D77579DC667549B328B1BDB9AFD3413F1EC21B83,
    )
    der = base64.b64decode(env["signature"])
    assert len(der) == 70
    assert der.hex() == (
        "304402205bac61702b005a7cf58f0d84d12fbcaa7048ead1da2c0db27982071c61e41972"
        "02206d3497bb82815e51f373be29d77579dc667549b328b1bdb9afd3413f1ec21b83"
    )


def test_envelope_6_5_verifies_offline(load: Callable[[str], Any], trust: TrustStore, fixture_bytes: Callable[[str], bytes]) -> None:
    verify_offline(load("envelope_6_5.json"), trust)
    verify_offline(fixture_bytes("envelope_6_5.json"), trust)  # as saved bytes, through the strict reader


def test_raw_variant_of_6_5(santong_key: SM2PrivateKey, load: Callable[[str], Any], trust: TrustStore) -> None:
    """Same envelope with sigEncoding RAW: its own M, e, r ‖ s and signature."""
    env = build_6_5(Signer(santong_key, "santong-321081", encoding="RAW"), load, k=K_RAW)
    assert env["header"]["sigEncoding"] == "RAW"
    m = signed_message(env)
    assert len(m) == 1792
    assert sm3(m).hex() == "0ab5dbccd156260060f8ceb1520ae207d522eaf71ab1309683a1bfe56e052455"
    e = int.from_bytes(sm3(za(santong_key.public_key) + m), "big")
    assert e == 0x20E9A2F2986F770C21AD157C18C42A87AA11853E84DD8A96CA7887DBC344A41D
    assert base64.b64decode(env["signature"]).hex() == (
        "b2a367d5777342d92f4e9350b327eff880f7722eae7be66e4f0469caabe93b5a"
        "0048167d78edafcefffa801eecffd180a9c924c3d1be5a34701abf49e50d1363"
    )
    assert env["signature"] == "sqNn1XdzQtkvTpNQsyfv+ID3ci6ue+ZuTwRpyqvpO1oASBZ9eO2vzv/6gB7s/9GAqckkw9G+WjRwGr9J5Q0TYw=="
    verify_offline(env, trust)


def test_a_resigned_identical_envelope_has_the_same_digest(santong_signer: Signer, load: Callable[[str], Any]) -> None:
    """§5.6 V3 note: D covers header and body, not the randomised signature."""
    fixture = load("envelope_6_5.json")
    again = santong_signer.sign_object(fixture)
    assert again["signature"] != fixture["signature"]
    assert envelope_digest(again) == envelope_digest(fixture)


def test_drawn_header_values_have_their_formats(santong_signer: Signer, load: Callable[[str], Any], trust: TrustStore) -> None:
    moment = datetime(2025, 11, 13, 0, 15, 2, 999_000, tzinfo=UTC)
    env = build_6_5(santong_signer, load, msg_id=None, nonce=None, timestamp=None, k=None, clock=lambda: moment)
    h = env["header"]
    assert re.fullmatch(r"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}", h["msgId"])
    assert re.fullmatch(r"[0-9a-f]{32}", h["nonce"])
    assert h["timestamp"] == "2025-11-13T08:15:02+08:00"
    verify_offline(env, trust)


def test_operation_and_record_count_follow_the_body(santong_signer: Signer, load: Callable[[str], Any]) -> None:
    record = load("record_4_1.json")
    second = unsealed_of(record) | {"cd_id": "scjg:CHECK:YZSJ-JC-2025-004418", "cd_operation": "u"}
    records = [record, seal_record(second, "2025111300017")]
    env = build_6_5(santong_signer, load, records=records)
    assert (env["header"]["operation"], env["header"]["recordCount"]) == ("m", 2)
    env = build_6_5(santong_signer, load, records=[records[1]])
    assert (env["header"]["operation"], env["header"]["recordCount"]) == ("u", 1)


def test_inconsistent_records_are_refused(santong_signer: Signer, load: Callable[[str], Any]) -> None:
    record = load("record_4_1.json")
    tampered = dict(record, cd_time="2025-11-12T16:42:06+08:00")
    other = seal_record(unsealed_of(record) | {"specVersion": "JGXW_PUNISH/1.0"}, "2025111300017")
    with pytest.raises(DataError) as info:
        build_6_5(santong_signer, load, records=[tampered, other, record])
    assert [(e.field, e.code) for e in info.value.errors] == [
        ("body[0].digest", "DIGEST_MISMATCH"),
        ("body[1].specVersion", "VERSION_UNSUPPORTED"),
        ("body[1].cd_id", "DUPLICATE"),
        ("body[2].cd_id", "DUPLICATE"),
    ]


@pytest.mark.parametrize(
    "overrides",
    [
        {"records": []},
        {"msg_type": "RECEIPT"},
        {"batch_no": "2025023000001"},
        {"msg_id": "3B9E5C1A-7F42-4D8B-A0C6-5E21F8D47A90"},
        {"nonce": "xyz"},
        {"timestamp": "2025-11-13T08:15:02Z"},
    ],
)
def test_builder_refuses_misuse_with_config_error(
    santong_signer: Signer, load: Callable[[str], Any], overrides: dict[str, Any]
) -> None:
    with pytest.raises(ConfigError):
        build_6_5(santong_signer, load, **overrides)


def test_more_than_500_records_are_refused(santong_signer: Signer, load: Callable[[str], Any]) -> None:
    record = load("record_4_1.json")
    records = [seal_record(unsealed_of(record) | {"cd_id": f"scjg:CHECK:N{i}"}, "2025111300017") for i in range(501)]
    with pytest.raises(ConfigError):
        build_6_5(santong_signer, load, records=records)


def test_envelope_over_5_mib_is_refused(santong_signer: Signer, load: Callable[[str], Any]) -> None:
    record = load("record_4_1.json")
    big = unsealed_of(record)
    big["data"] = dict(big["data"], check_content="检" * 3500)
    records = [seal_record(big | {"cd_id": f"scjg:CHECK:N{i}"}, "2025111300017") for i in range(500)]
    with pytest.raises(ConfigError, match="exceeds 5242880"):
        build_6_5(santong_signer, load, records=records)


def test_timestamp_from_a_datetime_in_another_zone(santong_signer: Signer, load: Callable[[str], Any]) -> None:
    env = build_6_5(santong_signer, load, timestamp=datetime(2025, 11, 12, 16, 15, 2, tzinfo=UTC))
    assert env["header"]["timestamp"] == "2025-11-13T00:15:02+08:00"


def test_signer_refuses_an_unknown_encoding_or_a_malformed_sender() -> None:
    with pytest.raises(ConfigError):
        Signer(SM2PrivateKey.generate(), "santong-321081", encoding="PEM")  # type: ignore[arg-type]
    with pytest.raises(ConfigError):
        Signer(SM2PrivateKey.generate(), "Santong 321081")
