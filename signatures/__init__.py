"""santong's signatures: canonical JSON, SM3, SM2withSM3, envelopes, receipts, request signing.

Exact to STANDARD.md §5 and sources/province.md §3; the vectors of STANDARD.md §6 are the
tests.  Modules, from the bottom up::

    jcs           canonical(obj) -> bytes, loads_strict(data)          §5.1
    sm3           sm3, sm3_hex, hmac_sm3                               GB/T 32905, RFC 2104
    sm2           SM2PrivateKey, SM2PublicKey, za                      §5.4, GB/T 32918
    digest        record_digest, signed_message, envelope_digest       §5.2, §5.4, V3
    trust         TrustStore, verify_signed (V4)                       §5.4, §5.6
    verify        check_envelope_structure, verify_offline, check_receipt   §5.6, §5.9
    envelope      seal_record, Signer, build_envelope, build_receipt (+ the above)
    request_sign  province_headers, verify_province_request, NonceMemory    province.md §3.2
    keys          load_or_create_node_key, load_public_key
"""

from signatures.digest import envelope_digest, record_digest, signed_message
from signatures.envelope import Signer, build_envelope, build_receipt, seal_record
from signatures.jcs import canonical, loads_strict
from signatures.keys import load_or_create_node_key, load_private_key, load_public_key
from signatures.sm2 import (
    DEFAULT_SIGNER_ID,
    InvalidKey,
    SM2PrivateKey,
    SM2PublicKey,
    za,
)
from signatures.sm3 import hmac_sm3, sm3, sm3_hex
from signatures.trust import TrustStore, verify_signed
from signatures.verify import (
    check_envelope_structure,
    check_receipt,
    check_receipt_structure,
    verify_offline,
)

__all__ = [
    "DEFAULT_SIGNER_ID",
    "InvalidKey",
    "SM2PrivateKey",
    "SM2PublicKey",
    "Signer",
    "TrustStore",
    "build_envelope",
    "build_receipt",
    "canonical",
    "check_envelope_structure",
    "check_receipt",
    "check_receipt_structure",
    "envelope_digest",
    "hmac_sm3",
    "load_or_create_node_key",
    "load_private_key",
    "load_public_key",
    "loads_strict",
    "record_digest",
    "seal_record",
    "signed_message",
    "sm3",
    "sm3_hex",
    "verify_offline",
    "verify_signed",
    "za",
]
