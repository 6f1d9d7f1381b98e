"""The simulated platform's clock: real time plus an offset that tests control (quirk 5).

    clock = SimClock(offset_s=0)
    clock.set_time(beijing(2025, 11, 20, 0, 10))   # into the nightly window
    clock.now_s()                                    # platform Unix seconds
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import datetime, timedelta, timezone

__all__ = ["BEIJING", "SimClock", "beijing", "iso_beijing", "parse_beijing"]

BEIJING = timezone(timedelta(hours=8))


def beijing(year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0) -> float:
    """Unix seconds of a Beijing wall-clock time."""
    return datetime(year, month, day, hour, minute, second, tzinfo=BEIJING).timestamp()


def iso_beijing(epoch_s: float, *, millis: bool = False) -> str:
    """``YYYY-MM-DDTHH:MM:SS+08:00`` (or with ``.mmm``) for Unix seconds."""
    dt = datetime.fromtimestamp(epoch_s, BEIJING)
    if millis:
        return dt.isoformat(timespec="milliseconds")
    return dt.replace(microsecond=0).isoformat()


def parse_beijing(text: str) -> float:
    """Unix seconds of a ``YYYY-MM-DDTHH:MM:SS+08:00`` string (ValueError otherwise)."""
    return datetime.fromisoformat(text).timestamp()


class SimClock:
    """Platform time = ``base()`` (default ``time.time``) + ``offset_s``."""

    def __init__(self, offset_s: float = 0.0, base: Callable[[], float] = time.time) -> None:
        self.offset_s = offset_s
        self._base = base

    def now_s(self) -> float:
        return self._base() + self.offset_s

    def now_ms(self) -> int:
        return int(self.now_s() * 1000)

    def set_time(self, epoch_s: float) -> None:
        """Make the platform clock read ``epoch_s`` now (it keeps running)."""
        self.offset_s = epoch_s - self._base()

    def advance(self, seconds: float) -> None:
        self.offset_s += seconds
