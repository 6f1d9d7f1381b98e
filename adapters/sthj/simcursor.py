"""Opaque feed cursors of the simulator: position, record_type set, issue time, tagged for one app_id.

    codec = CursorCodec(b"server key", ttl_ms=7 * 86400_000)
    token = codec.issue("yzhb_3f9a0c51d7e2", (1763446809731, "HBZF-CF-2025-000117"), ("PENALTY",), now_ms)
    codec.open("yzhb_3f9a0c51d7e2", token, ("PENALTY",), now_ms)   # -> (1763446809731, 'HBZF-...')

The payload looks like the document's examples (``{"v":2,"u":…,"r":…,"f":…}`` plus the issue
time ``t``), base64url without padding, then ``.`` and a 16-hex HMAC-SHA256 tag over app_id
and payload: a cursor altered, truncated, from another server or another app fails (40002).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import re
from collections.abc import Iterable

__all__ = ["CursorCodec", "CursorError", "type_set"]

_TOKEN_RE = re.compile(r"^([A-Za-z0-9_-]{8,480})\.([0-9a-f]{16})$")


class CursorError(Exception):
    """``code`` is 40002 (invalid), 40003 (other record_type set) or 41001 (expired)."""

    def __init__(self, code: int) -> None:
        super().__init__(code)
        self.code = code


def type_set(kinds: Iterable[str]) -> str:
    """The order-free form of a record_type set, as the cursor carries it."""
    return ",".join(sorted(set(kinds)))


class CursorCodec:
    def __init__(self, key: bytes, ttl_ms: int) -> None:
        self._key = key
        self.ttl_ms = ttl_ms

    def _tag(self, app_id: str, body: str) -> str:
        return hmac.new(self._key, f"{app_id}\n{body}".encode(), hashlib.sha256).hexdigest()[:16]

    def issue(self, app_id: str, position: tuple[int, str], kinds: Iterable[str], now_ms: int) -> str:
        payload = {"v": 2, "u": position[0], "r": position[1], "f": type_set(kinds), "t": now_ms}
        raw = json.dumps(payload, separators=(",", ":")).encode()
        body = base64.urlsafe_b64encode(raw).decode().rstrip("=")
        return f"{body}.{self._tag(app_id, body)}"

    def open(self, app_id: str, token: str, kinds: Iterable[str], now_ms: int) -> tuple[int, str]:
        """The position in ``token``, or :class:`CursorError` in the order 40002 → 40003 → 41001."""
        match = _TOKEN_RE.match(token)
        if not match or not hmac.compare_digest(match.group(2), self._tag(app_id, match.group(1))):
            raise CursorError(40002)
        body = match.group(1)
        try:
            payload = json.loads(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))
            position = (int(payload["u"]), str(payload["r"]))
            issued, types = int(payload["t"]), str(payload["f"])
        except (ValueError, KeyError, TypeError, binascii.Error):
            raise CursorError(40002) from None
        if types != type_set(kinds):
            raise CursorError(40003)
        if now_ms - issued > self.ttl_ms:
            raise CursorError(41001)
        return position
