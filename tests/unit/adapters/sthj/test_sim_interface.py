"""The simulator's interface: §3.1 check order, every error code with its status, limits, backup, health."""

from __future__ import annotations

import re
from typing import Any

import httpx
import pytest

from adapters.sthj import SimApp
from adapters.sthj.signing import new_nonce, sign
from tests.unit.adapters.sthj.helpers import (
    APP_ID,
    SECRET,
    FakeClock,
    Serve,
    Signed,
    beijing_ms,
    quiet,
)

pytestmark = pytest.mark.timeout(20)

NOW = beijing_ms(2025, 11, 20, 9, 30)
OTHER_APP = "yzhb_0123456789ab"


def code_of(response: httpx.Response) -> int:
    body: dict[str, Any] = response.json()
    return int(body["code"])


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(NOW)


def test_document_vectors_verify_against_the_simulator(serve: Serve, http: httpx.Client) -> None:
    """§2.3 A (literal comma on the wire), B, C and §3.2.3 pass the signature check; A's cursor is foreign."""
    cursor = ("eyJ2IjoyLCJ1IjoxNzYzNDQ2ODA5NzMxLCJyIjoiSEJaRi1DRi0yMDI1LTAwMDExNyIsImYiOiJDT0VSQ0lWRSxJTlNQRUNUSU9OLFB"
              "FTkFMVFkifQ.9e08a9f1a6a9c133")
    cases = [
        (f"/api/v2/records?page_size=200&record_type=INSPECTION,PENALTY,COERCIVE&cursor={cursor}", 1763602212345,
         "5b0e1c7a9d3f48e2a6c4b8d0f2e4a6c8", "bb22b57946068c8248564a48b194bbb3f6e17ac2a83d94e0aec458e147f90a41", 40002),
        ("/api/v2/records/HBZF-CF-2025-000117", 1763602215018, "0c9a4e6f21d84b7f93e5a1c2d7b80f46",
         "8f884abeeb79e1626cbd95807483422ddbde07f48e62a6367ca94dccedb9a940", 40401),
        ("/api/v2/records?since=1761926400000&page_size=100", 1763602210007, "a41f7d2c9e8b4065b3c1d0e9f8a7b6c5",
         "c9e8575dc5332d53b38f6bbc355685f856a9aaffefc6d2f215391df0ea35102f", 0),
        ("/api/v2/records?page_size=2&record_type=INSPECTION&since=1762876800000", 1763517600000,
         "9d41c6a0b2e84f37a1c5d9e3f7b20468", "49de271db581b8948a597c6912d77f273dc9e5c273b599810f08b0f4733128ed", 0),
    ]
    for url, ts, nonce, sig, expected in cases:
        serve(quiet(size=5), clock=FakeClock(ts))
        headers = {"X-App-Id": APP_ID, "X-Timestamp": str(ts), "X-Nonce": nonce, "X-Signature": sig}
        assert code_of(http.get(url, headers=headers)) == expected, url


def test_unknown_path_and_method_come_first(serve: Serve, http: httpx.Client, clock: FakeClock) -> None:
    serve(quiet(backup_enabled=True, backup_start="09:00:00"), clock=clock)  # inside maintenance
    for path in ("/api/v2/records/", "/api/v2/record", "/api/v2/records/HBZF-JC-2025-000001/x", "/api/v1/records"):
        r = http.post(path)
        assert (r.status_code, code_of(r)) == (404, 40402), path
    r = http.post("/api/v2/records")
    assert (r.status_code, code_of(r)) == (405, 40501)
    assert code_of(http.delete("/api/v2/health")) == 40501


