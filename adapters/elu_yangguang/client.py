"""One APPKEY's session with e路阳光: tokens (§2), POSTed XML documents, every answer translated.

    client = EluClient(settings)                     # transport= for tests, clock= for a fixed clock
    answer = client.query("/xm/query", {"XZQHDM": "321081", "GXSJQ": …, "GXSJZ": …, "PAGENO": "1"})
    answer.root                                      # lxml RESPONSE element (CODE 0000)
    client.server_now()                              # our best estimate of the server clock (epoch s)

Tokens: fetched on first use, refreshed when less than ``refresh_margin_s`` of life remain; on 1002
(HTTP 200, quirk 12) refreshed once and the request repeated; on 1001/1003 and on a dead refresh
token (1008) a new token is requested.  1006 re-measures the clock offset from SERVERTIME and
1007 draws a new NONCE, each once.  A malformed 200 answer (quirks 2 and 15) is repeated up to
``max_attempts`` times.  What remains is raised: ``TransientError`` (3001–3003, 9001, 9999,
gateway 502/504, timeouts; with ``retry_after_s`` from ``Retry-After``), ``AuthError``
(1004, 1005, 1009, persistent 1001/1003), ``PermanentError`` (2001–2005, 404/405, a DTD).
"""

from __future__ import annotations

from typing import Any

import time
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass

import httpx
from lxml import etree

from adapters.elu_yangguang.auth import auth_document, query_document, refresh_document
from adapters.elu_yangguang.settings import EluSettings
from adapters.elu_yangguang.wire import AUTH_PATH, REFRESH_PATH, parse_dt
from adapters.elu_yangguang.xmlsafe import MalformedXml, UnsafeXml, parse_body, text_of
from santong.errors import AuthError, PermanentError, SantongError, TransientError

__all__ = ["Answer", "EluClient"]

SOURCE = "elu-yangguang"
_TRANSIENT = {"3001", "3002", "3003", "9001", "9999"}
_AUTH = {"1001", "1003", "1004", "1005", "1008", "1009"}
_CONTENT_TYPE = "application/xml; charset=UTF-8"


@dataclass(frozen=True)
class Answer:
    """A CODE 0000 answer: its ``RESPONSE`` element and its SERVERTIME (epoch seconds)."""

    root: etree._Element
    server_time_s: float


@dataclass
class _Tokens:
    token: str
    expires_at: float
    refresh: str
    refresh_expires_at: float


class _Refused(Exception):
    """An XML answer with a CODE other than 0000 (internal: turned into a santong error or handled)."""

    def __init__(self, code: str, message: str, response: httpx.Response) -> None:
        super().__init__(code)
        self.code, self.message, self.response = code, message, response


def _retry_after(response: httpx.Response) -> float | None:
    value = response.headers.get("retry-after", "").strip()
    return float(value) if value.isdigit() else None


