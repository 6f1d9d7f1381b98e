"""SM2 key structures in DER: SubjectPublicKeyInfo, PKCS#8 and SEC1 ECPrivateKey.

The algorithm identifier is id-ecPublicKey (1.2.840.10045.2.1) with the curve sm2p256v1
(1.2.156.10197.1.301), as OpenSSL 3 writes it.  Points travel as the 65-byte ``04‖x‖y``;
whether a point is on the curve is ``sm2``'s check.  Every refusal is a ``DerError``
whose text is fit for the user.
"""

from __future__ import annotations

from signatures import _asn1 as asn1
from signatures._asn1 import DerError, DerReader, tlv

__all__ = ["ALGORITHM", "OID_SM2P256V1", "pkcs8_encode", "private_decode", "spki_decode", "spki_encode"]

OID_EC_PUBLIC_KEY = bytes.fromhex("2a8648ce3d0201")
OID_SM2P256V1 = bytes.fromhex("2a811ccf5501822d")
ALGORITHM = tlv(asn1.SEQUENCE, tlv(asn1.OID, OID_EC_PUBLIC_KEY) + tlv(asn1.OID, OID_SM2P256V1))
_CTX0, _CTX1 = 0xA0, 0xA1  # [0] parameters, [1] publicKey of ECPrivateKey


def _bits(content: bytes) -> bytes:
    if not content or content[0] != 0:
        raise DerError("位串无效 / bad BIT STRING")
    return content[1:]


def spki_encode(point: bytes) -> bytes:
    return tlv(asn1.SEQUENCE, ALGORITHM + tlv(asn1.BIT_STRING, b"\x00" + point))


def spki_decode(der: bytes) -> bytes:
    """The point of a SubjectPublicKeyInfo on sm2p256v1."""
    outer = DerReader(der)
    spki = DerReader(outer.read(asn1.SEQUENCE))
    outer.finish()
    alg = spki.read(asn1.SEQUENCE)
    point = _bits(spki.read(asn1.BIT_STRING))
    spki.finish()
    if tlv(asn1.SEQUENCE, alg) != ALGORITHM:
        raise DerError("公钥算法须为 id-ecPublicKey + sm2p256v1 / key is not an SM2 curve key")
    return point


def pkcs8_encode(d: int, point: bytes) -> bytes:
    """PKCS#8 v0 with an inner ECPrivateKey carrying the public key (no [0]: it is in the algorithm)."""
    ec = tlv(
        asn1.SEQUENCE,
        asn1.der_uint(1) + tlv(asn1.OCTET_STRING, d.to_bytes(32, "big")) + tlv(_CTX1, tlv(asn1.BIT_STRING, b"\x00" + point)),
    )
    return tlv(asn1.SEQUENCE, asn1.der_uint(0) + ALGORITHM + tlv(asn1.OCTET_STRING, ec))


def private_decode(label: str, der: bytes) -> tuple[int, bytes | None]:
    """(d, the embedded point or None) of a PEM block labelled PRIVATE KEY, EC or SM2 PRIVATE KEY."""
    if label == "PRIVATE KEY":
        return _pkcs8_decode(der)
    if label in ("EC PRIVATE KEY", "SM2 PRIVATE KEY"):  # the second is OpenSSL 3's SEC1 label
        return _sec1_decode(der, require_curve=True)
    raise DerError(f"不支持的私钥格式 {label} / unsupported private key PEM {label}")


def _pkcs8_decode(der: bytes) -> tuple[int, bytes | None]:
    outer = DerReader(der)
    info = DerReader(outer.read(asn1.SEQUENCE))
    outer.finish()
    if asn1.parse_uint(info.read(asn1.INTEGER)) != 0:
        raise DerError("PKCS#8 版本须为 0 / PKCS#8 version must be 0")
    if tlv(asn1.SEQUENCE, info.read(asn1.SEQUENCE)) != ALGORITHM:
        raise DerError("私钥算法须为 id-ecPublicKey + sm2p256v1 / key is not an SM2 curve key")
    inner = info.read(asn1.OCTET_STRING)
    info.finish()  # attributes and the v2 public key are not expected
    return _sec1_decode(inner, require_curve=False)


def _sec1_decode(der: bytes, *, require_curve: bool) -> tuple[int, bytes | None]:
    outer = DerReader(der)
    ec = DerReader(outer.read(asn1.SEQUENCE))
    outer.finish()
    if asn1.parse_uint(ec.read(asn1.INTEGER)) != 1:
        raise DerError("ECPrivateKey 版本须为 1 / ECPrivateKey version must be 1")
    d = ec.read(asn1.OCTET_STRING)
    curve_ok = not require_curve  # inside PKCS#8 the curve is named by the algorithm
    if ec.peek_tag() == _CTX0:
        params = DerReader(ec.read(_CTX0))
        curve_ok = params.read(asn1.OID) == OID_SM2P256V1
        params.finish()
    if not curve_ok:
        raise DerError("私钥曲线须为 sm2p256v1 / private key curve must be sm2p256v1")
    point = None
    if ec.peek_tag() == _CTX1:
        wrapped = DerReader(ec.read(_CTX1))
        point = _bits(wrapped.read(asn1.BIT_STRING))
        wrapped.finish()
    ec.finish()
    if len(d) != 32:
        raise DerError("私钥须为 32 字节 / private key must be 32 bytes")
    return int.from_bytes(d, "big"), point
