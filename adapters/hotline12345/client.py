"""Authorised calls to the 12345 interface, every refusal translated to santong's errors (§3.10).

    client = HotlineClient(settings)                      # transport= / clock= for tests
    data = client.get("/orders/changes", {"limit": "50"})  # the envelope's ``data``
    result = client.post_event("YZ12345-20251103-000123", "sign", body, "YZ12345-20251103-000123:1:SIGN:1")
    client.close()

A 401 is answered once per call by renewing the token (40102: refresh; 40101: new grant) and
repeating the *same* request (§3.3, quirk 10).  40904 (order busy) is retried once after one
second with the same key.  Everything else is raised:

* 429, 500, 503, 40904 again, 40903 → :class:`TransientError` with ``Retry-After``;
* 40003 → :class:`CursorRejected`; 40401 → :class:`OrderNotFound`;
* 40901 / 40902 → :class:`EventConflict` (final for that event: re-read, record, never retry);
* 422xx → :class:`EventRejected` with ``errors`` (``data.errors``); other 400 → ``PermanentError``;
* 401 after renewal, 403 → :class:`AuthError` (configuration).

JSON is parsed with ``parse_float=Decimal``.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import httpx

from adapters.hotline12345.auth import TokenCache, retry_after
from adapters.hotline12345.settings import HotlineSettings
from adapters.hotline12345.wire import ACTIONS, API_PREFIX, IDEMPOTENCY_KEY_RE
from santong.errors import AuthError, ConfigError, PermanentError, SantongError, TransientError

__all__ = [
    "CursorRejected",
    "EventConflict",
    "EventRejected",
    "EventResult",
    "HotlineClient",
    "OrderNotFound",
    "idempotency_key",
]


def idempotency_key(order_no: str, dispatch_seq: int, action: str, msg_id: str) -> str:
    """The deterministic ``Idempotency-Key`` of one status event (§3.5, §7): the same journal message
    always sends the same key, so a resend after a lost answer is recognised and applied once.

    ``idempotency_key("YZ12345-20251103-000123", 1, "sign", "9f2c…")`` → ``YZ12345-20251103-000123:1:SIGN:9f2c…``
    (the message id's first 16 characters of ``[A-Za-z0-9]``; at most 64 characters in all).
    """
    tail = "".join(c for c in msg_id if c.isascii() and c.isalnum())[:16]
    key = f"{order_no}:{dispatch_seq}:{action.upper()}:{tail}"
    if not tail or not IDEMPOTENCY_KEY_RE.match(key):
        raise ConfigError("cannot build an Idempotency-Key from this message id", source="hotline12345")
    return key


class CursorRejected(PermanentError):
    """40003: the cursor is invalid or expired; restart with ``since`` (§3.3)."""


class OrderNotFound(PermanentError):
    """40401: no such order."""


class EventConflict(PermanentError):
    """409 40901/40902: the order moved on; ``current`` is the server's ``data`` (status, dispatchSeq…)."""

    def __init__(self, message: str, *, current: dict[str, Any] | None = None, **context: Any) -> None:
        super().__init__(message, **context)
        self.current = current or {}


class EventRejected(PermanentError):
    """422: the event was refused as sent; ``errors`` are the server's field errors."""

    def __init__(self, message: str, *, errors: list[dict[str, Any]] | None = None, **context: Any) -> None:
        super().__init__(message, **context)
        self.errors = errors or []


@dataclass(frozen=True)
class EventResult:
    """A status event the hotline accepted (``replayed``: the stored answer to an earlier send)."""

    data: dict[str, Any]
    replayed: bool = False
    request_id: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)


