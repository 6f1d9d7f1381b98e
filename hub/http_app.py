"""The hub's HTTP app: push receivers of the sources whose documents define them, and the
province's receipt callback.

Receivers authenticate with their source's own scheme (the 12345 hotline's signed webhooks,
verified by ``adapters.hotline12345.WebhookReceiver``) and answer 200 only once what they
received is journalled and confirmed by the broker, so a push is never lost: on any failure
the answer is 503 and the sender delivers again.  Pushed records take the same way as polled
ones (deterministic ids: a push and a poll of the same record version are one message).
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import JSONResponse

from adapters.base import RawRecord
from hub.logs import get_logger
from hub.stages.ingest import raw_message
from queues.base import Broker
from santong.errors import SantongError

if TYPE_CHECKING:
    from hub.runtime import Hub

__all__ = ["PushIngest", "build_app"]

log = get_logger("santong.http")


class PushIngest:
    """Takes pushed records of one source into the journal and onto ``santong.raw``."""

    def __init__(self, hub: "Hub", source: str) -> None:
        self.hub = hub
        self.source = source
        self._lock = threading.Lock()  # one broker connection, used by one request at a time
        self._broker: Broker | None = None

    def publish(self, records: Sequence[RawRecord]) -> None:
        with self._lock:
            rows = self.hub.journal.ingest_page(self.source, records)
            if rows:
                try:
                    if self._broker is None:
                        self._broker = self.hub.open_broker()
                    self._broker.publish(self.hub.ctx.names.raw, [raw_message(r) for r in rows])
                except SantongError:
                    self._reset()
                    raise
            # No cursor for pushes: mark them published, leave the source's poll cursor alone.
            self.hub.journal.mark_published(self.source, [r.msg_id for r in rows], None, advance=False)
        log.info("push_received", source=self.source, records=len(records), new=len(rows))

    def _reset(self) -> None:
        if self._broker is not None:
            try:
                self._broker.close()
            except SantongError:
                pass
            self._broker = None

    def close(self) -> None:
        with self._lock:
            self._reset()


def _hotline_router(hub: "Hub", name: str, settings: dict[str, Any]) -> tuple[Any, PushIngest]:
    from adapters.hotline12345 import HotlineSettings, WebhookReceiver, webhook_router
    from hub.registry import settings_for

    parsed: HotlineSettings = settings_for(HotlineSettings, settings, f"sources.{name}")
    receiver = WebhookReceiver({k: v.get_secret_value() for k, v in parsed.webhook_secrets.items()},
                               window_s=parsed.webhook_window_s, dedup_s=parsed.webhook_dedup_s)
    ingest = PushIngest(hub, name)
    return webhook_router(receiver, ingest.publish, path=f"/hooks/{name}"), ingest


_RECEIVERS = {"hotline12345": _hotline_router}


def _province_receipts(hub: "Hub", name: str) -> Any:
    """POST /<destination>/receipts: the platform's receipt callback (province.md §3.3, §4.4).

    The request signature is checked as the platform checks ours (±300 s, nonce, body digest,
    HMAC); the receipt is parsed whatever its content type (quirk 15), refused with 409
    REF_UNKNOWN when it names a batch this node never sent (quirk 4), verified (SM2, entries
    against the batch) and applied once; a copy is answered 200 and changes nothing (quirk 2).
    A receipt that may arrive before the 202 of its post (quirk 3) finds the batch journalled.
    """
    import time

    from adapters.base import PreparedBatch
    from signatures.jcs import loads_strict
    from signatures.request_sign import NonceMemory, verify_province_request
    from santong.errors import SignatureInvalid

    settings = hub.config.destinations[name].settings
    app_key, secret = str(settings.get("app_key", "")), str(settings.get("secret_key", ""))
    sink: Any = hub.make_sink(name)
    nonces = NonceMemory()
    router = APIRouter()

    @router.post(f"/{name}/receipts")
    async def receipt_callback(request: Request) -> JSONResponse:
        body = await request.body()
        refused = verify_province_request("POST", request.url.path, list(request.query_params.multi_items()), body,
                                          request.headers, secrets={app_key: secret},
                                          now_ms=int(time.time() * 1000), nonces=nonces)
        if refused is not None:
            return JSONResponse({"code": refused}, status_code=401)
        try:
            receipt = loads_strict(body)
            ref = str(receipt["header"]["refMsgId"])
        except (SignatureInvalid, KeyError, TypeError):
            return JSONResponse({"code": "SIGNATURE_INVALID", "message": "not a receipt"}, status_code=400)
        batch = hub.journal.load_batch(ref)
        if batch is None:
            log.warning("receipt_misrouted", destination=name, ref_msg_id=ref)
            return JSONResponse({"code": "REF_UNKNOWN", "message": "未发送过该批次"}, status_code=409)
        sink.remember(PreparedBatch(ref, batch[1]))
        try:
            outcome = sink.open_receipt(receipt)
        except SignatureInvalid as exc:
            hub.journal.batch_receipt_invalid(name, ref, exc.message, exc.code, body)
            log.error("receipt_invalid", destination=name, batch_id=ref, code=exc.code)
            return JSONResponse({"code": "SIGNATURE_INVALID", "message": exc.message}, status_code=400)
        applied = hub.journal.apply_outcome(name, outcome)
        log.info("receipt_pushed", destination=name, batch_id=ref, applied=applied)
        return JSONResponse({"code": "0"})

    return router


def build_app(hub: "Hub") -> tuple[FastAPI, list[PushIngest]]:
    """The app and the push ingests it feeds (close them when the server stops)."""
    app = FastAPI(title="santong", docs_url=None, redoc_url=None, openapi_url=None)

    @app.get("/health")
    def health() -> dict[str, str]:
        return {"status": "UP", "node": hub.config.node.id}

    ingests: list[PushIngest] = []
    for name, src in hub.config.sources.items():
        make = _RECEIVERS.get(src.adapter)
        if make is not None:
            router, ingest = make(hub, name, src.settings)
            app.include_router(router)
            ingests.append(ingest)
    for name, dst in hub.config.destinations.items():
        if dst.adapter == "province":
            app.include_router(_province_receipts(hub, name))
    return app, ingests
