"""The simulator's own cryptography: SM3, JCS, SM2withSM3, key parsing, strict JSON.

Deliberately independent of ``signatures/``: the simulator is the first judge of what
santong signs, so it must not share santong's code paths (SM3 and HMAC come from
``cryptography``, JCS from ``rfc8785``, SM2 is GB/T 32918 written out here over
``fastecdsa`` point arithmetic).  Only the simulator imports this module.

    key = SimPublicKey.parse(hex_or_pem)
    ok = sm2_verify(key, signer_id, message, r, s)
"""

from __future__ import annotations

import base64
import binascii
import json
import secrets
from dataclasses import dataclass
from typing import Any

import rfc8785
from cryptography.hazmat.primitives import hashes, hmac
from cryptography.hazmat.primitives.asymmetric.utils import (
    decode_dss_signature,
    encode_dss_signature,
)
from fastecdsa.rust import Curve, Point

__all__ = [
    "SimPrivateKey",
    "SimPublicKey",
    "StrictJSONError",
    "decode_signature",
    "encode_signature",
    "hmac_b64",
    "jcs",
    "loads_strict",
    "sm2_sign",
    "sm2_verify",
    "sm3_hex",
]

P = 0xFFFFFFFEFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF00000000FFFFFFFFFFFFFFFF
A = 0xFFFFFFFEFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF00000000FFFFFFFFFFFFFFFC
B = 0x28E9FA9E9D9F5E344D5A9E4BCF6509A7F39789F515AB8F92DDBCBD414D940E93
N = 0xFFFFFFFEFFFFFFFFFFFFFFFFFFFFFFFF7203DF6B21C6052B53BBF40939D54123
GX = 0x32C4AE2C1F1981195F9904466A39C9948FE30BBFF2660BE1715A4589334C74C7
GY = 0xBC3736A2F4F6779C59BDCEE36B692153D0A9877CC62A474002DF32E52139F0A0
_CURVE = Curve("sm2p256v1", P, A, B, N, GX, GY)
_G = Point(GX, GY, _CURVE)
# SubjectPublicKeyInfo prefix: id-ecPublicKey + sm2p256v1, BIT STRING of the 65-byte point.
_SPKI_PREFIX = bytes.fromhex("3059301306072a8648ce3d020106082a811ccf5501822d034200")


def sm3(data: bytes) -> bytes:
    h = hashes.Hash(hashes.SM3())
    h.update(data)
    return h.finalize()


def sm3_hex(data: bytes) -> str:
    """SM3 of ``data`` as 64 lower-case hex characters."""
    return sm3(data).hex()


def hmac_b64(method: str, key: bytes, message: bytes) -> str:
    """Base64 HMAC for ``HMAC-SM3`` or ``HMAC-SHA256`` (§3.2)."""
    algorithm: hashes.HashAlgorithm = hashes.SM3() if method == "HMAC-SM3" else hashes.SHA256()
    h = hmac.HMAC(key, algorithm)
    h.update(message)
    return base64.b64encode(h.finalize()).decode("ascii")


def jcs(obj: Any) -> bytes:
    """RFC 8785 canonical bytes."""
    return bytes(rfc8785.dumps(obj))


class StrictJSONError(ValueError):
    """The bytes are not strict UTF-8 JSON (BOM, bad UTF-8, duplicate members, NaN)."""


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for k, v in pairs:
        if k in out:
            raise StrictJSONError(f"duplicate member {k!r}")
        out[k] = v
    return out


def _no_constant(name: str) -> Any:
    raise StrictJSONError(f"{name} is not JSON")


def loads_strict(data: bytes) -> Any:
    """Parse UTF-8 JSON without BOM, refusing duplicate member names and NaN/Infinity."""
    if data.startswith(b"\xef\xbb\xbf"):
        raise StrictJSONError("UTF-8 BOM")
    try:
        text = data.decode("utf-8")
        return json.loads(text, object_pairs_hook=_no_duplicates, parse_constant=_no_constant)
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as exc:
        raise StrictJSONError(str(exc)) from exc


