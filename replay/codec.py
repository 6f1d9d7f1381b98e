"""Compressed JSON for journal payloads, and santong's deterministic ids."""

from __future__ import annotations

import base64
import json
import re
import uuid
import zlib
from decimal import Decimal
from typing import Any

__all__ = ["pack", "unpack", "pack_payload", "unpack_payload", "dumps", "message_id", "derived_id", "NAMESPACE"]

# Fixed namespace: message ids are the same on every node and every run.
NAMESPACE = uuid.UUID("6f1c2a4e-93d5-5b7e-a0c4-5a6e7b3c1d21")


_DEC_MARK = "\x00D:"
_DEC_RE = re.compile(r'"\\u0000D:([0-9eE+.\-]+)"')


def _default(obj: Any) -> Any:
    if isinstance(obj, Decimal):
        # Marked, then unquoted below, so the literal stays exact (1.08E7 stays 1.08E7):
        # payloads are re-read with parse_float=Decimal.
        return _DEC_MARK + str(obj)
    raise TypeError(f"not JSON serialisable: {type(obj).__name__}")


def dumps(obj: Any) -> str:
    """JSON text; ``Decimal`` values are written as their exact numeric literal."""
    text = json.dumps(obj, ensure_ascii=False, separators=(",", ":"), default=_default)
    return _DEC_RE.sub(r"\1", text) if "\\u0000D:" in text else text


def pack(obj: Any) -> bytes:
    return zlib.compress(dumps(obj).encode("utf-8"), 1)  # fast: payloads are small and many


def unpack(data: bytes | None) -> Any:
    if data is None:
        return None
    return json.loads(zlib.decompress(data).decode("utf-8"), parse_float=Decimal)


_BYTES_KEY = "$santong-bytes"


def pack_payload(payload: Any) -> bytes:
    """Like ``pack``, for a raw payload that may be bytes (an XML record) or JSON."""
    if isinstance(payload, (bytes, bytearray)):
        return pack({_BYTES_KEY: base64.b64encode(bytes(payload)).decode("ascii")})
    return pack(payload)


def unpack_payload(data: bytes | None) -> Any:
    """The payload ``pack_payload`` stored: bytes come back as bytes."""
    value = unpack(data)
    if isinstance(value, dict) and len(value) == 1 and _BYTES_KEY in value:
        return base64.b64decode(value[_BYTES_KEY])
    return value


def message_id(source: str, kind: str, source_id: str, source_version: str) -> str:
    """santong's id of one state of one source record: the same inputs give the same id."""
    return str(uuid.uuid5(NAMESPACE, f"{source}\x1f{kind}\x1f{source_id}\x1f{source_version}"))


def derived_id(parent: str, *parts: str) -> str:
    """A deterministic id derived from another (e.g. the standard record of a raw message)."""
    return str(uuid.uuid5(NAMESPACE, "\x1f".join((parent,) + parts)))
