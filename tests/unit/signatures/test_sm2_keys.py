"""Key formats (STANDARD.md §5.4, province.md §3.5): hex, PEM SubjectPublicKeyInfo, PKCS#8 / SEC1."""

from __future__ import annotations

import base64
import json
from collections.abc import Callable
from pathlib import Path

import pytest

from signatures import _asn1 as asn1
from signatures._asn1 import pem_decode, pem_encode
from signatures.sm2 import InvalidKey, N, P, SM2PrivateKey, SM2PublicKey

KEYS = json.loads((Path(__file__).parent / "fixtures" / "keys_3_5.json").read_text("utf-8"))
SANTONG_D, SANTONG_P = KEYS["santong-321081"]["d"], KEYS["santong-321081"]["p"]
PROVINCE_D, PROVINCE_P = KEYS["js-province"]["d"], KEYS["js-province"]["p"]


@pytest.mark.parametrize(
    ("d", "p", "pem"),
    [(SANTONG_D, SANTONG_P, "santong-321081.pub.pem"), (PROVINCE_D, PROVINCE_P, "js-province.pub.pem")],
)
def test_test_keys_of_3_5_hex_and_pem_agree(d: str, p: str, pem: str, fixture_bytes: Callable[[str], bytes]) -> None:
    """The private key gives the published point, whose PEM is byte for byte the published PEM."""
    text = fixture_bytes(pem).decode("ascii")
    key = SM2PrivateKey.from_hex(d)
    assert key.public_key.to_hex() == p
    assert SM2PublicKey.from_pem(text) == SM2PublicKey.from_hex(p) == key.public_key
    assert key.public_key.to_pem() == text


def test_hex_in_upper_case_is_the_same_key() -> None:
    assert SM2PublicKey.from_hex(SANTONG_P.upper()) == SM2PublicKey.from_hex(SANTONG_P)


def test_the_128_character_form_is_refused() -> None:
    """province.md §3.5: without 04 the form is ambiguous (an x can begin with 04)."""
    with pytest.raises(InvalidKey):
        SM2PublicKey.from_hex(SANTONG_P[2:])


@pytest.mark.parametrize(
    "text",
    [
        "02" + SANTONG_P[2:],  # a compressed-point prefix
        SANTONG_P[:-1] + ("8" if SANTONG_P[-1] != "8" else "7"),  # y changed: off the curve
        "04" + "00" * 64,
        "04" + format(P, "064x") + SANTONG_P[66:],  # x = p is out of range
        SANTONG_P[:-2] + "zz",
        "",
    ],
)
def test_malformed_or_off_curve_public_keys_are_refused(text: str) -> None:
    with pytest.raises(InvalidKey):
        SM2PublicKey.from_hex(text)


def test_public_pem_round_trip_of_a_fresh_key() -> None:
    pub = SM2PrivateKey.generate().public_key
    assert SM2PublicKey.from_pem(pub.to_pem()) == pub
    assert SM2PublicKey.from_hex(pub.to_hex()) == pub
    assert SM2PublicKey.from_pem(pub.to_pem().encode()) == pub


def test_spki_of_another_curve_is_refused(fixture_bytes: Callable[[str], bytes]) -> None:
    _, der = pem_decode(fixture_bytes("santong-321081.pub.pem").decode())
    p256 = der.replace(bytes.fromhex("06082a811ccf5501822d"), bytes.fromhex("06082a8648ce3d030107"))
    with pytest.raises(InvalidKey):
        SM2PublicKey.from_der(p256)
    with pytest.raises(InvalidKey):
        SM2PublicKey.from_der(der + b"\x00")
    with pytest.raises(InvalidKey):
        SM2PublicKey.from_pem(pem_encode(der, "CERTIFICATE"))


def test_private_key_pem_is_pkcs8_and_round_trips() -> None:
    key = SM2PrivateKey.from_hex(SANTONG_D)
    pem = key.to_pem()
    assert pem.startswith("-----BEGIN PRIVATE KEY-----\n")
    # PKCS#8 v0, AlgorithmIdentifier {id-ecPublicKey, sm2p256v1}: what OpenSSL 3 writes too
    assert base64.b64decode("".join(pem.splitlines()[1:-1])).startswith(
        bytes.fromhex("308187020100301306072a8648ce3d020106082a811ccf5501822d046d306b0201010420")
    )
    again = SM2PrivateKey.from_pem(pem)
    assert again.public_key == key.public_key
    assert again.to_pem() == pem


def _ec_private_key(d: str, public: bytes, *, curve: bool, public_in: bool = True) -> bytes:
    parts = asn1.der_uint(1) + asn1.tlv(asn1.OCTET_STRING, bytes.fromhex(d))
    if curve:
        parts += asn1.tlv(0xA0, asn1.tlv(asn1.OID, bytes.fromhex("2a811ccf5501822d")))
    if public_in:
        parts += asn1.tlv(0xA1, asn1.tlv(asn1.BIT_STRING, b"\x00" + public))
    return asn1.tlv(asn1.SEQUENCE, parts)


@pytest.mark.parametrize("label", ["EC PRIVATE KEY", "SM2 PRIVATE KEY"])
def test_sec1_private_key_with_the_sm2_curve_is_read(label: str) -> None:
    public = bytes.fromhex(SANTONG_P)
    for public_in in (True, False):
        der = _ec_private_key(SANTONG_D, public, curve=True, public_in=public_in)
        assert SM2PrivateKey.from_pem(pem_encode(der, label)).public_key.to_hex() == SANTONG_P


def test_sec1_without_the_curve_oid_is_refused() -> None:
    der = _ec_private_key(SANTONG_D, bytes.fromhex(SANTONG_P), curve=False)
    with pytest.raises(InvalidKey):
        SM2PrivateKey.from_pem(pem_encode(der, "EC PRIVATE KEY"))


def test_private_key_whose_embedded_public_key_differs_is_refused() -> None:
    der = _ec_private_key(SANTONG_D, bytes.fromhex(PROVINCE_P), curve=True)
    with pytest.raises(InvalidKey):
        SM2PrivateKey.from_pem(pem_encode(der, "EC PRIVATE KEY"))


@pytest.mark.parametrize("d", [0, N - 1, N, -1])
def test_private_key_out_of_range_is_refused(d: int) -> None:
    with pytest.raises(InvalidKey):
        SM2PrivateKey(d)


def test_largest_private_key_is_accepted() -> None:
    key = SM2PrivateKey(N - 2)
    assert key.public_key.verify(b"m", key.sign(b"m"))


def test_repr_never_shows_the_private_key() -> None:
    key = SM2PrivateKey.from_hex(SANTONG_D)
    assert SANTONG_D not in repr(key) and SANTONG_P in repr(key)


@pytest.mark.parametrize("text", ["", "xyz", SANTONG_D[:-2], "-----BEGIN PUBLIC KEY-----\nAA==\n-----END PUBLIC KEY-----"])
def test_malformed_private_keys_are_refused(text: str) -> None:
    with pytest.raises(InvalidKey):
        if text.startswith("-----"):
            SM2PrivateKey.from_pem(text)
        else:
            SM2PrivateKey.from_hex(text)
