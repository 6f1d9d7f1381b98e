"""SM3 (GB/T 32905) and HMAC-SM3 (RFC 2104, 64-byte block), from OpenSSL via ``cryptography``.

    sm3_hex(b"abc")            # '66c7f0f4…'
    hmac_sm3(secret, message)  # 32 bytes
"""

from __future__ import annotations

from cryptography.hazmat.primitives import hashes, hmac

__all__ = ["hmac_sha256", "hmac_sm3", "sm3", "sm3_hex"]


def sm3(data: bytes) -> bytes:
    """The 32-byte SM3 digest of ``data``."""
    h = hashes.Hash(hashes.SM3())
    h.update(data)
    return h.finalize()


def sm3_hex(data: bytes) -> str:
    """SM3 as 64 lower-case hex characters (the form every santong digest is written in)."""
    return sm3(data).hex()


def hmac_sm3(key: bytes, msg: bytes) -> bytes:
    """HMAC over SM3 (block size 64 bytes, as ``hashes.SM3.block_size`` says)."""
    h = hmac.HMAC(key, hashes.SM3())
    h.update(msg)
    return h.finalize()


def hmac_sha256(key: bytes, msg: bytes) -> bytes:
    """HMAC-SHA256, the province's alternative request-signature method."""
    h = hmac.HMAC(key, hashes.SHA256())
    h.update(msg)
    return h.finalize()
