"""Reconnect backoff: doubling pauses, a total budget, and no retry of what won't pass."""

from __future__ import annotations

import pytest

from queues._backoff import retry_with_backoff


class FakeTime:
    def __init__(self) -> None:
        self.now = 0.0
        self.pauses: list[float] = []

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.pauses.append(seconds)
        self.now += seconds


def test_retries_with_doubling_pauses_until_it_works() -> None:
    t = FakeTime()
    failures = iter([OSError("down")] * 4)

    def attempt() -> str:
        exc = next(failures, None)
        if exc is not None:
            raise exc
        return "up"

    assert retry_with_backoff(attempt, budget_s=30, retry_on=(OSError,), sleep=t.sleep, clock=t.clock) == "up"
    assert len(t.pauses) == 4
    for pause, nominal in zip(t.pauses, [0.1, 0.2, 0.4, 0.8]):
        assert nominal * 0.8 <= pause <= nominal * 1.2


def test_gives_up_with_the_last_error_when_the_budget_is_spent() -> None:
    t = FakeTime()

    def attempt() -> None:
        raise OSError(f"down at {t.now:.1f}")

    with pytest.raises(OSError):
        retry_with_backoff(attempt, budget_s=10, retry_on=(OSError,), max_delay_s=2, sleep=t.sleep, clock=t.clock)
    assert sum(t.pauses) == pytest.approx(10, abs=0.01)
    assert max(t.pauses) <= 2 * 1.2


def test_other_errors_are_not_retried() -> None:
    t = FakeTime()

    def attempt() -> None:
        raise PermissionError("wrong password")

    with pytest.raises(PermissionError):
        retry_with_backoff(attempt, budget_s=10, retry_on=(ConnectionError,), sleep=t.sleep, clock=t.clock)
    assert t.pauses == []
