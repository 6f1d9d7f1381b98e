"""The change feed (§3.3) through the adapter: paging to the end under faults, nothing lost, nothing twice."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest

from adapters.hotline12345 import HotlineSimulator, HotlineSource
from tests.unit.adapters.hotline12345.helpers import run_feed

pytestmark = pytest.mark.timeout(30)


def latest(sim: HotlineSimulator) -> dict[str, int]:
    """Every unit view the client may read, by feed identity, at its current version."""
    units = sim.clients["santong-yz321081"].units
    return {f"{v['orderNo']}:{v['unitCode']}": v["version"] for v in sim.store.feed(units)}


def test_a_quiet_run_hands_over_every_unit_view_once(make_source: Callable[..., HotlineSource],
                                                     sim: HotlineSimulator) -> None:
    records, cursor, failures = run_feed(make_source(page_size=7), sim)
    assert failures == 0
    assert {r.source_id: int(r.source_version) for r in records} == latest(sim)
    assert len(records) == len(latest(sim))
    versions = [int(r.source_version) for r in records]
    assert versions == sorted(versions)
    assert json.loads(cursor or "{}")["m"] == max(versions)


def test_paging_under_faults_loses_nothing_and_repeats_nothing(make_source: Callable[..., HotlineSource],
                                                              sim: HotlineSimulator) -> None:
    """5xx, page shifts (quirk 11), token expiry (quirk 10) and a rate limit at once: the latest version of
    every view arrives, no (identity, version) twice, and every refused page was repeated with its cursor."""
    sim.reset(orders=60, knobs={"error_5xx_rate": 0.25, "page_shift": True, "token_ttl_s": 400,
                                "rate_limit_per_min": 4})
    source = make_source(page_size=5, real_clock=True)
    pages = iter(range(10_000))
    # bursts of pages (the rate limit bites), then a long pause (the token expires)
    records, _, failures = run_feed(source, sim, on_page=lambda _: sim.advance(250 if next(pages) % 6 == 5 else 0))
    seen = [(r.source_id, r.source_version) for r in records]
    assert len(seen) == len(set(seen))
    newest: dict[str, int] = {}
    for r in records:
        newest[r.source_id] = max(newest.get(r.source_id, 0), int(r.source_version))
    assert newest == latest(sim)
    assert failures > 0
    assert len(records) > len(newest)  # shifted orders came again, with a higher version
    requests = [e for e in sim.journal("request") if e["path"].endswith("/orders/changes")]
    codes = {e["code"] for e in requests}
    assert {"50001", "42901", "40102"} <= codes
    for before, after in zip(requests, requests[1:]):
        if before["code"] in ("50001", "40102"):
            assert after["query"] == before["query"]  # the same page again


def test_changes_after_a_run_come_in_the_next_one(make_source: Callable[..., HotlineSource],
                                                   sim: HotlineSimulator) -> None:
    source = make_source(page_size=50)
    _, cursor, _ = run_feed(source, sim)
    sim.advance(3600)
    sim.hotline("YZ12345-20251103-000123", "supervise", {"reason": "04"})
    records, _, _ = run_feed(source, sim, cursor)
    assert [(r.source_id, len(r.payload["supervisions"])) for r in records] == [
        ("YZ12345-20251103-000123:3210810012", 1)]


def test_expired_cursor_restarts_by_time_without_repeats(make_source: Callable[..., HotlineSource],
                                                         sim: HotlineSimulator) -> None:
    """40003 after 7 days: restart at the last updateTime − 1 h; what was handed over is not handed again."""
    source = make_source(page_size=50)
    first, cursor, _ = run_feed(source, sim)
    sim.advance(8 * 86400)
    sim.hotline("YZ12345-20251103-000123", "urge", {"reason": "03"})
    again, _, _ = run_feed(source, sim, cursor)
    assert [r.source_id for r in again] == ["YZ12345-20251103-000123:3210810012"]
    codes = [e["code"] for e in sim.journal("request") if e["path"].endswith("/orders/changes")]
    assert "40003" in codes


def test_reassigned_order_appears_once_per_unit(make_source: Callable[..., HotlineSource],
                                                sim: HotlineSimulator) -> None:
    """§6.3: the old unit's view 90 and the new unit's view 20, dispatchSeq 2."""
    records, _, _ = run_feed(make_source(), sim)
    views = {r.source_id: r.payload for r in records if r.source_id.startswith("YZ12345-20251103-000131")}
    old, new = views["YZ12345-20251103-000131:3210810012"], views["YZ12345-20251103-000131:3210810015"]
    assert (old["status"], old["returns"][0]["reviewResult"], old["dispatchSeq"]) == ("90", "1", 1)
    assert (new["status"], new["dispatchSeq"], new["dispatchId"]) == ("20", 2, "YZ12345-20251103-000131-02")
    assert (new["dispatchTime"], new["signDeadline"], new["handleDeadline"]) == (
        "2025-11-03 14:05:47", "2025-11-04 14:05:47", "2025-11-10 14:05:47")


def test_example_61_is_served_verbatim_apart_from_its_fresh_link(make_source: Callable[..., HotlineSource]) -> None:
    from adapters.hotline12345.simseed import EXAMPLE_61

    payload = dict(make_source().order("YZ12345-20251103-000123").payload)
    att, doc = payload.pop("attachments")[0], dict(EXAMPLE_61)
    doc_att = doc.pop("attachments")[0]
    assert payload == doc
    assert {k: v for k, v in att.items() if k not in ("url", "urlExpireTime")} == {
        k: v for k, v in doc_att.items() if k not in ("url", "urlExpireTime")}


def test_without_pii_scope_the_appellant_is_masked(make_source: Callable[..., HotlineSource]) -> None:
    payload = make_source(scopes=("order.read",)).order("YZ12345-20251103-000131", "3210810015").payload
    assert payload["appellant"]["name"] == "周**"
    assert payload["appellant"]["idNo"] == "321081********4625"
