"""OAuth2 client credentials for the 12345 interface (§2.2): one cached token, refreshed in time.

    tokens = TokenCache(http, settings, clock=time.time)
    tokens.bearer()                 # a valid access token: cached, refreshed when < 300 s remain
    tokens.renew("40102")           # after a 401: refresh (expired) or start over (40101, revoked)

At most two tokens are valid per client, so every worker of a process shares one cache
(it is thread-safe).  A used or expired refresh token (``invalid_grant``) falls back to
``client_credentials``.  Token endpoint errors: ``invalid_client`` / ``invalid_scope`` /
``invalid_request`` → :class:`AuthError`; ``slow_down`` (429) and 5xx → :class:`TransientError`
with the server's ``Retry-After``.
"""

from __future__ import annotations

import base64
import json
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import httpx

from adapters.hotline12345.settings import HotlineSettings
from adapters.hotline12345.wire import TOKEN_PATH
from santong.errors import AuthError, TransientError

__all__ = ["Token", "TokenCache", "basic_credentials", "retry_after"]


def basic_credentials(client_id: str, client_secret: str) -> str:
    """The ``Authorization`` value of a token request: ``Basic base64(id:secret)`` with padding."""
    return "Basic " + base64.b64encode(f"{client_id}:{client_secret}".encode("ascii")).decode("ascii")


def retry_after(response: httpx.Response) -> float | None:
    """``Retry-After`` in seconds (integer form, §3.2), or ``None``."""
    value = response.headers.get("retry-after", "").strip()
    return float(value) if value.isdigit() else None


@dataclass(frozen=True)
class Token:
    """An issued access token and the refresh token that came with it (absolute expiry times)."""

    access: str
    refresh: str | None
    expires_at: float
    refresh_expires_at: float


class TokenCache:
    """The process's one token for this client; ``bearer()`` is all a caller needs."""

    def __init__(self, http: httpx.Client, settings: HotlineSettings, *, clock: Callable[[], float] = time.time) -> None:
        self._http = http
        self._settings = settings
        self._clock = clock
        self._lock = threading.Lock()
        self._token: Token | None = None
        self.issued = 0  # token requests made (evidence for tests)

    def bearer(self) -> str:
        """A valid access token, from the cache when fewer than ``refresh_margin_s`` are not yet left."""
        with self._lock:
            token = self._token
            now = self._clock()
            if token is not None and token.expires_at - now > self._settings.refresh_margin_s:
                return token.access
            self._token = self._obtain(token, now)
            return self._token.access

    def renew(self, code: str, used: str | None = None) -> None:
        """After a 401 with ``code`` for token ``used``: 40102 refreshes, anything else starts over."""
        with self._lock:
            token = self._token
            if token is None or (used is not None and token.access != used):
                return  # another worker already replaced it
            if code == "40102":
                self._token = self._obtain(token, self._clock())
            else:
                self._token = self._grant({"grant_type": "client_credentials", **self._scope()}, self._clock())

    # -- token endpoint ------------------------------------------------------------------
    def _obtain(self, token: Token | None, now: float) -> Token:
        if token is not None and token.refresh and token.refresh_expires_at > now + 5:
            try:
                return self._grant({"grant_type": "refresh_token", "refresh_token": token.refresh}, now)
            except _InvalidGrant:
                pass  # used, expired or unknown: start over with client credentials
        return self._grant({"grant_type": "client_credentials", **self._scope()}, now)

    def _scope(self) -> dict[str, str]:
        scopes = self._settings.scopes
        return {"scope": " ".join(scopes)} if scopes else {}

    def _grant(self, form: dict[str, str], now: float) -> Token:
        s = self._settings
        headers = {"Authorization": basic_credentials(s.client_id, s.client_secret.get_secret_value())}
        self.issued += 1
        try:
            response = self._http.post(TOKEN_PATH, data=form, headers=headers)
        except httpx.TimeoutException as exc:
            raise TransientError("12345 token endpoint timed out", source="hotline12345") from exc
        except httpx.HTTPError as exc:
            raise TransientError("12345 token endpoint unreachable", source="hotline12345",
                                 cause=type(exc).__name__) from exc
        body = _json(response)
        status = response.status_code
        if status == 200 and isinstance(body.get("access_token"), str):
            return Token(access=body["access_token"], refresh=body.get("refresh_token"),
                         expires_at=now + float(body.get("expires_in", 0)),
                         refresh_expires_at=now + float(body.get("refresh_expires_in", 0)))
        error = str(body.get("error", ""))
        context: dict[str, Any] = {"source": "hotline12345", "status": status, "code": error or None}
        if error == "invalid_grant" and form["grant_type"] == "refresh_token":
            raise _InvalidGrant(error)
        if status == 429 or status >= 500 or (status == 200):
            raise TransientError(f"12345 token endpoint: {error or 'no token'}", retry_after_s=retry_after(response),
                                 **context)
        raise AuthError(f"12345 拒绝发放令牌 / token refused: {error} {body.get('error_description', '')}".strip(),
                        **context)


class _InvalidGrant(Exception):
    pass


def _json(response: httpx.Response) -> dict[str, Any]:
    try:
        body = json.loads(response.content)
    except (ValueError, UnicodeDecodeError):
        return {}
    return body if isinstance(body, dict) else {}
