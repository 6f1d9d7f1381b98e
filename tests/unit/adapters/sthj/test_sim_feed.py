"""The simulator's feed (§3.2, §3.3, §4.6): order, cursors, settle window, short pages, tombstones, quirk 11b."""

from __future__ import annotations

import base64
import itertools
import re
from typing import Any

import pytest

from adapters.sthj import QuirkRates, SimApp
from tests.unit.adapters.sthj.helpers import (
    APP_ID,
    FakeClock,
    Serve,
    Signed,
    beijing_ms,
    quiet,
)

pytestmark = pytest.mark.timeout(30)

NOW = beijing_ms(2025, 11, 20, 10, 0)
READER = "yzhb_00000000000a"


def read_all(signed: Signed, params: list[tuple[str, str]], *, ts: FakeClock | None = None,
             app_id: str = APP_ID, limit: int = 500) -> list[dict[str, Any]]:
    """Every page of one paging run; returns the pages' ``data``."""
    pages: list[dict[str, Any]] = []
    cursor: str | None = None
    for _ in range(limit):
        extra: list[tuple[str, str]] = [("cursor", cursor)] if cursor else []
        r = signed("/api/v2/records", params + extra, ts_ms=ts.ms if ts else None, app_id=app_id)
        assert r.status_code == 200, r.text
        data = r.json()["data"]
        pages.append(data)
        cursor = data["next_cursor"]
        assert re.fullmatch(r"[A-Za-z0-9_.-]{1,512}", cursor)
        if not data["has_more"]:
            return pages
    raise AssertionError("paging did not end")


def test_order_by_updated_at_then_record_id_and_cursor_always_present(serve: Serve, signed: Signed) -> None:
    sim = serve(quiet(size=300))
    pages = read_all(signed, [("page_size", "37")])
    keys = [(rec["updated_at"], rec["record_id"]) for page in pages for rec in page["records"]]
    for page in pages:
        inside = [(rec["updated_at"], rec["record_id"]) for rec in page["records"]]
        assert inside == sorted(set(inside)) and len(inside) <= 37
    assert all(a <= b for a, b in itertools.pairwise(keys))
    assert {rid for _, rid in keys} == set(sim.final_versions(APP_ID))
    last = pages[-1]
    again = signed("/api/v2/records", [("page_size", "37"), ("cursor", last["next_cursor"])]).json()["data"]
    assert again["records"] == [] and again["has_more"] is False and again["next_cursor"]


def test_record_type_subset_and_since(serve: Serve, signed: Signed) -> None:
    sim = serve(quiet(size=200))
    since = sorted(e.updated_at for e in sim.store.entries())[100]
    pages = read_all(signed, [("record_type", "PENALTY,COERCIVE"), ("since", str(since)), ("page_size", "50")])
    records = [rec for page in pages for rec in page["records"]]
    assert records and all(rec["updated_at"] >= since for rec in records)
    assert {rec["record_type"] for rec in records} <= {"PENALTY", "COERCIVE"}
    expected = {e.record_id for e in sim.store.entries()
                if e.updated_at >= since and e.kind != "INSPECTION" and not e.restricted}
    assert {rec["record_id"] for rec in records} == expected


def _flip(token: str) -> str:
    body, tag = token.split(".")
    i = len(body) // 2
    return body[:i] + ("A" if body[i] != "A" else "B") + body[i + 1:] + "." + tag


def test_cursor_tamper_truncation_other_app_other_server(serve: Serve, signed: Signed) -> None:
    apps = (SimApp(), SimApp(app_id=READER))
    serve(quiet(apps=apps, cursor_key="k1"))
    cursor = signed("/api/v2/records", [("page_size", "5")]).json()["data"]["next_cursor"]
    body = base64.urlsafe_b64decode(cursor.split(".")[0] + "==")
    assert b'"u":' in body and b'"f":"COERCIVE,INSPECTION,PENALTY"' in body
    for bad in (_flip(cursor), cursor[:-3], cursor.split(".")[0], "", "not-a-cursor"):
        assert signed("/api/v2/records", [("page_size", "5"), ("cursor", bad)]).json()["code"] == 40002, bad
    r = signed("/api/v2/records", [("page_size", "5"), ("cursor", cursor)], app_id=READER)
    assert (r.status_code, r.json()["code"]) == (400, 40002)
    assert signed("/api/v2/records", [("page_size", "5"), ("cursor", cursor)]).json()["code"] == 0
    serve(quiet(apps=apps, cursor_key="k2"))  # "not issued by this server"
    assert signed("/api/v2/records", [("page_size", "5"), ("cursor", cursor)]).json()["code"] == 40002


