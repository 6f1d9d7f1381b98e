"""The simulator answers as sjjh §2–§3 say: the conformance run of §8, over raw HTTP."""

from __future__ import annotations

from collections.abc import Callable

import httpx
import pytest
from lxml import etree

from adapters.scjg import ScjgSimulator
from adapters.scjg.security import TEXT_TYPE
from adapters.scjg.wire import NS, SERVICE_PATH
from adapters.scjg.wsdl import INTERNAL_ADDRESS
from tests.unit.adapters.scjg.helpers import FakeClock, error_code, post, quiet, soap, window

pytestmark = pytest.mark.timeout(10)
Serve = Callable[..., ScjgSimulator]


def _records(response: httpx.Response) -> list[etree._Element]:
    return etree.fromstring(response.content).findall(".//records/record")


def test_wsdl_is_served_with_only_the_address_changed(serve: Serve, http: httpx.Client, url: str) -> None:
    serve()
    r = http.get(SERVICE_PATH + "?wsdl")
    assert r.status_code == 200 and r.headers["content-type"] == "text/xml;charset=UTF-8"
    assert INTERNAL_ADDRESS not in r.text and f'location="{url}{SERVICE_PATH}"' in r.text
    assert http.get("/scjg-ws/other").status_code == 404
    assert http.put(SERVICE_PATH).status_code == 405


def test_ping_without_and_with_a_header(serve: Serve, http: httpx.Client, clock: FakeClock) -> None:
    serve()
    r = post(http, "Ping", soap("Ping", {"echo": "santong-321081"}, auth=False))
    root = etree.fromstring(r.content)
    assert r.status_code == 200 and root.findtext(".//echo") == "santong-321081"
    assert root.findtext(".//serverTime") == "2025-11-21 10:00:00" and root.findtext(".//authenticated") == "false"
    r = post(http, "Ping", soap("Ping", {}, clock=clock))
    assert etree.fromstring(r.content).findtext(".//authenticated") == "true"


@pytest.mark.parametrize(("kwargs", "code"), [
    ({"password": "wrong"}, "AUTH_FAILED"),
    ({"password_type": TEXT_TYPE}, "AUTH_FAILED"),
    ({"user": "nobody"}, "AUTH_FAILED"),
    ({"created": "2025-11-21T02:05:01Z"}, "AUTH_EXPIRED"),   # 301 s after the server clock
    ({"created": "2025-11-21T01:55:00Z"}, None),             # 300 s before: accepted
    ({"auth": False}, "AUTH_FAILED"),
])
def test_auth_faults(serve: Serve, http: httpx.Client, clock: FakeClock, kwargs: dict[str, object],
                     code: str | None) -> None:
    serve()
    r = post(http, "QueryLicenses", soap("QueryLicenses", window(), clock=clock, **kwargs))  # type: ignore[arg-type]
    assert error_code(r) == code
    assert r.status_code == (200 if code is None else 500)
    if code == "AUTH_FAILED":
        assert b"wsse:FailedAuthentication" in r.content


def test_reused_nonce_and_account_lock(serve: Serve, http: httpx.Client, clock: FakeClock) -> None:
    serve()
    nonce = b"0123456789abcdef"
    assert error_code(post(http, "QueryLicenses", soap("QueryLicenses", window(), clock=clock, nonce=nonce))) is None
    replay = post(http, "QueryLicenses", soap("QueryLicenses", window(), clock=clock, nonce=nonce))
    assert error_code(replay) == "NONCE_REPLAY"
    for _ in range(5):
        assert error_code(post(http, "QueryLicenses", soap("QueryLicenses", window(), clock=clock, password="x"))) \
            == "AUTH_FAILED"
    locked = post(http, "QueryLicenses", soap("QueryLicenses", window(), clock=clock))
    assert error_code(locked) == "ACCOUNT_LOCKED"
    assert etree.fromstring(locked.content).findtext(f".//{{{NS}}}sjjhFault/retryAfter") == "1800"


