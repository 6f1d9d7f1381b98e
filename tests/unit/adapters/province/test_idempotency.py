"""§4.3 step 8: re-posts are answered as duplicates with the same receipt; a changed batch is REPLAY."""

from __future__ import annotations

from typing import Any

import pytest

from adapters.base import PreparedBatch
from adapters.province import (
    FaultRates,
    ProvinceClient,
    ProvinceSettings,
    ProvinceSimulator,
    ProvinceSink,
)
from adapters.province import testkeys as tk
from santong.errors import PermanentError, TransientError
from signatures.envelope import Signer
from signatures.jcs import canonical, loads_strict
from signatures.sm2 import SM2PrivateKey

pytestmark = pytest.mark.timeout(30)


def test_identical_repost_is_a_duplicate_with_the_same_ticket_and_receipt(
    sim: ProvinceSimulator, sink: ProvinceSink, settings: ProvinceSettings, kit: Any
) -> None:
    batch = sink.prepare(kit.draft_of(kit.check_record()))
    sink.post(batch)
    first = kit.wait_outcome(sink, batch.batch_id)
    client = ProvinceClient(settings)
    try:
        reply = client.call("POST", "/batches", body=batch.payload)
    finally:
        client.close()
    assert reply.status == 202 and reply.data["duplicate"] is True
    assert reply.data["ticket"] == sim.batch(batch.batch_id)["ticket"]  # type: ignore[index]
    sink.post(batch)  # the sink treats it as delivered, too
    again = sink.outcome(batch.batch_id)
    assert again is not None and again.evidence == first.evidence
    counters = sim.counters()
    assert counters["batchReposts"] == {batch.batch_id: 2}
    assert counters["receivedTwice"]["msgIds"] == {batch.batch_id: 3}
    assert counters["recordDuplicateCount"] == 0


def test_same_msgid_other_content_is_replay(sim: ProvinceSimulator, sink: ProvinceSink, kit: Any) -> None:
    batch = sink.prepare(kit.draft_of(kit.check_record()))
    sink.post(batch)
    env = loads_strict(batch.payload)
    env["header"]["nonce"] = "0" * 32
    resigned = Signer(SM2PrivateKey.from_hex(tk.NODE_PRIVATE_KEY_HEX), tk.NODE_ID).sign_object(env)
    with pytest.raises(PermanentError) as err:
        sink.post(PreparedBatch(batch.batch_id, canonical(resigned)))
    assert err.value.context["code"] == "REPLAY" and err.value.context["status"] == 409
    assert sim.counters()["replays"] == [batch.batch_id]
    out = kit.wait_outcome(sink, batch.batch_id)
    assert out is not None and out.records[0].status == "accepted"  # the first batch's receipt stands


def test_gateway_timeout_after_store_then_repost_gives_one_receipt(
    sim: ProvinceSimulator, sink: ProvinceSink, kit: Any
) -> None:
    """Quirk 7: the 502/504 page hides a stored batch; re-posting the same bytes is safe."""
    sim.set_faults(FaultRates(gateway_after_store=1.0))
    batch = sink.prepare(kit.draft_of(kit.check_record()))
    with pytest.raises(TransientError) as err:
        sink.post(batch)
    assert err.value.context["status"] in (502, 504)
    assert [b["msgId"] for b in sim.batches()] == [batch.batch_id]
    sim.set_faults(FaultRates())
    sink.post(batch)
    out = kit.wait_outcome(sink, batch.batch_id)
    assert out is not None and out.records[0].status == "accepted"
    assert len(sim.state.feed) == 1
    assert sim.counters()["batchReposts"] == {batch.batch_id: 1}


def test_record_resent_in_a_new_batch_is_answered_duplicate_and_counted(
    sim: ProvinceSimulator, sink: ProvinceSink, kit: Any
) -> None:
    record = kit.check_record()
    first = sink.prepare(kit.draft_of(record))
    sink.post(first)
    assert kit.wait_outcome(sink, first.batch_id).records[0].status == "accepted"
    second = sink.prepare(kit.draft_of(record))
    sink.post(second)
    out = kit.wait_outcome(sink, second.batch_id)
    assert out.records[0].status == "duplicate" and out.records[0].errors == []
    assert loads_strict(out.evidence)["header"]["status"] == "ACCEPTED"
    counters = sim.counters()
    assert counters["recordDuplicates"] == [{"cd_id": record["cd_id"], "digest": record["digest"], "msgId": second.batch_id}]
    assert counters["receivedTwice"]["records"] == {f"{record['cd_id']}|{record['digest']}": [first.batch_id, second.batch_id]}


def test_feed_lists_receipts_and_quirk_2_repeats_them(sim: ProvinceSimulator, sink: ProvinceSink,
                                                      settings: ProvinceSettings, kit: Any) -> None:
    sim.set_knobs(duplicate_receipts_in_feed=True)
    batch = sink.prepare(kit.draft_of(kit.check_record()))
    sink.post(batch)
    kit.wait_outcome(sink, batch.batch_id)
    client = ProvinceClient(settings)
    try:
        page = client.call("GET", "/receipts", params={"limit": "10"}).data
        empty = client.call("GET", "/receipts", params={"cursor": page["nextCursor"]}).data
    finally:
        client.close()
    receipts = [item["receipt"] for item in page["items"]]
    assert len(receipts) == 2 and receipts[0] == receipts[1]
    assert sink.open_receipt(receipts[1]).records[0].status == "accepted"
    assert empty == {"items": [], "nextCursor": None, "hasMore": False}  # quirk 19
