"""SM2withSM3: GB/T 32918.5 Annex A (STANDARD.md §6.2) and the verifier's strictness (§5.4)."""

from __future__ import annotations

import secrets

import pytest

from signatures.sm2 import (
    DEFAULT_SIGNER_ID,
    N,
    SM2PrivateKey,
    SM2PublicKey,
    decode_signature,
    encode_signature,
    za,
)
from signatures.sm3 import sm3

D = 0x3945208F7B2144B13F36E38AC6D39F95889393692860B51A42FB81EF4DF7C5B8
K = 0x59276E27D506861A16680F3AD9C02DCCEF3CC1FA3CDBE4CE6D54B80DEAC1BC21
M = b"message digest"
P_HEX = (
    "0409F9DF311E5421A150DD7D161E4BC5C672179FAD1833FC076BB08FF356F35020"
    "CCEA490CE26775A52DC6EA718CC1AA600AED05FBF35E084A6632F6072DA9AD13"
)
ALICE = "ALICE123@YAHOO.COM"


@pytest.fixture(scope="module")
def key() -> SM2PrivateKey:
    return SM2PrivateKey(D)


def e_of(pub: SM2PublicKey, signer_id: str, message: bytes = M) -> int:
    return int.from_bytes(sm3(za(pub, signer_id) + message), "big")


def test_public_key_of_annex_a(key: SM2PrivateKey) -> None:
    assert key.public_key.to_hex() == P_HEX.lower()
    assert key.public_key == SM2PublicKey.from_hex(P_HEX)


def test_annex_a_default_signer_id_a(key: SM2PrivateKey) -> None:
    """§6.2 (a): ZA, e, r, s and the DER bytes, exactly."""
    pub = key.public_key
    assert za(pub).hex().upper() == "B2E14C5C79C6DF5B85F4FE7ED8DB7A262B9DA7E07CCB0EA9F4747B8CCDA8A4F3"
    assert e_of(pub, DEFAULT_SIGNER_ID) == 0xF0B43E94BA45ACCAACE692ED534382EB17E6AB5A19CE7B31F4486FDFC0D28640
    raw = key.sign(M, encoding="RAW", k=K)
    assert raw.hex().upper() == (
        "F5A03B0648D2C4630EEAC513E1BB81A15944DA3827D5B74143AC7EACEEE720B3"
        "B1B6AA29DF212FD8763182BC0D421CA1BB9038FD1F7F42D4840B69C485BBC1AA"
    )
    der = key.sign(M, k=K)
    assert der.hex().upper() == (
        "3046022100F5A03B0648D2C4630EEAC513E1BB81A15944DA3827D5B74143AC7EACEEE720B3"
        "022100B1B6AA29DF212FD8763182BC0D421CA1BB9038FD1F7F42D4840B69C485BBC1AA"
    )
    assert pub.verify(M, der) and pub.verify(M, raw, encoding="RAW")


def test_annex_a_alice_signer_id_b(key: SM2PrivateKey) -> None:
    """§6.2 (b): ENTLA 0x0090 and the values the standard computed for this ID."""
    pub = key.public_key
    assert za(pub, ALICE).hex().upper() == "26DB4BC1839BD22E97E1DAB667EC5E0A730D5E16521398B4435C576A93AFD7ED"
    assert e_of(pub, ALICE) == 0xABF7EB631D94615FD1A941D40E99932DDB1899E1DFAE7179B4A79417EA3743E5
    raw = key.sign(M, ALICE, "RAW", k=K)
    assert raw.hex().upper() == (
        "B0E3E7D4AC2178F833AD73FA9D1191E41C76C8BFEDB5AD89040BA2E5184BDE58"
        "CC8D096578F7DD2669AC1AC42F7E722BCFA42B9E0BE0B1B5DF7CA0B53FDD5750"
    )
    assert pub.verify(M, raw, ALICE, "RAW")


def test_a_signature_does_not_verify_under_the_other_signer_id(key: SM2PrivateKey) -> None:
    pub = key.public_key
    assert not pub.verify(M, key.sign(M, k=K), ALICE)
    assert not pub.verify(M, key.sign(M, ALICE, k=K), DEFAULT_SIGNER_ID)


def test_random_signatures_verify_and_fail_on_any_change(key: SM2PrivateKey) -> None:
    for encoding in ("DER", "RAW"):
        sig = key.sign(M, encoding=encoding)
        assert key.public_key.verify(M, sig, encoding=encoding)
        assert not key.public_key.verify(M + b" ", sig, encoding=encoding)
        assert not SM2PrivateKey.generate().public_key.verify(M, sig, encoding=encoding)
    assert key.sign(M) != key.sign(M)  # k is random


