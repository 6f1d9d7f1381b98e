"""Sink → simulator: batches go out signed, receipts come back verified, per record."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from adapters.base import BatchDraft, SealedRecord
from adapters.province import ProvinceSimulator, ProvinceSink
from santong.errors import PermanentError
from signatures.jcs import loads_strict
from signatures.sm2 import SM2PrivateKey

pytestmark = pytest.mark.timeout(30)


def test_happy_path_receipt_accepted_and_verified(sim: ProvinceSimulator, sink: ProvinceSink, kit: Any) -> None:
    record = kit.check_record()
    batch = sink.prepare(kit.draft_of(record))
    sink.post(batch)
    out = kit.wait_outcome(sink, batch.batch_id)
    assert out is not None and out.batch_id == batch.batch_id
    assert [(r.cd_id, r.digest, r.status, r.errors) for r in out.records] == [
        (record["cd_id"], record["digest"], "accepted", [])]
    receipt = loads_strict(out.evidence)
    assert receipt["header"]["status"] == "ACCEPTED" and receipt["header"]["refMsgId"] == batch.batch_id
    assert out.evidence == sim.receipt_bytes(batch.batch_id)
    stored = sim.batch(batch.batch_id)
    assert stored is not None and stored["postCount"] == 1
    assert [v["status"] for v in sim.records()[record["cd_id"]]] == ["accepted"]


def test_payload_is_the_jcs_form_that_was_signed(sim: ProvinceSimulator, sink: ProvinceSink, kit: Any) -> None:
    batch = sink.prepare(kit.draft_of(kit.check_record()))
    env = loads_strict(batch.payload)
    from signatures.jcs import canonical

    assert canonical(env) == batch.payload
    assert env["header"]["msgId"] == batch.batch_id and env["header"]["operation"] == "i"
    assert env["header"]["recordCount"] == 1 and env["header"]["sender"] == "santong-321081"


def test_batch_7_1_gets_a_partial_receipt_with_format_on_check_date(
    sim: ProvinceSimulator, sink: ProvinceSink, kit: Any
) -> None:
    published = kit.load("batch_7_1.json")
    sealed = [SealedRecord(msg_id=f"m{i}", msg_type="JGXW_CHECK", record=r) for i, r in enumerate(published["body"])]
    draft = BatchDraft("JGXW_CHECK", published["header"]["source"], kit.batch_no(), sealed)
    batch = sink.prepare(draft)
    sink.post(batch)
    out = kit.wait_outcome(sink, batch.batch_id)
    assert out is not None
    assert [r.status for r in out.records] == ["accepted", "rejected"]
    assert [(e["field"], e["code"]) for e in out.records[1].errors] == [("data.check_date", "FORMAT")]
    header = loads_strict(out.evidence)["header"]
    assert (header["status"], header["accepted"], header["rejected"]) == ("PARTIAL", 1, 1)


def test_raw_receipts_verify_too(sim: ProvinceSimulator, sink: ProvinceSink, kit: Any) -> None:
    sim.set_knobs(receipt_sig_encoding="RAW")
    batch = sink.prepare(kit.draft_of(kit.check_record()))
    sink.post(batch)
    out = kit.wait_outcome(sink, batch.batch_id)
    assert out is not None and out.records[0].status == "accepted"
    assert loads_strict(out.evidence)["header"]["sigEncoding"] == "RAW"


def test_bad_signature_rejects_the_whole_batch(
    sim: ProvinceSimulator, make_sink: Callable[..., ProvinceSink], kit: Any
) -> None:
    """Signed with a key the platform does not hold: REJECTED, empty body, nothing remembered."""
    stranger = make_sink(node_key=SM2PrivateKey.generate())
    records = [kit.check_record(), kit.check_record()]
    batch = stranger.prepare(kit.draft_of(*records))
    stranger.post(batch)
    out = kit.wait_outcome(stranger, batch.batch_id)
    assert out is not None
    assert [(e["field"], e["code"]) for e in out.batch_errors] == [("signature", "SIGNATURE_INVALID")]
    assert [(r.cd_id, r.status) for r in out.records] == [(r["cd_id"], "rejected") for r in records]
    receipt = loads_strict(out.evidence)
    assert receipt["body"] == [] and (receipt["header"]["accepted"], receipt["header"]["rejected"]) == (0, 2)
    assert sim.records() == {}


def test_delayed_receipt_is_pending_first(sim: ProvinceSimulator, sink: ProvinceSink, kit: Any) -> None:
    sim.set_receipt_delay(3600)
    batch = sink.prepare(kit.draft_of(kit.check_record()))
    sink.post(batch)
    assert sink.outcome(batch.batch_id) is None
    sim.clock.advance(3601)
    sink.sync_clock()  # the platform clock jumped: quirk 5, the sink follows it
    assert kit.wait_outcome(sink, batch.batch_id) is not None


def test_prepare_refuses_more_than_500_records(sink: ProvinceSink, kit: Any) -> None:
    record = kit.check_record()
    draft = kit.draft_of(*([record] * 501))
    with pytest.raises(PermanentError, match="500"):
        sink.prepare(draft)


def test_prepare_refuses_more_than_5_mib(sink: ProvinceSink, kit: Any) -> None:
    records = []
    for _ in range(3):
        r = kit.check_record()
        unsealed = {k: v for k, v in r.items() if k not in ("cd_batch", "digest")}
        unsealed["data"] = {**r["data"], "check_content": "检" * 700_000}
        from signatures.envelope import seal_record

        records.append(seal_record(unsealed, r["cd_batch"]))
    with pytest.raises(PermanentError, match="5242880"):
        sink.prepare(kit.draft_of(*records))
