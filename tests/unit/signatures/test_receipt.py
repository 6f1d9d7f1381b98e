"""Receipts: §6.6 reproduced, and the hub's checks of §5.6 "Receipts are verified by the hub"."""

from __future__ import annotations

import base64
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

import pytest

from santong.errors import ConfigError, FieldError, SignatureInvalid
from signatures import (
    Signer,
    SM2PrivateKey,
    TrustStore,
    build_receipt,
    check_receipt,
    check_receipt_structure,
    envelope_digest,
    signed_message,
    verify_offline,
)
from signatures.formats import parse_datetime

Load = Callable[[str], Any]


def at(text: str) -> datetime:
    moment = parse_datetime(text)
    assert moment is not None
    return moment


def refusal(receipt: Any, trust: TrustStore, envelope: Any, now: str, **kw: Any) -> tuple[str, str]:
    with pytest.raises(SignatureInvalid) as info:
        check_receipt(receipt, trust, envelope, now=at(now), **kw)
    return info.value.code, info.value.field


def test_the_fixed_k_values_are_derived_from_their_labels(example_k: Callable[[str], int]) -> None:
    assert example_k("santong example k / envelope") == 0x09E0F87DAB64F37958AF7C5EE39B46BBD81F3D9A8334174221D852222446AFF7
    assert example_k("santong example k / envelope raw") == 0x9B27149D82D27746DF8DFBCC64AC4B99A3E4FC2BE87B4C0207700B2BCF8F9996
    assert example_k("santong example k / receipt") == 0x64DE5BC3323EC5D292F8052EFFBBC1773DEEF2306A6DCFBC1322EDFFE666C525


def test_receipt_6_6_is_reproduced(province_signer: Signer, load: Load, example_k: Callable[[str], int]) -> None:
    fixture = load("receipt_6_6.json")
    h = fixture["header"]
    receipt = build_receipt(
        province_signer, ref_msg_id=h["refMsgId"], entries=fixture["body"],
        msg_id=h["msgId"], nonce=h["nonce"], timestamp=h["timestamp"], k=example_k("santong example k / receipt"),
    )  # fmt: skip
    assert receipt == fixture
    assert list(receipt["header"]) == list(h)
    m = signed_message(receipt)
    assert len(m) == 560
    assert envelope_digest(receipt) == "6295eab52eb7c21ec997e43bcbac440062e9efbcfda8835ac07f5677c64559ea"
    der = base64.b64decode(receipt["signature"])
    assert der.hex() == (
        "3046022100e6f8002f28af2420f25506c3842cc1788a94cea510d6341118b1f1f53d88ce14"
        "0221009da78021d4aa43feb8dafbc4938539765fc00769f65285b0949044fc034a30f6"
    )


def test_whole_batch_rejection_of_6_6_is_reproduced(
    province_signer: Signer, load: Load, example_k: Callable[[str], int]
) -> None:
    fixture = load("receipt_6_6_rejected.json")
    h = fixture["header"]
    receipt = build_receipt(
        province_signer, ref_msg_id=h["refMsgId"], entries=[], batch_errors=h["errors"], records_received=1,
        msg_id=h["msgId"], nonce=h["nonce"], timestamp=h["timestamp"], k=example_k("santong example k / receipt 2"),
    )  # fmt: skip
    assert receipt == fixture
    assert (receipt["header"]["status"], receipt["header"]["accepted"], receipt["header"]["rejected"]) == ("REJECTED", 0, 1)


def test_receipts_of_6_6_pass_the_hubs_checks(load: Load, trust: TrustStore) -> None:
    envelope = load("envelope_6_5.json")
    check_receipt(load("receipt_6_6.json"), trust, envelope, now=at("2025-11-13T08:15:04+08:00"))
    refused = dict(envelope, header=dict(envelope["header"], msgId="3b9e5c1a-7f42-4d8b-a0c6-5e21f8d47a91"))
    check_receipt(load("receipt_6_6_rejected.json"), trust, refused, now=at("2025-11-13T08:20:11+08:00"))
    verify_offline(load("receipt_6_6.json"), trust)
    verify_offline(load("receipt_6_6_rejected.json"), trust)


def test_receipt_for_a_batch_we_did_not_send_is_reference(load: Load, trust: TrustStore) -> None:
    """province.md quirk 4: correctly signed, but refMsgId names another batch."""
    code = refusal(load("province_7_2_receipt.json"), trust, load("envelope_6_5.json"), "2025-11-19T09:32:41+08:00")
    assert code == ("REFERENCE", "header.refMsgId")


def test_entries_must_be_the_records_in_order(load: Load, trust: TrustStore) -> None:
    envelope = load("province_7_1_envelope.json")
    envelope["body"].reverse()  # not re-signed: the receipt is compared with what we say we sent
    code = refusal(load("province_7_2_receipt.json"), trust, envelope, "2025-11-19T09:32:41+08:00")
    assert code == ("REFERENCE", "body[0].cd_id")
    envelope["body"] = envelope["body"][:1]
    assert refusal(load("province_7_2_receipt.json"), trust, envelope, "2025-11-19T09:32:41+08:00") == ("REFERENCE", "body")


def test_whole_batch_rejection_counts_the_records_sent(load: Load, trust: TrustStore) -> None:
    envelope = load("envelope_6_5.json")
    envelope["header"]["msgId"] = "3b9e5c1a-7f42-4d8b-a0c6-5e21f8d47a91"
    envelope["body"] = envelope["body"] * 2
    code = refusal(load("receipt_6_6_rejected.json"), trust, envelope, "2025-11-13T08:20:11+08:00")
    assert code == ("REFERENCE", "header.rejected")


