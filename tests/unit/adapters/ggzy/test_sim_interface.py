"""The simulator answers as ggzy.md §2–§3 says: check order, codes, limits, the window and §3.1 paging."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from adapters.ggzy.simconfig import SimKey
from adapters.ggzy.wire import ZERO_ID, d14_to_ms
from santong.errors import TransientError
from tests.unit.adapters.ggzy.conftest import Signed
from tests.unit.adapters.ggzy.helpers import FakeClock, Serve, small

pytestmark = pytest.mark.timeout(30)

GROUP = "20251218020000"


def _code(response: httpx.Response) -> tuple[int, str]:
    body = response.json()
    assert body["requestId"] == response.headers["x-request-id"] and len(body["requestId"]) == 32
    return response.status_code, body["code"]


def _page(signed: Signed, **params: str) -> dict:  # type: ignore[type-arg]
    response = signed("/deals", list(params.items()))
    assert response.status_code == 200, response.text
    return response.json()["data"]  # type: ignore[no-any-return]


def test_auth_checks_answer_in_the_documents_order(serve: Serve, signed: Signed, clock: FakeClock) -> None:
    serve(small(keys=(SimKey(), SimKey(app_key="YZGGZY321081ST02", ip_whitelist=("10.1.1.1",)))), clock)
    q = [("dataType", "WIN_RESULT"), ("since", "20250101000000")]
    assert _code(signed("/deals", q, key="YZGGZY321081ST02", headers={"X-Nonce": None})) == (403, "2006")
    assert _code(signed("/deals", q, headers={"X-Nonce": "ABC"})) == (401, "2000")
    assert _code(signed("/deals", q, key="NOSUCHKEY")) == (401, "2001")
    assert _code(signed("/deals", q, sign_method="HMAC-SHA256")) == (401, "2001")
    assert _code(signed("/deals", q, ts_ms=int(clock() * 1000) - 300_001, secret="x" * 32)) == (401, "2003")
    assert _code(signed("/deals", q, secret="x" * 32)) == (401, "2002")
    nonce = "5f2b8c1d9e4a7f3b6c0d2e8a1b9f4c7d"
    assert _code(signed("/deals", q, nonce=nonce)) == (200, "0000")
    assert _code(signed("/deals", q, nonce=nonce)) == (401, "2004")
    clock.advance(901)
    assert _code(signed("/deals", q, nonce=nonce)) == (200, "0000")
    assert _code(signed("/deals", q + [("regionCode", "321000")])) == (403, "2005")


def test_parameter_errors(serve: Serve, signed: Signed, clock: FakeClock) -> None:
    serve(small(), clock)
    cases = [
        ([("dataType", "WIN_RESULT"), ("sinceId", ZERO_ID)], "1005"),
        ([("since", "20250101000000")], "1001"),
        ([("dataType", "WIN_RESULT")], "1001"),
        ([("dataType", "NOPE"), ("since", "20250101000000")], "1004"),
        ([("dataType", "WIN_RESULT"), ("since", "20251301000000")], "1002"),
        ([("dataType", "WIN_RESULT"), ("since", "20250101000000"), ("sinceId", "ABC")], "1002"),
        ([("dataType", "WIN_RESULT"), ("dataType", "CONTRACT"), ("since", "20250101000000")], "1002"),
        ([("dataType", "WIN_RESULT"), ("since", "20250101000000"), ("pageSize", "0")], "1003"),
        ([("dataType", "WIN_RESULT"), ("since", "20250101000000"), ("pageSize", "101")], "1003"),
        ([("dataType", "WIN_RESULT"), ("since", "20250101000000"), ("pageSize", "1.5")], "1003"),
    ]
    for params, code in cases:
        assert _code(signed("/deals", params)) == (400, code), params
    assert _code(signed("/deals/count", [("dataType", "WIN_RESULT"), ("from", "20251201000000"),
                                         ("to", "20260115000000")])) == (400, "1002")
    assert _code(signed("/nothing")) == (404, "4040")
    assert _code(signed("/deals", [("dataType", "WIN_RESULT"), ("since", "20250101000000")], method="POST")) == (405, "4050")


def test_rate_limit_quota_and_nightly_window_carry_retry_after(serve: Serve, signed: Signed) -> None:
    clock = FakeClock(d14_to_ms("20251219093015"))
    serve(small(rate_per_s=5, burst=10, daily_quota=12), clock)
    q = [("dataType", "TENDER_PROJECT"), ("since", "20250101000000")]
    answers = [signed("/deals", q, ts_ms=int(clock() * 1000)) for _ in range(11)]
    assert [r.status_code for r in answers[:10]] == [200] * 10
    assert _code(answers[10]) == (429, "3001") and answers[10].headers["retry-after"] == "1"
    assert answers[0].headers["x-ratelimit-limit"] == "5"
    clock.advance(1)
    assert _code(signed("/deals", q, ts_ms=int(clock() * 1000))) == (200, "0000")
    assert _code(signed("/deals", q, ts_ms=int(clock() * 1000))) == (200, "0000")
    quota = signed("/deals", q, ts_ms=int(clock() * 1000))
    assert _code(quota) == (429, "3002") and int(quota.headers["retry-after"]) == 14 * 3600 + 29 * 60 + 44
    # the nightly window: at 02:03:00 Beijing every operation answers 5003 until 02:05:00; /ping still answers
    night = FakeClock(d14_to_ms("20251220020300"))
    serve(small(maintenance_enabled=True), night)
    closed = signed("/deals", q, ts_ms=int(night() * 1000))
    assert _code(closed) == (503, "5003") and closed.headers["retry-after"] == "120"
    assert signed("/ping").json()["serverTime"] == "20251220020300"


def test_paging_with_since_id_walks_the_whole_group_and_v1_paging_loses_it(serve: Serve, signed: Signed,
                                                                           clock: FakeClock) -> None:
    """Quirk 7: 260 WIN_RESULT records share 20251218020000; only (since, sinceId) paging reads them all."""
    sim = serve(small(), clock)
    group = sorted(rid for (k, rid), ts in sim.current_versions().items() if k == "WIN_RESULT" and ts == GROUP)
    assert len(group) >= 250
    start = {"dataType": "WIN_RESULT", "since": "20251218015959", "sinceId": ZERO_ID, "pageSize": "100"}
    seen: list[str] = []
    page = _page(signed, **start)
    while True:
        seen += [r["ID"] for r in page["records"] if r["DATA_TIMESTAMP"] == GROUP]
        assert page["count"] == len(page["records"]) and page["watermark"] == "20251219092815"
        if not page["hasMore"]:
            break
        page = _page(signed, dataType="WIN_RESULT", since=page["nextSince"], sinceId=page["nextSinceId"], pageSize="100")
    assert seen == group
    first = _page(signed, **start)
    v1 = _page(signed, dataType="WIN_RESULT", since=first["nextSince"], pageSize="100")
    assert all(r["DATA_TIMESTAMP"] > GROUP for r in v1["records"])  # members 101–260 lost without an error
    back = _page(signed, dataType="WIN_RESULT", since="20251218015959", pageSize="100")
    assert [r["ID"] for r in back["records"]] == [r["ID"] for r in first["records"]]  # stepping back: the same page


def test_the_documents_example_page_and_empty_page(serve: Serve, signed: Signed, clock: FakeClock) -> None:
    serve(small(), clock)
    page = _page(signed, dataType="WIN_RESULT", since="20251202000000", sinceId=ZERO_ID, pageSize="1")
    assert (page["count"], page["hasMore"], page["nextSince"], page["nextSinceId"], page["watermark"]) == (
        1, True, "20251202150236", "bf45df0d4da253fd997fddfa401a9077", "20251219092815")
    assert page["records"][0]["WIN_BID_PRICE"] == "17986420.35"
    empty = _page(signed, dataType="CONTRACT", since="20251219000000")
    assert (empty["count"], empty["hasMore"], empty["nextSince"], empty["nextSinceId"]) == (0, False, "20251219000000", "")


def test_one_record_count_and_other_region_invisible(serve: Serve, signed: Signed, clock: FakeClock) -> None:
    sim = serve(small(), clock)
    one = signed("/deals/WIN_RESULT/3d9add823468687a56fcf2abf51c6f50")
    assert b'"WIN_BID_PRICE":3.2568E6' in one.content  # quirk 2 as the desktop client wrote it
    assert _code(signed("/deals/WIN_RESULT/" + "f" * 32)) == (404, "4004")
    hidden = next(rid for (k, rid) in sim.current_versions("321000") if k == "CONTRACT")
    assert _code(signed(f"/deals/CONTRACT/{hidden}")) == (404, "4004")
    counted = signed("/deals/count", [("dataType", "WIN_RESULT"), ("from", "20251201000000"), ("to", "20251231000000")])
    data = counted.json()["data"]
    assert data["to"] == "20251219092816"  # clipped at watermark + 1 s
    visible = [ts for (k, _), ts in sim.current_versions().items() if k == "WIN_RESULT" and "20251201000000" <= ts]
    assert data["count"] == len(visible) and data["revokedCount"] == 0
    sim.tombstone("WIN_RESULT", "bf45df0d4da253fd997fddfa401a9077")
    clock.advance(121)
    again = signed("/deals/count", [("dataType", "WIN_RESULT"), ("from", "20251201000000"), ("to", "20251231000000")])
    assert again.json()["data"]["revokedCount"] == 1


def test_fixtures_are_always_present_and_bad_records_are_listed(serve: Serve, clock: FakeClock) -> None:
    sim = serve(small(seed=99, bad_rate=0.3), clock)
    record = sim.record("BID_SECTION", "2b3c4d5e6f708192a3b4c5d6e7f80912")
    assert record is not None and record["TRADE_CODE"] == "12321081466452615WA1703090000112X"
    bad = sim.bad_records()
    assert bad[("BID_SECTION", "2b3c4d5e6f708192a3b4c5d6e7f80912")].code == "CHECKSUM"
    assert len(bad) > 10 and {b.field for b in bad.values()} >= {"data.unified_deal_code"}
    assert all(k != "TENDER_PROJECT" for k, _ in bad)


def test_control_endpoints_drive_faults_churn_and_show_evidence(serve: Serve, signed: Signed, http: httpx.Client,
                                                                 clock: FakeClock) -> None:
    sim = serve(small(), clock)
    assert http.post("/_sim/faults", json={"internal_error_rate": 1.0}).json()["internal_error_rate"] == 1.0
    assert _code(signed("/deals", [("dataType", "CONTRACT"), ("since", "20250101000000")])) == (500, "5000")
    assert http.post("/_sim/faults", json={"internal_error_rate": 0.0, "truncated_rate": 1.0}).status_code == 200
    cut = signed("/deals", [("dataType", "CONTRACT"), ("since", "20250101000000")])
    assert cut.status_code == 200 and cut.content.startswith(b'{"code":"0000"') and not cut.content.endswith(b"}")
    http.post("/_sim/faults", json={"truncated_rate": 0.0})
    assert http.post("/_sim/faults", json={"no_such_knob": 1}).status_code == 400
    moved = http.post("/_sim/restamp", json={"n": 3, "kind": "CONTRACT", "changed": True}).json()
    assert len(moved) == 3 and all(ts == "20251219093015" for _, _, ts in moved)
    kind, rid, _ = http.post("/_sim/tombstone", json={"kind": "WIN_RESULT", "id": "bf45df0d4da253fd997fddfa401a9077"}).json()
    assert sim.record(kind, rid)["DATA_STATE"] == "2"  # type: ignore[index]
    page = signed("/deals", [("dataType", "CONTRACT"), ("since", "20250101000000"), ("pageSize", "3")]).json()["data"]
    served = http.get("/_sim/served").json()
    assert served == [["CONTRACT", r["ID"], r["DATA_TIMESTAMP"]] for r in page["records"]]  # the cut page is not evidence
    assert {"kind", "id", "reason", "field", "code"} <= set(http.get("/_sim/bad").json()[0])
    assert http.get("/_sim/state").json()["watermark"] == "20251219092815"


def test_a_hanging_answer_is_a_transient_timeout_for_the_adapter(serve: Serve, make_source: Any,
                                                                  clock: FakeClock) -> None:
    sim = serve(small(), clock)
    sim.set_faults(hang_rate=1.0, hang_s=1.5)
    with pytest.raises(TransientError, match="timed out"):
        make_source(read_timeout_s=0.3).poll(None)
