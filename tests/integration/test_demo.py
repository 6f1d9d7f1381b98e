"""The whole slice end to end: sthj simulator → hub → province simulator, on both brokers."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from hub.demo import DemoOptions, run_demo

RECORDS = 300


def _check(summary: dict, records: int) -> None:
    assert summary["lost"] == 0, summary.get("lost_ids")
    assert summary["duplicates"] == 0
    assert summary["raw"] == summary["source_records"] > records * 0.9
    # Every bad record is in quarantine, named by field and reason; nothing valid is.
    assert summary["bad_not_quarantined"] == [] and summary["quarantined_unexpectedly"] == []
    assert summary["quarantined"] == summary["bad_expected"] > 0
    codes = {"REQUIRED", "FORMAT", "LENGTH", "CHECKSUM", "CODE_UNKNOWN", "RANGE", "ORDER", "REFERENCE", "SCHEMA"}
    for reason in summary["quarantined_by_reason"]:
        field, code = reason.split(" ")
        assert field.startswith("data.") and code in codes, reason
    # Every valid record reached the province and was accepted by its receipt.
    assert summary["rejected"] == 0 and summary["dead"] == 0
    assert summary["accepted"] == summary["mapped"] - summary["unchanged"]


@pytest.mark.slow
def test_demo_on_embedded_broker_and_sqlite(tmp_path: Path, output_dir: Path) -> None:
    summary = run_demo(DemoOptions(records=RECORDS, home=tmp_path, timeout_s=240, progress=False))
    (output_dir / "demo-embedded.json").write_text(json.dumps(summary, ensure_ascii=False, indent=2))
    _check(summary, RECORDS)


@pytest.mark.slow
@pytest.mark.rabbitmq
@pytest.mark.postgres
def test_demo_on_rabbitmq_and_postgresql_gives_the_same_counts(
    tmp_path: Path, rabbitmq_url: str, pg_url: str, output_dir: Path
) -> None:
    embedded = run_demo(DemoOptions(records=RECORDS, home=tmp_path / "a", timeout_s=240, progress=False))
    real = run_demo(DemoOptions(records=RECORDS, home=tmp_path / "b", timeout_s=240, progress=False,
                                broker_url=rabbitmq_url, journal_url=pg_url))
    (output_dir / "demo-rabbitmq-postgresql.json").write_text(json.dumps(real, ensure_ascii=False, indent=2))
    _check(real, RECORDS)
    for key in ("raw", "mapped", "quarantined", "delivered", "accepted", "rejected", "dead", "lost", "duplicates"):
        assert real[key] == embedded[key], key
    assert real["quarantined_by_reason"] == embedded["quarantined_by_reason"]