def test_backup_window_answers_50301_before_authentication(serve: Serve, http: httpx.Client) -> None:
    """§3.5: at 02:12:30 Retry-After is 1050; during an overrun 60; health stays 200 with MAINTENANCE."""
    clock = FakeClock(beijing_ms(2025, 11, 20, 2, 12, 30))
    serve(quiet(backup_enabled=True, backup_overrun_s=900), clock=clock)
    r = http.get("/api/v2/records")
    assert (r.status_code, code_of(r), r.headers["Retry-After"]) == (503, 50301, "1050")
    health = http.get("/api/v2/health").json()["data"]
    assert health == {"status": "MAINTENANCE", "version": "2.3.1", "server_time": clock.ms,
                      "maintenance_until": beijing_ms(2025, 11, 20, 2, 30)}
    clock.ms = beijing_ms(2025, 11, 20, 2, 35)
    r = http.get("/api/v2/records")
    assert (code_of(r), r.headers["Retry-After"]) == (50301, "60")
    clock.ms = beijing_ms(2025, 11, 20, 2, 45)
    assert code_of(http.get("/api/v2/records")) == 40100


def test_backup_window_placed_across_midnight(serve: Serve, http: httpx.Client) -> None:
    clock = FakeClock(beijing_ms(2025, 11, 20, 0, 10))
    serve(quiet(backup_enabled=True, backup_start="23:50:00", backup_duration_s=3600), clock=clock)
    r = http.get("/api/v2/records")
    assert (code_of(r), r.headers["Retry-After"]) == (50301, "2400")


def test_whitelist_then_headers_then_app(serve: Serve, signed: Signed, clock: FakeClock) -> None:
    apps = (SimApp(ip_whitelist=("10.1.2.3",)), SimApp(app_id=OTHER_APP, enabled=False))
    serve(quiet(apps=apps), clock=clock)
    r = signed("/api/v2/records", ts_ms=clock.ms, headers={"X-Nonce": None})
    assert (r.status_code, code_of(r)) == (403, 40302)
    assert code_of(signed("/api/v2/records", ts_ms=clock.ms, app_id=OTHER_APP)) == 40104


@pytest.mark.parametrize("headers", [
    {"X-Signature": None}, {"X-Timestamp": ""}, {"X-Timestamp": "176360221234"}, {"X-Nonce": "short123456789a"},
    {"X-Nonce": "5b0e1c7a-9d3f-48e2-a6c4-b8d0f2e4a6c8"}, {"X-App-Id": None},
])
def test_missing_or_malformed_signing_headers_40100(serve: Serve, signed: Signed, clock: FakeClock,
                                                    headers: dict[str, Any]) -> None:
    serve(quiet(), clock=clock)
    r = signed("/api/v2/records", ts_ms=clock.ms, app_id="yzhb_000000000000", headers=headers)
    assert (r.status_code, code_of(r)) == (401, 40100)


def test_app_then_clock_then_signature_then_nonce(serve: Serve, signed: Signed, clock: FakeClock) -> None:
    serve(quiet(), clock=clock)
    assert code_of(signed("/api/v2/records", ts_ms=clock.ms - 400_000, app_id=OTHER_APP)) == 40104
    assert code_of(signed("/api/v2/records", ts_ms=clock.ms - 300_001, secret="x" * 32)) == 40102
    assert code_of(signed("/api/v2/records", ts_ms=clock.ms + 300_000)) == 0  # the window's edge is inside
    assert code_of(signed("/api/v2/records", ts_ms=clock.ms, secret="x" * 32)) == 40101
    nonce = new_nonce()
    assert code_of(signed("/api/v2/records", ts_ms=clock.ms, secret="x" * 32, nonce=nonce)) == 40101
    assert code_of(signed("/api/v2/records", ts_ms=clock.ms, nonce=nonce)) == 0  # a failed nonce is not kept
    r = signed("/api/v2/records", [("page_size", "3")], ts_ms=clock.ms + 1, nonce=nonce)
    assert (r.status_code, code_of(r)) == (401, 40103)
    clock.advance(601)
    assert code_of(signed("/api/v2/records", ts_ms=clock.ms, nonce=nonce)) == 0  # forgotten after 600 s


