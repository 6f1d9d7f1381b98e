"""OAuth2 client credentials (§2.2): the document's vectors, caching, refresh, expiry and revocation mid-run."""

from __future__ import annotations

from collections.abc import Callable

import httpx
import pytest

from adapters.hotline12345 import HotlineSimulator, HotlineSource
from adapters.hotline12345.auth import basic_credentials
from santong.errors import AuthError, TransientError
from tests.unit.adapters.hotline12345.helpers import CLIENT_ID, CLIENT_SECRET, run_feed

pytestmark = pytest.mark.timeout(20)
TOKEN = "/yz12345/oauth/token"


def test_basic_header_is_the_documents_vector() -> None:
    assert basic_credentials("santong-yz321081", "Yz12345sT2025kq7VbN3xQ8mR") == (
        "Basic c2FudG9uZy15ejMyMTA4MTpZejEyMzQ1c1QyMDI1a3E3VmJOM3hROG1S")


def test_token_response_has_the_documented_shape(url: str, sim: HotlineSimulator) -> None:
    r = httpx.post(url + TOKEN, data={"grant_type": "client_credentials"},
                   headers={"Authorization": basic_credentials(CLIENT_ID, CLIENT_SECRET)})
    body = r.json()
    assert r.status_code == 200 and r.headers["cache-control"] == "no-store"
    assert body["token_type"] == "Bearer" and body["expires_in"] == 7200 and body["refresh_expires_in"] == 86400
    assert body["access_token"].startswith("at.") and len(body["access_token"]) == 35
    assert body["scope"] == "order.read order.write pii.read dict.read"


def test_token_endpoint_refusals(url: str, sim: HotlineSimulator) -> None:
    """Wrong secret 401 invalid_client; credentials twice, unknown grant, foreign scope, used refresh token: 400."""
    basic = {"Authorization": basic_credentials(CLIENT_ID, CLIENT_SECRET)}
    wrong = httpx.post(url + TOKEN, data={"grant_type": "client_credentials"},
                       headers={"Authorization": basic_credentials(CLIENT_ID, "x" * 25)})
    assert (wrong.status_code, wrong.json()["error"]) == (401, "invalid_client")
    assert wrong.headers["www-authenticate"] == 'Basic realm="yz12345"'
    twice = httpx.post(url + TOKEN, data={"grant_type": "client_credentials", "client_id": CLIENT_ID}, headers=basic)
    assert twice.json()["error"] == "invalid_request"
    assert httpx.post(url + TOKEN, data={"grant_type": "password"}, headers=basic).json()["error"] == "unsupported_grant_type"
    assert httpx.post(url + TOKEN, data={"grant_type": "client_credentials", "scope": "admin"},
                      headers=basic).json()["error"] == "invalid_scope"
    refresh = httpx.post(url + TOKEN, data={"grant_type": "client_credentials"}, headers=basic).json()["refresh_token"]
    first = httpx.post(url + TOKEN, data={"grant_type": "refresh_token", "refresh_token": refresh}, headers=basic)
    again = httpx.post(url + TOKEN, data={"grant_type": "refresh_token", "refresh_token": refresh}, headers=basic)
    assert first.status_code == 200 and (again.status_code, again.json()["error"]) == (400, "invalid_grant")


def test_one_token_serves_a_whole_run(make_source: Callable[..., HotlineSource], sim: HotlineSimulator) -> None:
    source = make_source(page_size=10)
    run_feed(source, sim)
    assert source.client.tokens.issued == 1
    assert [e["what"] for e in sim.journal("token")] == ["issued"]


def test_token_is_refreshed_before_it_expires(make_source: Callable[..., HotlineSource], sim: HotlineSimulator) -> None:
    """Fewer than 300 s left: the adapter refreshes (rotation) instead of letting a call fail."""
    source = make_source(page_size=10)
    source.poll(None)
    sim.advance(7200 - 200)
    source.poll(None)
    assert [e["what"] for e in sim.journal("token")] == ["issued", "refreshed"]
    assert not [e for e in sim.journal("request") if e["status"] == 401]


def test_expired_mid_paging_repeats_the_same_page(make_source: Callable[..., HotlineSource],
                                                  sim: HotlineSimulator) -> None:
    """Quirk 10: 401 40102 on page 2 → refresh → the same cursor again; nothing lost."""
    source = make_source(page_size=10, real_clock=True)  # the adapter cannot foresee the simulated expiry
    page = source.poll(None)
    sim.advance(7300)
    source.poll(page.next_cursor)
    requests = [e for e in sim.journal("request") if e["path"].endswith("/orders/changes")]
    assert [(e["status"], e["code"]) for e in requests] == [(200, "0"), (401, "40102"), (200, "0")]
    assert requests[1]["query"] == requests[2]["query"] and "cursor=" in requests[2]["query"]
    assert [e["what"] for e in sim.journal("token")][-1] == "refreshed"


def test_revoked_by_a_third_token_gets_a_new_one(url: str, make_source: Callable[..., HotlineSource],
                                                 sim: HotlineSimulator) -> None:
    """At most two active tokens: two more grants revoke ours; 40101 → a new grant, same request."""
    source = make_source(page_size=10)
    page = source.poll(None)
    for _ in range(2):
        httpx.post(url + TOKEN, data={"grant_type": "client_credentials"},
                   headers={"Authorization": basic_credentials(CLIENT_ID, CLIENT_SECRET)})
    assert source.poll(page.next_cursor).records
    codes = [e["code"] for e in sim.journal("request") if e["path"].endswith("/orders/changes")]
    assert codes == ["0", "40101", "0"]


def test_wrong_secret_is_an_auth_error(make_source: Callable[..., HotlineSource]) -> None:
    source = make_source(client_secret="WrongSecret2025abcdefgh")
    with pytest.raises(AuthError) as info:
        source.poll(None)
    assert info.value.context["code"] == "invalid_client"


def test_token_slow_down_is_transient_with_retry_after(make_source: Callable[..., HotlineSource], url: str,
                                                       sim: HotlineSimulator) -> None:
    for _ in range(10):
        httpx.post(url + TOKEN, data={"grant_type": "client_credentials", "scope": "order.read"},
                   headers={"Authorization": basic_credentials(CLIENT_ID, CLIENT_SECRET)})
    with pytest.raises(TransientError) as info:
        make_source().poll(None)
    assert info.value.context["code"] == "slow_down" and info.value.retry_after_s is not None
