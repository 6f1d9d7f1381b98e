"""The journal on SQLite and on PostgreSQL: identities, versions, cursors, batches, receipts."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from adapters.base import BatchOutcome, RawRecord, SinkOutcome
from replay.deliver_store import DeliveryItem
from replay.journal import Journal
from replay.normalize_store import StdRow


@pytest.fixture(params=["sqlite", "postgresql"])
def journal(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Journal]:
    if request.param == "sqlite":
        j = Journal.open(f"sqlite:///{tmp_path}/journal.sqlite")
    else:
        j = Journal.open(request.getfixturevalue("pg_url"))
    yield j
    j.close()


def rec(sid: str, version: int, **payload: object) -> RawRecord:
    return RawRecord("INSPECTION", sid, str(version), {"record_id": sid, "version": version, **payload})


def test_repoll_is_recognised_and_older_versions_are_stale(journal: Journal) -> None:
    first = journal.ingest_page("sthj", [rec("A", 2), rec("B", 1)])
    assert len(first) == 2
    journal.mark_published("sthj", [r.msg_id for r in first], "cursor-1")
    assert journal.ingest_page("sthj", [rec("A", 2), rec("B", 1)]) == []  # a re-poll
    assert journal.ingest_page("sthj", [rec("A", 1)]) == []  # older than held: stale
    newer = journal.ingest_page("sthj", [rec("A", 3)])
    assert [r.source_version for r in newer] == ["3"]
    assert journal.get_cursor("sthj") == "cursor-1"
    summary = journal.summary(["province"])
    assert summary["raw"] == 3 and summary["stale"] == 1


def test_unconfirmed_raw_records_are_returned_again(journal: Journal) -> None:
    rows = journal.ingest_page("sthj", [rec("A", 1)])
    assert [r.msg_id for r in journal.unpublished()] == [rows[0].msg_id]
    assert [r.msg_id for r in journal.ingest_page("sthj", [rec("A", 1)])] == [rows[0].msg_id]
    journal.mark_published("sthj", [rows[0].msg_id], None)
    assert journal.unpublished() == []


def test_batch_numbers_count_per_day(journal: Journal) -> None:
    assert [journal.next_batch_no("20251119") for _ in range(3)] == ["2025111900001", "2025111900002", "2025111900003"]
    assert journal.next_batch_no("20251120") == "2025112000001"


def test_a_receipt_closes_its_batch_once(journal: Journal) -> None:
    raw = journal.ingest_page("sthj", [rec("A", 1)])[0]
    record = {"msg_type": "JGXW_CHECK", "cd_id": "sthj:INSPECTION:A", "operation": "upsert",
              "cd_source": "32108111321081MB1L26308J", "cd_time": "2025-11-19T09:30:12+08:00", "data": {}}
    journal.record_normalized([StdRow("s-1", raw.msg_id, "JGXW_CHECK", "321081", record, "c" * 64)], [])
    views, states = journal.begin_deliveries("province", [DeliveryItem("s-1", "JGXW_CHECK", "sthj:INSPECTION:A",
                                                                       record["cd_time"], "c" * 64)])
    assert views["s-1"].status == "queued" and states == {}
    sealed = {"cd_id": "sthj:INSPECTION:A", "cd_operation": "i", "digest": "d" * 64}
    journal.store_batch(batch_id="b-1", destination="province", msg_type="JGXW_CHECK",
                        source="32108111321081MB1L26308J", batch_no="2025111900001", payload=b"{}",
                        records=[("s-1", "sthj:INSPECTION:A", "d" * 64, sealed)])
    journal.batch_posted("b-1")
    outcome = BatchOutcome("b-1", [SinkOutcome("sthj:INSPECTION:A", "d" * 64, "accepted")], b"{}")
    assert journal.apply_outcome("province", outcome) is True
    assert journal.apply_outcome("province", outcome) is False  # the same receipt again changes nothing
    _, states = journal.begin_deliveries("province", [DeliveryItem("s-1", "JGXW_CHECK", "sthj:INSPECTION:A",
                                                                   record["cd_time"], "c" * 64)])
    held = states[("JGXW_CHECK", "sthj:INSPECTION:A")]
    assert held.live and held.in_flight_batch is None and held.content_digest == "c" * 64
    summary = journal.summary(["province"])
    assert summary["accepted"] == 1 and summary["lost"] == 0
    story = journal.story("sthj:INSPECTION:A")
    events = [(h["stage"], h["event"]) for h in story["hops"]] if story else []
    assert ("receipt", "accepted") in events and ("deliver", "posted") in events


@pytest.mark.postgres
def test_workers_migrating_a_fresh_postgresql_together_do_not_collide(pg_url: str) -> None:
    errors: list[BaseException] = []

    def open_close() -> None:
        try:
            Journal.open(pg_url).close()
        except BaseException as exc:  # noqa: BLE001 - collected for the assertion
            errors.append(exc)

    threads = [threading.Thread(target=open_close) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []


def test_the_subject_registry_merges_what_sources_say(journal: Journal) -> None:
    from decimal import Decimal

    from replay.registry import JournalRegistry

    registry = JournalRegistry(journal)
    assert registry.lookup("subject", "91321081MA1N7G5T0R") is None
    registry.remember("subject", "91321081MA1N7G5T0R", {"administrative_cp": "仪征市润扬精密铸造有限公司"})
    registry.remember("subject", "91321081MA1N7G5T0R", {"legal_representative": "顾永林", "capital": Decimal("1.08E7")})
    assert registry.lookup("subject", "91321081MA1N7G5T0R") == {
        "administrative_cp": "仪征市润扬精密铸造有限公司", "legal_representative": "顾永林", "capital": Decimal("1.08E7")}
    assert JournalRegistry(journal).lookup("ggzy_project", "91321081MA1N7G5T0R") is None
