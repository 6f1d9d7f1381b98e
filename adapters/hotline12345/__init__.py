"""扬州市12345 工单系统 (``sources/hotline12345.md``): source, webhook receiver, status events, simulator.

    from adapters.hotline12345 import HotlineSettings, HotlineSource, HotlineSimulator, SimConfig

    sim = HotlineSimulator(SimConfig(seed=7, orders=40))
    source = HotlineSource(HotlineSettings(base_url=url, client_id="santong-yz321081", client_secret=secret))

Adapter: ``settings``, ``wire`` (paths, times), ``auth`` (OAuth2 token cache), ``client``
(calls, error translation, status events), ``source`` (change feed, cursor), ``webhook``
(signature, dedup, FastAPI router).  Simulator: ``simulator`` (state, clock, evidence,
webhook delivery), ``simapp`` / ``simevents`` / ``simcontrol`` (HTTP), ``simstore`` /
``simactions`` (state machine), ``simseed`` / ``simdata`` / ``simvocab`` (data),
``simrender`` (masks, quirks), ``simtokens``, ``simcalendar``, ``simvalidate``.
"""

from adapters.hotline12345.client import (
    CursorRejected,
    EventConflict,
    EventRejected,
    EventResult,
    HotlineClient,
    OrderNotFound,
    idempotency_key,
)
from adapters.hotline12345.settings import HotlineSettings
from adapters.hotline12345.simconfig import Knobs, SimClient, SimConfig
from adapters.hotline12345.simdata import BadRecord
from adapters.hotline12345.simulator import HotlineSimulator
from adapters.hotline12345.source import HotlineSource
from adapters.hotline12345.webhook import WebhookReceiver, sign_webhook, webhook_router

__all__ = [
    "BadRecord",
    "CursorRejected",
    "EventConflict",
    "EventRejected",
    "EventResult",
    "HotlineClient",
    "HotlineSettings",
    "HotlineSimulator",
    "HotlineSource",
    "Knobs",
    "OrderNotFound",
    "SimClient",
    "SimConfig",
    "WebhookReceiver",
    "idempotency_key",
    "sign_webhook",
    "webhook_router",
]
