"""End to end: what the simulator serves, through the adapter, onto TSJB — valid orders map, bad ones name
the field the simulator says, other orders are not forwarded (§7)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import pytest
from fastapi import FastAPI

from adapters.base import RawRecord
from adapters.hotline12345 import HotlineSimulator, HotlineSource, WebhookReceiver, webhook_router
from adapters.simserver import SimServer
from mappings.engine import SpecMapper
from mappings.registry_port import InMemoryRegistry
from mappings.standard import validate_record
from santong.errors import DataError
from tests.unit.adapters.hotline12345.helpers import WEBHOOK_SECRET, run_feed

pytestmark = pytest.mark.timeout(40)
NOISY = {"phone_noise": 0.5, "id_mask_rate": 0.2, "id15_rate": 0.2, "ts_jdbc_suffix_rate": 0.3,
         "appeal_label_rate": 0.3, "uscc_noise_rate": 0.3, "fullwidth_rate": 0.3, "content_markup_rate": 0.3,
         "null_style": "empty"}


def tsjb_bound(payload: dict[str, object]) -> bool:
    return (payload.get("appealType") in ("03", "04", "投诉", "举报") and payload.get("marketSubjectFlag") == "1"
            and payload.get("status") != "90")


def outcome(mapper: SpecMapper, record: RawRecord) -> tuple[int, set[str]]:
    """(standard records made, fields named in errors)."""
    try:
        records = mapper.map("hotline12345", record.kind, record.payload)
    except DataError as exc:
        return 0, {e.field for e in exc.errors}
    for r in records:
        assert validate_record(r.unsealed("i") | {"cd_batch": "2025111900001"}, require_digest=False) == []
    return len(records), set()


@pytest.mark.parametrize("seed", [321081, 7])
def test_every_valid_order_maps_and_every_bad_one_names_its_field(make_source: Callable[..., HotlineSource],
                                                                  sim: HotlineSimulator, seed: int) -> None:
    sim.reset(seed=seed, orders=120, knobs=NOISY)
    records, _, _ = run_feed(make_source(page_size=100), sim)
    bad = sim.bad_records()
    assert bad, "the simulator marks some orders bad"
    mapper = SpecMapper(registry=InMemoryRegistry())
    checked = {"valid": 0, "bad": 0, "other": 0, "cancelled": 0}
    for record in records:
        made, fields = outcome(mapper, record)
        order_no = str(record.payload["orderNo"])
        if not tsjb_bound(record.payload):
            assert (made, fields) == (0, set()), order_no
            checked["other"] += 1
        elif order_no in bad:
            assert bad[order_no].target in fields, (order_no, bad[order_no], fields)
            checked["bad"] += 1
        elif record.payload["status"] == "80":  # the 撤销 event came before santong was connected
            assert fields == {"data.withdraw_time", "data.withdraw_reason"}, order_no
            checked["cancelled"] += 1
        else:
            assert (made, fields) == (1, set()), (order_no, fields)
            checked["valid"] += 1
    assert checked["valid"] > 10 and checked["bad"] >= 1 and checked["other"] > 10


def test_a_cancellation_seen_by_webhook_goes_up_as_stage_6(make_source: Callable[..., HotlineSource],
                                                            sim: HotlineSimulator) -> None:
    """撤销 while connected: the event fills the registry, the order's next version maps with withdraw_*."""
    mapper = SpecMapper(registry=InMemoryRegistry())

    def publish(records: Sequence[RawRecord]) -> None:
        for record in records:
            mapper.map("hotline12345", record.kind, record.payload)

    app = FastAPI()
    app.include_router(webhook_router(WebhookReceiver({"k1": WEBHOOK_SECRET}, clock=sim.now_s), publish))
    source = make_source(page_size=100)
    _, cursor, _ = run_feed(source, sim)
    with SimServer(app) as hook:
        sim.set_knobs(callback_url=hook.url + "/hooks/hotline12345")
        sim.set_clock("2025-11-03 11:00:00")  # §6.1 was dispatched at 09:20:11, after the default clock_start
        sim.hotline("YZ12345-20251103-000123", "cancel", {"opinion": "市民来电撤诉，撤销该工单。"})
    records, _, _ = run_feed(source, sim, cursor)
    [order] = [r for r in records if r.kind == "ORDER"]
    [tsjb] = mapper.map("hotline12345", "ORDER", order.payload)
    assert tsjb.data["handling_stage"]["code"] == "6"
    assert tsjb.data["withdraw_reason"] == "市民来电撤诉，撤销该工单。"
    assert tsjb.data["withdraw_time"] == "2025-11-03T11:00:00+08:00"
