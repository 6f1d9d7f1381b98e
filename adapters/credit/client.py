"""Signed HTTP calls to the credit platform, every failure translated to santong's errors.

    client = CreditClient(settings)                       # transport= / clock= for tests
    reply = client.call("GET", "/v2/lists/changes", params=[("afterSeq", "0")])
    reply.data                                            # the envelope's ``data`` (code "0")
    client.close()

Error mapping (§3.0): 4291/4292/5001/5031/5032, other 5xx, timeouts and connection failures →
``TransientError`` (``retry_after_s`` from ``Retry-After``); 4013/4014 are re-signed once at
once (new timestamp and nonce), then ``TransientError``; 4011/4012/4015/4031/4032 →
``AuthError``; 4101 → :class:`CursorExpired` (``oldest_seq``); 4091 → :class:`BatchConflict`;
4041 → :class:`TicketUnknown`; every other code → ``PermanentError``.  ``ok_codes`` lets the
query treat 4202/5003/5004 (HTTP 200) as answers instead of errors.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import httpx

from adapters.credit.settings import CreditSettings
from adapters.credit.signing import encode_query, signed_headers
from adapters.credit.wire import RETRY_CODES
from santong.errors import AuthError, PermanentError, SantongError, TransientError

__all__ = ["BatchConflict", "CreditClient", "CursorExpired", "Reply", "TicketUnknown"]

_AUTH_FINAL = {"4011", "4012", "4015", "4031", "4032"}
_RESIGN = {"4013", "4014"}


class CursorExpired(PermanentError):
    """4101: ``afterSeq`` is older than the feed's retention; restart from ``oldest_seq - 1``."""

    def __init__(self, message: str, *, oldest_seq: int, **context: Any) -> None:
        super().__init__(message, **context)
        self.oldest_seq = oldest_seq


class BatchConflict(PermanentError):
    """4091: the batchNo was used with a different body; send under a new batchNo."""


class TicketUnknown(PermanentError):
    """4041: the ticket does not exist, its results expired, or (export) it is not DONE yet."""


@dataclass(frozen=True)
class Reply:
    """A successful (or ``ok_codes``) answer: HTTP status, ``code``, ``data``, headers, raw bytes."""

    status: int
    code: str
    msg: str
    data: Any
    request_id: str | None
    content: bytes
    headers: httpx.Headers


def _retry_after(response: httpx.Response, data: Any) -> float | None:
    value = response.headers.get("retry-after", "").strip()
    if value.isdigit():
        return float(value)
    if isinstance(data, dict) and isinstance(data.get("retryAfter"), int):
        return float(data["retryAfter"])
    return None


class CreditClient:
    """One node's signed session with the platform (one per adapter object; not thread-safe)."""

    def __init__(self, settings: CreditSettings, *, transport: httpx.BaseTransport | None = None,
                 clock: Callable[[], float] = time.time, timeout: httpx.Timeout | None = None) -> None:
        self.settings = settings
        self._clock = clock
        self._secret = settings.app_secret.get_secret_value()
        url = httpx.URL(settings.base_url)
        self._prefix = url.path.rstrip("/")
        self._http = httpx.Client(
            base_url=url.copy_with(path="/"), transport=transport,
            timeout=timeout or httpx.Timeout(settings.read_timeout_s, connect=settings.connect_timeout_s),
            headers={"Accept": "application/json", "User-Agent": settings.user_agent})

    def close(self) -> None:
        self._http.close()

    def call(self, method: str, path: str, *, params: Sequence[tuple[str, str]] = (), body: bytes | None = None,
             ok_codes: frozenset[str] = frozenset(), raw: bool = False) -> Reply:
        """Send a signed request to ``path`` (below ``/xyyz/api``); ``raw`` skips JSON (the CSV export)."""
        resigned = False
        while True:
            response = self._send(method, path, params, body)
            if raw and response.status_code == 200:
                return Reply(200, "0", "", None, response.headers.get("x-xy-requestid"), response.content,
                             response.headers)
            envelope = self._envelope(response)
            code = envelope["code"]
            if code == "0" or code in ok_codes:
                return Reply(response.status_code, code, str(envelope.get("msg")), envelope.get("data"),
                             envelope.get("requestId"), response.content, response.headers)
            if code in _RESIGN and not resigned:  # clock skew or nonce clash: sign afresh once
                resigned = True
                continue
            raise self._refusal(response, envelope)

    # -- one attempt -----------------------------------------------------------------------
    def _send(self, method: str, path: str, params: Sequence[tuple[str, str]], body: bytes | None) -> httpx.Response:
        full = self._prefix + path
        query = encode_query(params)
        payload = body if body is not None else b""
        headers = signed_headers(self.settings.app_id, self._secret, method, full, params, payload,
                                 timestamp=int(self._clock()))
        if body is not None:
            headers["Content-Type"] = "application/json;charset=UTF-8"
        request = self._http.build_request(method, full + ("?" + query if query else ""), headers=headers,
                                           content=body)
        try:
            return self._http.send(request)
        except httpx.TimeoutException as exc:
            raise TransientError("credit platform timed out", source="credit", cause=type(exc).__name__) from exc
        except httpx.HTTPError as exc:
            raise TransientError("credit platform unreachable", source="credit", cause=type(exc).__name__) from exc

    def _envelope(self, response: httpx.Response) -> dict[str, Any]:
        status = response.status_code
        context = {"source": "credit", "status": status, "request_id": response.headers.get("x-xy-requestid")}
        body: Any = None
        try:
            body = json.loads(response.content, parse_float=Decimal)
        except (ValueError, UnicodeDecodeError):
            body = None
        if isinstance(body, dict) and isinstance(body.get("code"), str):
            return body
        what = f"HTTP {status}, {response.headers.get('content-type') or 'no content type'}"
        if status in (401, 403):
            raise AuthError(f"信用平台拒绝认证 / credit platform refused the request ({what})", **context)
        if status >= 500 or status in (200, 202, 408, 429):
            raise TransientError(f"信用平台应答无法解析 / unreadable answer ({what})",
                                 retry_after_s=_retry_after(response, None), **context)
        raise PermanentError(f"信用平台应答无法解析 / unreadable answer ({what})", **context)

    def _refusal(self, response: httpx.Response, envelope: dict[str, Any]) -> SantongError:
        code = str(envelope["code"])
        status = response.status_code
        data = envelope.get("data")
        message = f"credit {code}: {envelope.get('msg')}"
        context = {"source": "credit", "status": status, "code": code, "request_id": envelope.get("requestId")}
        if code in RETRY_CODES or code in _RESIGN or (status >= 500 and code not in _AUTH_FINAL):
            return TransientError(message, retry_after_s=_retry_after(response, data), **context)
        if code == "4101":
            oldest = data.get("oldestSeq") if isinstance(data, dict) else None
            return CursorExpired(message, oldest_seq=int(oldest) if isinstance(oldest, int) else 1, **context)
        if code == "4091":
            return BatchConflict(message, **context)
        if code == "4041":
            return TicketUnknown(message, **context)
        if code in _AUTH_FINAL or status in (401, 403):
            return AuthError(message, **context)
        return PermanentError(message, **context)
