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


def test_receipts_pushed_by_the_platform_close_their_batches_once(tmp_path: Path) -> None:
    """The §4.4 callback: signed requests only, misrouted receipts refused (409), copies harmless."""
    import json
    import secrets as pysecrets

    from adapters.province import ProvinceSimConfig, ProvinceSimulator
    from adapters.sthj import SimApp, SimConfig, SthjSimulator
    from hub.demo import PROVINCE_APP_KEY, PROVINCE_SECRET, STHJ_APP_ID, DemoOptions, demo_config
    from adapters.province.testkeys import PLATFORM_PRIVATE_KEY_HEX
    from signatures.envelope import Signer, build_receipt
    from signatures.jcs import canonical
    from signatures.keys import load_or_create_node_key
    from signatures.request_sign import province_headers
    from signatures.sm2 import SM2PrivateKey

    sthj = SthjSimulator(SimConfig(seed=9, size=80, bad_rate=0.0, settle_ms=0, backup_enabled=False,
                                   apps=(SimApp(read_restricted=True),)))
    # Receipts are late at first (quirk 1): the hub's one poll finds them pending.
    province = ProvinceSimulator(ProvinceSimConfig(nightly_window=False, receipt_delay_s=3600))
    key = load_or_create_node_key(tmp_path / "keys" / "node.pem")
    province.register_node_key("santong-321081", key.public_key.to_hex())
    port = free_port()
    url = f"http://127.0.0.1:{port}/province/receipts"

    def push(body: bytes, *, secret: str = PROVINCE_SECRET) -> httpx.Response:
        headers = province_headers(PROVINCE_APP_KEY, secret, "POST", "/province/receipts", [], body,
                                   timestamp_ms=int(time.time() * 1000), nonce=pysecrets.token_hex(16))
        return httpx.post(url, content=body, headers={**headers, "Content-Type": "text/plain;charset=UTF-8"})

    with SimServer(sthj.app) as s, SimServer(province.app) as p:
        raw = demo_config(DemoOptions(home=tmp_path), s.url, p.url, "santong")
        raw["http"] = {"port": port}
        raw["destinations"]["province"]["receipt_poll_s"] = 3600  # receipts come only by callback
        hub = Hub(parse_config(raw, home=tmp_path))
        hub.start()
        try:
            expected = len(sthj.final_versions(STHJ_APP_ID))
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline:
                summary = hub.journal.summary(["province"])
                if summary["raw"] == expected and summary["batches"].get("posted", 0) and not summary["batches"].get(
                        "prepared"):
                    break
                time.sleep(0.2)
            posted = [b["msgId"] for b in province.batches()]
            assert posted and hub.journal.summary(["province"])["accepted"] == 0
            # The platform's receipts for them, signed with its test key (province.md §3.5).
            signer = Signer(SM2PrivateKey.from_hex(PLATFORM_PRIVATE_KEY_HEX), "js-province")
            receipts = []
            for msg_id in posted:
                found = hub.journal.load_batch(msg_id)
                assert found is not None
                envelope = json.loads(found[1])
                entries = [{"cd_id": r["cd_id"], "digest": r["digest"], "status": "accepted", "errors": []}
                           for r in envelope["body"]]
                receipts.append(canonical(build_receipt(signer, ref_msg_id=msg_id, entries=entries)))

            assert push(receipts[0], secret="wrong-secret-wrong-secret-123456").status_code == 401
            for body in receipts:
                assert push(body).json() == {"code": "0"}
            assert push(receipts[0]).json() == {"code": "0"}  # a copy (quirk 2) changes nothing
            misrouted = province.misrouted_receipt("3f9a1c2e-0b7d-4e6f-a851-7c2d9e4b6a10")
            refused = push(misrouted if isinstance(misrouted, bytes) else json_bytes(misrouted))
            assert refused.status_code == 409 and refused.json()["code"] == "REF_UNKNOWN"

            final = hub.journal.summary(["province"])
        finally:
            hub.stop()
            hub.journal.close()
    assert final["lost"] == 0 and final["accepted"] == final["mapped"] - final["unchanged"]
    assert final["batches"] == {"done": len(posted)}


def json_bytes(obj: object) -> bytes:
    import json

    return json.dumps(obj, ensure_ascii=False).encode("utf-8")