class EluClient:
    """Not thread-safe: one client per source (the interface allows only 2 requests in flight)."""

    def __init__(self, settings: EluSettings, *, transport: httpx.BaseTransport | None = None,
                 clock: Callable[[], float] = time.time, sleep: Callable[[float], None] = time.sleep) -> None:
        self.settings = settings
        self._clock, self._sleep = clock, sleep
        self._secret = settings.appsecret.get_secret_value()
        self._base = settings.base_url.rstrip("/")
        self._tokens: _Tokens | None = None
        self.offset_s = 0.0  # server clock − our clock, from the latest SERVERTIME
        self._http = httpx.Client(transport=transport, headers={"Content-Type": _CONTENT_TYPE},
                                  timeout=httpx.Timeout(settings.read_timeout_s, connect=settings.connect_timeout_s))

    def close(self) -> None:
        self._http.close()

    def server_now(self) -> float:
        """The server's clock as last measured (SERVERTIME of the latest answer), in epoch seconds."""
        return self._clock() + self.offset_s

    # -- operations ------------------------------------------------------------------------
    def query(self, path: str, params: Mapping[str, str]) -> Answer:
        """A ``*/query`` operation with a valid token; see the module docstring for what is retried."""
        body = query_document(params)
        refreshed = renewed = False
        while True:
            token = self._token()
            try:
                return self._call(path, body, token)
            except _Refused as refused:
                if refused.code == "1002" and not refreshed:
                    refreshed = True
                    self._renew(expired=True)
                    continue
                if refused.code in ("1001", "1003") and not renewed:
                    renewed = True
                    self._tokens = None
                    continue
                raise self._error(refused) from None

    def token(self) -> str:
        """The current access token (fetched or refreshed as needed)."""
        return self._token()

    # -- tokens ----------------------------------------------------------------------------
    def _token(self) -> str:
        now = self._clock()
        t = self._tokens
        if t is None:
            self._new_token()
        elif t.expires_at - now < self.settings.refresh_margin_s:
            self._renew(expired=t.expires_at <= now)
        assert self._tokens is not None
        return self._tokens.token

    def _renew(self, *, expired: bool) -> None:
        t = self._tokens
        if t is None or t.refresh_expires_at <= self._clock():
            self._new_token()
            return
        try:
            answer = self._call(REFRESH_PATH, refresh_document(self.settings.appkey, t.refresh), None)
        except _Refused as refused:
            if refused.code == "1008":  # used, expired or unknown: start over with /auth/token
                self._new_token()
                return
            raise self._error(refused) from None
        self._store(answer)

    def _new_token(self) -> None:
        synced = renonced = False
        while True:
            document = auth_document(self.settings.appkey, self._secret, self._clock() + self.offset_s)
            try:
                answer = self._call(AUTH_PATH, document, None)
            except _Refused as refused:
                if refused.code == "1006" and not synced:
                    synced = True  # _call measured the offset from this answer's SERVERTIME
                    continue
                if refused.code == "1007" and not renonced:
                    renonced = True
                    continue
                raise self._error(refused) from None
            self._store(answer)
            return

    def _store(self, answer: Answer) -> None:
        body = answer.root.find("BODY")
        values = {tag: text_of(body, tag) if body is not None else None
                  for tag in ("TOKEN", "EXPIRESIN", "REFRESHTOKEN", "REFRESHEXPIRESIN")}
        if any(v is None for v in values.values()) or not str(values["EXPIRESIN"]).isdigit():
            raise TransientError("e路阳光 token answer without TOKEN/EXPIRESIN", source=SOURCE)
        now = self._clock()
        self._tokens = _Tokens(str(values["TOKEN"]), now + int(str(values["EXPIRESIN"])),
                               str(values["REFRESHTOKEN"]), now + int(str(values["REFRESHEXPIRESIN"] or "0")))

    # -- one exchange ---------------------------------------------------------------------
    def _call(self, path: str, body: bytes, token: str | None) -> Answer:
        """POST ``body``; the CODE 0000 answer, ``_Refused`` for another CODE, or a santong error."""
        for attempt in range(1, self.settings.max_attempts + 1):
            response = self._send(path, body, token)
            try:
                root = self._read(response)
            except MalformedXml as exc:  # quirk 15: repeat, never advance on it
                if attempt == self.settings.max_attempts:
                    raise TransientError("e路阳光 answered malformed XML", source=SOURCE, path=path,
                                         status=response.status_code) from exc
                continue
            head = root.find("HEAD")
            code = text_of(head, "CODE") if head is not None else None
            server_time = text_of(head, "SERVERTIME") if head is not None else None
            if code is None or server_time is None:
                raise TransientError("e路阳光 answer without HEAD/CODE", source=SOURCE, path=path,
                                     status=response.status_code)
            try:
                server_s = parse_dt(server_time).timestamp()
                self.offset_s = server_s - self._clock()
            except ValueError:
                server_s = self.server_now()
            if code != "0000":
                raise _Refused(code, text_of(head, "MSG") or "", response)
            return Answer(root, server_s)
        raise AssertionError("unreachable")  # pragma: no cover

    def _send(self, path: str, body: bytes, token: str | None) -> httpx.Response:
        headers = {"X-Request-Id": uuid.uuid4().hex}
        if token is not None:
            headers["Authorization"] = f"Token {token}"
        for attempt in range(1, self.settings.max_attempts + 1):
            try:
                return self._http.post(self._base + path, content=body, headers=headers)
            except httpx.ConnectError as exc:  # never reached the server: cheap to try again
                if attempt == self.settings.max_attempts:
                    raise TransientError("e路阳光 unreachable", source=SOURCE, path=path) from exc
                self._sleep(0.1 * attempt)
            except httpx.TimeoutException as exc:
                raise TransientError("e路阳光 timed out", source=SOURCE, path=path) from exc
            except httpx.HTTPError as exc:
                raise TransientError("e路阳光 transport failure", source=SOURCE, path=path,
                                     cause=type(exc).__name__) from exc
        raise AssertionError("unreachable")  # pragma: no cover

    def _read(self, response: httpx.Response) -> etree._Element:
        """The RESPONSE element; gateway pages (HTML) are classed by their status and never parsed."""
        status, content = response.status_code, response.content
        context = {"source": SOURCE, "status": status}
        if not content.lstrip().startswith(b"<?xml") and not content.lstrip().startswith(b"<RESPONSE"):
            if status in (401, 403):
                raise AuthError(f"e路阳光 gateway refused (HTTP {status})", **context)
            if status >= 500 or status in (200, 408, 429):
                raise TransientError(f"e路阳光 gateway answer HTTP {status}", retry_after_s=_retry_after(response),
                                     **context)
            raise PermanentError(f"e路阳光 gateway answer HTTP {status}", **context)
        try:
            root = parse_body(content)
        except UnsafeXml as exc:
            raise PermanentError(f"e路阳光 answer refused: {exc}", **context) from exc
        if root.tag != "RESPONSE":
            raise MalformedXml(f"root element {root.tag!r}, not RESPONSE")
        return root

    def _error(self, refused: _Refused) -> SantongError:
        code, response = refused.code, refused.response
        message = f"e路阳光 {code}: {refused.message}"
        context: dict[str, Any] = {"source": SOURCE, "status": response.status_code, "code": code}
        if code in _TRANSIENT or response.status_code >= 500 or response.status_code == 429:
            return TransientError(message, retry_after_s=_retry_after(response), **context)
        if code in ("1006", "1007"):  # clock or nonce trouble that a retry did not cure
            return TransientError(message, **context)
        if code in _AUTH or code == "1002":
            return AuthError(message, **context)
        return PermanentError(message, **context)