def test_cursor_bound_to_record_type_set_order_free(serve: Serve, signed: Signed) -> None:
    serve(quiet())
    first = signed("/api/v2/records", [("page_size", "5"), ("record_type", "PENALTY,INSPECTION")])
    cursor = first.json()["data"]["next_cursor"]
    same = signed("/api/v2/records", [("page_size", "5"), ("record_type", "INSPECTION,PENALTY"), ("cursor", cursor)])
    assert same.json()["code"] == 0
    for types in ("INSPECTION", "INSPECTION,PENALTY,COERCIVE"):
        r = signed("/api/v2/records", [("record_type", types), ("cursor", cursor)])
        assert (r.status_code, r.json()["code"]) == (400, 40003)
    assert signed("/api/v2/records", [("cursor", cursor)]).json()["code"] == 40003  # default = all granted


def test_cursor_expires_after_configured_lifetime(serve: Serve, signed: Signed) -> None:
    clock = FakeClock(NOW)
    serve(quiet(cursor_ttl_s=3600), clock=clock)
    cursor = signed("/api/v2/records", [("page_size", "5")], ts_ms=clock.ms).json()["data"]["next_cursor"]
    clock.advance(3600)
    assert signed("/api/v2/records", [("page_size", "5"), ("cursor", cursor)], ts_ms=clock.ms).json()["code"] == 0
    clock.advance(1)
    r = signed("/api/v2/records", [("page_size", "5"), ("cursor", cursor)], ts_ms=clock.ms)
    assert (r.status_code, r.json()["code"]) == (410, 41001)


def test_default_cursor_lifetime_is_seven_days(serve: Serve, signed: Signed) -> None:
    clock = FakeClock(NOW)
    serve(quiet(), clock=clock)
    cursor = signed("/api/v2/records", [], ts_ms=clock.ms).json()["data"]["next_cursor"]
    clock.advance(7 * 86400 + 1)
    assert signed("/api/v2/records", [("cursor", cursor)], ts_ms=clock.ms).json()["code"] == 41001


def test_settle_window_hides_recent_saves_from_the_list_only(serve: Serve, signed: Signed) -> None:
    clock = FakeClock(NOW)
    sim = serve(quiet(size=10, settle_ms=5000), clock=clock)
    cursor = read_all(signed, [], ts=clock)[-1]["next_cursor"]
    (new_id,) = sim.add_records(1)
    clock.advance(4.999)
    data = signed("/api/v2/records", [("cursor", cursor)], ts_ms=clock.ms).json()["data"]
    assert data["records"] == [] and data["has_more"] is False
    assert signed(f"/api/v2/records/{new_id}", ts_ms=clock.ms).json()["data"]["version"] == 1  # §3.3: at once
    clock.advance(0.001)
    data = signed("/api/v2/records", [("cursor", data["next_cursor"])], ts_ms=clock.ms).json()["data"]
    assert [rec["record_id"] for rec in data["records"]] == [new_id]


def test_short_pages_skip_what_the_app_may_not_read(serve: Serve, signed: Signed) -> None:
    """Pages are cut before filtering: fewer than page_size with has_more true; never an empty page with more."""
    apps = (SimApp(), SimApp(app_id=READER, read_restricted=True))
    sim = serve(quiet(size=200, apps=apps, quirks=QuirkRates(restricted=0.4)))
    pages = read_all(signed, [("page_size", "20")])
    assert any(len(p["records"]) < 20 and p["has_more"] for p in pages)
    assert all(p["records"] or not p["has_more"] for p in pages)
    seen = {rec["record_id"] for p in pages for rec in p["records"]}
    restricted = {e.record_id for e in sim.store.entries() if e.restricted}
    assert restricted and not seen & restricted and seen == set(sim.final_versions(APP_ID))
    privileged = read_all(signed, [("page_size", "20")], app_id=READER)
    assert {rec["record_id"] for p in privileged for rec in p["records"]} == set(sim.final_versions(READER))


