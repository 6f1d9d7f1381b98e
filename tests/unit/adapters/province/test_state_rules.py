"""§4.3 state rules by cd_id: DUPLICATE in a batch, REFERENCE for u before i, ORDER for stale versions."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest

from adapters.province import ProvinceSimulator, ProvinceSink
from signatures.formats import BEIJING, format_datetime

pytestmark = pytest.mark.timeout(30)


def deliver(sink: ProvinceSink, kit: Any, *records: dict[str, Any]) -> list[tuple[str, list[tuple[str, str]]]]:
    batch = sink.prepare(kit.draft_of(*records))
    sink.post(batch)
    out = kit.wait_outcome(sink, batch.batch_id)
    assert out is not None
    return [(r.status, [(e["field"], e["code"]) for e in r.errors]) for r in out.records]


def test_update_before_insert_is_reference(sink: ProvinceSink, kit: Any) -> None:
    assert deliver(sink, kit, kit.check_record(op="u")) == [("rejected", [("cd_id", "REFERENCE")])]


def test_stale_update_is_order(sim: ProvinceSimulator, sink: ProvinceSink, kit: Any) -> None:
    now = datetime.now(BEIJING)
    first = kit.check_record(cd_time=format_datetime(now))
    assert deliver(sink, kit, first) == [("accepted", [])]
    stale = kit.check_record(op="u", cd_id=first["cd_id"], cd_time=format_datetime(now - timedelta(minutes=1)))
    assert deliver(sink, kit, stale) == [("rejected", [("cd_time", "ORDER")])]
    newer = kit.check_record(op="u", cd_id=first["cd_id"], cd_time=format_datetime(now))
    assert deliver(sink, kit, newer) == [("accepted", [])]  # same cd_time, other digest: replaces
    assert [v["status"] for v in sim.records()[first["cd_id"]]] == ["accepted", "rejected", "accepted"]


def test_insert_of_a_live_record_with_another_digest_is_duplicate(sink: ProvinceSink, kit: Any) -> None:
    first = kit.check_record()
    assert deliver(sink, kit, first) == [("accepted", [])]
    other = kit.check_record(cd_id=first["cd_id"])
    assert deliver(sink, kit, other) == [("rejected", [("cd_id", "DUPLICATE")])]


def test_delete_makes_a_tombstone_then_insert_is_accepted(sink: ProvinceSink, kit: Any) -> None:
    now = datetime.now(BEIJING)
    first = kit.check_record(cd_time=format_datetime(now - timedelta(seconds=2)))
    assert deliver(sink, kit, first) == [("accepted", [])]
    gone = kit.check_record(op="d", cd_id=first["cd_id"], cd_time=format_datetime(now - timedelta(seconds=1)))
    gone_data = {"check_action_code": gone["data"]["check_action_code"], "delete_reason": "录入错误"}
    from signatures.envelope import seal_record

    tombstone = seal_record({**{k: v for k, v in gone.items() if k not in ("cd_batch", "digest")}, "data": gone_data},
                            gone["cd_batch"])
    assert deliver(sink, kit, tombstone) == [("accepted", [])]
    assert deliver(sink, kit, kit.check_record(op="u", cd_id=first["cd_id"])) == [("rejected", [("cd_id", "REFERENCE")])]
    assert deliver(sink, kit, kit.check_record(cd_id=first["cd_id"])) == [("accepted", [])]


def test_future_cd_time_is_range(sink: ProvinceSink, kit: Any) -> None:
    future = format_datetime(datetime.now(BEIJING) + timedelta(minutes=10))
    statuses = deliver(sink, kit, kit.check_record(cd_time=future))
    assert statuses[0][0] == "rejected" and ("cd_time", "RANGE") in statuses[0][1]
