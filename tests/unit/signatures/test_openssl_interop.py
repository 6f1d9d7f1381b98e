"""Interoperation with OpenSSL 3 (a third SM2 implementation), through files it produced.

OpenSSL 3 signs with an *empty* SM2 ID unless told ``-pkeyopt distid:1234567812345678``;
partners who sign with the OpenSSL command line must pass it (§5.4 default ID).
"""

from __future__ import annotations

from collections.abc import Callable

from signatures.sm2 import SM2PrivateKey, SM2PublicKey

M = b"message digest"


def test_openssl_keys_load_in_both_private_formats(fixture_bytes: Callable[[str], bytes]) -> None:
    pkcs8 = SM2PrivateKey.from_pem(fixture_bytes("openssl_sm2_pkcs8.pem"))
    sec1 = SM2PrivateKey.from_pem(fixture_bytes("openssl_sm2_sec1.pem"))
    pub = SM2PublicKey.from_pem(fixture_bytes("openssl_sm2_pub.pem"))
    assert pkcs8.public_key == sec1.public_key == pub
    assert pub.to_pem().encode() == fixture_bytes("openssl_sm2_pub.pem")
    assert pkcs8.to_pem().encode() == fixture_bytes("openssl_sm2_pkcs8.pem")  # we write what OpenSSL writes


def test_openssl_signature_with_the_default_id_verifies(fixture_bytes: Callable[[str], bytes]) -> None:
    pub = SM2PublicKey.from_pem(fixture_bytes("openssl_sm2_pub.pem"))
    assert pub.verify(M, fixture_bytes("openssl_sm2_id_1234567812345678.sig"))


def test_openssl_signature_without_distid_uses_the_empty_id(fixture_bytes: Callable[[str], bytes]) -> None:
    pub = SM2PublicKey.from_pem(fixture_bytes("openssl_sm2_pub.pem"))
    sig = fixture_bytes("openssl_sm2_id_empty.sig")
    assert not pub.verify(M, sig)
    assert pub.verify(M, sig, signer_id="")
