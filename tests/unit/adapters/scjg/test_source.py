"""ScjgSource against the simulator: error classes, malformed answers, and full runs under faults."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from adapters.base import RawRecord
from adapters.scjg import ScjgSimulator, ScjgSource, SimAccount
from adapters.scjg.faults import RecordNotFound, WindowTooLarge, read_fault, translate
from adapters.scjg.simsoap import envelope, fault_xml
from adapters.scjg.wire import SOAP_NS
from adapters.scjg.xmlsafe import parse_bytes
from santong.errors import AuthError, PermanentError, TransientError
from tests.unit.adapters.scjg.helpers import PASSWORD, FakeClock, quiet

Serve = Callable[..., ScjgSimulator]
MakeSource = Callable[..., ScjgSource]


def _fault(code: str, retry: int | None = None) -> Exception:
    root = parse_bytes(envelope(fault_xml(code, "msg", request_id="20251119093012517001", retry_after=retry)).encode())
    fault = root.find(f"{{{SOAP_NS}}}Body/{{{SOAP_NS}}}Fault")
    assert fault is not None
    return translate(read_fault(fault))


@pytest.mark.timeout(5)
@pytest.mark.parametrize(("code", "retry", "cls", "retry_after_s"), [
    ("AUTH_FAILED", None, AuthError, None), ("PERMISSION_DENIED", None, AuthError, None),
    ("ACCOUNT_LOCKED", 1700, AuthError, None), ("INVALID_PARAM", None, PermanentError, None),
    ("WINDOW_TOO_LARGE", None, WindowTooLarge, None), ("RECORD_NOT_FOUND", None, RecordNotFound, None),
    ("TOO_MANY_REQUESTS", 17, TransientError, 17.0), ("SYSTEM_BUSY", 600, TransientError, 600.0),
    ("INTERNAL_ERROR", None, TransientError, 5.0), ("NONCE_REPLAY", None, TransientError, 5.0),
])
def test_every_error_code_has_its_class(code: str, retry: int | None, cls: type[Exception],
                                        retry_after_s: float | None) -> None:
    error = _fault(code, retry)
    assert type(error) is cls
    if retry_after_s is not None:
        assert isinstance(error, TransientError) and error.retry_after_s == retry_after_s
    if code == "ACCOUNT_LOCKED":
        assert error.context["retry_after_s"] == 1700  # type: ignore[attr-defined]


@pytest.mark.timeout(10)
@pytest.mark.parametrize(("knob", "expected", "retry_after_s"), [
    ({"fault_rate": {"SYSTEM_BUSY": 1.0}}, TransientError, 60.0),
    ({"fault_rate": {"TOO_MANY_REQUESTS": 1.0}}, TransientError, None),  # HTTP 200 fault
    ({"fault_rate": {"INTERNAL_ERROR": 1.0}}, TransientError, 5.0),
    ({"fault_rate": {"AUTH_EXPIRED": 1.0}}, AuthError, None),           # twice: the clock is wrong
    ({"malformed": {"html_502": 1.0}}, TransientError, None),
    ({"malformed": {"truncate": 1.0}}, TransientError, None),
    ({"malformed": {"bad_entity": 1.0}}, TransientError, None),
    ({"malformed": {"charset_lie": 1.0}}, TransientError, None),
    ({"busy_window": "09:50-10:05"}, TransientError, 300.0),
])
def test_faults_reach_the_hub_as_santong_errors(serve: Serve, make_source: MakeSource, knob: dict[str, object],
                                                expected: type[Exception], retry_after_s: float | None) -> None:
    serve(quiet(size=60, **knob))
    with pytest.raises(expected) as info:
        make_source(window_s=7 * 86400).poll(None)
    if retry_after_s is not None:
        assert info.value.retry_after_s == retry_after_s  # type: ignore[attr-defined]


@pytest.mark.timeout(10)
def test_auth_expired_is_retried_once_with_a_fresh_token(serve: Serve, make_source: MakeSource) -> None:
    sim = serve(quiet(size=10, fault_rate={"AUTH_EXPIRED": 1.0}))
    with pytest.raises(AuthError):
        make_source().poll(None)
    nonces = [r.nonce for r in sim.requests()]
    assert len(nonces) == 2 and nonces[0] != nonces[1]


@pytest.mark.timeout(10)
def test_wrong_password_and_missing_permission_are_auth_errors(serve: Serve, make_source: MakeSource) -> None:
    serve(quiet(accounts=(SimAccount(operations=("Ping",)),)))
    with pytest.raises(AuthError):
        make_source().poll(None)
    with pytest.raises(AuthError):
        make_source(password="not-the-password").poll(None)


@pytest.mark.timeout(10)
def test_a_hanging_server_is_a_timeout(serve: Serve, make_source: MakeSource) -> None:
    serve(quiet(size=10, hang_rate=1.0, hang_s=2.0))
    with pytest.raises(TransientError):
        make_source(read_timeout_s=0.5).poll(None)


@pytest.mark.timeout(10)
def test_fetch_reads_the_current_version_and_none_for_unknown(serve: Serve, make_source: MakeSource) -> None:
    sim = serve(quiet(size=30))
    (kind, rid), version = next(iter(sim.final_versions().items()))
    source = make_source()
    got = source.fetch(kind, rid)
    assert got is not None and (got.kind, got.source_id, got.source_version) == (kind, rid, version)
    assert b'<?xml version=\'1.0\' encoding=\'UTF-8\'?>' in got.payload
    assert source.fetch("XZCF", "0" * 32) is None
    assert source.ping() == "2025-11-21 10:00:00"


def _run(source: ScjgSource, clock: FakeClock, cursor: str | None, seen: list[RawRecord],
         max_polls: int = 4000) -> tuple[str | None, int]:
    """Poll until nothing is left, retrying transient failures as the hub would (time moves 1 s a call)."""
    transient = 0
    for _ in range(max_polls):
        clock.advance(1)
        try:
            page = source.poll(cursor)
        except TransientError:
            transient += 1
            continue
        seen.extend(page.records)
        cursor = page.next_cursor  # stored only after the records are safe
        if not page.has_more:
            return cursor, transient
    raise AssertionError("the source did not finish")


@pytest.mark.timeout(40)
def test_full_run_under_faults_loses_nothing_and_never_goes_back(serve: Serve, make_source: MakeSource,
                                                                 clock: FakeClock) -> None:
    """Shifting pages, stale copies, late 归集 rows, tombstones and faults: every final version arrives."""
    sim = serve(quiet(size=400, duplicate_rate=0.05, tombstone_rate=0.05, overlap_inserts=1, late_arrival_h=1,
                      fault_rate={"SYSTEM_BUSY": 0.08, "INTERNAL_ERROR": 0.04, "TOO_MANY_REQUESTS": 0.08},
                      malformed={"html_502": 0.03, "bad_entity": 0.02, "charset_lie": 0.02, "truncate": 0.02}))
    source = make_source(page_size=10, rescan_delay_s=2 * 3600)
    seen: list[RawRecord] = []
    cursor, transient = _run(source, clock, None, seen)
    sim.set_knobs(late_arrival_h=0, overlap_inserts=0)
    clock.advance(3 * 3600)  # the re-scan's time has come
    _, more = _run(source, clock, cursor, seen)
    assert transient + more > 0, "faults were injected"

    final = sim.final_versions()
    delivered: dict[tuple[str, str], list[str]] = {}
    for r in seen:
        delivered.setdefault((r.kind, r.source_id), []).append(r.source_version)
    assert delivered.keys() == final.keys()  # nothing lost (tombstones included)
    for key, versions in delivered.items():  # only the current version, never a stale copy
        assert set(versions) == {final[key]}, key
    served_stale = {(k, i) for req in sim.requests() for (k, i, lu) in req.served if lu != final.get((k, i), lu)}
    assert served_stale, "the simulator did serve stale copies"
    tombstones = [r for r in seen if b"<SCBZ>1</SCBZ>" in r.payload]
    assert tombstones
    firsts = [(r.operation, r.params["startTime"], r.params["endTime"]) for r in sim.requests()
              if r.code is None and r.params.get("pageNo") == "1"]
    assert len(firsts) > len(set(firsts)), "a shifted window was restarted from page 1"


@pytest.mark.timeout(20)
def test_rows_leaving_the_window_while_paging_are_not_lost(serve: Serve, make_source: MakeSource,
                                                           clock: FakeClock) -> None:
    """overlap_mode update: a row moves past endTime between pages; its new version comes later."""
    sim = serve(quiet(size=200, overlap_inserts=1, overlap_mode="update"))
    seen: list[RawRecord] = []
    source = make_source(page_size=10)
    cursor, _ = _run(source, clock, None, seen)
    clock.advance(3600)  # the moved rows' new versions are now old enough to be read
    _run(source, clock, cursor, seen)
    final = sim.final_versions()
    latest: dict[tuple[str, str], str] = {}
    for r in seen:
        key = (r.kind, r.source_id)
        assert r.source_version >= latest.get(key, ""), "an older version after a newer one"
        latest[key] = r.source_version
    assert latest == final


@pytest.mark.timeout(20)
def test_gbk_records_arrive_as_utf8_bytes_with_the_same_text(serve: Serve, make_source: MakeSource,
                                                             clock: FakeClock) -> None:
    serve(quiet(size=100, shares={"JYYC": 1.0}))
    seen: list[RawRecord] = []
    _run(make_source(kinds=("JYYC",), window_s=7 * 86400), clock, None, seen)
    assert seen and all(r.kind == "JYYC" for r in seen)
    assert "仪征市".encode() in seen[0].payload and parse_bytes(seen[0].payload).tag == "record"


@pytest.mark.timeout(10)
def test_password_is_never_in_the_cursor(serve: Serve, make_source: MakeSource) -> None:
    serve(quiet(size=10))
    page = make_source().poll(None)
    assert page.next_cursor and PASSWORD not in page.next_cursor
