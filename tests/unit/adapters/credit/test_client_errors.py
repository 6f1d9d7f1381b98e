"""§3.0 error codes → santong's error tree, Retry-After honoured, 4013/4014 re-signed once."""

from __future__ import annotations

import json

import httpx
import pytest
from pydantic import SecretStr

from adapters.credit.client import BatchConflict, CreditClient, CursorExpired, TicketUnknown
from adapters.credit.settings import CreditSettings
from santong.errors import AuthError, ConfigError, PermanentError, TransientError
from tests.unit.adapters.credit.helpers import APP_ID, SECRET

pytestmark = pytest.mark.timeout(10)

SETTINGS = CreditSettings(base_url="http://127.0.0.1:9/xyyz/api", app_id=APP_ID, app_secret=SecretStr(SECRET))


def _client(status: int, code: str, data: object = None, headers: dict[str, str] | None = None) -> CreditClient:
    def handler(request: httpx.Request) -> httpx.Response:
        body = {"code": code, "msg": "x", "requestId": "0" * 32, "data": data}
        return httpx.Response(status, content=json.dumps(body).encode(), headers=headers or {})
    return CreditClient(SETTINGS, transport=httpx.MockTransport(handler))


@pytest.mark.parametrize(("status", "code", "kind"), [
    (400, "4001", PermanentError), (400, "4002", PermanentError), (400, "4003", PermanentError),
    (413, "4004", PermanentError), (400, "4005", PermanentError), (400, "4006", PermanentError),
    (415, "4007", PermanentError), (401, "4011", AuthError), (401, "4012", AuthError), (401, "4015", AuthError),
    (403, "4031", AuthError), (403, "4032", AuthError), (404, "4041", TicketUnknown), (409, "4091", BatchConflict),
    (410, "4101", CursorExpired), (500, "5001", TransientError), (401, "4013", TransientError),
    (401, "4014", TransientError),
])
def test_each_code_maps_to_what_the_caller_can_do(status: int, code: str, kind: type[Exception]) -> None:
    client = _client(status, code, {"oldestSeq": 1000001} if code == "4101" else None)
    with pytest.raises(kind) as info:
        client.call("GET", "/v2/lists/changes", params=[("afterSeq", "0")])
    if code == "4101":
        assert isinstance(info.value, CursorExpired) and info.value.oldest_seq == 1000001
    assert not isinstance(info.value, AuthError) or kind is AuthError


@pytest.mark.parametrize(("status", "code"), [(429, "4291"), (429, "4292"), (503, "5031"), (503, "5032")])
def test_retry_after_is_carried(status: int, code: str) -> None:
    client = _client(status, code, {"retryAfter": 17}, {"Retry-After": "17"})
    with pytest.raises(TransientError) as info:
        client.call("POST", "/v2/sgs/batches", body=b"{}")
    assert info.value.retry_after_s == 17


def test_4013_is_signed_again_once_with_a_fresh_nonce() -> None:
    nonces: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        nonces.append(request.headers["X-XY-Nonce"])
        code = "4013" if len(nonces) == 1 else "0"
        return httpx.Response(401 if code != "0" else 200,
                              json={"code": code, "msg": "", "requestId": "0" * 32, "data": {"ok": 1}})

    client = CreditClient(SETTINGS, transport=httpx.MockTransport(handler))
    assert client.call("GET", "/v2/dict/organs").data == {"ok": 1}
    assert len(nonces) == 2 and nonces[0] != nonces[1]


def test_gateway_page_and_connection_failure_are_transient() -> None:
    page = CreditClient(SETTINGS, transport=httpx.MockTransport(lambda r: httpx.Response(502, text="<html>")))
    with pytest.raises(TransientError):
        page.call("GET", "/v2/dict/organs")

    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("refused", request=request)

    down = CreditClient(SETTINGS, transport=httpx.MockTransport(refuse))
    with pytest.raises(TransientError) as info:
        down.call("GET", "/v2/dict/organs")
    assert isinstance(info.value.__cause__, httpx.ConnectError)


def test_settings_refuse_unknown_keys_and_name_them() -> None:
    with pytest.raises(ConfigError) as info:
        CreditSettings.load({"base_url": "http://h/xyyz/api", "app_id": APP_ID, "app_secret": SECRET, "colour": 1})
    assert "adapters.credit.colour" in str(info.value)
    with pytest.raises(ConfigError, match="app_secret"):
        CreditSettings.load({"base_url": "http://h/xyyz/api", "app_id": APP_ID, "app_secret": "short"})
