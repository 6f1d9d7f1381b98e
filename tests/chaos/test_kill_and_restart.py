"""Kill the hub with SIGKILL in the middle of a run on RabbitMQ, start it again: nothing lost,
nothing duplicated at the province simulator.  Restart RabbitMQ mid-run: nothing lost."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from adapters.simserver import SimServer
from hub.demo import STHJ_APP_ID
from replay.journal import Journal
from signatures.keys import load_or_create_node_key
from tests.chaos.helpers import drop_topology, wait_for, write_config

RECORDS = 400


def _sims(records: int, home: Path):  # type: ignore[no-untyped-def]
    from adapters.province import ProvinceSimConfig, ProvinceSimulator
    from adapters.sthj import SimConfig, SthjSimulator

    key = load_or_create_node_key(home / "keys" / "node.pem")
    sthj = SthjSimulator(SimConfig(seed=7, size=records, bad_rate=0.05, settle_ms=0, backup_enabled=False))
    province = ProvinceSimulator(ProvinceSimConfig(nightly_window=False))
    province.register_node_key("santong-321081", key.public_key.to_hex())
    return sthj, province


def _start(home: Path, config: Path) -> subprocess.Popen[bytes]:
    log = open(home / "hub.log", "ab")
    return subprocess.Popen([sys.executable, "-m", "hub.cli", "--home", str(home), "--config", str(config),
                             "--log-level", "info", "run"], stdout=log, stderr=log)


def _settled(expected: int):  # type: ignore[no-untyped-def]
    return lambda s: s["raw"] >= expected and s["lost"] == 0


@pytest.mark.rabbitmq
@pytest.mark.postgres
@pytest.mark.slow
def test_sigkill_mid_run_loses_and_duplicates_nothing(tmp_path: Path, rabbitmq_url: str, pg_url: str) -> None:
    sthj, province = _sims(RECORDS, tmp_path)
    with SimServer(sthj.app) as s, SimServer(province.app) as p:
        config = write_config(tmp_path, sthj_url=s.url, province_url=p.url, broker_url=rabbitmq_url, journal_url=pg_url)
        journal = Journal.open(pg_url)
        hub = _start(tmp_path, config)
        try:
            wait_for(journal, lambda s: s["accepted"] > 0, 120)
            hub.send_signal(signal.SIGKILL)
            hub.wait(timeout=10)
            mid = journal.summary(["province"])
            assert mid["raw"] < RECORDS or mid["pending"] > 0 or mid["accepted"] < mid["mapped"], "killed too late"
            hub = _start(tmp_path, config)
            final = wait_for(journal, _settled(len(sthj.final_versions(STHJ_APP_ID))), 180)
            hub.send_signal(signal.SIGTERM)
            assert hub.wait(timeout=60) == 0, "SIGTERM must end the hub cleanly"
        finally:
            if hub.poll() is None:
                hub.kill()
            drop_topology(config, tmp_path)
        assert final["lost"] == 0
        assert journal.missing_versions("sthj", sthj.final_versions(STHJ_APP_ID)) == set()
        counters = province.counters()
        assert counters["batchRepostCount"] == 0 and counters["receivedTwice"]["records"] == {}, counters
        assert final["accepted"] > 0
        journal.close()


@pytest.mark.rabbitmq
@pytest.mark.slow
def test_rabbitmq_restart_mid_run_loses_nothing(tmp_path: Path, rabbitmq_url: str) -> None:
    from hub.config import load_config
    from hub.runtime import Hub

    sthj, province = _sims(RECORDS, tmp_path)
    with SimServer(sthj.app) as s, SimServer(province.app) as p:
        config = write_config(tmp_path, sthj_url=s.url, province_url=p.url, broker_url=rabbitmq_url,
                              journal_url=f"sqlite:///{tmp_path}/journal.sqlite")
        hub = Hub(load_config(config, home=tmp_path))
        hub.start()
        try:
            wait_for(hub.journal, lambda s: s["raw"] > 0, 60)
            subprocess.run(["rabbitmqctl", "stop_app"], check=True, capture_output=True, timeout=120)
            time.sleep(2)
            subprocess.run(["rabbitmqctl", "start_app"], check=True, capture_output=True, timeout=120)
            final = wait_for(hub.journal, _settled(len(sthj.final_versions(STHJ_APP_ID))), 240)
        finally:
            hub.stop()
            drop_topology(config, tmp_path)
        assert final["lost"] == 0
        assert hub.journal.missing_versions("sthj", sthj.final_versions(STHJ_APP_ID)) == set()
        assert province.counters()["receivedTwice"]["records"] == {}
        hub.journal.close()


@pytest.mark.rabbitmq
@pytest.mark.postgres
@pytest.mark.slow
def test_workers_in_separate_processes_share_the_stages(tmp_path: Path, rabbitmq_url: str, pg_url: str) -> None:
    """`santong worker` processes: ingest, two competing normalizers, deliver — the same result as one."""
    sthj, province = _sims(RECORDS, tmp_path)
    with SimServer(sthj.app) as s, SimServer(province.app) as p:
        config = write_config(tmp_path, sthj_url=s.url, province_url=p.url, broker_url=rabbitmq_url, journal_url=pg_url)
        journal = Journal.open(pg_url)
        procs = [
            subprocess.Popen([sys.executable, "-m", "hub.cli", "--home", str(tmp_path), "--config", str(config),
                              "worker", *stages], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            for stages in (["ingest"], ["normalize"], ["normalize"], ["deliver", "--only", "province"])
        ]
        try:
            final = wait_for(journal, _settled(len(sthj.final_versions(STHJ_APP_ID))), 180)
        finally:
            for proc in procs:
                proc.send_signal(signal.SIGTERM)
            codes = [proc.wait(timeout=60) for proc in procs]
            drop_topology(config, tmp_path)
        assert codes == [0, 0, 0, 0]
        assert final["lost"] == 0 and final["accepted"] > 0
        assert province.counters()["receivedTwice"]["records"] == {}
        journal.close()
