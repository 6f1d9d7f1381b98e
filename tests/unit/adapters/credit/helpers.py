"""Helpers shared by the credit tests: the document's app, a quiet simulator config, the mount switch."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from pydantic import SecretStr

from adapters.credit import CreditSettings, CreditSimulator, SimConfig
from adapters.credit.wire import DOC_APP_ID, DOC_APP_SECRET
from adapters.simserver import SimServer

APP_ID = DOC_APP_ID
SECRET = DOC_APP_SECRET


def quiet(**overrides: Any) -> SimConfig:
    """A small simulator without rate limits, the night window or processing delay in the way."""
    base: dict[str, Any] = {"events": 40, "process_delay_ms": 0, "rate_limits": False, "night_window": False,
                            "now": "2025-11-19 09:30:00"}
    base.update(overrides)
    return SimConfig(**base)


class Switch:
    """ASGI app that forwards to whichever simulator the current test mounted."""

    def __init__(self) -> None:
        self.app: Any = None

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        await self.app(scope, receive, send)


class Serve:
    """``serve(config)`` mounts a fresh simulator on the session's server and returns it."""

    def __init__(self, server: SimServer, switch: Switch) -> None:
        self.url = server.url
        self._switch = switch
        self.sim: CreditSimulator | None = None

    def __call__(self, config: SimConfig | None = None, clock: Callable[[], float] = time.time) -> CreditSimulator:
        sim = CreditSimulator(config or quiet(), clock=clock)
        self._switch.app = sim.app
        self.sim = sim
        return sim

    def settings(self, **overrides: Any) -> CreditSettings:
        return CreditSettings(base_url=self.url + "/xyyz/api", app_id=APP_ID, app_secret=SecretStr(SECRET),
                              **overrides)
