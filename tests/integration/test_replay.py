"""Fix what failed and send it again, without sending anything twice."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from adapters.simserver import SimServer
from hub.config import parse_config
from hub.demo import STHJ_APP_ID, DemoOptions, demo_config
from hub.replay_cmd import ReplaySelection, run_replay
from hub.runtime import Hub
from mappings.base import MappedRecord
from mappings.registry import default_mapper
from santong.errors import DataError, FieldError
from signatures.keys import load_or_create_node_key


class BrokenTable:
    """A mapper whose CHECK_TYPE table lacks 日常检查 — until the integrator fixes it."""

    def __init__(self) -> None:
        self.fixed = False
        self.inner = default_mapper()

    def map(self, source: str, kind: str, payload: Any) -> list[MappedRecord]:
        inspection = payload.get("inspection") or {}
        if not self.fixed and kind == "INSPECTION" and inspection.get("inspect_type") == "日常检查":
            raise DataError("unmappable", [FieldError("data.check_type", "CODE_UNKNOWN", "代码表中无此值", "日常检查")])
        return self.inner.map(source, kind, payload)


def _settle(hub: Hub, expected: int, timeout_s: float = 120) -> dict[str, Any]:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        s = hub.journal.summary(["province"])
        if s["raw"] >= expected and s["lost"] == 0:
            return s
        time.sleep(0.3)
    raise AssertionError(hub.journal.summary(["province"]))


def test_quarantined_records_are_released_by_a_replay_after_the_fix(tmp_path: Path) -> None:
    from adapters.province import ProvinceSimConfig, ProvinceSimulator
    from adapters.sthj import SimApp, SimConfig, SthjSimulator

    sthj = SthjSimulator(SimConfig(seed=3, size=150, bad_rate=0.0, settle_ms=0, backup_enabled=False,
                                   apps=(SimApp(read_restricted=True),)))
    province = ProvinceSimulator(ProvinceSimConfig(nightly_window=False))
    key = load_or_create_node_key(tmp_path / "keys" / "node.pem")
    province.register_node_key("santong-321081", key.public_key.to_hex())
    mapper = BrokenTable()
    with SimServer(sthj.app) as s, SimServer(province.app) as p:
        cfg = parse_config(demo_config(DemoOptions(home=tmp_path), s.url, p.url, "santong"), home=tmp_path)
        hub = Hub(cfg, mapper=mapper)
        hub.start()
        try:
            expected = len(sthj.final_versions(STHJ_APP_ID))
            first = _settle(hub, expected)
            assert first["quarantined"] > 0
            assert set(first["quarantined_by_reason"]) == {"data.check_type CODE_UNKNOWN"}
            posted_before = len(province.batches())

            dry = run_replay(cfg, ReplaySelection(status="quarantined"), dry_run=True, reason="", actor="test")
            assert f"would renormalize: {first['quarantined']} message(s)" in dry

            # Replaying everything before the fix changes nothing and sends nothing.
            run_replay(cfg, ReplaySelection(source="sthj"), dry_run=False, reason="check", actor="test")
            time.sleep(3)
            again = _settle(hub, expected)
            assert again["accepted"] == first["accepted"] and len(province.batches()) == posted_before

            mapper.fixed = True
            out = run_replay(cfg, ReplaySelection(status="quarantined"), dry_run=False,
                             reason="CHECK_TYPE fixed", actor="integrator")
            assert out.startswith("renormalizing")
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline and hub.journal.summary(["province"])["quarantined"]:
                time.sleep(0.3)
            final = _settle(hub, expected)
        finally:
            hub.stop()
    assert final["quarantined"] == 0 and final["lost"] == 0
    assert final["accepted"] == first["accepted"] + first["quarantined"]
    counters = province.counters()
    assert counters["batchRepostCount"] == 0 and counters["receivedTwice"]["records"] == {}
    audit = hub.journal.audit_entries()
    assert [a["reason"] for a in audit][:1] == ["CHECK_TYPE fixed"] and audit[0]["actor"] == "integrator"
    # One record's whole story, by its cd_id: every hop from ingest to the receipt.
    record_id = next(r for r in sthj.final_versions(STHJ_APP_ID) if "-JC-" in r)
    story = hub.journal.story(f"sthj:INSPECTION:{record_id}")
    assert story is not None and story["raw"]["source_id"] == record_id
    stages = {h["stage"] for h in story["hops"]}
    assert {"ingest", "normalize", "deliver", "receipt"} <= stages
    assert story["deliveries"][0]["status"] in ("accepted", "skipped")
    hub.journal.close()
