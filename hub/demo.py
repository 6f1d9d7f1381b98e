"""``santong demo``: the whole way a record travels, on simulated systems, in one command.

Starts the sthj and province simulators in process, runs the hub (embedded broker and
SQLite journal unless told otherwise), lets it pull N records, waits until every record
has reached a final state, and reports what became of each — checked against what the
simulators themselves saw (the province simulator is an independent judge).
"""

from __future__ import annotations

import sys
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from adapters.simserver import SimServer
from hub.config import parse_config
from hub.logs import get_logger
from hub.runtime import Hub
from signatures.keys import load_or_create_node_key

__all__ = ["DemoOptions", "run_demo", "print_summary", "SUMMARY_KEYS"]

SUMMARY_KEYS = ("raw", "mapped", "quarantined", "delivered", "accepted", "rejected", "unchanged", "dead", "lost",
                "duplicates")
log = get_logger("santong.demo")

STHJ_APP_ID = "yzhb_3f9a0c51d7e2"
STHJ_SECRET = "Yz8fT2kQ7mLx4Rc9Wv3Nb6Hs1Jd5Pg0A"
PROVINCE_APP_KEY = "jsjg-ak-321081-01"
PROVINCE_SECRET = "q8Vn2mXr7LcT4wYb9KpE3sHd6JfU1aZg"
PROVINCE_PUBLIC_KEY = (
    "042487dc8c20f62316f0474d37c604386eb3488170f05177f81f30ec88c5a75704"
    "a1eacc1cef8cfc80d7426c0cdb82e8b3ca0da5b034c15fb52ac88b7334fca09b"
)
ROUTES = ["JGXW_CHECK.*", "JGXW_PUNISH.*", "JGXW_FORCE.*"]


@dataclass(frozen=True)
class DemoOptions:
    records: int = 1000
    bad_share: float = 0.05
    seed: int = 20251119
    broker_url: str | None = None
    journal_url: str | None = None
    home: Path = Path(".")
    timeout_s: float = 600.0
    prefix: str | None = None
    progress: bool = True


def demo_config(opts: DemoOptions, sthj_url: str, province_url: str, prefix: str) -> dict[str, Any]:
    return {
        "broker": {
            "url": opts.broker_url or "embedded://${home}/broker.sqlite",
            "prefix": prefix,
            # Short first tier: parked versions and retried batches come back quickly.
            "delay_tiers_ms": [500, 2000, 10000, 60000],
        },
        "journal": {"url": opts.journal_url or "sqlite:///${home}/journal.sqlite"},
        "http": {"enabled": False},  # sthj is pulled; nothing is pushed in the demo
        "sources": {
            "sthj": {"adapter": "sthj", "poll_interval_s": 0.5,
                     "settings": {"base_url": sthj_url, "app_id": STHJ_APP_ID, "app_secret": STHJ_SECRET,
                                  "page_size": 200}},
        },
        "destinations": {
            "province": {"adapter": "province", "routes": ROUTES, "batch_window_ms": 300, "receipt_poll_s": 0.3,
                         "settings": {"base_url": province_url + "/exchange/v1", "app_key": PROVINCE_APP_KEY,
                                      "secret_key": PROVINCE_SECRET,
                                      "platform_keys": [{"public_key": PROVINCE_PUBLIC_KEY}]}},
        },
    }


def run_demo(opts: DemoOptions) -> dict[str, Any]:
    from adapters.province import ProvinceSimConfig, ProvinceSimulator
    from adapters.sthj import SimApp, SimConfig, SthjSimulator

    home = opts.home
    home.mkdir(parents=True, exist_ok=True)
    node_key = load_or_create_node_key(home / "keys" / "node.pem")
    sthj = SthjSimulator(SimConfig(seed=opts.seed, size=opts.records, bad_rate=opts.bad_share, settle_ms=0,
                                   backup_enabled=False, apps=(SimApp(read_restricted=True),),
                                   # Seeded deletions are older than a year: keep their tombstones served.
                                   tombstone_retention_s=20 * 365 * 86400))
    province = ProvinceSimulator(ProvinceSimConfig(nightly_window=False))
    province.register_node_key("santong-321081", node_key.public_key.to_hex())
    # On a shared RabbitMQ the demo uses its own names, never a production hub's queues.
    prefix = opts.prefix or ("santong" if not opts.broker_url else f"santong-demo-{uuid.uuid4().hex[:8]}")
    started = time.monotonic()
    with SimServer(sthj.app) as sthj_srv, SimServer(province.app) as prov_srv:
        raw_cfg = demo_config(opts, sthj_srv.url, prov_srv.url, prefix)
        # Left in the home so that `santong --home HOME journal show …` and `replay` work after.
        (home / "santong.yaml").write_text(yaml.safe_dump(raw_cfg, allow_unicode=True), encoding="utf-8")
        cfg = parse_config(raw_cfg, home=home, origin="demo")
        hub = Hub(cfg)
        hub.start()
        try:
            summary = _wait(hub, sthj, opts, started)
        finally:
            hub.stop()
            hub.journal.close()
            if opts.broker_url:
                _drop_topology(hub)
        summary.update(_judge(hub, sthj, province, summary))
    summary["seconds"] = round(time.monotonic() - started, 1)
    summary["records_per_s"] = round(summary["raw"] / summary["seconds"], 1) if summary["seconds"] else 0.0
    summary["broker"] = "rabbitmq" if opts.broker_url else "embedded"
    summary["journal"] = "postgresql" if opts.journal_url else "sqlite"
    summary["home"] = str(home)
    return summary


