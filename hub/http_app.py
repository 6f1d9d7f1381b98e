"""The hub's HTTP app: push receivers of the sources whose documents define them.

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

from fastapi import FastAPI

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
    return app, ingests