def test_only_a_receipt_from_the_future_is_refused_by_time(load: Load, trust: TrustStore) -> None:
    receipt, envelope = load("receipt_6_6.json"), load("envelope_6_5.json")
    check_receipt(receipt, trust, envelope, now=at("2030-01-01T00:00:00+08:00"))  # stored, fetched late: fine
    check_receipt(receipt, trust, envelope, now=at("2025-11-13T08:10:04+08:00"))  # exactly 300 s ahead: fine
    assert refusal(receipt, trust, envelope, "2025-11-13T08:10:03+08:00") == ("TIME_WINDOW", "header.timestamp")
    # province.md quirk 5: with the platform's clock 400 s ahead, the hub adds the offset
    check_receipt(receipt, trust, envelope, now=at("2025-11-13T08:08:24+08:00"), skew_s=400)


def test_sender_must_be_the_province(load: Load, trust: TrustStore, santong_signer: Signer) -> None:
    receipt = load("receipt_6_6.json")
    receipt["header"]["sender"] = "santong-321081"
    code = refusal(santong_signer.sign_object(receipt), trust, load("envelope_6_5.json"), "2025-11-13T08:15:04+08:00")
    assert code == ("REFERENCE", "header.sender")


def test_receipt_signed_with_another_key_fails_v4(load: Load, trust: TrustStore, santong_key: SM2PrivateKey) -> None:
    forged = Signer(santong_key, "js-province").sign_object(load("receipt_6_6.json"))
    code = refusal(forged, trust, load("envelope_6_5.json"), "2025-11-13T08:15:04+08:00")
    assert code == ("SIGNATURE_INVALID", "signature")


@pytest.mark.parametrize(
    ("mutate", "expected"),
    [
        (lambda r: r["header"].update(accepted=2), ("REFERENCE", "header.accepted")),
        (lambda r: r["header"].update(status="PARTIAL"), ("REFERENCE", "header.status")),
        (lambda r: r["header"].update(status="OK"), ("CODE_UNKNOWN", "header.status")),
        (lambda r: r["header"].update(errors=[{"field": "body", "code": "LENGTH", "message": "x"}]), ("REFERENCE", "header.errors")),
        (lambda r: r["body"][0].update(status="rejected"), ("REFERENCE", "body[0].errors")),
        (lambda r: r["body"][0].update(status="lost"), ("CODE_UNKNOWN", "body[0].status")),
        (lambda r: r["body"][0].pop("errors"), ("REQUIRED", "body[0].errors")),
        (lambda r: r["body"][0].update(note="x"), ("SCHEMA", "body[0].note")),
        (lambda r: r["header"].update(specVersion="RECEIPT/1.1"), ("VERSION_UNSUPPORTED", "header.specVersion")),
        (lambda r: r["header"].update(msgType="RECEPIT"), ("CODE_UNKNOWN", "header.msgType")),
        (lambda r: r["header"].pop("refMsgId"), ("REQUIRED", "header.refMsgId")),
    ],
)
def test_inconsistent_receipts_are_refused(
    load: Load, trust: TrustStore, province_signer: Signer, mutate: Callable[[dict[str, Any]], Any], expected: tuple[str, str]
) -> None:
    receipt = load("receipt_6_6.json")
    mutate(receipt)
    assert refusal(province_signer.sign_object(receipt), trust, load("envelope_6_5.json"), "2025-11-13T08:15:04+08:00") == expected


def test_duplicate_counts_as_accepted(load: Load, trust: TrustStore, province_signer: Signer) -> None:
    envelope = load("province_7_1_envelope.json")
    entries = [
        {"cd_id": r["cd_id"], "digest": r["digest"], "status": s, "errors": e}
        for r, s, e in zip(envelope["body"], ["duplicate", "rejected"], [[], [FieldError("data.check_date", "FORMAT", "日期格式错误")]])
    ]  # fmt: skip
    receipt = build_receipt(province_signer, ref_msg_id=envelope["header"]["msgId"], entries=entries)
    assert (receipt["header"]["status"], receipt["header"]["accepted"], receipt["header"]["rejected"]) == ("PARTIAL", 1, 1)
    assert receipt["body"][1]["errors"] == [{"field": "data.check_date", "code": "FORMAT", "message": "日期格式错误"}]
    assert "errors" not in receipt["header"]
    check_receipt(receipt, trust, envelope, now=datetime.now().astimezone() + timedelta(seconds=1))
    assert check_receipt_structure(receipt) == []


@pytest.mark.parametrize(
    "kwargs",
    [
        {"entries": []},
        {"entries": [{"cd_id": "a", "digest": "0" * 64, "status": "rejected", "errors": []}]},
        {"entries": [{"cd_id": "a", "digest": "0" * 64, "status": "accepted", "errors": [FieldError("x", "FORMAT", "m")]}]},
        {"entries": [{"cd_id": "a", "digest": "0" * 64, "status": "ok"}]},
        {"entries": [], "batch_errors": [FieldError("signature", "SIGNATURE_INVALID", "m")]},  # records_received missing
        {"entries": [{"cd_id": "a", "digest": "0" * 64, "status": "accepted"}], "ref_msg_id": "not-a-uuid"},
    ],
)
def test_build_receipt_refuses_misuse(province_signer: Signer, kwargs: dict[str, Any]) -> None:
    kwargs.setdefault("ref_msg_id", "3b9e5c1a-7f42-4d8b-a0c6-5e21f8d47a90")
    with pytest.raises(ConfigError):
        build_receipt(province_signer, **kwargs)


def test_naive_now_is_a_usage_error(load: Load, trust: TrustStore) -> None:
    with pytest.raises(ConfigError):
        check_receipt(load("receipt_6_6.json"), trust, load("envelope_6_5.json"), now=datetime(2025, 11, 13))
