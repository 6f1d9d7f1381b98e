"""Pushes reach the hub: the 12345 hotline's signed webhooks are verified, journalled and
published like polled records; a forged one is refused and nothing of it is kept."""

from __future__ import annotations

import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

import httpx

from adapters.simserver import SimServer, free_port
from hub.config import parse_config
from hub.runtime import Hub

BEIJING = timezone(timedelta(hours=8))


def test_signed_webhooks_are_taken_in_and_forged_ones_refused(tmp_path: Path) -> None:
    from adapters.hotline12345 import HotlineSimulator, sign_webhook
    from adapters.hotline12345.simconfig import DOC_CLIENT_ID, DOC_CLIENT_SECRET, DOC_WEBHOOK_SECRET, SimConfig

    sim = HotlineSimulator(SimConfig(orders=20))
    port = free_port()
    with SimServer(sim.app) as s:
        cfg = parse_config({
            "http": {"port": port},
            "sources": {"hotline12345": {"adapter": "hotline12345", "poll_interval_s": 3600, "settings": {
                "base_url": s.url, "client_id": DOC_CLIENT_ID, "client_secret": DOC_CLIENT_SECRET,
                "webhook_secrets": {"k1": DOC_WEBHOOK_SECRET}}}},
        }, home=tmp_path)
        hub = Hub(cfg)
        hub.start(["ingest"])
        try:
            deadline = time.monotonic() + 30
            while time.monotonic() < deadline and hub.journal.summary()["raw"] == 0:
                time.sleep(0.2)
            polled = hub.journal.summary()["raw"]
            assert polled > 0
            assert httpx.get(f"http://127.0.0.1:{port}/health").json()["status"] == "UP"

            # The hotline acts now (its clock set to ours, so the signature's time window holds).
            sim.set_clock(datetime.now(BEIJING).strftime("%Y-%m-%d %H:%M:%S"))
            sim.set_knobs(callback_url=f"http://127.0.0.1:{port}/hooks/hotline12345")
            sim.hotline("YZ12345-20251103-000123", "urge", {"reason": "03"})
            attempts = sim.journal("webhook")
            assert attempts and all(a["status"] == 200 for a in attempts)
            events = [r for r in _raw(hub) if r[0] == "EVENT"]
            assert [e[1] for e in events] == [attempts[0]["eventId"]]

            # A forged push: refused with 401, nothing journalled.
            body = b'{"eventId":"EV209912310000000000001","eventType":"ORDER_URGED","orderNo":"X","dispatchSeq":1}'
            ts = str(int(time.time()))
            forged = httpx.post(f"http://127.0.0.1:{port}/hooks/hotline12345", content=body, headers={
                "X-12345-Event-Id": "EV209912310000000000001", "X-12345-Event-Type": "ORDER_URGED",
                "X-12345-Timestamp": ts, "X-12345-Key-Id": "k1", "X-12345-Delivery-Attempt": "1",
                "X-12345-Signature": sign_webhook("not-the-secret", ts, body)})
            assert forged.status_code == 401
            assert len([r for r in _raw(hub) if r[0] == "EVENT"]) == 1
        finally:
            hub.stop()
            hub.journal.close()


def _raw(hub: Hub) -> list[tuple[str, str]]:
    from sqlalchemy import select

    from replay.models import RawMessage

    with hub.journal.tx() as conn:
        return [(k, s) for k, s in conn.execute(select(RawMessage.kind, RawMessage.source_id))]