def test_fast_verify_agrees_with_the_textbook_verify(key: SM2PrivateKey) -> None:
    """verify_rs maps SM2 onto fastecdsa's ECDSA check; it must decide exactly as B1–B7."""
    pub = key.public_key
    for _ in range(60):
        e = secrets.randbelow(2**256)
        r, s = key.sign_e(e)
        cases = [(e, r, s), (e + 1, r, s), (e, r, s ^ 1), (e, (r + 1) % N, s), (e, r, N - r), (e, N, s)]
        cases.append((e, secrets.randbelow(N), secrets.randbelow(N)))
        for case in cases:
            assert pub.verify_rs(*case) == pub.verify_rs_reference(*case)
        assert pub.verify_rs(e, r, s)
    # r − e ≡ 0 takes the two-product branch
    assert pub.verify_rs(5, 5, 7) is pub.verify_rs_reference(5, 5, 7) is False


@pytest.mark.parametrize(
    ("r", "s"),
    [(0, 1), (1, 0), (N, 1), (1, N), (1, N - 1)],  # out of range, and t = r + s ≡ 0
)
def test_out_of_range_r_s_and_zero_t_are_refused(key: SM2PrivateKey, r: int, s: int) -> None:
    assert not key.public_key.verify(M, encode_signature(r, s, "RAW"), encoding="RAW")
    assert not key.public_key.verify(M, encode_signature(r, s, "DER"))


def _der_variants(key: SM2PrivateKey) -> list[bytes]:
    good = key.sign(M, k=K)  # 30 46 02 21 00 F5.. 02 21 00 B1..
    r_part, s_part = good[2:37], good[37:]
    return [
        good + b"\x00",  # trailing byte
        b"\x30\x81\x46" + good[2:],  # long-form length where short form fits
        b"\x31" + good[1:],  # SET instead of SEQUENCE
        b"\x30\x47" + r_part[:1] + b"\x22\x00" + r_part[2:] + s_part,  # r with a superfluous 00
        b"\x30\x45" + b"\x02\x20" + r_part[3:] + s_part,  # r without its needed 00: negative
        b"\x30\x49" + r_part + s_part + b"\x02\x01\x01",  # a third INTEGER
        b"\x30\x46" + r_part + s_part[:-1],  # truncated
        b"\x30\x46" + r_part + b"\x04" + s_part[1:],  # OCTET STRING for s
        b"",
    ]


def test_strict_der_refuses_every_other_encoding(key: SM2PrivateKey) -> None:
    good = key.sign(M, k=K)
    assert decode_signature(good, "DER") is not None
    for bad in _der_variants(key):
        assert decode_signature(bad, "DER") is None, bad.hex()
        assert not key.public_key.verify(M, bad)


def test_raw_is_exactly_64_bytes(key: SM2PrivateKey) -> None:
    raw = key.sign(M, encoding="RAW", k=K)
    assert not key.public_key.verify(M, raw[:-1], encoding="RAW")
    assert not key.public_key.verify(M, raw + b"\x00", encoding="RAW")
    assert not key.public_key.verify(M, key.sign(M, k=K), encoding="RAW")  # DER bytes declared RAW
    assert not key.public_key.verify(M, raw, encoding="DER")


def test_der_integers_are_minimal_both_ways() -> None:
    """Leading 00 only when the high bit is set; a short s (leading zero byte) gets fewer octets."""
    r = 0xB2A367D5777342D92F4E9350B327EFF880F7722EAE7BE66E4F0469CAABE93B5A
    s = 0x0048167D78EDAFCEFFFA801EECFFD180A9C924C3D1BE5A34701ABF49E50D1363  # §6.5 RAW variant
    der = encode_signature(r, s, "DER")
    assert der[:4].hex() == "30440221" and der[37:39].hex() == "021f"
    assert decode_signature(der, "DER") == (r, s)
    assert encode_signature(0x7F, 0x80, "DER").hex() == "300702017f02020080"


def test_fixed_k_must_be_in_range(key: SM2PrivateKey) -> None:
    for k in (0, N):
        with pytest.raises(ValueError):
            key.sign(M, k=k)


def test_unknown_encoding_never_verifies(key: SM2PrivateKey) -> None:
    assert decode_signature(key.sign(M), "PEM") is None
    assert not key.public_key.verify(M, key.sign(M), encoding="PEM")  # type: ignore[arg-type]
