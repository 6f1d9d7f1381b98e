"""SM3 vectors of STANDARD.md §6.1 and HMAC-SM3, cross-checked with gmssl's pure-Python SM3."""

from __future__ import annotations

import pytest
from gmssl import sm3 as gm_sm3  # type: ignore[import-untyped]

from signatures.sm3 import hmac_sm3, sm3, sm3_hex

VECTORS = [
    (b"abc", "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0"),
    (b"", "1ab21d8355cfa17f8e61194831e81a8f22bec8c728fefb747ed035eb5082aa2b"),
    (b"abcd" * 16, "debe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732"),
]


def gm_sm3_bytes(data: bytes) -> bytes:
    return bytes.fromhex(gm_sm3.sm3_hash(list(data)))


def gm_hmac_sm3(key: bytes, msg: bytes) -> bytes:
    """RFC 2104 written out over gmssl's SM3: the independent reference."""
    if len(key) > 64:
        key = gm_sm3_bytes(key)
    key = key.ljust(64, b"\x00")
    inner = gm_sm3_bytes(bytes(b ^ 0x36 for b in key) + msg)
    return gm_sm3_bytes(bytes(b ^ 0x5C for b in key) + inner)


@pytest.mark.parametrize(("data", "digest"), VECTORS)
def test_sm3_vectors_of_6_1(data: bytes, digest: str) -> None:
    assert sm3_hex(data) == digest
    assert sm3(data) == bytes.fromhex(digest)


@pytest.mark.parametrize(("data", "digest"), VECTORS)
def test_gmssl_agrees_on_the_vectors(data: bytes, digest: str) -> None:
    assert gm_sm3.sm3_hash(list(data)) == digest


@pytest.mark.parametrize("key", [b"", b"k", b"q8Vn2mXr7LcT4wYb9KpE3sHd6JfU1aZg", b"x" * 64, b"y" * 65, bytes(range(200))])
def test_hmac_sm3_is_rfc2104_with_a_64_byte_block(key: bytes) -> None:
    msg = "消息 message".encode() * 7
    assert hmac_sm3(key, msg) == gm_hmac_sm3(key, msg)