@dataclass(frozen=True)
class SimPublicKey:
    """An SM2 public key; ``parse`` takes ``04‖x‖y`` (130 hex) or a PEM SubjectPublicKeyInfo."""

    x: int
    y: int

    @classmethod
    def parse(cls, text: str) -> SimPublicKey:
        text = text.strip()
        if text.startswith("-----BEGIN PUBLIC KEY-----"):
            body = "".join(line for line in text.splitlines() if not line.startswith("-----"))
            der = base64.b64decode(body, validate=True)
            if len(der) != 91 or not der.startswith(_SPKI_PREFIX):
                raise ValueError("not an SM2 SubjectPublicKeyInfo (id-ecPublicKey, sm2p256v1)")
            raw = der[len(_SPKI_PREFIX):]
        else:
            if len(text) != 130 or not text.lower().startswith("04"):
                raise ValueError("public key hex must be 04‖x‖y, 130 hex characters")
            try:
                raw = bytes.fromhex(text)
            except ValueError as exc:
                raise ValueError("public key is not hex") from exc
        x, y = int.from_bytes(raw[1:33], "big"), int.from_bytes(raw[33:65], "big")
        if raw[0] != 4 or not (0 < x < P and 0 < y < P) or (y * y - x * x * x - A * x - B) % P:
            raise ValueError("public key is not a point of sm2p256v1")
        return cls(x, y)

    def hex(self) -> str:
        return "04" + self.x.to_bytes(32, "big").hex() + self.y.to_bytes(32, "big").hex()


@dataclass(frozen=True)
class SimPrivateKey:
    """An SM2 private key d (hex) with its public key."""

    d: int

    @classmethod
    def from_hex(cls, text: str) -> SimPrivateKey:
        d = int(text, 16)
        if not 1 <= d <= N - 2:
            raise ValueError("SM2 private key out of range")
        return cls(d)

    @property
    def public(self) -> SimPublicKey:
        pt = self.d * _G
        return SimPublicKey(pt.x, pt.y)


def _za(key: SimPublicKey, signer_id: str) -> bytes:
    ida = signer_id.encode("utf-8")
    entla = (len(ida) * 8).to_bytes(2, "big")
    parts = [A, B, GX, GY, key.x, key.y]
    return sm3(entla + ida + b"".join(v.to_bytes(32, "big") for v in parts))


def _e(key: SimPublicKey, signer_id: str, message: bytes) -> int:
    return int.from_bytes(sm3(_za(key, signer_id) + message), "big")


def sm2_verify(key: SimPublicKey, signer_id: str, message: bytes, r: int, s: int) -> bool:
    """GB/T 32918.2 verification of (r, s) over ``message`` with Z computed from ``signer_id``."""
    if not (1 <= r <= N - 1 and 1 <= s <= N - 1):
        return False
    t = (r + s) % N
    if t == 0:
        return False
    try:
        pt = s * _G + t * Point(key.x, key.y, _CURVE)
        x1 = pt.x
    except (ValueError, ArithmeticError):  # point at infinity
        return False
    return (_e(key, signer_id, message) + x1) % N == r


def sm2_sign(key: SimPrivateKey, signer_id: str, message: bytes) -> tuple[int, int]:
    """GB/T 32918.2 signature (fresh random k)."""
    e = _e(key.public, signer_id, message)
    d = key.d
    while True:
        k = secrets.randbelow(N - 1) + 1
        x1 = (k * _G).x
        r = (e + x1) % N
        if r == 0 or r + k == N:
            continue
        s = (pow(1 + d, -1, N) * (k - r * d)) % N
        if s:
            return r, s


def decode_signature(b64: object, encoding: str) -> tuple[int, int] | None:
    """(r, s) from a base64 ``signature`` per ``sigEncoding``, or None when malformed (strict DER)."""
    if not isinstance(b64, str):
        return None
    try:
        raw = base64.b64decode(b64, validate=True)
    except (binascii.Error, ValueError):
        return None
    if encoding == "RAW":
        if len(raw) != 64:
            return None
        return int.from_bytes(raw[:32], "big"), int.from_bytes(raw[32:], "big")
    try:
        r, s = decode_dss_signature(raw)
    except ValueError:
        return None
    # Round-trip: only the minimal DER encoding of (r, s) is accepted.
    if r <= 0 or s <= 0 or encode_dss_signature(r, s) != raw:
        return None
    return r, s


def encode_signature(r: int, s: int, encoding: str) -> str:
    raw = r.to_bytes(32, "big") + s.to_bytes(32, "big") if encoding == "RAW" else encode_dss_signature(r, s)
    return base64.b64encode(raw).decode("ascii")

