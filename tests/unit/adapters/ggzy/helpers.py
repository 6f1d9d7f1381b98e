"""Shared pieces of the ggzy adapter tests: the document's test key, a manual clock, a switchable app."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from adapters.ggzy.simconfig import DOC_APP_KEY, DOC_APP_SECRET, SimConfig
from adapters.ggzy.simulator import GgzySimulator
from adapters.ggzy.wire import d14_to_ms
from adapters.simserver import SimServer

__all__ = ["KEY", "SECRET", "DOC_NOW_MS", "FakeClock", "Serve", "Switch", "small"]

KEY = DOC_APP_KEY
SECRET = DOC_APP_SECRET
DOC_NOW_MS = d14_to_ms("20251219093015")  # §2.5: 1766107815000


class FakeClock:
    """Epoch seconds that move only when told (thread-safe: the server reads it too)."""

    def __init__(self, ms: int = DOC_NOW_MS) -> None:
        self._ms = ms
        self._lock = threading.Lock()

    def __call__(self) -> float:
        with self._lock:
            return self._ms / 1000

    def advance(self, seconds: float) -> None:
        with self._lock:
            self._ms += int(seconds * 1000)


def small(**overrides: Any) -> SimConfig:
    """A quick simulator: few generated deals, the nightly group, no 02:00 window unless asked."""
    base: dict[str, Any] = {"projects": 25, "other_region_projects": 3, "maintenance_enabled": False,
                            "rate_per_s": 1000.0, "burst": 1000.0}
    return SimConfig(**{**base, **overrides})


class Switch:
    """An ASGI app that forwards to whichever simulator the current test mounted."""

    def __init__(self) -> None:
        self.app: Any = None

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        await self.app(scope, receive, send)


class Serve:
    """``serve(config, clock)`` mounts a fresh simulator on the session's server and returns it."""

    def __init__(self, server: SimServer, switch: Switch) -> None:
        self.server, self.switch = server, switch
        self.url = server.url
        self.api = server.url + "/ggzy/api/v2"

    def __call__(self, config: SimConfig | None = None, clock: Callable[[], float] | None = None) -> GgzySimulator:
        sim = GgzySimulator(config or small(), clock=clock or FakeClock())
        self.switch.app = sim.app
        return sim
