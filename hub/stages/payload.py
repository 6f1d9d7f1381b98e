"""How a raw payload travels on the broker: JSON text, or the XML bytes of one record."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from replay import codec

__all__ = ["PAYLOAD_HEADER", "encode_payload", "decode_payload"]

PAYLOAD_HEADER = "x-santong-payload"


def encode_payload(payload: Any) -> tuple[bytes, dict[str, Any], str]:
    """(body, extra headers, content type) for a raw payload."""
    if isinstance(payload, (bytes, bytearray)):
        return bytes(payload), {PAYLOAD_HEADER: "xml"}, "application/xml"
    return codec.dumps(payload).encode("utf-8"), {}, "application/json"


def decode_payload(body: bytes, headers: dict[str, Any]) -> Any:
    """The payload as the mapping engine takes it; ``ValueError`` when JSON is broken."""
    if headers.get(PAYLOAD_HEADER) == "xml":
        return body
    return json.loads(body, parse_float=Decimal)
