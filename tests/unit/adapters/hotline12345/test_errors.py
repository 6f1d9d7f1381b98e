"""Every §3.10 code, the token errors and transport failures, translated to santong's error tree."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest

from adapters.hotline12345 import CursorRejected, EventConflict, EventRejected, HotlineClient, OrderNotFound
from santong.errors import AuthError, PermanentError, TransientError
from tests.unit.adapters.hotline12345.helpers import settings

pytestmark = pytest.mark.timeout(10)
TOKEN = {"access_token": "at." + "a" * 32, "token_type": "Bearer", "expires_in": 7200,
         "refresh_token": "rt." + "b" * 32, "refresh_expires_in": 86400, "scope": "order.read"}


def client_answering(status: int, code: str, *, headers: dict[str, str] | None = None, data: Any = None,
                     raw: bytes | None = None) -> HotlineClient:
    def handle(request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/oauth/token"):
            return httpx.Response(200, json=TOKEN)
        content = raw if raw is not None else json.dumps(
            {"code": code, "message": "x", "requestId": "r1", "data": data}).encode()
        return httpx.Response(status, content=content, headers={"content-type": "application/json", **(headers or {})})

    return HotlineClient(settings("http://127.0.0.1:1"), transport=httpx.MockTransport(handle), sleep=lambda s: None)


@pytest.mark.parametrize(("status", "code", "error", "retry_after"), [
    (400, "40001", PermanentError, None), (400, "40002", PermanentError, None), (400, "40003", CursorRejected, None),
    (400, "40004", PermanentError, None), (400, "40005", PermanentError, None), (401, "40101", AuthError, None),
    (401, "40102", AuthError, None), (403, "40301", AuthError, None), (403, "40302", AuthError, None),
    (403, "40303", AuthError, None), (404, "40401", OrderNotFound, None), (404, "40402", PermanentError, None),
    (409, "40901", EventConflict, None), (409, "40902", EventConflict, None), (409, "40903", TransientError, None),
    (409, "40904", TransientError, 1.0), (422, "42201", EventRejected, None), (422, "42202", EventRejected, None),
    (422, "42203", EventRejected, None), (422, "42204", EventRejected, None), (422, "42205", EventRejected, None),
    (422, "42206", EventRejected, None), (429, "42901", TransientError, 17.0), (500, "50001", TransientError, None),
    (503, "50301", TransientError, 60.0),
])
def test_code_maps_to_error(status: int, code: str, error: type[Exception], retry_after: float | None) -> None:
    wait = {"Retry-After": str(int(retry_after))} if retry_after and code != "40904" else {}
    client = client_answering(status, code, headers=wait)
    with pytest.raises(error) as info:
        client.get("/orders/changes")
    assert info.value.context["code"] == code  # type: ignore[attr-defined]
    if isinstance(info.value, TransientError):
        assert info.value.retry_after_s == retry_after
    if isinstance(info.value, AuthError):
        assert not isinstance(info.value, TransientError)


def test_conflict_carries_the_current_state() -> None:
    current = {"orderNo": "YZ12345-20251104-000207", "currentStatus": "20", "currentDispatchSeq": 2,
               "currentUnitCode": "3210810012", "version": 880014980}
    client = client_answering(409, "40902", data=current)
    with pytest.raises(EventConflict) as info:
        client.post_event("YZ12345-20251104-000207", "sign", {"dispatchSeq": 1}, "YZ12345-20251104-000207:1:SIGN:1")
    assert info.value.current["currentDispatchSeq"] == 2


def test_rejection_carries_field_errors() -> None:
    errors = [{"field": "replyText", "code": "LENGTH", "message": "答复内容不少于20个字"}]
    client = client_answering(422, "42202", data={"errors": errors})
    with pytest.raises(EventRejected) as info:
        client.post_event("YZ12345-20251103-000123", "feedback", {}, "k-12345678")
    assert info.value.errors == errors


@pytest.mark.parametrize(("status", "error"), [(502, TransientError), (504, TransientError), (403, AuthError),
                                               (404, PermanentError)])
def test_non_envelope_answers(status: int, error: type[Exception]) -> None:
    client = client_answering(status, "", raw=b"<html>gateway</html>")
    with pytest.raises(error):
        client.get("/orders/changes")


def test_connection_refused_is_transient() -> None:
    client = HotlineClient(settings("http://127.0.0.1:9"))
    with pytest.raises(TransientError):
        client.get("/orders/changes")
    client.close()


def test_busy_order_is_retried_once_with_the_same_key() -> None:
    keys: list[str] = []

    def handle(request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/oauth/token"):
            return httpx.Response(200, json=TOKEN)
        keys.append(request.headers["idempotency-key"])
        code = "40904" if len(keys) == 1 else "0"
        return httpx.Response(409 if code != "0" else 200, json={"code": code, "message": "", "requestId": "r",
                                                                 "data": {"status": "30"}})

    client = HotlineClient(settings("http://127.0.0.1:1"), transport=httpx.MockTransport(handle), sleep=lambda s: None)
    assert client.post_event("YZ12345-20251103-000123", "sign", {}, "YZ12345-20251103-000123:1:SIGN:1").data == {
        "status": "30"}
    assert keys == ["YZ12345-20251103-000123:1:SIGN:1"] * 2
