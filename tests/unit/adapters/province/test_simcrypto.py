"""The simulator's own SM2/SM3/JCS reproduces the published examples of province.md §7."""

from __future__ import annotations

from typing import Any

import pytest

from adapters.province import testkeys as tk
from adapters.province.simchecks import signed_message
from adapters.province.simcrypto import (
    SimPrivateKey,
    SimPublicKey,
    decode_signature,
    encode_signature,
    jcs,
    sm2_sign,
    sm2_verify,
    sm3_hex,
)

pytestmark = pytest.mark.timeout(10)

NODE = SimPublicKey.parse(tk.NODE_PUBLIC_KEY_HEX)
PROVINCE = SimPublicKey.parse(tk.PLATFORM_PUBLIC_KEY_PEM)


def verifies(obj: dict[str, Any], key: SimPublicKey) -> bool:
    rs = decode_signature(obj["signature"], obj["header"]["sigEncoding"])
    return rs is not None and sm2_verify(key, obj["header"]["signerId"], signed_message(obj), *rs)


def test_keys_of_3_5_hex_and_pem_agree() -> None:
    assert PROVINCE.hex() == tk.PLATFORM_PUBLIC_KEY_HEX
    assert SimPrivateKey.from_hex(tk.PLATFORM_PRIVATE_KEY_HEX).public == PROVINCE
    assert SimPrivateKey.from_hex(tk.NODE_PRIVATE_KEY_HEX).public == NODE
    with pytest.raises(ValueError):
        SimPublicKey.parse(tk.NODE_PUBLIC_KEY_HEX[2:])  # the ambiguous 128-character form


def test_batch_7_1_digests_and_signature(kit: Any) -> None:
    batch = kit.load("batch_7_1.json")
    message = signed_message(batch)
    assert len(message) == 2497
    assert sm3_hex(message) == "64e2945061f5b0265e8f32cb91df77e4aea884ed69a7c32304b92453fb941064"
    for rec in batch["body"]:
        assert sm3_hex(jcs({k: v for k, v in rec.items() if k != "digest"})) == rec["digest"]
    assert verifies(batch, NODE)
    assert not verifies(batch, PROVINCE)


@pytest.mark.parametrize("name", ["receipt_7_2.json", "receipt_7_3.json"])
def test_published_receipts_verify_der_and_raw(kit: Any, name: str) -> None:
    assert verifies(kit.load(name), PROVINCE)


def test_sign_verify_round_trip_and_strict_der() -> None:
    key = SimPrivateKey.from_hex(tk.PLATFORM_PRIVATE_KEY_HEX)
    r, s = sm2_sign(key, "1234567812345678", b"abc")
    assert sm2_verify(key.public, "1234567812345678", b"abc", r, s)
    assert not sm2_verify(key.public, "1234567812345679", b"abc", r, s)
    der = encode_signature(r, s, "DER")
    assert decode_signature(der, "DER") == (r, s)
    assert decode_signature(encode_signature(r, s, "RAW"), "RAW") == (r, s)
    assert decode_signature(encode_signature(r, s, "RAW"), "DER") is None
