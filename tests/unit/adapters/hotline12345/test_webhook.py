"""Webhook signatures (§2.3 vectors), the receiver's rules, and deliveries from the simulator (§3.8)."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Sequence

import pytest
from fastapi import FastAPI

from adapters.base import RawRecord
from adapters.hotline12345 import HotlineSimulator, HotlineSource, WebhookReceiver, sign_webhook, webhook_router
from adapters.simserver import SimServer
from santong.errors import SignatureInvalid
from tests.unit.adapters.hotline12345.helpers import WEBHOOK_SECRET

pytestmark = pytest.mark.timeout(20)

BODY_594 = ('{"eventId":"EV202511030912450000087","eventType":"ORDER_SUPERVISED","eventTime":"2025-11-03 09:12:45",'
            '"orderNo":"YZ12345-20251024-000456","dispatchSeq":1,"unitCode":"3210810012","orderVersion":880013002,'
            '"data":{"superviseId":"DB20251103000017","superviseType":"1","superviseTypeName":"督办",'
            '"superviseLevel":"1","superviseReason":"02","superviseReasonName":"办理超期",'
            '"superviseContent":"该件已超过办结时限，请于11月4日17:00前办结并反馈。","superviseTime":"2025-11-03 09:12:45",'
            '"limitTime":"2025-11-04 17:00:00","supervisor":"扬州市12345政务服务便民热线"}}').encode("utf-8")
BODY_115 = (b'{"eventId":"EV202511030912450000088","eventType":"ORDER_URGED","orderNo":"YZ12345-20251103-000123",'
            b'"dispatchSeq":1}')


def headers(body: bytes, ts: str = "1762132365", key_id: str = "k1", secret: str = WEBHOOK_SECRET) -> dict[str, str]:
    event = json.loads(body)
    return {"X-12345-Event-Id": event["eventId"], "X-12345-Event-Type": event["eventType"], "X-12345-Timestamp": ts,
            "X-12345-Signature": sign_webhook(secret, ts, body), "X-12345-Key-Id": key_id,
            "X-12345-Delivery-Attempt": "1"}


def test_document_vectors() -> None:
    assert len(BODY_594) == 594
    assert hashlib.sha256(BODY_594).hexdigest() == "71013574be4b3718d80f3fc2bb77c1d8b638c25deab634b1684acd962388f04e"
    assert sign_webhook(WEBHOOK_SECRET, "1762132365", BODY_594) == "II2X5hUBWC+hi+EIxsYpWrP2JdwrVFnZGPqR4llflhI="
    assert len(BODY_115) == 115
    assert sign_webhook(WEBHOOK_SECRET, "1762132365", BODY_115) == "5txHQIAAXdB5szaSstaiF0UX1YTnAQtG8dHDo2sfuWo="
    assert sign_webhook(WEBHOOK_SECRET, "1762132366", BODY_115) == "R8r2vlEiSmFuQpDMkAKwY3KOHCACuejxB+DFuRcZe1g="


def receiver(now: float = 1762132365.0) -> WebhookReceiver:
    return WebhookReceiver({"k1": WEBHOOK_SECRET, "k2": "whsec_yz12345_new_secret_2026"}, clock=lambda: now)


def test_verified_event_becomes_one_record_and_a_redelivery_none() -> None:
    """Quirk 5: the same eventId again (new timestamp, signature, attempt) is acknowledged and dropped."""
    r = receiver()
    records = r.receive(headers(BODY_594), BODY_594)
    assert [(x.kind, x.source_id, x.source_version) for x in records] == [("EVENT", "EV202511030912450000087", "1")]
    assert records[0].payload["data"]["superviseContent"].startswith("该件已超过")
    assert r.receive(headers(BODY_594, ts="1762132366"), BODY_594) == []


@pytest.mark.parametrize(("change", "field"), [
    ({"X-12345-Signature": "II2X5hUBWC+hi+EIxsYpWrP2JdwrVFnZGPqR4llflhJ="}, "X-12345-Signature"),
    ({"X-12345-Key-Id": "k9"}, "X-12345-Key-Id"),
    ({"X-12345-Timestamp": "1762131000"}, "X-12345-Timestamp"),  # 1365 s old: outside the 300 s window
    ({"X-12345-Timestamp": "+1762132365"}, "X-12345-Timestamp"),
])
def test_refused_requests_name_the_header(change: dict[str, str], field: str) -> None:
    h = headers(BODY_594) | change
    with pytest.raises(SignatureInvalid) as info:
        receiver().receive(h, BODY_594)
    assert info.value.field == field


def test_signature_is_over_the_raw_bytes_not_re_serialised_json() -> None:
    reserialised = json.dumps(json.loads(BODY_594), ensure_ascii=True, separators=(",", ":")).encode()
    with pytest.raises(SignatureInvalid):
        receiver().receive(headers(BODY_594), reserialised)


def test_rotation_accepts_both_keys() -> None:
    r = receiver()
    assert r.receive(headers(BODY_115, key_id="k2", secret="whsec_yz12345_new_secret_2026"), BODY_115)


def test_simulator_webhooks_verify_and_dispatch_matches_the_feed(sim: HotlineSimulator,
                                                                 make_source: Callable[..., HotlineSource]) -> None:
    """Hotline actions reach a mounted router signed per §2.3; ORDER_DISPATCHED has the feed item's identity."""
    got: list[RawRecord] = []

    def publish(records: Sequence[RawRecord]) -> None:
        got.extend(records)

    r = WebhookReceiver({"k1": WEBHOOK_SECRET}, clock=sim.now_s)
    app = FastAPI()
    app.include_router(webhook_router(r, publish))
    with SimServer(app) as hook:
        sim.set_knobs(callback_url=hook.url + "/hooks/hotline12345", webhook_dup_rate=1.0)
        sim.hotline("YZ12345-20251103-000140", "urge", {"reason": "03"})  # cancelled: urge still allowed
        sim.advance(30)
        sim.hotline("YZ12345-20251103-000123", "supervise", {"reason": "02", "limitTime": "2025-11-07 17:00:00"})
    attempts = sim.journal("webhook")
    assert attempts and all(a["status"] == 200 for a in attempts)
    assert len(attempts) == 2 * len({a["eventId"] for a in attempts})  # every one sent twice …
    assert len(got) == len({a["eventId"] for a in attempts})  # … and taken once
    item = make_source().order("YZ12345-20251103-000123")
    assert item.payload["handleDeadline"] == "2025-11-07 17:00:00"
    kinds = sorted(x.payload["eventType"] for x in got)
    assert kinds == ["ORDER_SUPERVISED", "ORDER_URGED"]