class HotlineClient:
    """One client's session with the interface; thread-safe as far as httpx and the token cache are."""

    def __init__(
        self,
        settings: HotlineSettings,
        *,
        transport: httpx.BaseTransport | None = None,
        clock: Callable[[], float] = time.time,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.settings = settings
        self._sleep = sleep
        self._http = httpx.Client(
            base_url=settings.base_url.rstrip("/"),
            transport=transport,
            timeout=httpx.Timeout(settings.read_timeout_s, connect=settings.connect_timeout_s),
            headers={"Accept": "application/json", "User-Agent": settings.user_agent},
        )
        self.tokens = TokenCache(self._http, settings, clock=clock)

    def close(self) -> None:
        self._http.close()

    def get(self, path: str, params: Mapping[str, str] | None = None) -> Any:
        """``data`` of ``GET {API_PREFIX}{path}`` (e.g. ``/orders/changes``)."""
        response, body = self._call("GET", path, params=dict(params or {}))
        return body.get("data")

    def order(self, order_no: str, unit_code: str | None = None) -> dict[str, Any]:
        """The unit view of one order (§3.4); ``OrderNotFound`` / ``AuthError`` (40301) otherwise."""
        data = self.get(f"/orders/{order_no}", {"unitCode": unit_code} if unit_code else None)
        if not isinstance(data, dict):
            raise TransientError("12345 order detail without data", source="hotline12345", order_no=order_no)
        return data

    def post_event(self, order_no: str, action: str, body: Mapping[str, Any], idempotency_key: str) -> EventResult:
        """Send one status event (``sign``, ``return``, ``extension``, ``feedback``; §3.5–§3.6).

        Send an order's events one at a time and in order; resend with the *same* key after a
        ``TransientError``; never resend after ``EventConflict`` or ``EventRejected``.
        """
        if action not in ACTIONS:
            raise ConfigError(f"unknown 12345 status event {action!r}", source="hotline12345")
        if not IDEMPOTENCY_KEY_RE.match(idempotency_key):
            raise ConfigError("Idempotency-Key must be 8–64 of [A-Za-z0-9._:-]", source="hotline12345")
        raw = json.dumps(dict(body), ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        headers = {"Idempotency-Key": idempotency_key, "Content-Type": "application/json; charset=UTF-8"}
        busy_retried = False
        while True:
            try:
                response, envelope = self._call("POST", f"/orders/{order_no}/{action}", content=raw, headers=headers)
            except TransientError as exc:
                if exc.context.get("code") == "40904" and not busy_retried:
                    busy_retried = True
                    self._sleep(1.0)
                    continue
                raise
            data = envelope.get("data")
            return EventResult(data=data if isinstance(data, dict) else {},
                               replayed=response.headers.get("idempotent-replayed", "").lower() == "true",
                               request_id=envelope.get("requestId"))

    # -- one call ------------------------------------------------------------------------
    def _call(self, method: str, path: str, *, params: dict[str, str] | None = None, content: bytes | None = None,
              headers: dict[str, str] | None = None) -> tuple[httpx.Response, dict[str, Any]]:
        renewed = False
        while True:
            token = self.tokens.bearer()
            request = self._http.build_request(method, API_PREFIX + path, params=params, content=content,
                                               headers={**(headers or {}), "Authorization": f"Bearer {token}"})
            response = self._send(request)
            body = _envelope(response)
            code = str(body.get("code"))
            if response.status_code == 200 and code == "0":
                return response, body
            if response.status_code == 401 and code in ("40101", "40102") and not renewed:
                renewed = True
                self.tokens.renew(code, used=token)
                continue  # the same request again: cursors are not bound to a token
            raise _refusal(response, body)

    def _send(self, request: httpx.Request) -> httpx.Response:
        try:
            return self._http.send(request)
        except httpx.TimeoutException as exc:
            raise TransientError("12345 timed out", source="hotline12345", cause=type(exc).__name__) from exc
        except httpx.HTTPError as exc:
            raise TransientError("12345 unreachable", source="hotline12345", cause=type(exc).__name__) from exc


def _envelope(response: httpx.Response) -> dict[str, Any]:
    """The §3.1 envelope; a non-JSON answer (a proxy's page) becomes an error by HTTP status."""
    status = response.status_code
    body: Any = None
    try:
        body = json.loads(response.content, parse_float=Decimal)
    except (ValueError, UnicodeDecodeError):
        body = None
    if isinstance(body, dict) and isinstance(body.get("code"), str):
        return body
    context = {"source": "hotline12345", "status": status}
    if status >= 500 or status in (200, 408, 429):
        raise TransientError(f"12345 answered without an envelope (HTTP {status})", retry_after_s=retry_after(response),
                             **context)
    if status in (401, 403):
        raise AuthError(f"12345 refused the request (HTTP {status})", **context)
    raise PermanentError(f"12345 answered without an envelope (HTTP {status})", **context)


def _refusal(response: httpx.Response, body: dict[str, Any]) -> SantongError:
    code = str(body.get("code"))
    status = response.status_code
    raw_data = body.get("data")
    data: dict[str, Any] = raw_data if isinstance(raw_data, dict) else {}
    message = f"12345 {code}: {body.get('message')}"
    context: dict[str, Any] = {"source": "hotline12345", "status": status, "code": code,
                               "request_id": body.get("requestId")}
    if status == 429 or status >= 500 or code in ("40903", "40904"):
        wait = retry_after(response)
        return TransientError(message, retry_after_s=1.0 if wait is None and code == "40904" else wait, **context)
    if code == "40003":
        return CursorRejected(message, **context)
    if code == "40401":
        return OrderNotFound(message, **context)
    if code in ("40901", "40902"):
        return EventConflict(message, current=data, **context)
    if status == 422:
        return EventRejected(message, errors=list(data.get("errors") or []), **context)
    if status in (401, 403):
        return AuthError(message, **context)
    return PermanentError(message, **context)