def test_signature_case_insensitive_and_rotated_secrets(serve: Serve, http: httpx.Client, clock: FakeClock) -> None:
    new_secret = "N3wS3cr3tN3wS3cr3tN3wS3cr3tAbCdE"
    serve(quiet(apps=(SimApp(secrets=(SECRET, new_secret)),)), clock=clock)
    for secret in (SECRET, new_secret):
        nonce = new_nonce()
        _, sig = sign(secret, "GET", "/api/v2/records", [], clock.ms, nonce)
        headers = {"x-app-id": APP_ID, "x-timestamp": str(clock.ms), "x-nonce": nonce, "x-signature": sig.upper()}
        assert code_of(http.get("/api/v2/records", headers=headers)) == 0


def test_token_bucket_429_with_retry_after_and_ratelimit_headers(serve: Serve, signed: Signed,
                                                                 clock: FakeClock) -> None:
    serve(quiet(bucket_capacity=2, bucket_refill_per_s=0.25), clock=clock)
    first = signed("/api/v2/records", ts_ms=clock.ms)
    assert (first.headers["X-RateLimit-Limit"], first.headers["X-RateLimit-Remaining"]) == ("0.25", "1")
    assert code_of(signed("/api/v2/records", ts_ms=clock.ms, secret="y" * 32)) == 40101  # unsigned: no token
    assert code_of(signed("/api/v2/records", ts_ms=clock.ms)) == 0
    r = signed("/api/v2/records", ts_ms=clock.ms)
    assert (r.status_code, code_of(r), r.headers["Retry-After"]) == (429, 42901, "4")
    clock.advance(4)
    assert code_of(signed("/api/v2/records", ts_ms=clock.ms)) == 0


def test_daily_quota_42902_until_midnight(serve: Serve, signed: Signed) -> None:
    clock = FakeClock(beijing_ms(2025, 11, 20, 23, 0))
    serve(quiet(daily_quota=2), clock=clock)
    assert [code_of(signed("/api/v2/records", ts_ms=clock.ms)) for _ in range(2)] == [0, 0]
    r = signed("/api/v2/records", ts_ms=clock.ms)
    assert (r.status_code, code_of(r), r.headers["Retry-After"]) == (429, 42902, "3600")
    clock.ms = beijing_ms(2025, 11, 21, 0, 0, 1)
    assert code_of(signed("/api/v2/records", ts_ms=clock.ms)) == 0


def test_grants_40301_before_parameter_errors(serve: Serve, signed: Signed, clock: FakeClock) -> None:
    sim = serve(quiet(apps=(SimApp(grants=("INSPECTION",)),)), clock=clock)
    r = signed("/api/v2/records", [("record_type", "PENALTY"), ("page_size", "0")], ts_ms=clock.ms)
    assert (r.status_code, code_of(r)) == (403, 40301)
    penalty = next(rid for rid in sim.final_versions() if "-CF-" in rid)
    assert code_of(signed(f"/api/v2/records/{penalty}", ts_ms=clock.ms)) == 40301
    default = signed("/api/v2/records", [("page_size", "200")], ts_ms=clock.ms).json()["data"]["records"]
    assert default and {rec["record_type"] for rec in default} == {"INSPECTION"}


@pytest.mark.parametrize("params", [
    [("page_size", "0")], [("page_size", "201")], [("page_size", "1.5")], [("page_size", "")],
    [("since", "-1")], [("since", "abc")], [("record_type", "INSPECTION,OTHER")], [("record_type", "")],
    [("since", "0"), ("cursor", "x")], [("page_size", "2"), ("page_size", "2")],
])
def test_bad_parameters_40001(serve: Serve, signed: Signed, clock: FakeClock, params: list[tuple[str, str]]) -> None:
    serve(quiet(), clock=clock)
    r = signed("/api/v2/records", params, ts_ms=clock.ms)
    assert (r.status_code, code_of(r)) == (400, 40001)


