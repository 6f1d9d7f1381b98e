"""The negative checks of STANDARD.md §6.5, and the other refusals of V2, V4 and V5 (§5.6, §5.9)."""

from __future__ import annotations

import base64
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

import pytest

from santong.errors import SignatureInvalid
from signatures import (
    Signer,
    SM2PublicKey,
    TrustStore,
    check_envelope_structure,
    check_receipt_structure,
    signed_message,
    verify_offline,
)
from signatures.formats import parse_datetime

Load = Callable[[str], Any]
SANTONG = "santong-321081"
PROVINCE_PEM = "js-province.pub.pem"


def refusal(env: Any, trust: TrustStore) -> tuple[str, str]:
    with pytest.raises(SignatureInvalid) as info:
        verify_offline(env, trust)
    return info.value.code, info.value.field


# -- §6.5, in its order ------------------------------------------------------------------------


def test_changed_data_fails_v4(load: Load, trust: TrustStore) -> None:
    env = load("envelope_6_5.json")
    env["body"][0]["data"]["check_date"] = "2025-11-11"
    assert refusal(env, trust) == ("SIGNATURE_INVALID", "signature")


def test_record_count_2_fails_v4_and_re_signed_fails_v5_range(load: Load, trust: TrustStore, santong_signer: Signer) -> None:
    env = load("envelope_6_5.json")
    env["header"]["recordCount"] = 2
    assert refusal(env, trust) == ("SIGNATURE_INVALID", "signature")
    assert refusal(santong_signer.sign_object(env), trust) == ("RANGE", "header.recordCount")


def test_another_public_key_fails_v4(load: Load, fixture_bytes: Callable[[str], bytes]) -> None:
    wrong = TrustStore()
    wrong.register(SANTONG, SM2PublicKey.from_pem(fixture_bytes(PROVINCE_PEM)))
    assert refusal(load("envelope_6_5.json"), wrong) == ("SIGNATURE_INVALID", "signature")


def test_signer_id_alice_fails_v4(load: Load, fixture_bytes: Callable[[str], bytes]) -> None:
    env = load("envelope_6_5.json")
    key = SM2PublicKey.from_pem(fixture_bytes("santong-321081.pub.pem"))
    alice = TrustStore()
    alice.register(SANTONG, key, signer_id="ALICE123@YAHOO.COM")
    assert refusal(env, alice) == ("SIGNATURE_INVALID", "header.signerId")
    # and the SM2 arithmetic itself, with ALICE in ZA, refuses it too
    assert not key.verify(signed_message(env), base64.b64decode(env["signature"]), "ALICE123@YAHOO.COM")


def test_changed_record_digest_fails_v4_and_re_signed_fails_digest_mismatch(
    load: Load, trust: TrustStore, santong_signer: Signer
) -> None:
    env = load("envelope_6_5.json")
    env["body"][0]["digest"] = "0" * 64
    assert refusal(env, trust) == ("SIGNATURE_INVALID", "signature")
    assert refusal(santong_signer.sign_object(env), trust) == ("DIGEST_MISMATCH", "body[0].digest")


# -- V2 ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "mutate",
    [
        lambda b: b"\xef\xbb\xbf" + b,
        lambda b: b.replace(b'"msgType": "JGXW_CHECK",', b'"msgType": "JGXW_CHECK", "msgType": "JGXW_CHECK",'),
        lambda b: b.replace("仪征".encode(), "仪征".encode("gbk"), 1),
    ],
    ids=["bom", "duplicate-member", "not-utf8"],
)
def test_saved_bytes_fail_v2_with_format(
    mutate: Callable[[bytes], bytes], fixture_bytes: Callable[[str], bytes], trust: TrustStore
) -> None:
    assert refusal(mutate(fixture_bytes("envelope_6_5.json")), trust) == ("FORMAT", "")


def test_msg_id_not_a_uuid_fails_v2(load: Load, trust: TrustStore) -> None:
    env = load("envelope_6_5.json")
    env["header"]["msgId"] = env["header"]["msgId"].upper()
    assert refusal(env, trust) == ("FORMAT", "header.msgId")
    assert refusal([env], trust) == ("FORMAT", "")


