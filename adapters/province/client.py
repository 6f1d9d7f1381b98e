"""HTTP to the provincial exchange: §3.2 request signatures, the platform clock offset, and
every status of §4.1 translated into santong's error tree (httpx never escapes this module).

    client = ProvinceClient(settings)
    client.sync_clock()                                   # optional: measure the offset first
    reply = client.call("POST", "/batches", body=payload)  # Reply, or raises a santong error

Clock offset (quirk 5): every application response carries ``X-JSJG-Server-Time``; the
client keeps ``platform time − local time`` from it (round-trip midpoint), stamps
``X-JSJG-Timestamp`` with local time plus the offset, and on ``401 AUTH_TIMESTAMP_EXPIRED``
corrects the offset and retries once with a new nonce.
"""

from __future__ import annotations

import json
import secrets
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import urlsplit

import httpx

from adapters.province.settings import ProvinceSettings
from santong.errors import AuthError, ConfigError, PermanentError, TransientError
from signatures.request_sign import province_headers

__all__ = ["ProvinceClient", "Reply", "parse_retry_after"]

_OFFSET_ADOPT_S = 2.0  # below this, jitter of the round trip; don't move the offset


@dataclass(frozen=True)
class Reply:
    """One HTTP answer: status, headers (lower-case names), raw body, and the JSON wrapper if any."""

    status: int
    headers: Mapping[str, str]
    content: bytes
    wrapper: dict[str, Any] | None = field(default=None)

    @property
    def code(self) -> str | None:
        return str(self.wrapper.get("code")) if self.wrapper else None

    @property
    def data(self) -> Any:
        return self.wrapper.get("data") if self.wrapper else None

    @property
    def message(self) -> str:
        if self.wrapper and self.wrapper.get("message"):
            return str(self.wrapper["message"])
        return f"HTTP {self.status}"


def parse_retry_after(value: str | None, platform_now_s: float) -> float | None:
    """Seconds to wait from ``Retry-After``: integer seconds (JSON 429/503) or an HTTP-date
    (the nightly gateway page, quirk 6), measured against the platform clock."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        return None
    return max(0.0, when.timestamp() - platform_now_s)


class ProvinceClient:
    """A signed-request client for one node; thread-safe, keeps one connection pool."""

    def __init__(self, settings: ProvinceSettings, *, clock: Callable[[], float] = time.time,
                 transport: httpx.BaseTransport | None = None) -> None:
        self.settings = settings
        self._clock = clock
        self.offset_s = 0.0
        self._prefix = urlsplit(settings.base_url).path
        timeout = httpx.Timeout(settings.read_timeout_s, connect=settings.connect_timeout_s)
        self._http = httpx.Client(base_url=settings.base_url, timeout=timeout, transport=transport,
                                  follow_redirects=False, trust_env=False)

    def platform_now_s(self) -> float:
        """Local time corrected by the tracked platform offset."""
        return self._clock() + self.offset_s

    def close(self) -> None:
        self._http.close()

    # -- clock -------------------------------------------------------------------------
    def sync_clock(self) -> float:
        """Measure the offset with ``GET /time`` (no authentication); returns it in seconds."""
        sent = self._clock()
        reply = self._send("GET", "/time", None, b"", signed=False)
        received = self._clock()
        if reply.status != 200 or not isinstance(reply.data, dict) or "epochMillis" not in reply.data:
            raise TransientError("省平台时间接口无有效应答 / GET /time gave no clock", status=reply.status)
        self.offset_s = int(reply.data["epochMillis"]) / 1000 - (sent + received) / 2
        return self.offset_s

    def _observe(self, reply: Reply, sent: float, received: float) -> None:
        server_ms = reply.headers.get("x-jsjg-server-time", "")
        if not server_ms.isdigit():
            return
        measured = int(server_ms) / 1000 - (sent + received) / 2
        if abs(measured - self.offset_s) > _OFFSET_ADOPT_S or reply.code == "AUTH_TIMESTAMP_EXPIRED":
            self.offset_s = measured

    # -- requests ----------------------------------------------------------------------
    def call(self, method: str, path: str, *, params: Mapping[str, str] | None = None, body: bytes = b"",
             **context: Any) -> Reply:
        """A signed request; returns a 2xx Reply or raises the santong error for its status."""
        reply = self._send(method, path, params, body)
        if reply.status == 401 and reply.code == "AUTH_TIMESTAMP_EXPIRED":
            reply = self._send(method, path, params, body)  # offset corrected by _observe
        if 200 <= reply.status < 300 and reply.code == "0":
            return reply
        raise self.error_for(reply, **context)

    def _send(self, method: str, path: str, params: Mapping[str, str] | None, body: bytes, *,
              signed: bool = True) -> Reply:
        headers = {"Content-Type": "application/json; charset=utf-8"} if body else {}
        if signed:
            headers.update(province_headers(
                self.settings.app_key, self.settings.secret_key.get_secret_value(), method, self._prefix + path,
                list((params or {}).items()), body, timestamp_ms=int(self.platform_now_s() * 1000),
                nonce=secrets.token_hex(16), method_name=self.settings.signature_method,
            ))
        sent = self._clock()
        try:
            response = self._http.request(method, path, params=params, content=body or None, headers=headers)
        except httpx.TimeoutException as exc:
            raise TransientError(f"省平台请求超时 / request timed out: {method} {path}", path=path) from exc
        except httpx.InvalidURL as exc:
            raise ConfigError(f"省平台地址无效 / invalid province URL: {exc}", key="base_url") from exc
        except httpx.HTTPError as exc:
            raise TransientError(f"省平台不可达 / province unreachable: {exc}", path=path) from exc
        reply = Reply(response.status_code, {k.lower(): v for k, v in response.headers.items()},
                      response.content, _wrapper(response))
        self._observe(reply, sent, self._clock())
        return reply

    def error_for(self, reply: Reply, **context: Any) -> Exception:
        """The santong error for a non-success reply (§4.1 table: 'Node should')."""
        status, code = reply.status, reply.code
        text = f"省平台拒绝 / province refused: HTTP {status} {code or ''} {reply.message}".strip()
        ctx = {"status": status, "code": code, **context}
        if reply.wrapper and reply.wrapper.get("field"):
            ctx["field"] = reply.wrapper["field"]
        if status in (429, 503) or status >= 500:
            retry = parse_retry_after(reply.headers.get("retry-after"), self.platform_now_s())
            return TransientError(text, retry_after_s=retry, **ctx)
        if status in (401, 403):
            return AuthError(text, **ctx)
        return PermanentError(text, **ctx)


def _wrapper(response: httpx.Response) -> dict[str, Any] | None:
    """The JSON wrapper of an application answer; None for gateway HTML pages (quirks 6, 7)."""
    if "json" not in response.headers.get("content-type", "").lower():
        return None
    try:
        parsed = json.loads(response.content)
    except ValueError:
        return None
    return parsed if isinstance(parsed, dict) else None
