"""Retry policy, in one place.

A message that failed transiently goes to the delay tier for its attempt (1 s, 10 s, 1 min,
10 min, 1 h by default), or to the first tier at least as long as the peer's
``Retry-After``; after ``max_attempts`` it goes to dead letters.  Attempts are counted in
santong's own header, so they survive broker redelivery and restarts.  A retry is message
fate, not an error: it is logged at info level and counted apart from failures.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

__all__ = ["RetryDecision", "decide", "poll_backoff_s"]


@dataclass(frozen=True)
class RetryDecision:
    dead: bool
    delay_ms: int | None  # the tier to wait in, when not dead


def decide(attempt: int, max_attempts: int, tiers_ms: Sequence[int], retry_after_s: float | None = None) -> RetryDecision:
    """``attempt`` is the number of attempts made so far (1 after the first failure)."""
    if attempt >= max_attempts:
        return RetryDecision(dead=True, delay_ms=None)
    tiers = sorted(tiers_ms)
    delay = tiers[min(attempt - 1, len(tiers) - 1)] if attempt >= 1 else tiers[0]
    if retry_after_s is not None:
        wanted = int(retry_after_s * 1000)
        longer = [t for t in tiers if t >= wanted]
        delay = max(delay, longer[0] if longer else tiers[-1])
    return RetryDecision(dead=False, delay_ms=delay)


def poll_backoff_s(failures: int, *, base_s: float = 1.0, cap_s: float = 300.0, retry_after_s: float | None = None) -> float:
    """How long a source's poller waits after ``failures`` consecutive failed polls.

    Polls need no delay queue: the cursor is in the journal, so a restart loses nothing.
    """
    wait = float(min(cap_s, base_s * (2 ** max(0, failures - 1))))
    if retry_after_s is not None:
        wait = max(wait, min(retry_after_s, 24 * 3600.0))
    return wait
