"""Signed HTTP calls to the 生态环境局 interface, with every failure translated to santong's errors.

    client = SthjClient(settings)                        # transport= for tests, clock= for skew tests
    data = client.get("/api/v2/records", [("page_size", "200")])   # the envelope's ``data``
    client.close()

Each attempt is signed afresh (new nonce and timestamp, §2.2).  Retries inside one call are
limited to the cheap, protocol-mandated cases: a connection that could not be made at all
(up to ``max_attempts``, short backoff), 40103 (re-sign once) and 40102 (measure the offset
from ``/api/v2/health``, re-sign once).  Everything else that may pass — 429, 503, 500,
gateway HTML pages (quirk 16), read timeouts — is raised as ``TransientError`` carrying the
server's ``Retry-After`` so that the hub's scheduler, the one retry policy, backs off.
JSON is parsed with ``parse_float=Decimal``: ``1.08E7`` arrives as ``Decimal('1.08E+7')``.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import Any

import httpx

from adapters.sthj.settings import SthjSettings
from adapters.sthj.signing import encode_query, new_nonce, signature, string_to_sign
from adapters.sthj.wire import HEALTH_PATH
from santong.errors import AuthError, PermanentError, SantongError, TransientError

__all__ = ["CursorRejected", "RecordNotFound", "SthjClient"]

_AUTH_CODES = {40100, 40101, 40102, 40103, 40104, 40301, 40302}
_TRANSIENT_CODES = {42901, 42902, 50001, 50301, 50302}


class CursorRejected(PermanentError):
    """40002 / 41001: the cursor is invalid or expired; restart with ``since`` (§3.2.4)."""


class RecordNotFound(PermanentError):
    """40401: no such record, or its tombstone was purged."""


def _retry_after(response: httpx.Response) -> int | None:
    value = response.headers.get("retry-after", "").strip()
    return int(value) if value.isdigit() else None


class SthjClient:
    """One app's signed session with the interface (not thread-safe; one per source)."""

    def __init__(
        self,
        settings: SthjSettings,
        *,
        transport: httpx.BaseTransport | None = None,
        clock: Callable[[], float] = time.time,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.settings = settings
        self._clock = clock
        self._sleep = sleep
        self._secret = settings.app_secret.get_secret_value()
        self._prefix = httpx.URL(settings.base_url).path.rstrip("/")
        self.offset_ms = 0  # server clock − our clock, measured after a 40102
        self._http = httpx.Client(
            base_url=settings.base_url,
            transport=transport,
            timeout=httpx.Timeout(settings.read_timeout_s, connect=settings.connect_timeout_s),
            headers={"Accept": "application/json", "User-Agent": settings.user_agent},
        )

    def close(self) -> None:
        self._http.close()

    def get(self, path: str, params: Sequence[tuple[str, str]] = ()) -> Any:
        """``data`` of a successful answer to a signed GET of ``path`` (e.g. ``/api/v2/records``)."""
        synced = replayed = False
        while True:
            response = self._send(path, params)
            body = self._envelope(response)
            code = body["code"]
            if response.status_code == 200 and code == 0:
                return body.get("data")
            if code == 40102 and not synced:
                synced = True
                self.sync_clock()
                continue
            if code == 40103 and not replayed:  # a nonce clash: sign again with a fresh one
                replayed = True
                continue
            raise self._refusal(response, body)

    def sync_clock(self) -> int:
        """Measure ``offset_ms`` from ``GET /api/v2/health`` (server_time) and return it."""
        before = self._clock()
        try:
            response = self._http.get(self._prefix + HEALTH_PATH)
        except httpx.HTTPError as exc:
            raise TransientError("sthj health check failed", source="sthj", cause=type(exc).__name__) from exc
        after = self._clock()
        body = self._envelope(response)
        data = body.get("data")
        server_time = data.get("server_time") if isinstance(data, dict) else None
        if response.status_code != 200 or body["code"] != 0 or not isinstance(server_time, int):
            raise self._refusal(response, body)
        self.offset_ms = server_time - int((before + after) / 2 * 1000)
        return self.offset_ms

    # -- one attempt -------------------------------------------------------------------------
    def _signed(self, path: str, params: Sequence[tuple[str, str]]) -> httpx.Request:
        query = encode_query(params)
        request = self._http.build_request("GET", self._prefix + path + ("?" + query if query else ""))
        sent_path = request.url.raw_path.decode("ascii").split("?", 1)[0]
        timestamp = str(int(self._clock() * 1000) + self.offset_ms)
        nonce = new_nonce()
        request.headers["X-App-Id"] = self.settings.app_id
        request.headers["X-Timestamp"] = timestamp
        request.headers["X-Nonce"] = nonce
        request.headers["X-Signature"] = signature(self._secret, string_to_sign("GET", sent_path, params, timestamp, nonce))
        return request

    def _send(self, path: str, params: Sequence[tuple[str, str]]) -> httpx.Response:
        attempts = self.settings.max_attempts
        for attempt in range(1, attempts + 1):
            request = self._signed(path, params)
            try:
                return self._http.send(request)
            except httpx.ConnectError as exc:  # never reached the server: cheap to try again
                if attempt == attempts:
                    raise TransientError("sthj unreachable", source="sthj", attempts=attempts) from exc
                self._sleep(self.settings.retry_backoff_ms * attempt / 1000)
            except httpx.TimeoutException as exc:
                raise TransientError("sthj timed out", source="sthj", cause=type(exc).__name__) from exc
            except httpx.HTTPError as exc:
                raise TransientError("sthj transport failure", source="sthj", cause=type(exc).__name__) from exc
        raise AssertionError("unreachable")  # pragma: no cover

    def _envelope(self, response: httpx.Response) -> dict[str, Any]:
        """The JSON envelope; a non-JSON answer (gateway page, quirk 16) is never parsed."""
        status = response.status_code
        ctype = response.headers.get("content-type", "")
        context = {"source": "sthj", "status": status, "request_id": response.headers.get("x-request-id")}
        body: Any = None
        if "json" in ctype.lower():
            try:
                body = json.loads(response.content, parse_float=Decimal)
            except (ValueError, UnicodeDecodeError):
                body = None
        if isinstance(body, dict) and isinstance(body.get("code"), int) and not isinstance(body["code"], bool):
            return body
        what = f"HTTP {status}, {ctype or 'no content type'}"
        if status in (401, 403):
            raise AuthError(f"sthj refused the request ({what})", **context)
        if status >= 500 or status in (200, 408, 429):
            raise TransientError(f"sthj answered without an envelope ({what})",
                                 retry_after_s=_retry_after(response), **context)
        raise PermanentError(f"sthj answered without an envelope ({what})", **context)

    def _refusal(self, response: httpx.Response, body: dict[str, Any]) -> SantongError:
        code: int = body["code"]
        status = response.status_code
        message = f"sthj {code}: {body.get('message')}"
        context = {"source": "sthj", "status": status, "code": code, "request_id": response.headers.get("x-request-id")}
        if code in _TRANSIENT_CODES or (code not in _AUTH_CODES and status >= 500):
            return TransientError(message, retry_after_s=_retry_after(response), **context)
        if code in (40002, 41001):
            return CursorRejected(message, **context)
        if code == 40401:
            return RecordNotFound(message, **context)
        if code in _AUTH_CODES or status in (401, 403):
            return AuthError(message, **context)
        return PermanentError(message, **context)
