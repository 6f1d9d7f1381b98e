"""Helpers shared by the sthj tests: the document's app, a movable clock, a quiet simulator config."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import datetime
from typing import Any

import httpx

from adapters.simserver import SimServer
from adapters.sthj import SimConfig, SthjSimulator
from adapters.sthj.simconfig import DOC_APP_ID, DOC_APP_SECRET
from adapters.sthj.simrecords import BEIJING

APP_ID = DOC_APP_ID
SECRET = DOC_APP_SECRET


def beijing_ms(year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0) -> int:
    return int(datetime(year, month, day, hour, minute, second, tzinfo=BEIJING).timestamp() * 1000)


class FakeClock:
    """A clock the test moves: ``clock()`` gives epoch seconds."""

    def __init__(self, ms: int) -> None:
        self.ms = ms

    def __call__(self) -> float:
        return self.ms / 1000

    def advance(self, seconds: float) -> None:
        self.ms += int(seconds * 1000)


def quiet(**overrides: Any) -> SimConfig:
    """A small simulator without the backup window, settle window or rate limits in the way."""
    base: dict[str, Any] = {"size": 60, "settle_ms": 0, "backup_enabled": False, "bucket_capacity": 10_000,
                                "bucket_refill_per_s": 10_000, "health_per_s": 0}
    base.update(overrides)
    return SimConfig(**base)


class Switch:
    """ASGI app that forwards to whichever simulator the current test mounted."""

    def __init__(self) -> None:
        self.app: Any = None

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        await self.app(scope, receive, send)


class Serve:
    def __init__(self, server: SimServer, switch: Switch) -> None:
        self.url = server.url
        self._switch = switch

    def __call__(self, config: SimConfig | None = None, clock: Callable[[], float] = time.time) -> SthjSimulator:
        sim = SthjSimulator(config or quiet(), clock=clock)
        self._switch.app = sim.app
        return sim


Signed = Callable[..., httpx.Response]
