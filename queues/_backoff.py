"""Bounded exponential backoff for reaching a broker again.

    conn = retry_with_backoff(connect, budget_s=30.0, retry_on=(OSError,))

This is connection-level patience only (a broker restarting, a network blip).  How often
a *message* is retried is santong's retry policy and goes through delay queues, not here.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from typing import TypeVar

__all__ = ["retry_with_backoff"]

T = TypeVar("T")


def retry_with_backoff(
    attempt: Callable[[], T],
    *,
    budget_s: float,
    retry_on: tuple[type[BaseException], ...],
    first_delay_s: float = 0.1,
    max_delay_s: float = 5.0,
    on_retry: Callable[[BaseException, float], None] | None = None,
    sleep: Callable[[float], None] = time.sleep,
    clock: Callable[[], float] = time.monotonic,
) -> T:
    """Call ``attempt`` until it returns, sleeping 0.1 s, 0.2 s, 0.4 s … (at most
    ``max_delay_s``) between failures listed in ``retry_on``.

    When ``budget_s`` seconds have passed since the first call, the last failure is
    re-raised; ``budget_s=0`` means a single attempt.  Other exceptions propagate at once.
    """
    deadline = clock() + budget_s
    delay_s = first_delay_s
    while True:
        try:
            return attempt()
        except retry_on as exc:
            remaining_s = deadline - clock()
            if remaining_s <= 0:
                raise
            # Jitter, so that every worker of a site does not knock at the same instant
            # when the broker comes back.
            pause_s = min(remaining_s, delay_s * random.uniform(0.8, 1.2))
            if on_retry is not None:
                on_retry(exc, pause_s)
            sleep(pause_s)
            delay_s = min(delay_s * 2, max_delay_s)