# -- V4 ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"sender": "santong-321082"}, ("SIGNATURE_INVALID", "signature")),  # unknown sender
        ({"sigEncoding": "PEM"}, ("CODE_UNKNOWN", "header.sigEncoding")),
        ({"sigEncoding": "RAW"}, ("SIGNATURE_INVALID", "signature")),  # 70 DER bytes are not 64
        ({"signerId": "1234567812345679"}, ("SIGNATURE_INVALID", "header.signerId")),
        ({"timestamp": "2025-11-13 08:15:02"}, ("SIGNATURE_INVALID", "signature")),  # no key can be chosen
    ],
)
def test_header_changes_fail_v4(load: Load, trust: TrustStore, change: dict[str, str], expected: tuple[str, str]) -> None:
    env = load("envelope_6_5.json")
    env["header"].update(change)
    assert refusal(env, trust) == expected


@pytest.mark.parametrize(
    "signature",
    [
        "MEQCIFusYXArAFp89Y8NhNEvvKpwSOrR2iwNsnmCBxxh5BlyAiBtNJe7goFeUfNzvinXdXncZnVJsyixvbmv00E/HsIbgw",  # no padding
        "MEQCIFusYXArAFp89Y8NhNEvvKpwSOrR2iwNsnmCBxxh5BlyAiBtNJe7goFeUfNzvinXdXncZnVJsyixvbmv00E/HsIbgx==",  # stray bits
        "MEQCIFusYXArAFp89Y8NhNEvvKpwSOrR2iwNsnmCBxxh5BlyAiBtNJe7goFeUfNzvinX\ndXncZnVJsyixvbmv00E/HsIbgw==",
        "MEQCIFusYXArAFp89Y8NhNEvvKpwSOrR2iwNsnmCBxxh5BlyAiBtNJe7goFeUfNzvinXdXncZnVJsyixvbmv00E_HsIbgw==",
        "",
        None,
    ],
    ids=["unpadded", "non-zero-unused-bits", "line-break", "url-alphabet", "empty", "missing"],
)
def test_signature_not_in_canonical_base64_fails_v4(load: Load, trust: TrustStore, signature: str | None) -> None:
    env = load("envelope_6_5.json")
    if signature is None:
        del env["signature"]
    else:
        env["signature"] = signature
    assert refusal(env, trust) == ("SIGNATURE_INVALID", "signature")


def test_key_validity_windows_and_rotation(load: Load, fixture_bytes: Callable[[str], bytes]) -> None:
    """Keys are chosen by the header timestamp; during a rotation every valid key is tried."""
    env = load("envelope_6_5.json")
    stamp = parse_datetime(env["header"]["timestamp"])
    assert stamp is not None
    right = SM2PublicKey.from_pem(fixture_bytes("santong-321081.pub.pem"))
    wrong = SM2PublicKey.from_pem(fixture_bytes(PROVINCE_PEM))
    expired = TrustStore()
    expired.register(SANTONG, right, valid_to=stamp - timedelta(seconds=1))
    assert refusal(env, expired) == ("SIGNATURE_INVALID", "signature")
    rotating = TrustStore()
    rotating.register(SANTONG, wrong, valid_from=stamp - timedelta(days=1))
    rotating.register(SANTONG, right, valid_to=stamp)  # the old key, on its last second
    verify_offline(env, rotating)
    early = TrustStore()
    early.register(SANTONG, right, valid_from=stamp + timedelta(hours=23), accept_early_s=86_400)
    verify_offline(env, early)  # province.md quirk 17
    late = TrustStore()
    late.register(SANTONG, right, valid_from=stamp + timedelta(hours=25), accept_early_s=86_400)
    assert refusal(env, late) == ("SIGNATURE_INVALID", "signature")


# -- V5, structure (each envelope re-signed so that V4 passes) ---------------------------------


@pytest.mark.parametrize(
    ("mutate", "expected"),
    [
        (lambda h: h.update(extra="x"), ("SCHEMA", "header.extra")),
        (lambda h: h.pop("nonce"), ("REQUIRED", "header.nonce")),
        (lambda h: h.update(msgType="JGXW_CHEK"), ("CODE_UNKNOWN", "header.msgType")),
        (lambda h: h.update(specVersion="JGXW_CHECK/2.0"), ("VERSION_UNSUPPORTED", "header.specVersion")),
        (lambda h: h.update(batchNo="2025111300000"), ("FORMAT", "header.batchNo")),
        (lambda h: h.update(nonce="9F2C47E1A05B3D68C4E7F1029AB63D5E"), ("FORMAT", "header.nonce")),
        (lambda h: h.update(operation="u"), ("RANGE", "header.operation")),
        (lambda h: h.update(recordCount="1"), ("FORMAT", "header.recordCount")),
        (lambda h: h.update(digestAlg="SHA256"), ("CODE_UNKNOWN", "header.digestAlg")),
        (lambda h: h.update(signAlg="SM2"), ("CODE_UNKNOWN", "header.signAlg")),
        (lambda h: h.update(source="32108111321081mb1c87057l"), ("REFERENCE", "header.source")),
    ],
)
def test_header_structure_fails_v5(
    load: Load, trust: TrustStore, santong_signer: Signer, mutate: Callable[[dict[str, Any]], Any], expected: tuple[str, str]
) -> None:
    env = load("envelope_6_5.json")
    mutate(env["header"])
    assert refusal(santong_signer.sign_object(env), trust) == expected


