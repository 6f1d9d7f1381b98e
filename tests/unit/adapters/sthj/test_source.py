"""SthjSource against the running simulator: a full paging run under churn, error translation, resumption."""

from __future__ import annotations

import itertools
import json
import time
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import httpx
import pytest
from pydantic import SecretStr

from adapters.base import Page
from adapters.simserver import free_port
from adapters.sthj import QuirkRates, SimApp, SthjSettings, SthjSource
from santong.errors import AuthError, ConfigError, PermanentError, TransientError
from tests.unit.adapters.sthj.helpers import (
    APP_ID,
    SECRET,
    FakeClock,
    Serve,
    beijing_ms,
    quiet,
)

pytestmark = pytest.mark.timeout(60)

MakeSource = Callable[..., SthjSource]


class Hub:
    """What the hub does with pages: apply a record only if its version is higher (§3.2.2 rule 5)."""

    def __init__(self) -> None:
        self.applied: dict[str, int] = {}
        self.applied_pairs: list[tuple[str, int]] = []
        self.delivered = 0
        self.cursor: str | None = None

    def take(self, page: Page) -> None:
        pairs = [(r.source_id, int(r.source_version)) for r in page.records]
        assert len(pairs) == len(set(pairs)), "the adapter returned a duplicate within one page"
        for record in page.records:
            assert record.changed_at_ms == record.payload["updated_at"]
            assert record.kind == record.payload["record_type"]
        self.delivered += len(pairs)
        for rid, version in pairs:
            if version > self.applied.get(rid, 0):
                self.applied[rid] = version
                self.applied_pairs.append((rid, version))
        self.cursor = page.next_cursor

    def run(self, source: SthjSource, max_polls: int = 2000) -> int:
        """Poll until caught up; returns the number of polls."""
        for polls in range(1, max_polls + 1):
            page = source.poll(self.cursor)
            self.take(page)
            if not page.has_more:
                return polls
        raise AssertionError("never caught up")


def test_full_paging_run_under_churn_loses_nothing_and_applies_each_version_once(serve: Serve,
                                                                                 make_source: MakeSource) -> None:
    sim = serve(quiet(size=1500))
    sim.set_churn(inserts=3, updates=8, deletes=1, restores=0.5, unit="request", boundary_repeat_rate=0.3)
    source = make_source(page_size=50)
    hub = Hub()
    polls = hub.run(source)
    sim.set_churn(inserts=0, updates=0, deletes=0, restores=0)
    time.sleep(0.01)
    hub.run(source)
    final = sim.final_versions(APP_ID)
    assert hub.applied == final  # the latest version of every record, nothing lost
    assert len(hub.applied_pairs) == len(set(hub.applied_pairs))
    assert len(final) > 1500 + polls  # inserts happened while paging
    answered = [r for r in sim.requests() if r.path == "/api/v2/records" and r.status == 200]
    served = sum(len(r.records) for r in answered)
    repeats = sum(1 for a, b in itertools.pairwise(answered) if a.records and b.records and b.records[0] == a.records[-1])
    assert repeats > 5 and hub.delivered <= served - repeats  # quirk 11b repeats were dropped by the adapter
    assert all(r.app_id == APP_ID for r in answered) and len({r.nonce for r in answered}) == len(answered)


def test_deleted_and_restored_records_arrive_in_order(serve: Serve, make_source: MakeSource) -> None:
    sim = serve(quiet(size=30, quirks=QuirkRates(restricted=0)))
    hub = Hub()
    hub.run(make_source())
    rid = next(iter(sim.final_versions()))
    stone = sim.delete_record(rid)
    time.sleep(0.002)
    hub.run(make_source())
    assert hub.applied[rid] == stone and sim.record(rid)["deleted"] is True  # type: ignore[index]
    restored = sim.restore_record(rid)
    time.sleep(0.002)
    page = make_source().poll(hub.cursor)
    assert [(r.source_id, r.source_version, r.payload["deleted"]) for r in page.records] == [(rid, str(restored), False)]


