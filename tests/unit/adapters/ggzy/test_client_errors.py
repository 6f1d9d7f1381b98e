"""Every §3.5 code maps to what the node must do; transport quirks are transient; 2003/2004 re-sign once."""

from __future__ import annotations

import json

import httpx
import pytest
from pydantic import SecretStr

from adapters.ggzy import GgzySettings, GgzySource
from adapters.ggzy.client import GgzyClient, RecordNotFound, RequestRejected
from adapters.ggzy.wire import ERRORS
from santong.errors import AuthError, ConfigError, PermanentError, TransientError
from tests.unit.adapters.ggzy.helpers import DOC_NOW_MS, KEY, SECRET

pytestmark = pytest.mark.timeout(30)

EXPECTED: dict[str, type[Exception]] = {
    "1001": RequestRejected, "1002": RequestRejected, "1003": RequestRejected, "1004": RequestRejected,
    "1005": RequestRejected, "2000": AuthError, "2001": AuthError, "2002": AuthError, "2003": AuthError,
    "2004": TransientError, "2005": RequestRejected, "2006": AuthError, "3001": TransientError, "3002": TransientError,
    "4004": RecordNotFound, "4040": RequestRejected, "4050": RequestRejected, "5000": TransientError,
    "5003": TransientError,
}


def _settings() -> GgzySettings:
    return GgzySettings(base_url="http://127.0.0.1:9/ggzy/api/v2", app_key=KEY, app_secret=SecretStr(SECRET))


def _answer(code: str, *, retry_after: str | None = None, server_time: str = "20251219093015") -> httpx.Response:
    status = ERRORS[code][0] if code != "0000" else 200
    body = {"code": code, "msg": "x", "requestId": "0" * 32, "serverTime": server_time,
            "data": {"version": "2.3.0"} if code == "0000" else None}
    headers = {"Retry-After": retry_after} if retry_after else {}
    return httpx.Response(status, content=json.dumps(body).encode(), headers=headers)


def test_every_error_code_of_the_table_is_classified() -> None:
    assert set(EXPECTED) == set(ERRORS)
    for code, expected in EXPECTED.items():
        client = GgzyClient(_settings(), transport=httpx.MockTransport(lambda r, c=code: _answer(c, retry_after="7")))
        with pytest.raises(expected) as info:
            client.get("/deals", [("dataType", "WIN_RESULT")])
        if expected is TransientError:
            assert info.value.retry_after_s == 7, code  # type: ignore[attr-defined]
        assert isinstance(info.value, (TransientError, PermanentError))
        client.close()


def test_retry_after_seconds_are_carried_for_429_and_503() -> None:
    for code, after in (("3001", "1"), ("3002", "52185"), ("5003", "300")):
        client = GgzyClient(_settings(), transport=httpx.MockTransport(lambda r, c=code, a=after: _answer(c, retry_after=a)))
        with pytest.raises(TransientError) as info:
            client.get("/deals")
        assert info.value.retry_after_s == int(after)


def test_truncated_json_with_http_200_is_transient_never_half_read() -> None:
    body = _answer("0000").content[:20]
    client = GgzyClient(_settings(), transport=httpx.MockTransport(lambda r: httpx.Response(200, content=body)))
    with pytest.raises(TransientError):
        client.get("/deals")


def test_timeouts_and_refused_connections_are_transient() -> None:
    def hang(request: httpx.Request) -> httpx.Response:
        raise httpx.ReadTimeout("slow", request=request)

    with pytest.raises(TransientError):
        GgzyClient(_settings(), transport=httpx.MockTransport(hang)).get("/deals")
    calls: list[int] = []

    def refuse(request: httpx.Request) -> httpx.Response:
        calls.append(1)
        raise httpx.ConnectError("refused", request=request)

    with pytest.raises(TransientError):
        GgzyClient(_settings(), transport=httpx.MockTransport(refuse), sleep=lambda s: None).get("/deals")
    assert len(calls) == 3  # max_attempts, only for connections never made


def test_2003_resyncs_the_clock_from_ping_and_signs_again() -> None:
    """A node whose clock is 10 minutes fast measures the offset from /ping and succeeds on its second try."""
    seen: list[int] = []

    def server(request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/ping"):
            return _answer("0000")
        seen.append(int(request.headers["X-Timestamp"]))
        if abs(int(request.headers["X-Timestamp"]) - DOC_NOW_MS) > 300_000:
            return _answer("2003")
        return httpx.Response(200, content=json.dumps({"code": "0000", "msg": "成功", "data": {"ok": 1}}).encode())

    client = GgzyClient(_settings(), transport=httpx.MockTransport(server), clock=lambda: DOC_NOW_MS / 1000 + 600)
    assert client.get("/deals") == {"ok": 1}
    assert len(seen) == 2 and abs(seen[1] - DOC_NOW_MS) <= 1000


def test_2004_is_retried_once_with_a_fresh_nonce() -> None:
    nonces: list[str] = []

    def server(request: httpx.Request) -> httpx.Response:
        nonces.append(request.headers["X-Nonce"])
        if len(nonces) == 1:
            return _answer("2004")
        return httpx.Response(200, content=b'{"code":"0000","msg":"ok","data":1}')

    assert GgzyClient(_settings(), transport=httpx.MockTransport(server)).get("/deals") == 1
    assert len(set(nonces)) == 2


def test_a_page_whose_count_disagrees_with_its_records_is_read_again() -> None:
    page = {"code": "0000", "msg": "成功", "data": {"dataType": "TENDER_PROJECT", "pageSize": 100, "count": 2,
                                                   "hasMore": False, "nextSince": "20250101000000", "nextSinceId": "",
                                                   "watermark": "20251219092815", "records": []}}
    source = GgzySource(_settings(), transport=httpx.MockTransport(lambda r: httpx.Response(200, json=page)))
    with pytest.raises(TransientError):
        source.poll(None)


def test_settings_refuse_unknown_keys_and_name_them() -> None:
    with pytest.raises(ConfigError, match=r"sources\.ggzy\.page_size"):
        GgzySettings.load({"base_url": "http://h/ggzy/api/v2", "app_key": KEY, "app_secret": SECRET, "page_size": 101})
    with pytest.raises(ConfigError, match=r"sources\.ggzy\.colour"):
        GgzySettings.load({"base_url": "http://h/ggzy/api/v2", "app_key": KEY, "app_secret": SECRET, "colour": 1})
    with pytest.raises(ConfigError):
        GgzySource(_settings()).poll("not json")
