"""SM2withSM3 signatures (GB/T 32918, GM/T 0003; ZA per GM/T 0009) on sm2p256v1 — STANDARD.md §5.4.

Point multiplication runs in fastecdsa's compiled core (a custom curve built from the
parameters below); Python does only the cheap arithmetic modulo n::

    key = SM2PrivateKey.generate()
    sig = key.sign(message)                                   # DER, signer ID 1234567812345678
    key.public_key.verify(message, sig)                       # True
    peer = SM2PublicKey.from_hex("04…")                       # or SM2PublicKey.from_pem(text)
    peer.verify(message, raw_sig, "1234567812345678", "RAW")

Keys: public keys as uncompressed hex ``04‖x‖y`` (130 characters; the 128-character form
is refused because it is ambiguous) or PEM SubjectPublicKeyInfo (id-ecPublicKey with
curve OID 1.2.156.10197.1.301).  Private keys are written as PKCS#8 PEM
(``-----BEGIN PRIVATE KEY-----``, the same algorithm identifier, an inner SEC1
ECPrivateKey with the public key) — byte for byte what ``openssl genpkey -algorithm SM2``
writes; SEC1 ``EC PRIVATE KEY`` / ``SM2 PRIVATE KEY`` naming the SM2 curve is read as well.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from typing import Literal

from fastecdsa.rust import Curve, Point

from santong.errors import ConfigError
from signatures import _asn1 as asn1
from signatures import _keyfmt
from signatures.sm3 import sm3

__all__ = [
    "DEFAULT_SIGNER_ID",
    "SIG_ENCODINGS",
    "InvalidKey",
    "N",
    "SM2PrivateKey",
    "SM2PublicKey",
    "SigEncoding",
    "decode_signature",
    "encode_signature",
    "za",
]

P = 0xFFFFFFFEFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF00000000FFFFFFFFFFFFFFFF
A = 0xFFFFFFFEFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF00000000FFFFFFFFFFFFFFFC
B = 0x28E9FA9E9D9F5E344D5A9E4BCF6509A7F39789F515AB8F92DDBCBD414D940E93
N = 0xFFFFFFFEFFFFFFFFFFFFFFFFFFFFFFFF7203DF6B21C6052B53BBF40939D54123
GX = 0x32C4AE2C1F1981195F9904466A39C9948FE30BBFF2660BE1715A4589334C74C7
GY = 0xBC3736A2F4F6779C59BDCEE36B692153D0A9877CC62A474002DF32E52139F0A0

CURVE = Curve("sm2p256v1", P, A, B, N, GX, GY)
_G = CURVE.G
_ZA_CURVE = b"".join(v.to_bytes(32, "big") for v in (A, B, GX, GY))

DEFAULT_SIGNER_ID = "1234567812345678"
SigEncoding = Literal["DER", "RAW"]
SIG_ENCODINGS: tuple[str, ...] = ("DER", "RAW")


class InvalidKey(ConfigError):
    """Key material that is malformed, not on the SM2 curve, or out of range."""


def _le(v: int) -> bytes:
    return v.to_bytes(32, "little")


def _mul_g(k: int) -> Point:
    """[k]G for a secret k.

    fastecdsa's generic-curve ladder runs once per bit of the scalar, so its time tells the
    scalar's length.  k + n (+ n) names the same point and always has exactly 257 bits.
    """
    k += N
    if k.bit_length() <= 256:
        k += N
    return k * _G


# -- ZA and signature encodings -------------------------------------------------------------


def za(public_key: SM2PublicKey, signer_id: str = DEFAULT_SIGNER_ID) -> bytes:
    """``ZA = SM3(ENTLA ‖ IDA ‖ a ‖ b ‖ Gx ‖ Gy ‖ xA ‖ yA)`` with IDA the UTF-8 signer ID."""
    ida = signer_id.encode("utf-8")
    if len(ida) * 8 > 0xFFFF:
        raise ValueError("signer ID longer than 8191 bytes")
    entla = (len(ida) * 8).to_bytes(2, "big")
    return sm3(entla + ida + _ZA_CURVE + public_key.to_bytes()[1:])


def _e(public_key: SM2PublicKey, message: bytes, signer_id: str) -> int:
    return int.from_bytes(sm3(za(public_key, signer_id) + message), "big")


def encode_signature(r: int, s: int, encoding: SigEncoding) -> bytes:
    """``DER``: SEQUENCE of two minimal INTEGERs; ``RAW``: r ‖ s, 32 bytes each."""
    if encoding == "RAW":
        return r.to_bytes(32, "big") + s.to_bytes(32, "big")
    if encoding == "DER":
        return asn1.tlv(asn1.SEQUENCE, asn1.der_uint(r) + asn1.der_uint(s))
    raise ValueError(f"unknown signature encoding {encoding!r}")


def decode_signature(signature: bytes, encoding: str) -> tuple[int, int] | None:
    """(r, s) from strict DER or exactly 64 RAW bytes; ``None`` for anything else.

    Range checks of r and s are the verifier's (``SM2PublicKey.verify``).
    """
    if encoding == "RAW":
        if len(signature) != 64:
            return None
        return int.from_bytes(signature[:32], "big"), int.from_bytes(signature[32:], "big")
    if encoding != "DER":
        return None
    try:
        outer = asn1.DerReader(signature)
        seq = asn1.DerReader(outer.read(asn1.SEQUENCE))
        outer.finish()
        r = asn1.parse_uint(seq.read(asn1.INTEGER))
        s = asn1.parse_uint(seq.read(asn1.INTEGER))
        seq.finish()
    except asn1.DerError:
        return None
    return r, s


# -- public key --------------------------------------------------------------------------------


@dataclass(frozen=True)
class SM2PublicKey:
    """A point on sm2p256v1, checked on construction.  Equal keys compare equal."""

    x: int
    y: int
    _point: Point = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if not (0 <= self.x < P and 0 <= self.y < P):
            raise InvalidKey("公钥坐标越界 / public key coordinate out of range")
        try:
            point = Point(self.x, self.y, CURVE)
        except ValueError as exc:
            raise InvalidKey("公钥不在 SM2 曲线上 / public key is not on the SM2 curve") from exc
        object.__setattr__(self, "_point", point)

    @classmethod
    def from_bytes(cls, data: bytes) -> SM2PublicKey:
        """From the 65-byte uncompressed point ``04‖x‖y``."""
        if len(data) != 65 or data[0] != 0x04:
            raise InvalidKey("公钥须为 65 字节非压缩点 04‖x‖y / public key must be the 65-byte point 04‖x‖y")
        return cls(int.from_bytes(data[1:33], "big"), int.from_bytes(data[33:], "big"))

    @classmethod
    def from_hex(cls, text: str) -> SM2PublicKey:
        """From exactly 130 hex characters ``04‖x‖y`` (either case; surrounding space ignored)."""
        text = text.strip()
        if len(text) != 130:
            raise InvalidKey(
                f"公钥须为 130 个十六进制字符 04‖x‖y，收到 {len(text)} 个"
                f" / public key must be 130 hex characters 04‖x‖y, got {len(text)}"
            )
        try:
            data = bytes.fromhex(text)
        except ValueError as exc:
            raise InvalidKey("公钥不是十六进制 / public key is not hex") from exc
        return cls.from_bytes(data)

    @classmethod
    def from_der(cls, der: bytes) -> SM2PublicKey:
        """From a DER SubjectPublicKeyInfo (id-ecPublicKey, sm2p256v1)."""
        try:
            return cls.from_bytes(_keyfmt.spki_decode(der))
        except asn1.DerError as exc:
            raise InvalidKey(f"公钥 DER 无效 / bad SubjectPublicKeyInfo: {exc}") from exc

    @classmethod
    def from_pem(cls, text: str | bytes) -> SM2PublicKey:
        """From ``-----BEGIN PUBLIC KEY-----`` (SubjectPublicKeyInfo)."""
        if isinstance(text, bytes):
            text = text.decode("ascii", errors="replace")
        try:
            label, der = asn1.pem_decode(text)
        except asn1.DerError as exc:
            raise InvalidKey(f"公钥 PEM 无效 / bad PEM: {exc}") from exc
        if label != "PUBLIC KEY":
            raise InvalidKey(f"须为 PUBLIC KEY，收到 {label} / expected PUBLIC KEY, got {label}")
        return cls.from_der(der)

    def to_bytes(self) -> bytes:
        """The 65-byte uncompressed point."""
        return b"\x04" + self.x.to_bytes(32, "big") + self.y.to_bytes(32, "big")

    def to_hex(self) -> str:
        """130 lower-case hex characters ``04‖x‖y``."""
        return self.to_bytes().hex()

    def to_der(self) -> bytes:
        """DER SubjectPublicKeyInfo."""
        return _keyfmt.spki_encode(self.to_bytes())

    def to_pem(self) -> str:
        """PEM SubjectPublicKeyInfo, as exchanged with the province (province.md §3.5)."""
        return asn1.pem_encode(self.to_der(), "PUBLIC KEY")

    def verify(
        self,
        message: bytes,
        signature: bytes,
        signer_id: str = DEFAULT_SIGNER_ID,
        encoding: SigEncoding = "DER",
    ) -> bool:
        """True when ``signature`` (strict DER or 64 RAW bytes) is valid for ``message``."""
        rs = decode_signature(signature, encoding)
        if rs is None:
            return False
        return self.verify_rs(_e(self, message, signer_id), *rs)

    def verify_rs(self, e: int, r: int, s: int) -> bool:
        """GB/T 32918.2 §7.1 B1–B7 for the hash value e (``SM3(ZA ‖ M)`` as an integer)."""
        if not (1 <= r < N and 1 <= s < N):
            return False
        t = (r + s) % N
        if t == 0:
            return False
        # SM2 accepts iff x([s]G + [t]P) ≡ r − e (mod n).  fastecdsa's ECDSA verify computes
        # [z·w]G + [r'·w]Q with w = s'^-1 and accepts iff x ≡ r' (mod n), in one native call
        # (Shamir's trick).  With r' = r − e, s' = r'/t, z = s·s' it computes exactly [s]G + [t]P.
        r1 = (r - e) % N
        if r1 == 0:  # r' = 0 cannot be passed to ECDSA: do the two products ourselves
            point = s * _G + t * self._point
            return point.z != 0 and (e + point.x) % N == r
        s1 = r1 * pow(t, -1, N) % N
        z = s * s1 % N
        return CURVE.verify(_le(r1), _le(s1), _le(z), _le(self.x), _le(self.y))

    def verify_rs_reference(self, e: int, r: int, s: int) -> bool:
        """The textbook B1–B7 with two products; kept to test ``verify_rs`` against."""
        if not (1 <= r < N and 1 <= s < N):
            return False
        t = (r + s) % N
        if t == 0:
            return False
        point = s * _G + t * self._point
        return point.z != 0 and (e + point.x) % N == r


# -- private key -------------------------------------------------------------------------------


class SM2PrivateKey:
    """An SM2 private key d ∈ [1, n−2] with its public key [d]G.  ``repr`` never shows d."""

    __slots__ = ("_d", "_inv_1_plus_d", "_public")

    def __init__(self, d: int) -> None:
        if not 1 <= d <= N - 2:
            raise InvalidKey("私钥须在 [1, n-2] / private key out of range [1, n-2]")
        self._d = d
        self._inv_1_plus_d = pow(1 + d, -1, N)
        point = _mul_g(d)
        self._public = SM2PublicKey(point.x, point.y)

    @classmethod
    def generate(cls) -> SM2PrivateKey:
        """A fresh key from the operating system's CSPRNG."""
        return cls(secrets.randbelow(N - 2) + 1)

    @classmethod
    def from_int(cls, d: int) -> SM2PrivateKey:
        return cls(d)

    @classmethod
    def from_hex(cls, text: str) -> SM2PrivateKey:
        """From 64 hex characters (big-endian d)."""
        text = text.strip()
        if len(text) != 64:
            raise InvalidKey("私钥须为 64 个十六进制字符 / private key must be 64 hex characters")
        try:
            return cls(int(text, 16))
        except ValueError as exc:
            raise InvalidKey("私钥不是十六进制 / private key is not hex") from exc

    @classmethod
    def from_pem(cls, text: str | bytes) -> SM2PrivateKey:
        """From PKCS#8 ``PRIVATE KEY`` or SEC1 ``EC``/``SM2 PRIVATE KEY`` on the SM2 curve (unencrypted)."""
        if isinstance(text, bytes):
            text = text.decode("ascii", errors="replace")
        try:
            d, point = _keyfmt.private_decode(*asn1.pem_decode(text))
        except asn1.DerError as exc:
            raise InvalidKey(f"私钥无效 / bad private key: {exc}") from exc
        key = cls(d)
        if point is not None and point != key.public_key.to_bytes():
            raise InvalidKey("私钥与其中的公钥不符 / public key in the file does not match the private key")
        return key

    @property
    def public_key(self) -> SM2PublicKey:
        return self._public

    def to_pem(self) -> str:
        """Unencrypted PKCS#8 PEM; protect the file (``keys.load_or_create_node_key`` writes 0600)."""
        return asn1.pem_encode(_keyfmt.pkcs8_encode(self._d, self._public.to_bytes()), "PRIVATE KEY")

    def sign(
        self,
        message: bytes,
        signer_id: str = DEFAULT_SIGNER_ID,
        encoding: SigEncoding = "DER",
        k: int | None = None,
    ) -> bytes:
        """SM2 signature of ``message`` with ZA over ``signer_id``, encoded per ``encoding``.

        ``k`` fixes the nonce: only for reproducing published test vectors, never in service.
        """
        e = _e(self._public, message, signer_id)
        r, s = self.sign_e(e, k)
        return encode_signature(r, s, encoding)

    def sign_e(self, e: int, k: int | None = None) -> tuple[int, int]:
        """(r, s) for the hash value e (GB/T 32918.2 §6.1 A3–A7)."""
        if k is not None and not 1 <= k < N:
            raise ValueError("k must be in [1, n-1]")
        while True:
            kk = k if k is not None else secrets.randbelow(N - 1) + 1
            r = (e + _mul_g(kk).x) % N
            if r != 0 and r + kk != N:
                s = self._inv_1_plus_d * (kk - r * self._d) % N
                if s != 0:
                    return r, s
            if k is not None:
                raise ValueError("this fixed k gives r = 0, r + k = n or s = 0; choose another")

    def __repr__(self) -> str:
        return f"SM2PrivateKey(public_key={self._public.to_hex()})"
