"""The three digests of §5: the signed message M, the record digest and the envelope digest D.

    record_digest(record)     # SM3(JCS(record − digest)), 64 lower-case hex
    signed_message(env)       # M = JCS({"header": …, "body": …}), the bytes SM2 signs
    envelope_digest(env)      # D = SM3(M), the idempotency digest of step V3
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from signatures.jcs import canonical
from signatures.sm3 import sm3_hex

__all__ = ["envelope_digest", "record_digest", "signed_message"]


def record_digest(record: Mapping[str, Any]) -> str:
    """SM3 hex of the JCS of ``record`` without its ``digest`` member (§5.2)."""
    return sm3_hex(canonical({k: v for k, v in record.items() if k != "digest"}))


def signed_message(obj: Mapping[str, Any]) -> bytes:
    """M: the UTF-8 JCS of exactly ``{"header", "body"}`` of an envelope or receipt (§5.4 step 1)."""
    return canonical({"header": obj["header"], "body": obj["body"]})


def envelope_digest(obj: Mapping[str, Any]) -> str:
    """D = SM3(M) as hex: equal for a re-signed but otherwise identical envelope (§5.6 V3)."""
    return sm3_hex(signed_message(obj))
