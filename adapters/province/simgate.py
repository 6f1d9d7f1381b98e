"""The simulated front gateway and limits: nightly window, rate limits, seeded faults.

    gate = Gateway(clock, knobs, seed=0)
    page = gate.nightly_page()            # 503 GBK HTML with HTTP-date Retry-After, or None
    wait = gate.take_token()              # None, or seconds until a token is free (429)

All timing runs on the simulator's clock, so tests move it with the clock offset.
"""

from __future__ import annotations

import math
import random
import threading
from datetime import UTC, datetime
from email.utils import format_datetime

from starlette.responses import Response

from adapters.province.simclock import BEIJING, SimClock
from adapters.province.simconfig import SimKnobs

__all__ = ["Gateway", "gateway_page"]

_MAINTENANCE_HTML = (
    "<html><head><title>系统维护</title></head><body><h1>系统维护中</h1>"
    "<p>每日 00:00-00:30 例行维护，请稍后再试。</p></body></html>"
)
_GATEWAY_HTML = {
    502: "<html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1><p>网关错误</p></body></html>",
    504: "<html><head><title>504 Gateway Time-out</title></head><body><h1>504 Gateway Time-out</h1>"
         "<p>网关超时</p></body></html>",
}


def gateway_page(status: int, html: str, headers: dict[str, str] | None = None) -> Response:
    """An HTML page of the front gateway (GBK, no JSON, no X-JSJG headers)."""
    return Response(html.encode("gbk"), status_code=status, headers=headers or {},
                    media_type="text/html; charset=GBK")


class Gateway:
    """Nightly window, token bucket, in-flight batch POSTs and seeded fault draws."""

    def __init__(self, clock: SimClock, knobs: SimKnobs, *, seed: int) -> None:
        self._clock = clock
        self._knobs = knobs
        self._rng = random.Random(seed)
        self._lock = threading.Lock()
        self._tokens = float(knobs.rate_burst)
        self._refilled_at = clock.now_s()
        self._posts_in_flight = 0

    def nightly_page(self) -> Response | None:
        """The 503 of quirk 6 during 00:00:00–00:29:59 Beijing time, else None."""
        if not self._knobs.nightly_window:
            return None
        now = datetime.fromtimestamp(self._clock.now_s(), BEIJING)
        if now.hour != 0 or now.minute >= 30:
            return None
        until = now.replace(minute=30, second=0, microsecond=0).astimezone(UTC)
        return gateway_page(503, _MAINTENANCE_HTML, {"Retry-After": format_datetime(until, usegmt=True)})

    def take_token(self) -> int | None:
        """Take one token; None when taken, else whole seconds until one is free (rejected calls count)."""
        with self._lock:
            now = self._clock.now_s()
            rate, burst = self._knobs.rate_per_s, float(self._knobs.rate_burst)
            self._tokens = min(burst, self._tokens + max(0.0, now - self._refilled_at) * rate)
            self._refilled_at = now
            # Rejected calls count too, but the debt is capped at one burst.
            self._tokens = max(-burst, self._tokens - 1.0)
            if self._tokens >= 0:
                return None
            return max(1, math.ceil(-self._tokens / rate))

    def enter_post(self) -> bool:
        """Count a batch POST in flight; False when the concurrency limit is reached."""
        with self._lock:
            if self._posts_in_flight >= self._knobs.max_concurrent_posts:
                return False
            self._posts_in_flight += 1
            return True

    def leave_post(self) -> None:
        with self._lock:
            self._posts_in_flight -= 1

    def draw(self, rate: float) -> bool:
        """A seeded Bernoulli draw (``rate`` 0 never draws, so runs without faults stay aligned)."""
        if rate <= 0:
            return False
        with self._lock:
            return self._rng.random() < rate

    def gateway_failure(self) -> Response:
        with self._lock:
            status = self._rng.choice((502, 504))
        return gateway_page(status, _GATEWAY_HTML[status])

    def latency_s(self) -> float:
        faults = self._knobs.faults
        return faults.latency_s if self.draw(faults.latency) else 0.0