def test_503_busy_is_transient_with_retry_after(serve: Serve, make_source: MakeSource) -> None:
    sim = serve(quiet())
    sim.set_faults(busy_rate=1.0, busy_retry_after_s=7)
    with pytest.raises(TransientError) as info:
        make_source().poll(None)
    assert info.value.retry_after_s == 7 and info.value.context["code"] == 50302


@pytest.mark.parametrize("knob,status", [("html_502_rate", 502), ("html_504_rate", 504)])
def test_gateway_html_pages_are_transient_and_not_parsed(serve: Serve, make_source: MakeSource, knob: str,
                                                        status: int) -> None:
    sim = serve(quiet())
    sim.set_faults(**{knob: 1.0})
    with pytest.raises(TransientError) as info:
        make_source().poll(None)
    assert info.value.context["status"] == status and "text/html" in str(info.value)


def test_rate_limit_and_backup_window_are_transient(serve: Serve, make_source: MakeSource) -> None:
    clock = FakeClock(beijing_ms(2025, 11, 20, 2, 12, 30))
    serve(quiet(backup_enabled=True), clock=clock)
    with pytest.raises(TransientError) as info:
        make_source(clock=clock).poll(None)
    assert info.value.retry_after_s == 1050
    clock.ms = beijing_ms(2025, 11, 20, 9, 0)
    serve(quiet(bucket_capacity=1, bucket_refill_per_s=0.5), clock=clock)
    source = make_source(clock=clock, page_size=5)
    page = source.poll(None)
    with pytest.raises(TransientError) as info:
        source.poll(page.next_cursor)
    assert info.value.retry_after_s == 2 and info.value.context["code"] == 42901


def test_hanging_response_times_out_as_transient(serve: Serve, make_source: MakeSource) -> None:
    sim = serve(quiet())
    sim.set_faults(hang_rate=1.0, hang_s=1.0)
    started = time.monotonic()
    with pytest.raises(TransientError) as info:
        make_source(read_timeout_s=0.3).poll(None)
    assert time.monotonic() - started < 0.9 and isinstance(info.value.__cause__, httpx.TimeoutException)


def test_connection_refused_is_transient_after_cheap_retries() -> None:
    settings = SthjSettings(base_url=f"http://127.0.0.1:{free_port()}", app_id=APP_ID, app_secret=SecretStr(SECRET),
                            max_attempts=2, retry_backoff_ms=0)
    source = SthjSource(settings)
    try:
        with pytest.raises(TransientError) as info:
            source.poll(None)
    finally:
        source.close()
    assert info.value.context["attempts"] == 2 and isinstance(info.value.__cause__, httpx.ConnectError)


def test_invalid_cursor_restarts_with_since_of_last_applied(serve: Serve, make_source: MakeSource) -> None:
    """§3.2.4: after 40002 the adapter restarts at the last applied updated_at (not +1), transparently."""
    config = quiet(size=400, cursor_key="first")
    sim = serve(config)
    hub = Hub()
    for _ in range(3):
        hub.take(make_source(page_size=50).poll(hub.cursor))
    last_u = json.loads(hub.cursor or "")["u"]
    sim = serve(config.model_copy(update={"cursor_key": "rotated"}))  # same data, cursors no longer verify
    hub.run(make_source(page_size=50))
    codes = [(r.code, dict(r.params)) for r in sim.requests()]
    assert codes[0][0] == 40002 and codes[1] == (0, {"page_size": "50", "record_type": "INSPECTION,PENALTY,COERCIVE",
                                                     "since": str(last_u)})
    assert hub.applied == sim.final_versions(APP_ID)


def test_expired_cursor_restarts_with_since(serve: Serve, make_source: MakeSource) -> None:
    clock = FakeClock(beijing_ms(2025, 11, 20, 9, 0))
    sim = serve(quiet(size=100, cursor_ttl_s=60), clock=clock)
    page = make_source(clock=clock, page_size=30).poll(None)
    clock.advance(61)
    make_source(clock=clock, page_size=30).poll(page.next_cursor)
    assert [r.code for r in sim.requests()] == [0, 41001, 0] and "since" in dict(sim.requests()[-1].params)


