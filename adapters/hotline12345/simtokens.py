"""OAuth2 tokens of the simulated hotline (§2.2): issue, refresh (rotation), expiry, revocation.

    tokens = Tokens(journal)
    tokens.issue(client, scopes, now_s, ttl_s=7200, max_active=2)   # the §2.2 response body
    tokens.check(bearer, now_s)                                     # (client_id, scopes) or "40101"/"40102"

Tokens are never journalled, only their ``tokenId`` (a short digest).
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

__all__ = ["Tokens", "token_id"]


def token_id(token: str) -> str:
    """A journal-safe id of a token (first 12 hex of its SHA-256)."""
    return hashlib.sha256(token.encode()).hexdigest()[:12]


@dataclass
class _Access:
    client_id: str
    scopes: tuple[str, ...]
    expires_at: float
    revoked: bool = False


@dataclass
class _Refresh:
    client_id: str
    scopes: tuple[str, ...]
    expires_at: float
    used: bool = False


class Tokens:
    """Every token issued; guarded by the simulator's lock."""

    def __init__(self, journal: Callable[[dict[str, Any]], None]) -> None:
        self._journal = journal
        self._access: dict[str, _Access] = {}
        self._refresh: dict[str, _Refresh] = {}
        self._active: dict[str, list[str]] = {}

    def issue(self, client_id: str, scopes: tuple[str, ...], now: float, *, ttl_s: int, max_active: int,
              refreshed: str | None = None) -> dict[str, Any]:
        access, refresh = "at." + secrets.token_hex(16), "rt." + secrets.token_hex(16)
        self._access[access] = _Access(client_id, scopes, now + ttl_s)
        self._refresh[refresh] = _Refresh(client_id, scopes, now + 86400)
        active = [t for t in self._active.get(client_id, []) if self._usable(t, now)]
        active.append(access)
        while len(active) > max_active:
            oldest = active.pop(0)
            self._access[oldest].revoked = True
            self._journal({"type": "token", "what": "revoked", "tokenId": token_id(oldest), "clientId": client_id})
        self._active[client_id] = active
        self._journal({"type": "token", "what": "refreshed" if refreshed else "issued", "tokenId": token_id(access),
                       "clientId": client_id})
        return {"access_token": access, "token_type": "Bearer", "expires_in": ttl_s, "refresh_token": refresh,
                "refresh_expires_in": 86400, "scope": " ".join(scopes)}

    def redeem(self, refresh: str, client_id: str, now: float) -> tuple[str, ...] | None:
        """The scopes of a valid, unused refresh token of ``client_id`` (then used up), else ``None``."""
        entry = self._refresh.get(refresh)
        if entry is None or entry.used or entry.client_id != client_id or entry.expires_at <= now:
            return None
        entry.used = True
        return entry.scopes

    def check(self, bearer: str, now: float) -> tuple[str, tuple[str, ...]] | str:
        entry = self._access.get(bearer)
        if entry is None or entry.revoked:
            return "40101"
        if entry.expires_at <= now:
            self._journal({"type": "token", "what": "expired", "tokenId": token_id(bearer), "clientId": entry.client_id})
            return "40102"
        return entry.client_id, entry.scopes

    def _usable(self, token: str, now: float) -> bool:
        entry = self._access[token]
        return not entry.revoked and entry.expires_at > now
