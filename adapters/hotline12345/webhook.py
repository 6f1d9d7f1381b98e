"""Signed webhooks from the hotline (§2.3, §3.8): verify, deduplicate, turn into RawRecords.

    receiver = WebhookReceiver({"k1": "whsec_yz12345_4f7c2a91d0e86b35"})
    records = receiver.receive(request_headers, raw_body)   # SignatureInvalid → answer 401
    app.include_router(webhook_router(receiver, publish))    # POST /hooks/hotline12345

``ORDER_DISPATCHED`` becomes the same ``ORDER`` record the feed gives for that unit view
(``source_id`` ``{orderNo}:{unitCode}``, ``source_version`` = ``orderVersion``), so the hub
recognises it when the feed serves it too; the other events become ``EVENT`` records with
``source_id`` = ``eventId`` (``source_version`` ``"1"``), so a redelivery has the same message
id.  An event id seen within ``dedup_s`` is acknowledged and yields no record (quirk 5).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from adapters.base import RawRecord
from adapters.hotline12345.source import order_record
from adapters.hotline12345.wire import EVENT_TYPES, parse_time
from santong.errors import DataError, FieldError, SignatureInvalid

__all__ = ["EVENT_KIND", "WebhookReceiver", "sign_webhook", "webhook_router"]

EVENT_KIND = "EVENT"


def sign_webhook(secret: str, timestamp: str, body: bytes) -> str:
    """``base64(HMAC-SHA256(secret, timestamp + "." + body))`` (§2.3): 44 characters."""
    mac = hmac.new(secret.encode("ascii"), timestamp.encode("ascii") + b"." + body, hashlib.sha256).digest()
    return base64.b64encode(mac).decode("ascii")


class WebhookReceiver:
    """Verifies and deduplicates webhook requests; thread-safe."""

    def __init__(self, secrets: Mapping[str, str], *, window_s: int = 300, dedup_s: int = 86400,
                 clock: Callable[[], float] = time.time) -> None:
        self._secrets = dict(secrets)
        self._window_s = window_s
        self._dedup_s = dedup_s
        self._clock = clock
        self._seen: dict[str, float] = {}
        self._lock = threading.Lock()

    def verify(self, headers: Mapping[str, str], body: bytes) -> None:
        """Raise :class:`SignatureInvalid` unless the request is signed per §2.3 and inside the window."""
        h = {k.lower(): v for k, v in headers.items()}
        timestamp, signature = h.get("x-12345-timestamp", ""), h.get("x-12345-signature", "")
        secret = self._secrets.get(h.get("x-12345-key-id", ""))
        if secret is None:
            raise SignatureInvalid("unknown X-12345-Key-Id", field="X-12345-Key-Id", source="hotline12345")
        if not timestamp.isdigit():
            raise SignatureInvalid("X-12345-Timestamp is not Unix seconds", field="X-12345-Timestamp",
                                   source="hotline12345")
        if abs(self._clock() - int(timestamp)) > self._window_s:
            raise SignatureInvalid("X-12345-Timestamp outside the replay window", code="EXPIRED",
                                   field="X-12345-Timestamp", source="hotline12345")
        if not hmac.compare_digest(sign_webhook(secret, timestamp, body).encode(), signature.encode()):
            raise SignatureInvalid("X-12345-Signature does not match", field="X-12345-Signature",
                                   source="hotline12345")

    def receive(self, headers: Mapping[str, str], body: bytes) -> list[RawRecord]:
        """Verify, parse and deduplicate one request; the records to publish (empty for a repeat)."""
        self.verify(headers, body)
        try:
            event = json.loads(body, parse_float=Decimal)
        except (ValueError, UnicodeDecodeError) as exc:
            raise DataError("12345 webhook body is not JSON", [FieldError("", "FORMAT", "not JSON")],
                            source="hotline12345") from exc
        event_id = event.get("eventId") if isinstance(event, dict) else None
        if not isinstance(event, dict) or not isinstance(event_id, str) or event.get("eventType") not in EVENT_TYPES:
            raise DataError("12345 webhook without eventId/eventType",
                            [FieldError("eventType", "CODE_UNKNOWN", "not a §3.8 event")], source="hotline12345")
        if not self._first_time(event_id):
            return []
        return [self.record(event)]

    @staticmethod
    def record(event: dict[str, Any]) -> RawRecord:
        """The RawRecord of one verified event (see the module docstring)."""
        changed: int | None = None
        try:
            changed = int(parse_time(str(event.get("eventTime"))).timestamp() * 1000)
        except ValueError:
            changed = None
        if event["eventType"] == "ORDER_DISPATCHED":
            view = dict(event.get("data") or {})
            view.setdefault("version", event.get("orderVersion"))
            return order_record(view, "data")
        return RawRecord(kind=EVENT_KIND, source_id=str(event["eventId"]), source_version="1", payload=event,
                         changed_at_ms=changed)

    def forget(self, event_id: str) -> None:
        """Unmark ``event_id`` (its records could not be stored: a redelivery must get through)."""
        with self._lock:
            self._seen.pop(event_id, None)

    def _first_time(self, event_id: str) -> bool:
        now = self._clock()
        with self._lock:
            if len(self._seen) > 10_000:
                self._seen = {k: t for k, t in self._seen.items() if now - t < self._dedup_s}
            seen = self._seen.get(event_id)
            if seen is not None and now - seen < self._dedup_s:
                return False
            self._seen[event_id] = now
            return True


def webhook_router(receiver: WebhookReceiver, publish: Callable[[Sequence[RawRecord]], None], *,
                   path: str = "/hooks/hotline12345") -> APIRouter:
    """A FastAPI ``APIRouter`` answering the hotline: 200 once ``publish`` returned, 401 on a bad signature.

    ``publish`` must make the records safe (broker-confirmed) before it returns; if it raises,
    the answer is 503 and the hotline redelivers (§3.8).
    """
    router = APIRouter()

    @router.post(path)
    async def hotline_webhook(request: Request) -> JSONResponse:
        body = await request.body()
        try:
            records = receiver.receive(request.headers, body)
        except SignatureInvalid as exc:
            return JSONResponse({"code": exc.code, "message": exc.message}, status_code=401)
        except DataError as exc:
            return JSONResponse({"code": "FORMAT", "message": exc.message}, status_code=400)
        try:
            publish(records)
        except Exception:  # noqa: BLE001 - any failure to store means "not received": let the hotline retry
            receiver.forget(request.headers.get("x-12345-event-id", ""))
            return JSONResponse({"code": "UNAVAILABLE", "message": "retry later"}, status_code=503)
        return JSONResponse({"code": "0", "message": "ok"})

    return router