@pytest.mark.parametrize(("params", "code"), [
    (window(size=101), "INVALID_PARAM"),
    (window(page=0), "INVALID_PARAM"),
    (window(end="2025-11-08 00:00:01"), "WINDOW_TOO_LARGE"),   # 7 days + 1 s
    (window(end="2025-11-08 00:00:00"), None),                 # exactly 7 days
    (window(start="2025-11-01T00:00:00+08:00"), "INVALID_PARAM"),
    (window(end="2025-11-01 00:00:00"), "INVALID_PARAM"),       # end = start
    ({**window(), "extra": "1"}, "INVALID_PARAM"),
])
def test_parameter_faults(serve: Serve, http: httpx.Client, clock: FakeClock, params: dict[str, str],
                          code: str | None) -> None:
    serve()
    assert error_code(post(http, "QueryPenalties", soap("QueryPenalties", params, clock=clock))) == code


def test_soapaction_naming_another_operation_is_refused_empty_is_accepted(serve: Serve, http: httpx.Client,
                                                                          clock: FakeClock) -> None:
    serve()
    body = soap("QueryLicenses", window(), clock=clock)
    assert error_code(post(http, "QueryLicenses", body, action=f'"{NS}/QueryPenalties"')) == "INVALID_PARAM"
    assert error_code(post(http, "QueryLicenses", soap("QueryLicenses", window(), clock=clock), action='""')) is None


def test_order_and_half_open_bounds(serve: Serve, http: httpx.Client, clock: FakeClock) -> None:
    sim = serve(quiet(size=150))
    rows = sorted((lu, rid) for (kind, rid), lu in sim.final_versions().items() if kind == "XZJC")
    start, end = rows[3][0], rows[10][0]
    r = post(http, "QueryInspections", soap("QueryInspections", window(start, end), clock=clock))
    got = [(e.findtext("LAST_UPDATED"), e.findtext("ID")) for e in _records(r)]
    assert got == [row for row in rows if start <= row[0] < end]
    assert got[0][0] == start and all(lu < end for lu, _ in got)


def test_too_many_requests_comes_with_http_200_and_no_retry_after(serve: Serve, http: httpx.Client,
                                                                   clock: FakeClock) -> None:
    serve(quiet(rate_limit_per_min=2))
    for _ in range(2):
        assert error_code(post(http, "QueryLicenses", soap("QueryLicenses", window(), clock=clock))) is None
    r = post(http, "QueryLicenses", soap("QueryLicenses", window(), clock=clock))
    assert r.status_code == 200 and error_code(r) == "TOO_MANY_REQUESTS" and "retry-after" not in r.headers
    assert 1 <= int(etree.fromstring(r.content).findtext(f".//{{{NS}}}sjjhFault/retryAfter") or 0) <= 60


def test_busy_window_answers_system_busy_with_retry_after(serve: Serve, http: httpx.Client, clock: FakeClock) -> None:
    clock.at -= 9 * 3600 - 20 * 60  # 01:20 Beijing time
    serve(quiet(busy_window="01:00-03:00"))
    r = post(http, "QueryLicenses", soap("QueryLicenses", window(), clock=clock))
    assert r.status_code == 500 and error_code(r) == "SYSTEM_BUSY" and r.headers["retry-after"] == "600"
    assert error_code(post(http, "Ping", soap("Ping", {}, auth=False))) is None  # Ping is never refused


def test_gbk_response_decodes_to_the_same_records_as_its_utf8_twin(serve: Serve, http: httpx.Client,
                                                                    clock: FakeClock) -> None:
    serve(quiet(size=120))
    gbk = post(http, "QueryAbnormalList", soap("QueryAbnormalList", window(), clock=clock))
    assert gbk.headers["content-type"] == "text/xml;charset=GBK" and gbk.content.startswith(
        b'<?xml version="1.0" encoding="GBK"?>')
    serve(quiet(size=120, gbk_operations=()))
    utf8 = post(http, "QueryAbnormalList", soap("QueryAbnormalList", window(), clock=clock))
    assert [etree.tostring(e) for e in _records(gbk)] == [etree.tostring(e) for e in _records(utf8)]
    assert _records(gbk)


def test_null_spellings_per_operation(serve: Serve, http: httpx.Client, clock: FakeClock) -> None:
    sim = serve(quiet(size=60, legacy_share=0.0))
    r = post(http, "QueryPenalties", soap("QueryPenalties", window(), clock=clock))
    record = _records(r)[0]
    assert record.find("XDRZJLX") is not None and record.find("XDRZJLX").text is None  # type: ignore[union-attr]
    rid = record.findtext("ID") or ""
    got = post(http, "GetRecord", soap("GetRecord", {"recordType": "XZCF", "id": rid}, clock=clock))
    el = etree.fromstring(got.content).find(".//xzcf/XDRZJLX")
    assert el is not None and el.get("{http://www.w3.org/2001/XMLSchema-instance}nil") == "true"
    missing = post(http, "GetRecord", soap("GetRecord", {"recordType": "XZCF", "id": "0" * 32}, clock=clock))
    assert error_code(missing) == "RECORD_NOT_FOUND"
    assert sim.requests()[-1].code == "RECORD_NOT_FOUND"  # evidence of what was answered


