"""Cross-check with gmssl's pure-Python SM2, in both directions.

gmssl's ``sign_with_sm3`` / ``verify_with_sm3`` compute ZA themselves with the default ID
``1234567812345678`` hard-coded (no uid parameter); for another ID, ZA and e are computed
here with gmssl's SM3 and its bare ``sign`` / ``verify`` are used.  Its constructor strips
a leading "04" with ``str.lstrip("04")``, which also eats an x beginning with 0 or 4, so
the 128-character x‖y is set directly.
"""

from __future__ import annotations

import base64
import json
import secrets
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from gmssl import sm2 as gm_sm2  # type: ignore[import-untyped]
from gmssl import sm3 as gm_sm3

from signatures import SM2PrivateKey, SM2PublicKey, signed_message
from signatures.sm2 import GX, GY, A, B, N

FIXTURES = Path(__file__).parent / "fixtures"

ANNEX_D = "3945208F7B2144B13F36E38AC6D39F95889393692860B51A42FB81EF4DF7C5B8"
ANNEX_K = "59276E27D506861A16680F3AD9C02DCCEF3CC1FA3CDBE4CE6D54B80DEAC1BC21"
M = b"message digest"


def gm(key: SM2PrivateKey | SM2PublicKey, d_hex: str = "", *, der: bool) -> Any:
    pub = key.public_key if isinstance(key, SM2PrivateKey) else key
    crypt = gm_sm2.CryptSM2(private_key=d_hex, public_key="", asn1=der)
    crypt.public_key = pub.to_hex()[2:]  # see the module docstring: never through lstrip
    return crypt


def gm_za(pub: SM2PublicKey, signer_id: str) -> bytes:
    ida = signer_id.encode()
    data = (len(ida) * 8).to_bytes(2, "big") + ida
    data += b"".join(v.to_bytes(32, "big") for v in (A, B, GX, GY)) + pub.to_bytes()[1:]
    return bytes.fromhex(gm_sm3.sm3_hash(list(data)))


@pytest.fixture(params=["annex", "santong", "fresh"])
def key_and_hex(request: pytest.FixtureRequest) -> tuple[SM2PrivateKey, str]:
    if request.param == "annex":
        return SM2PrivateKey.from_hex(ANNEX_D), ANNEX_D
    if request.param == "santong":
        d_hex = "d29d382d691e913a090b558b5c0dfd12e895a19cb116b38f4bff2135144ba024"
        return SM2PrivateKey.from_hex(d_hex), d_hex
    d = secrets.randbelow(N - 2) + 1
    return SM2PrivateKey(d), format(d, "064x")


@pytest.mark.parametrize("der", [True, False])
def test_our_signatures_verify_in_gmssl(key_and_hex: tuple[SM2PrivateKey, str], der: bool) -> None:
    key, _ = key_and_hex
    sig = key.sign(M, encoding="DER" if der else "RAW")
    assert gm(key, der=der).verify_with_sm3(sig.hex(), M)
    assert not gm(key, der=der).verify_with_sm3(sig.hex(), M + b"!")


@pytest.mark.parametrize("der", [True, False])
def test_gmssl_signatures_verify_with_ours(key_and_hex: tuple[SM2PrivateKey, str], der: bool) -> None:
    key, d_hex = key_and_hex
    sig = bytes.fromhex(gm(key, d_hex, der=der).sign_with_sm3(M))
    assert key.public_key.verify(M, sig, encoding="DER" if der else "RAW")
    assert not key.public_key.verify(M, sig, "ALICE123@YAHOO.COM", encoding="DER" if der else "RAW")


def test_gmssl_reproduces_annex_a_with_the_fixed_k() -> None:
    key = SM2PrivateKey.from_hex(ANNEX_D)
    assert gm(key, ANNEX_D, der=False).sign_with_sm3(M, ANNEX_K) == key.sign(M, encoding="RAW", k=int(ANNEX_K, 16)).hex()


def test_alice_id_za_and_signature_agree_with_gmssl() -> None:
    """§6.2 (b) through gmssl: its SM3 for ZA and e, its bare sign with the same k."""
    key = SM2PrivateKey.from_hex(ANNEX_D)
    za = gm_za(key.public_key, "ALICE123@YAHOO.COM")
    assert za.hex().upper() == "26DB4BC1839BD22E97E1DAB667EC5E0A730D5E16521398B4435C576A93AFD7ED"
    e = bytes.fromhex(gm_sm3.sm3_hash(list(za + M)))
    gm_sig = gm(key, ANNEX_D, der=False).sign(e, ANNEX_K)
    assert gm_sig == key.sign(M, "ALICE123@YAHOO.COM", "RAW", k=int(ANNEX_K, 16)).hex()
    assert gm(key, der=False).verify(gm_sig, e)


def test_the_6_5_envelope_signature_verifies_in_gmssl(load: Callable[[str], Any]) -> None:
    """gmssl over M built the §5.1 json.dumps way, independent of our JCS."""
    env = load("envelope_6_5.json")
    m = json.dumps({"header": env["header"], "body": env["body"]}, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    assert m.encode() == signed_message(env)
    pub = SM2PublicKey.from_pem((FIXTURES / "santong-321081.pub.pem").read_text("ascii"))
    assert gm(pub, der=True).verify_with_sm3(base64.b64decode(env["signature"]).hex(), m.encode())