def test_clock_skew_is_measured_from_health_and_retried_once(serve: Serve, make_source: MakeSource) -> None:
    server_clock = FakeClock(beijing_ms(2025, 11, 20, 9, 0))
    sim = serve(quiet(health_per_s=1.0), clock=server_clock)
    behind = FakeClock(server_clock.ms - 600_000)
    page = make_source(clock=behind).poll(None)
    assert page.records and [r.code for r in sim.requests()] == [40102, 0, 0]
    assert [r.path for r in sim.requests()][1] == "/api/v2/health"


def _mock_source(handler: Callable[[httpx.Request], httpx.Response]) -> SthjSource:
    settings = SthjSettings(base_url="http://sthj.test", app_id=APP_ID, app_secret=SecretStr(SECRET))
    return SthjSource(settings, transport=httpx.MockTransport(handler))


def _envelope(status: int, code: int, data: Any = None) -> httpx.Response:
    return httpx.Response(status, json={"code": code, "message": "x", "data": data})


@pytest.mark.parametrize("status,code,error", [
    (401, 40101, AuthError), (401, 40104, AuthError), (401, 40100, AuthError), (403, 40301, AuthError),
    (403, 40302, AuthError), (400, 40001, PermanentError), (400, 40003, PermanentError),
    (500, 50001, TransientError), (401, 40103, AuthError), (404, 40402, PermanentError),
])
def test_error_codes_translate(status: int, code: int, error: type[Exception]) -> None:
    calls: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        calls.append(request.headers["X-Nonce"])
        return _envelope(status, code)

    source = _mock_source(handler)
    try:
        with pytest.raises(error) as info:
            source.poll(None)
    finally:
        source.close()
    assert type(info.value) is error or issubclass(type(info.value), error)
    assert not isinstance(info.value, TransientError) or error is TransientError
    assert len(calls) == (2 if code == 40103 else 1) and len(set(calls)) == len(calls)


def test_persistent_clock_refusal_is_auth_error() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/api/v2/health":
            return _envelope(200, 0, {"status": "UP", "version": "2.3.1", "server_time": 1, "maintenance_until": None})
        return _envelope(401, 40102)

    source = _mock_source(handler)
    try:
        with pytest.raises(AuthError):
            source.poll(None)
    finally:
        source.close()


def test_amounts_stay_exact_decimals(serve: Serve, make_source: MakeSource) -> None:
    sim = serve(quiet(size=300, quirks=QuirkRates(big_amount=0.6, batch_full_amount=0, restricted=0)))
    rid = next(e.record_id for e in sim.store.entries() if '"fine_amount":1.08E7' in e.text or 'E7,' in e.text)
    record = make_source().fetch(rid)
    assert record is not None
    amount = record.payload["penalty"]["fine_amount"]
    assert isinstance(amount, Decimal) and amount == sim.record(rid)["penalty"]["fine_amount"].value  # type: ignore[index]
    assert amount % 10000 == 0 and amount >= Decimal("1E7")
    assert make_source().fetch("HBZF-JC-2025-999999") is None


def test_other_record_type_set_on_a_stored_cursor_is_permanent(serve: Serve, make_source: MakeSource) -> None:
    serve(quiet(apps=(SimApp(),)))
    page = make_source(record_types=["INSPECTION"]).poll(None)
    with pytest.raises(PermanentError) as info:
        make_source(record_types=["INSPECTION", "PENALTY"]).poll(page.next_cursor)
    assert info.value.context["code"] == 40003 and not isinstance(info.value, AuthError)


def test_settings_and_cursor_errors_are_config_errors() -> None:
    with pytest.raises(ConfigError) as info:
        SthjSettings.load({"base_url": "ftp://x", "app_id": "bad", "app_secret": "s", "page_size": 500})
    message = str(info.value)
    for key in ("base_url", "app_id", "app_secret", "page_size"):
        assert f"sources.sthj.{key}" in message
    assert "s'" not in message
    source = SthjSource(SthjSettings(base_url="http://127.0.0.1:1", app_id=APP_ID, app_secret=SecretStr(SECRET)))
    try:
        with pytest.raises(ConfigError):
            source.poll("not json")
    finally:
        source.close()