def test_single_record_errors(serve: Serve, signed: Signed, clock: FakeClock) -> None:
    serve(quiet(), clock=clock)
    r = signed("/api/v2/records/HBZF-XX-2025-000001", ts_ms=clock.ms)
    assert (r.status_code, code_of(r)) == (400, 40001)
    r = signed("/api/v2/records/HBZF-JC-2025-999999", ts_ms=clock.ms)
    assert (r.status_code, code_of(r)) == (404, 40401)
    assert r.json() == {"code": 40401, "message": "记录不存在", "data": None}


def test_every_answer_has_request_id_and_exact_content_type(serve: Serve, signed: Signed, http: httpx.Client) -> None:
    serve(quiet())
    for r in (signed("/api/v2/records"), signed("/api/v2/records", secret="z" * 32), http.get("/api/v2/health"),
              http.get("/nowhere")):
        assert re.fullmatch(r"[0-9a-f]{32}", r.headers["X-Request-Id"])
        assert r.headers["Content-Type"] == "application/json;charset=UTF-8"


def test_unknown_parameters_are_ignored_but_signed(serve: Serve, signed: Signed) -> None:
    serve(quiet())
    assert code_of(signed("/api/v2/records", [("foo", "a b+c")])) == 0
    assert code_of(signed("/api/v2/records?foo=1", sign_path="/api/v2/records?foo=1")) == 40101


def test_health_limited_per_ip(serve: Serve, http: httpx.Client, clock: FakeClock) -> None:
    serve(quiet(health_per_s=1.0), clock=clock)
    assert http.get("/api/v2/health").json()["data"]["status"] == "UP"
    r = http.get("/api/v2/health", headers={"X-Signature": "ignored"})
    assert (r.status_code, code_of(r), r.headers["Retry-After"]) == (429, 42901, "1")
    clock.advance(1)
    assert http.get("/api/v2/health").status_code == 200


def test_busy_and_gateway_faults(serve: Serve, signed: Signed, http: httpx.Client) -> None:
    """50302 carries Retry-After 5 and health says DEGRADED; quirk 16 pages are text/html, no code."""
    sim = serve(quiet())
    sim.set_faults(busy_rate=1.0)
    r = signed("/api/v2/records")
    assert (r.status_code, code_of(r), r.headers["Retry-After"]) == (503, 50302, "5")
    assert http.get("/api/v2/health").json()["data"]["status"] == "DEGRADED"
    sim.set_faults(busy_rate=0.0, html_502_rate=1.0)
    r = signed("/api/v2/records")
    assert r.status_code == 502 and r.headers["Content-Type"].startswith("text/html") and "<html>" in r.text
    assert sim.requests()[-1].code is None
    sim.set_faults(html_502_rate=0.0, internal_error_rate=1.0)
    assert (signed("/api/v2/records").status_code, code_of(signed("/api/v2/records"))) == (500, 50001)


def test_control_endpoints(serve: Serve, signed: Signed, http: httpx.Client) -> None:
    sim = serve(quiet(size=40, bad_rate=0.1))
    signed("/api/v2/records")
    assert http.get("/_sim/requests").json()[-1]["status"] == 200
    assert http.get("/_sim/final").json() == sim.final_versions()
    assert set(http.get("/_sim/bad").json()) == set(sim.bad_records())
    assert http.post("/_sim/faults", json={"busy_rate": 0.5}).json()["busy_rate"] == 0.5
    assert http.post("/_sim/faults", json={"no_such_knob": 1}).status_code == 422
    added = http.post("/_sim/records", params={"n": 2}).json()["record_ids"]
    assert len(added) == 2 and http.post(f"/_sim/records/{added[0]}/delete").json()["version"] == 2
    assert http.post(f"/_sim/records/{added[0]}/restore").json()["version"] == 3
