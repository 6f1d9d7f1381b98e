"""Transient failures are retried through the delay tiers; exhausted attempts land in dead
letters with their reason; a replay sends them once the platform is back.  Nothing twice."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from adapters.simserver import SimServer
from hub.config import parse_config
from hub.demo import STHJ_APP_ID, DemoOptions, demo_config
from hub.replay_cmd import ReplaySelection, run_replay
from hub.runtime import Hub
from signatures.keys import load_or_create_node_key


@contextmanager
def running(tmp_path: Path, *, max_attempts: int, faults: dict[str, float]) -> Iterator[tuple[Hub, Any, Any]]:
    from adapters.province import FaultRates, ProvinceSimConfig, ProvinceSimulator
    from adapters.sthj import SimApp, SimConfig, SthjSimulator

    sthj = SthjSimulator(SimConfig(seed=11, size=120, bad_rate=0.0, settle_ms=0, backup_enabled=False,
                                   apps=(SimApp(read_restricted=True),)))
    province = ProvinceSimulator(ProvinceSimConfig(nightly_window=False, faults=FaultRates(**faults)))
    key = load_or_create_node_key(tmp_path / "keys" / "node.pem")
    province.register_node_key("santong-321081", key.public_key.to_hex())
    with SimServer(sthj.app) as s, SimServer(province.app) as p:
        raw = demo_config(DemoOptions(home=tmp_path), s.url, p.url, "santong")
        raw["broker"]["delay_tiers_ms"] = [200, 400, 800]
        raw["destinations"]["province"]["max_attempts"] = max_attempts
        hub = Hub(parse_config(raw, home=tmp_path))
        hub.start()
        try:
            yield hub, sthj, province
        finally:
            hub.stop()
            hub.journal.close()


def wait(hub: Hub, predicate: Callable[[dict[str, Any]], bool], timeout_s: float = 90) -> dict[str, Any]:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        s = hub.journal.summary(["province"])
        if predicate(s):
            return s
        time.sleep(0.2)
    raise AssertionError(hub.journal.summary(["province"]))


def test_transient_failures_are_retried_until_the_platform_answers(tmp_path: Path) -> None:
    from adapters.province import FaultRates

    with running(tmp_path, max_attempts=10, faults={"error_500": 1.0}) as (hub, sthj, province):
        expected = len(sthj.final_versions(STHJ_APP_ID))
        wait(hub, lambda s: s["mapped"] == expected and s["batches"].get("prepared", 0) > 0)
        time.sleep(1.0)  # a few retries through the tiers
        assert hub.journal.summary(["province"])["accepted"] == 0
        province.set_faults(FaultRates())
        final = wait(hub, lambda s: s["raw"] == expected and s["lost"] == 0)
    assert final["accepted"] == expected and final["dead"] == 0
    assert province.counters()["receivedTwice"]["records"] == {}


def test_gateway_timeout_after_the_platform_stored_the_batch_is_not_a_duplicate(tmp_path: Path) -> None:
    """Quirk 7: a 504 although the batch was stored; the identical re-post gets the same receipt."""
    from adapters.province import FaultRates

    with running(tmp_path, max_attempts=10, faults={"gateway_after_store": 1.0}) as (hub, sthj, province):
        expected = len(sthj.final_versions(STHJ_APP_ID))
        wait(hub, lambda s: s["batches"].get("prepared", 0) > 0 and len(province.batches()) > 0)
        province.set_faults(FaultRates())
        final = wait(hub, lambda s: s["raw"] == expected and s["lost"] == 0)
    assert final["accepted"] == expected
    counters = province.counters()
    assert counters["receivedTwice"]["records"] == {} and counters["recordDuplicateCount"] == 0


def test_exhausted_attempts_go_to_dead_letters_and_a_replay_delivers_them(tmp_path: Path) -> None:
    from adapters.province import FaultRates

    with running(tmp_path, max_attempts=2, faults={"error_500": 1.0}) as (hub, sthj, province):
        expected = len(sthj.final_versions(STHJ_APP_ID))
        dead = wait(hub, lambda s: s["raw"] == expected and s["dead"] == expected)
        assert dead["lost"] == 0  # dead letters are a final, visible state
        broker = hub.open_broker()
        try:
            parked = broker.fetch("santong.deliver.province.dead", 100, timeout_s=1.0)
            assert parked and all("attempts exhausted" in str(d.headers["x-santong-dead-reason"]) for d in parked)
            broker.nack(parked, requeue=True)
        finally:
            broker.close()
        province.set_faults(FaultRates())
        out = run_replay(hub.config, ReplaySelection(status="dead", destination="province"), dry_run=False,
                         reason="platform back", actor="ops")
        assert out.startswith(f"redelivering: {expected} message(s)")
        final = wait(hub, lambda s: s["accepted"] == expected)
    assert final["dead"] == 0 and final["lost"] == 0
    assert province.counters()["receivedTwice"]["records"] == {}