def test_tombstone_restore_and_retention(serve: Serve, signed: Signed) -> None:
    clock = FakeClock(NOW)
    sim = serve(quiet(size=30, tombstone_retention_s=86400), clock=clock)
    cursor = read_all(signed, [], ts=clock)[-1]["next_cursor"]
    victim = next(e.record_id for e in sim.store.entries() if not e.deleted and not e.restricted)
    live_version = sim.record(victim)["version"]  # type: ignore[index]
    clock.advance(1)
    assert sim.delete_record(victim, "录入错误") == live_version + 1
    data = signed("/api/v2/records", [("cursor", cursor)], ts_ms=clock.ms).json()["data"]
    (stone,) = data["records"]
    assert stone == {"record_id": victim, "record_type": sim.record(victim)["record_type"],  # type: ignore[index]
                     "version": live_version + 1, "deleted": True, "updated_at": clock.ms, "deleted_at": clock.ms,
                     "delete_reason": "录入错误"}
    clock.advance(1)
    assert sim.restore_record(victim) == live_version + 2
    data = signed("/api/v2/records", [("cursor", data["next_cursor"])], ts_ms=clock.ms).json()["data"]
    assert [(r["record_id"], r["version"], r["deleted"]) for r in data["records"]] == [(victim, live_version + 2, False)]
    sim.delete_record(victim)
    clock.advance(86400 + 2)
    assert signed(f"/api/v2/records/{victim}", ts_ms=clock.ms).json()["code"] == 40401
    everything = read_all(signed, [], ts=clock)
    assert victim not in {rec["record_id"] for p in everything for rec in p["records"]}
    assert victim not in sim.final_versions()


def test_single_record_reads_latest_version(serve: Serve, signed: Signed) -> None:
    sim = serve(quiet(size=20))
    rid = next(e.record_id for e in sim.store.entries() if not e.deleted and not e.restricted)
    version = sim.update_record(rid)
    data = signed(f"/api/v2/records/{rid}").json()["data"]
    assert (data["record_id"], data["version"]) == (rid, version)


def test_boundary_repeat_when_next_record_shares_updated_at(serve: Serve, signed: Signed) -> None:
    """Quirk 11b: the next page starts with the previous page's last record, same version and content."""
    clock = FakeClock(NOW)
    sim = serve(quiet(size=5, quirks=QuirkRates(restricted=0)), clock=clock)
    cursor = read_all(signed, [], ts=clock)[-1]["next_cursor"]
    added = sorted(sim.add_records(3))  # one millisecond, three records
    first = signed("/api/v2/records", [("page_size", "2"), ("cursor", cursor)], ts_ms=clock.ms).json()["data"]
    assert [r["record_id"] for r in first["records"]] == added[:2] and first["has_more"]
    second = signed("/api/v2/records", [("page_size", "2"), ("cursor", first["next_cursor"])], ts_ms=clock.ms)
    records = second.json()["data"]["records"]
    assert [r["record_id"] for r in records] == added[1:]
    assert records[0] == first["records"][1]


def test_forced_boundary_repeat_rate(serve: Serve, signed: Signed) -> None:
    sim = serve(quiet(size=100, quirks=QuirkRates(same_ms=0, restricted=0)))
    sim.set_churn(boundary_repeat_rate=1.0)
    pages = read_all(signed, [("page_size", "10")])
    for prev, page in itertools.pairwise(pages):
        if page["records"]:
            assert page["records"][0] == prev["records"][-1]


def test_amounts_are_raw_java_double_literals(serve: Serve, signed: Signed) -> None:
    """Quirk 5 on the wire: exponent form (e.g. ``1.08E7``) and whole amounts with ``.0``."""
    serve(quiet(size=400, quirks=QuirkRates(big_amount=0.5, batch_full_amount=0.0)))
    text = "".join(signed("/api/v2/records", [("page_size", "200"), ("record_type", "PENALTY")]).text for _ in range(1))
    assert re.search(r'"fine_amount":[1-9](\.[0-9]+)?E7\b', text)
    assert re.search(r'"fine_amount":[0-9]+\.0\b', text)
    assert not re.search(r'"fine_amount":1\.0[0-9]*E\+', text)


def test_gzip_is_honoured(serve: Serve, signed: Signed) -> None:
    serve(quiet(size=50))
    r = signed("/api/v2/records", [("page_size", "50")], headers={"Accept-Encoding": "gzip"})
    assert r.headers.get("Content-Encoding") == "gzip" and r.json()["code"] == 0


def test_evidence_records_every_answer(serve: Serve, signed: Signed) -> None:
    sim = serve(quiet(size=20))
    r = signed("/api/v2/records", [("page_size", "4")], nonce="n" * 32)
    signed("/api/v2/records", [("page_size", "4")], nonce="n" * 32)
    ok, replay = sim.requests()[-2:]
    assert (ok.app_id, ok.nonce, ok.params, ok.status, ok.code) == (APP_ID, "n" * 32, (("page_size", "4"),), 200, 0)
    assert list(ok.records) == [(x["record_id"], x["version"]) for x in r.json()["data"]["records"]]
    assert (replay.status, replay.code, replay.records) == (401, 40103, ())
