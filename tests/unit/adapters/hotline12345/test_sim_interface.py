"""The simulator's interface rules a client meets directly (§2.1, §3.1–§3.4, §3.7, §3.9)."""

from __future__ import annotations

from collections.abc import Callable

import httpx
import pytest

from adapters.hotline12345 import HotlineSimulator, HotlineSource, idempotency_key
from adapters.hotline12345.auth import basic_credentials
from santong.errors import AuthError, ConfigError, PermanentError, TransientError
from tests.unit.adapters.hotline12345.helpers import CLIENT_ID, CLIENT_SECRET

pytestmark = pytest.mark.timeout(20)
API = "/yz12345/openapi/v1"


@pytest.fixture
def bearer(url: str, sim: HotlineSimulator) -> dict[str, str]:
    token = httpx.post(url + "/yz12345/oauth/token", data={"grant_type": "client_credentials"},
                       headers={"Authorization": basic_credentials(CLIENT_ID, CLIENT_SECRET)}).json()["access_token"]
    return {"Authorization": f"Bearer {token}"}


def test_envelope_request_id_and_rate_headers(url: str, bearer: dict[str, str]) -> None:
    r = httpx.get(url + API + "/orders/changes", params={"limit": "2"}, headers=bearer | {"X-Request-Id": "abc-123"})
    body = r.json()
    assert (body["code"], body["message"], body["requestId"]) == ("0", "成功", "abc-123")
    assert r.headers["x-ratelimit-limit"] == "30" and r.headers["x-ratelimit-remaining"] == "29"
    assert len(httpx.get(url + API + "/orders/changes", headers=bearer).json()["requestId"]) == 32


@pytest.mark.parametrize(("params", "status", "code"), [
    ({"limit": "0"}, 400, "40002"), ({"limit": "101"}, 400, "40002"), ({"cursor": "c1_bogus"}, 400, "40003"),
    ({"since": "2025-11-03T09:00:00"}, 400, "40002"), ({"unitCode": "3210819999"}, 403, "40301"),
])
def test_feed_parameter_errors(url: str, bearer: dict[str, str], params: dict[str, str], status: int, code: str) -> None:
    r = httpx.get(url + API + "/orders/changes", params=params, headers=bearer)
    assert (r.status_code, r.json()["code"], r.json()["data"]) == (status, code, None)


def test_missing_token_and_scope(url: str, sim: HotlineSimulator) -> None:
    r = httpx.get(url + API + "/orders/changes")
    assert (r.status_code, r.json()["code"]) == (401, "40101")
    assert r.headers["www-authenticate"] == 'Bearer realm="yz12345", error="invalid_token"'


def test_detail_errors(make_source: Callable[..., HotlineSource]) -> None:
    source = make_source()
    with pytest.raises(PermanentError) as info:
        source.order("YZ12345-20251103-999999")
    assert info.value.context["code"] == "40401"
    with pytest.raises(AuthError):
        source.client.order("YZ12345-20251103-000123", "3210819999")


def test_maintenance_is_transient_with_retry_after(make_source: Callable[..., HotlineSource],
                                                   sim: HotlineSimulator) -> None:
    sim.set_knobs(maintenance=True)
    with pytest.raises(TransientError) as info:
        make_source().poll(None)
    assert (info.value.context["code"], info.value.retry_after_s) == ("50301", 60.0)
    sim.set_knobs(maintenance=False)
    sim.set_clock("2025-11-04 01:35:00")  # the daily window 01:30–01:45
    with pytest.raises(TransientError) as info:
        make_source().poll(None)
    assert info.value.retry_after_s == 600.0


def test_attachment_links_expire(make_source: Callable[..., HotlineSource], sim: HotlineSimulator) -> None:
    """Quirk 16: a link works for 2 hours from the response that carried it; a re-read gives a fresh one."""
    source = make_source()
    url = source.order("YZ12345-20251103-000123").payload["attachments"][0]["url"]
    assert httpx.get(url).status_code == 200
    sim.advance(7201)
    expired = httpx.get(url)
    assert (expired.status_code, expired.json()["code"]) == (403, "40303")
    assert httpx.get(source.order("YZ12345-20251103-000123").payload["attachments"][0]["url"]).status_code == 200


def test_dicts(make_source: Callable[..., HotlineSource]) -> None:
    client = make_source().client
    items = client.get("/dicts/APPEAL_TYPE")["items"]
    assert {i["code"]: i["name"] for i in items}["03"] == "投诉"
    with pytest.raises(PermanentError) as info:
        client.get("/dicts/NOPE")
    assert info.value.context["code"] == "40402"


def test_seeded_data_is_realistic_and_spread(sim: HotlineSimulator) -> None:
    from adapters.sthj.identifiers import id_number_valid, uscc_valid

    sim.reset(orders=200)
    views = [v for o in sim.store.orders.values() for v in o.views.values()]
    assert {v["status"] for v in views} == {"20", "30", "32", "40", "50", "60", "80", "90"}
    bad = sim.bad_records()
    for v in views:
        a, obj = v["appellant"], v["reportedObject"]
        if v["orderNo"] in bad:
            continue
        if a["idNo"] and len(a["idNo"]) == 18 and "*" not in a["idNo"]:
            assert id_number_valid(a["idNo"]) and a["idNo"][:6] in ("321081", "321002")
        if obj and obj["objUscc"]:
            assert uscc_valid(obj["objUscc"]) and obj["objUscc"][:8] in ("91321081", "92321081")
        assert v["eventAddress"].startswith("仪征市")
    share = sum(v["appealType"] in ("03", "04") for v in views) / len(views)
    assert 0.3 < share < 0.55


def test_idempotency_key_is_deterministic() -> None:
    key = idempotency_key("YZ12345-20251103-000123", 1, "sign", "9f2c41d0-aa77-4c1b-8e0f-12ab34cd56ef")
    assert key == "YZ12345-20251103-000123:1:SIGN:9f2c41d0aa774c1b"
    with pytest.raises(ConfigError):
        idempotency_key("YZ12345-20251103-000123", 1, "sign", "--")