def _expected_raw(sthj: Any) -> int:
    return len(sthj.final_versions(STHJ_APP_ID))


def _wait(hub: Hub, sthj: Any, opts: DemoOptions, started: float) -> dict[str, Any]:
    expected = _expected_raw(sthj)
    last_print = 0.0
    summary: dict[str, Any] = {}
    while time.monotonic() - started < opts.timeout_s:
        summary = hub.journal.summary(list(hub.config.destinations))
        settled = summary["raw"] >= expected and summary["lost"] == 0
        if opts.progress and time.monotonic() - last_print > 2:
            last_print = time.monotonic()
            print(f"… raw {summary['raw']}/{expected}  mapped {summary['mapped']}  quarantined {summary['quarantined']}"
                  f"  accepted {summary['accepted']}  pending {summary['pending']}", file=sys.stderr, flush=True)
        if settled:
            break
        time.sleep(0.3)
    return summary


def _judge(hub: Hub, sthj: Any, province: Any, summary: dict[str, Any]) -> dict[str, Any]:
    """Compare the journal with what the simulators saw: loss, duplicates, expectations."""
    journal = hub.journal
    final = sthj.final_versions(STHJ_APP_ID)
    missing = journal.missing_versions("sthj", final)
    counters = province.counters()
    twice = counters["receivedTwice"]
    # Only what this app may read counts (the system withholds restricted records).
    bad = {rid: why for rid, why in sthj.bad_records().items() if rid in final}
    quarantined_ids = journal.quarantined_source_ids("sthj")
    return {
        "source_records": len(final),
        "lost": summary["lost"] + len(missing),
        "lost_ids": sorted(missing)[:50],
        # Anything the province received twice: a batch re-posted under its msgId, a record
        # version carried by two envelopes, a msgId reused for other content.
        "duplicates": int(counters["batchRepostCount"]) + len(twice["records"]) + len(counters["replays"]),
        "duplicate_ids": sorted(twice["msgIds"]) + sorted(twice["records"]),
        "bad_expected": len(bad),
        "bad_not_quarantined": sorted(set(bad) - quarantined_ids)[:50],
        "quarantined_unexpectedly": sorted(quarantined_ids - set(bad))[:50],
    }


def _drop_topology(hub: Hub) -> None:
    broker = hub.open_broker()
    try:
        broker.delete_topology(hub.topology)
    finally:
        broker.close()


def print_summary(summary: dict[str, Any]) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console()
    table = Table(title=f"santong demo ({summary.get('broker')}, {summary.get('journal')})")
    table.add_column("fate")
    table.add_column("records", justify="right")
    labels = {"raw": "raw in 接收", "mapped": "mapped 映射", "quarantined": "quarantined 隔离",
              "delivered": "delivered 报送", "accepted": "accepted 受理", "rejected": "rejected 退回",
              "unchanged": "not needed 无需报送", "dead": "dead letters 死信", "lost": "lost 丢失",
              "duplicates": "duplicates 重复"}
    for key in SUMMARY_KEYS:
        table.add_row(labels[key], str(summary.get(key, 0)))
    console.print(table)
    if summary.get("quarantined_by_reason"):
        reasons = Table(title="quarantined by field and reason 隔离原因")
        reasons.add_column("field reason")
        reasons.add_column("count", justify="right")
        for reason, count in summary["quarantined_by_reason"].items():
            reasons.add_row(reason, str(count))
        console.print(reasons)
    console.print(f"source: {summary.get('source_records')} records served by the simulated sthj system, "
                  f"{summary.get('bad_expected')} of them bad; not needed = deleted at the source before they were "
                  "ever delivered, or already delivered unchanged")
    console.print(f"{summary.get('seconds')} s, {summary.get('records_per_s')} records/s; home: {summary.get('home')}")
    for key, text in (("lost_ids", "lost"), ("bad_not_quarantined", "bad but not quarantined"),
                      ("quarantined_unexpectedly", "quarantined but valid at the source")):
        if summary.get(key):
            console.print(f"[bold red]{text}:[/] {', '.join(summary[key])}")