def test_stale_duplicates_follow_their_current_row(serve: Serve, http: httpx.Client, clock: FakeClock) -> None:
    serve(quiet(size=100, duplicate_rate=0.3))
    r = post(http, "QueryPenalties", soap("QueryPenalties", window(), clock=clock))
    rows = [(e.findtext("ID"), e.findtext("LAST_UPDATED")) for e in _records(r)]
    pairs = [(a, b) for a, b in zip(rows, rows[1:]) if a[0] == b[0]]
    assert pairs and all(b[1] < a[1] for a, b in pairs)
    assert int(etree.fromstring(r.content).findtext(".//totalCount") or 0) == len(rows)


def test_control_endpoints_report_and_change_the_simulator(serve: Serve, http: httpx.Client) -> None:
    sim = serve(quiet(size=30, bad_rate=0.2))
    assert http.get("/_sim/final").json() == {f"{k}:{i}": v for (k, i), v in sim.final_versions().items()}
    assert http.get("/_sim/bad").json() == {f"{k}:{i}": b.as_dict() for (k, i), b in sim.bad_records().items()}
    assert http.post("/_sim/knobs", json={"fault_rate": {"SYSTEM_BUSY": 0.5}}).status_code == 200
    assert sim.config.fault_rate == {"SYSTEM_BUSY": 0.5}
    assert http.post("/_sim/knobs", json={"no_such_knob": 1}).status_code == 422
    added = http.post("/_sim/records", params={"n": 2, "kind": "XZCF"}).json()["records"]
    kind, rid = added[0].split(":")
    assert kind == "XZCF" and sim.row(kind, rid) is not None
    deleted = http.post(f"/_sim/records/{kind}/{rid}/delete").json()["LAST_UPDATED"]
    row = sim.row(kind, rid)
    assert row is not None and row.deleted and row.last_updated == deleted
    post(http, "Ping", soap("Ping", {}, auth=False))
    assert http.get("/_sim/requests").json()[-1]["operation"] == "Ping"


def test_same_seed_same_data() -> None:
    clock = FakeClock()
    a, b = ScjgSimulator(quiet(seed=5, size=50), clock=clock), ScjgSimulator(quiet(seed=5, size=50), clock=clock)
    assert a.final_versions() == b.final_versions()
    assert ScjgSimulator(quiet(seed=6, size=50), clock=clock).final_versions() != a.final_versions()


def test_visibility_lag_hides_recent_rows(serve: Serve, http: httpx.Client, clock: FakeClock) -> None:
    sim = serve(quiet(size=10, visibility_lag_s=600))
    kind, rid = sim.add_records(1, "XZXK")[0]
    now_window = window("2025-11-21 09:00:00", "2025-11-21 11:00:00")
    r = post(http, "QueryLicenses", soap("QueryLicenses", now_window, clock=clock))
    assert [e.findtext("ID") for e in _records(r)] == []
    clock.advance(601)
    r = post(http, "QueryLicenses", soap("QueryLicenses", now_window, clock=clock))
    assert [e.findtext("ID") for e in _records(r)] == [rid]


def test_clock_offset_moves_server_time_and_expires_tokens(serve: Serve, http: httpx.Client,
                                                           clock: FakeClock) -> None:
    serve(quiet(size=5, clock_offset_s=400))
    r = post(http, "Ping", soap("Ping", {}, auth=False))
    assert etree.fromstring(r.content).findtext(".//serverTime") == "2025-11-21 10:06:40"
    assert error_code(post(http, "QueryLicenses", soap("QueryLicenses", window(), clock=clock))) == "AUTH_EXPIRED"


def test_absent_nil_style_omits_optional_elements(serve: Serve, http: httpx.Client, clock: FakeClock) -> None:
    serve(quiet(size=60, nil_style={"QueryPenalties": "absent"}))
    record = _records(post(http, "QueryPenalties", soap("QueryPenalties", window(), clock=clock)))[0]
    assert record.find("XDRZJLX") is None and record.find("ID") is not None
