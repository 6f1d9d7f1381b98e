"""Signed calls to the ggzy 数据交换服务, with every failure translated to santong's errors.

    client = GgzyClient(settings)                       # transport= for tests, clock= for skew tests
    data = client.get("/deals", [("dataType", "WIN_RESULT"), ("since", "20251218020000")])
    client.ping()                                       # server time (epoch ms), also resyncs the clock
    client.close()

Every attempt is signed afresh (new nonce and timestamp, §2.4).  Retries inside one call are
only the protocol's own: a connection never made (``max_attempts``), ``2003`` (resync the clock
from ``/ping``, re-sign once) and ``2004`` (re-sign once with a new nonce).  Everything else that
may pass — 429 ``3001``/``3002``, 503 ``5003``, 500 ``5000``, truncated bodies, timeouts — is a
``TransientError`` carrying ``Retry-After`` (integer seconds, §3.5) for the hub's retry policy.
JSON is parsed with ``parse_float=Decimal`` so ``3.2568E6`` arrives as ``Decimal('3.2568E+6')``.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import Any

import httpx

from adapters.ggzy.settings import GgzySettings
from adapters.ggzy.signing import encode_query, new_nonce, signature, string_to_sign
from adapters.ggzy.wire import PING_PATH, d14_to_ms
from santong.errors import AuthError, PermanentError, SantongError, TransientError

__all__ = ["GgzyClient", "RecordNotFound", "RequestRejected", "classify"]

_AUTH = {"2000", "2001", "2002", "2003", "2006"}
_TRANSIENT = {"2004", "3001", "3002", "5000", "5003"}


class RecordNotFound(PermanentError):
    """``4004``: no such record for this key (§3.2)."""


class RequestRejected(PermanentError):
    """``1001``–``1005``, ``2005``, ``4040``, ``4050``: the request itself is wrong; fix it."""


def _retry_after(response: httpx.Response) -> int | None:
    value = response.headers.get("retry-after", "").strip()
    return int(value) if value.isdigit() else None


def classify(status: int, code: str, msg: str, retry_after_s: int | None, **context: Any) -> SantongError:
    """The santong error for a ggzy error answer (§3.5's "node's reaction" column)."""
    message = f"ggzy {code}: {msg}"
    if code in _TRANSIENT or (code not in _AUTH and status >= 500):
        return TransientError(message, retry_after_s=retry_after_s, status=status, code=code, **context)
    if code == "4004":
        return RecordNotFound(message, status=status, code=code, **context)
    if code in _AUTH or status == 401:
        return AuthError(message, status=status, code=code, **context)
    return RequestRejected(message, status=status, code=code, **context)


class GgzyClient:
    """One node key's signed session with the service (not thread-safe; one per source)."""

    def __init__(
        self,
        settings: GgzySettings,
        *,
        transport: httpx.BaseTransport | None = None,
        clock: Callable[[], float] = time.time,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.settings = settings
        self._clock = clock
        self._sleep = sleep
        self._secret = settings.app_secret.get_secret_value()
        self.offset_ms = 0  # server clock − our clock, measured by ping()
        self._http = httpx.Client(
            base_url=settings.base_url,
            transport=transport,
            timeout=httpx.Timeout(settings.read_timeout_s, connect=settings.connect_timeout_s),
            headers={"Accept": "application/json", "User-Agent": settings.user_agent},
        )

    def close(self) -> None:
        self._http.close()

    def get(self, path: str, params: Sequence[tuple[str, str]] = ()) -> Any:
        """``data`` of a successful signed GET of ``path`` (relative to ``/ggzy/api/v2``)."""
        synced = renonced = False
        while True:
            response = self._send(self._signed(path, params))
            body = self._envelope(response)
            if response.status_code == 200 and body["code"] == "0000":
                return body.get("data")
            if body["code"] == "2003" and not synced:
                synced = True
                self.ping()
                continue
            if body["code"] == "2004" and not renonced:
                renonced = True
                continue
            raise self._refusal(response, body)

    def ping(self) -> int:
        """Server time (epoch ms) from ``GET /ping`` (no signature); sets ``offset_ms`` from it."""
        before = self._clock()
        response = self._send(self._http.build_request("GET", PING_PATH))
        after = self._clock()
        body = self._envelope(response)
        server_time = body.get("serverTime")
        if response.status_code != 200 or body["code"] != "0000" or not isinstance(server_time, str):
            raise self._refusal(response, body)
        try:
            server_ms = d14_to_ms(server_time)
        except ValueError as exc:
            raise TransientError("ggzy ping without a readable serverTime", source="ggzy") from exc
        # serverTime has one-second precision: aim at the middle of its second
        self.offset_ms = server_ms + 500 - int((before + after) / 2 * 1000)
        return server_ms

    # -- one attempt -------------------------------------------------------------------------
    def _signed(self, path: str, params: Sequence[tuple[str, str]]) -> httpx.Request:
        query = encode_query(params)
        request = self._http.build_request("GET", path + ("?" + query if query else ""))  # under base_url
        sent_path = request.url.raw_path.decode("ascii").split("?", 1)[0]
        timestamp = str(int(self._clock() * 1000) + self.offset_ms)
        nonce = new_nonce()
        method = self.settings.sign_method
        sts = string_to_sign("GET", sent_path, params, self.settings.app_key, timestamp, nonce, method)
        request.headers["X-App-Key"] = self.settings.app_key
        request.headers["X-Timestamp"] = timestamp
        request.headers["X-Nonce"] = nonce
        request.headers["X-Sign-Method"] = method
        request.headers["X-Signature"] = signature(self._secret, sts, method)
        return request

    def _send(self, request: httpx.Request) -> httpx.Response:
        attempts = self.settings.max_attempts
        for attempt in range(1, attempts + 1):
            try:
                return self._http.send(request)
            except httpx.ConnectError as exc:  # never reached the server: cheap to try again
                if attempt == attempts:
                    raise TransientError("ggzy unreachable", source="ggzy", attempts=attempts) from exc
                self._sleep(self.settings.retry_backoff_ms * attempt / 1000)
            except httpx.TimeoutException as exc:
                raise TransientError("ggzy timed out", source="ggzy", cause=type(exc).__name__) from exc
            except httpx.HTTPError as exc:
                raise TransientError("ggzy transport failure", source="ggzy", cause=type(exc).__name__) from exc
        raise AssertionError("unreachable")  # pragma: no cover

    def _envelope(self, response: httpx.Response) -> dict[str, Any]:
        """The JSON envelope; a truncated or non-JSON body is transient (it is never half-read)."""
        status = response.status_code
        body: Any = None
        try:
            body = json.loads(response.content, parse_float=Decimal)
        except (ValueError, UnicodeDecodeError):
            body = None
        if isinstance(body, dict) and isinstance(body.get("code"), str):
            return body
        context = {"source": "ggzy", "status": status, "request_id": response.headers.get("x-request-id")}
        what = f"HTTP {status}, {len(response.content)} bytes"
        if status in (401, 403):
            raise AuthError(f"ggzy refused the request ({what})", **context)
        if status >= 500 or status in (200, 408, 429):
            raise TransientError(f"ggzy answered without a readable envelope ({what})",
                                 retry_after_s=_retry_after(response), **context)
        raise PermanentError(f"ggzy answered without a readable envelope ({what})", **context)

    def _refusal(self, response: httpx.Response, body: dict[str, Any]) -> SantongError:
        return classify(response.status_code, str(body["code"]), str(body.get("msg")), _retry_after(response),
                        source="ggzy", request_id=body.get("requestId"))