def test_timestamp_format_is_checked_when_a_key_can_still_be_chosen(load: Load, trust: TrustStore, santong_signer: Signer) -> None:
    env = load("envelope_6_5.json")
    env["header"]["timestamp"] = "2025-11-13T08:15:02Z"
    signed = santong_signer.sign_object(env)
    with pytest.raises(SignatureInvalid):
        verify_offline(signed, trust)  # V4: no key valid at an unreadable time
    errors = check_envelope_structure(signed)
    assert [(e.field, e.code) for e in errors] == [("header.timestamp", "FORMAT")]


def test_body_limits_fail_v5_with_length(load: Load, trust: TrustStore, santong_signer: Signer) -> None:
    env = load("envelope_6_5.json")
    env["body"] = []
    env["header"]["recordCount"] = 0
    assert refusal(santong_signer.sign_object(env), trust) == ("LENGTH", "body")
    env = load("envelope_6_5.json")
    env["body"] = env["body"] * 501
    env["header"]["recordCount"] = 501
    assert refusal(santong_signer.sign_object(env), trust) == ("LENGTH", "body")


def test_v5_errors_are_reported_together_and_before_digests(load: Load, santong_signer: Signer) -> None:
    env = load("envelope_6_5.json")
    env["header"].update(recordCount=3, operation="d", unknown=True)
    env["body"][0]["digest"] = "f" * 64
    errors = check_envelope_structure(santong_signer.sign_object(env))
    assert [(e.field, e.code) for e in errors] == [
        ("header.unknown", "SCHEMA"),
        ("header.recordCount", "RANGE"),
        ("header.operation", "RANGE"),
        ("body[0].digest", "DIGEST_MISMATCH"),
    ]


def test_unknown_top_level_member_is_schema(load: Load, trust: TrustStore) -> None:
    env = load("envelope_6_5.json")
    env["comment"] = "x"  # not signed, but not allowed either
    assert refusal(env, trust) == ("SCHEMA", "comment")


def test_sound_envelope_has_no_structural_errors(load: Load) -> None:
    assert check_envelope_structure(load("envelope_6_5.json")) == []
    assert check_envelope_structure(load("province_7_1_envelope.json")) == []


def test_offline_verification_ignores_time_window(load: Load, trust: TrustStore) -> None:
    """§5.9: the envelope of 2025 still verifies whatever today's clock says."""
    env = load("envelope_6_5.json")
    assert parse_datetime(env["header"]["timestamp"]) < datetime.now().astimezone() - timedelta(days=1)  # type: ignore[operator]
    verify_offline(env, trust)


JUNK: list[Any] = [None, True, 1.5, -1, [], ["x"], {}, {"a": 1}, "", "x" * 300]


@pytest.mark.parametrize("fixture", ["envelope_6_5.json", "receipt_6_6.json", "receipt_6_6_rejected.json"])
def test_structure_checks_report_junk_values_instead_of_crashing(load: Load, trust: TrustStore, fixture: str) -> None:
    """Any JSON value in any header member or record slot yields field errors, never an exception."""
    check = check_receipt_structure if "receipt" in fixture else check_envelope_structure
    original = load(fixture)
    for name in original["header"]:
        for junk in JUNK:
            obj = load(fixture)
            obj["header"][name] = junk
            errors = check(obj)
            # sender and signerId are any string structurally: V4 judges them (unknown sender, wrong ID)
            assert errors or (name in ("sender", "signerId") and isinstance(junk, str)), (name, junk)
            if name != "msgId":
                with pytest.raises(SignatureInvalid):
                    verify_offline(obj, trust)
    for junk in JUNK:
        obj = load(fixture)
        obj["body"] = junk if not isinstance(junk, list) or not junk else [junk]
        assert check(obj) or obj["body"] == original["body"], junk
        obj = load(fixture)
        obj["body"] = [*obj["body"], {"cd_id": junk, "cd_operation": junk, "digest": junk, "status": junk, "errors": junk}]
        assert check(obj), junk