def test_failed_deliveries_are_retried_on_the_documented_schedule(sim: HotlineSimulator) -> None:
    """No receiver: attempts at +0, +30 s, +2 min … (8 in all), each signed afresh."""
    sim.set_knobs(callback_url="http://127.0.0.1:9/hook")
    sim.hotline("YZ12345-20251103-000123", "urge", {"reason": "03"})
    for step in (30, 90, 480, 1200, 1800, 3600, 14400, 99999):
        sim.advance(step)
        sim.flush_webhooks()
    attempts = sim.journal("webhook")
    assert [a["attempt"] for a in attempts] == [1, 2, 3, 4, 5, 6, 7, 8]
    assert len({a["signature"] for a in attempts}) == 8


def test_dispatch_webhook_has_the_feed_identity(sim: HotlineSimulator) -> None:
    body = {"eventId": "EV202511040910000000001", "eventType": "ORDER_DISPATCHED", "eventTime": "2025-11-04 09:10:00",
            "orderNo": "YZ12345-20251103-000131", "dispatchSeq": 2, "unitCode": "3210810015", "orderVersion": 880000009,
            "data": {"orderNo": "YZ12345-20251103-000131", "unitCode": "3210810015", "version": 880000009,
                     "updateTime": "2025-11-03 14:05:47"}}
    record = WebhookReceiver.record(body)
    assert (record.kind, record.source_id, record.source_version) == (
        "ORDER", "YZ12345-20251103-000131:3210810015", "880000009")
