"""Shared pieces of the chaos tests: simulators, a config file, waiting for the journal."""

from __future__ import annotations

import time
import uuid
from pathlib import Path
from typing import Any, Callable

import yaml

from hub.demo import demo_config, DemoOptions
from replay.journal import Journal


def write_config(home: Path, *, sthj_url: str, province_url: str, broker_url: str, journal_url: str) -> Path:
    data = demo_config(DemoOptions(broker_url=broker_url, journal_url=journal_url, home=home),
                       sthj_url, province_url, prefix=f"chaos-{uuid.uuid4().hex[:8]}")
    data["sources"]["sthj"]["settings"]["page_size"] = 50
    path = home / "santong.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def drop_topology(config: Path, home: Path) -> None:
    """Remove the test's own exchanges and queues from the shared broker."""
    from hub.config import load_config
    from queues.factory import open_broker

    cfg = load_config(config, home=home)
    broker = open_broker(cfg.broker.url)
    try:
        broker.delete_topology(cfg.topology())
    finally:
        broker.close()


def wait_for(journal: Journal, predicate: Callable[[dict[str, Any]], bool], timeout_s: float) -> dict[str, Any]:
    deadline = time.monotonic() + timeout_s
    summary: dict[str, Any] = {}
    while time.monotonic() < deadline:
        summary = journal.summary(["province"])
        if predicate(summary):
            return summary
        time.sleep(0.3)
    raise AssertionError(f"timed out; last summary: {summary}")
