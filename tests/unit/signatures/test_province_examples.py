"""The examples of sources/province.md §7.1–§7.3 verify with the §3.5 test keys."""

from __future__ import annotations

import base64
from collections.abc import Callable
from typing import Any

from signatures import (
    TrustStore,
    check_receipt,
    envelope_digest,
    record_digest,
    signed_message,
    verify_offline,
    verify_signed,
)
from signatures.formats import parse_datetime

Load = Callable[[str], Any]


def test_7_1_batch_digests_and_signature(load: Load, trust: TrustStore) -> None:
    env = load("province_7_1_envelope.json")
    assert [record_digest(r) for r in env["body"]] == [
        "3aacee31075c9434af6945a117e990b76f6d7d9d8a40b8adcb116b22472d4fe3",
        "e4302c14af753b9bd1bbd344f3b154a815f08efc10994e7e368aaf91da44c364",
    ]
    assert [record_digest(r) for r in env["body"]] == [r["digest"] for r in env["body"]]
    m = signed_message(env)
    assert len(m) == 2497
    assert m.startswith(b'{"body":[{"cd_batch":"2025111900003","cd_id":"sthj:INSPECTIO')
    assert envelope_digest(env) == "64e2945061f5b0265e8f32cb91df77e4aea884ed69a7c32304b92453fb941064"
    assert base64.b64decode(env["signature"]).hex() == (
        "3045022100b5f4042f2317b58a9bb87bd74687725b348cba125154c753cd49bb8cb101dbd3"
        "02203b1a05cf1420719a983fa0d1d5c092e7c1577fd40dc804c91f4757c03b2fce22"
    )
    verify_offline(env, trust)


def test_7_2_receipt_verifies_and_matches_the_7_1_batch(load: Load, trust: TrustStore) -> None:
    receipt = load("province_7_2_receipt.json")
    assert envelope_digest(receipt) == "c42c72bfe88542a965173c8e58ac60ea0a9b4580b6b4a9aa3e44e8afdb06c837"
    verify_offline(receipt, trust)
    now = parse_datetime("2025-11-19T09:32:41+08:00")
    assert now is not None
    check_receipt(receipt, trust, load("province_7_1_envelope.json"), now=now)


def test_7_3_raw_signed_whole_batch_rejection(load: Load, trust: TrustStore) -> None:
    """A RAW signature from the province (quirk 13 style) over a rejection with rejected = 2."""
    receipt = load("province_7_3_receipt.json")
    assert len(base64.b64decode(receipt["signature"])) == 64
    verify_signed(receipt, trust)
    verify_offline(receipt, trust)
    sent = load("province_7_1_envelope.json")
    sent["header"]["msgId"] = receipt["header"]["refMsgId"]  # the batch ...0104 of two records
    now = parse_datetime("2025-11-19T09:40:03+08:00")
    assert now is not None
    check_receipt(receipt, trust, sent, now=now)
