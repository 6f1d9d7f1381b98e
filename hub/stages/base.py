"""What every stage shares: its context, its loop, and the retry and dead-letter moves."""

from __future__ import annotations

import abc
import threading
import time
from dataclasses import dataclass, field
from typing import Any, Callable, Sequence

from hub.logs import get_logger
from queues.base import ATTEMPT_HEADER, Broker, Delivery, OutgoingMessage
from queues.topology import Names
from replay.journal import Journal
from santong.errors import SantongError, TransientError

__all__ = ["StageContext", "Stage", "retry_later", "dead_letter", "DEAD_REASON_HEADER", "LAST_ERROR_HEADER"]

DEAD_REASON_HEADER = "x-santong-dead-reason"
LAST_ERROR_HEADER = "x-santong-last-error"
TRACE_HEADER = "x-santong-trace-id"


@dataclass
class StageContext:
    """What a stage needs from the runtime; every stage thread opens its own broker connection."""

    journal: Journal
    open_broker: Callable[[], Broker]
    names: Names
    delay_tiers_ms: tuple[int, ...]
    prefetch: int
    stop: threading.Event = field(default_factory=threading.Event)


class Stage(abc.ABC):
    """A loop over ``run_once`` until the stop event is set; errors never kill the loop."""

    name: str = "stage"

    def __init__(self, ctx: StageContext) -> None:
        self.ctx = ctx
        self.log = get_logger(f"santong.{self.name}")
        self._broker: Broker | None = None

    @property
    def broker(self) -> Broker:
        if self._broker is None:
            self._broker = self.ctx.open_broker()
        return self._broker

    @abc.abstractmethod
    def run_once(self) -> int:
        """Do one unit of work; returns how many messages it handled (0: idle)."""

    def start(self) -> None:  # noqa: B027 - an optional hook, not an abstract step
        """Hook run once before the loop (crash recovery)."""

    def run(self) -> None:
        failures = 0
        try:
            self.start()
            while not self.ctx.stop.is_set():
                try:
                    self.run_once()
                    failures = 0
                except TransientError as exc:
                    failures += 1
                    self.log.warning("stage_transient_failure", stage=self.name, error=str(exc), failures=failures)
                    self._reset_broker()
                    self.ctx.stop.wait(min(30.0, 0.5 * 2 ** min(failures, 6)))
                except SantongError as exc:
                    failures += 1
                    self.log.error("stage_failure", stage=self.name, error=str(exc), failures=failures)
                    self.ctx.stop.wait(min(30.0, 0.5 * 2 ** min(failures, 6)))
        except Exception:  # noqa: BLE001 - a bug must be visible, then the thread ends
            self.log.exception("stage_crashed", stage=self.name)
            raise
        finally:
            self.close()

    def _reset_broker(self) -> None:
        if self._broker is not None:
            try:
                self._broker.close()
            except SantongError:
                pass
            self._broker = None

    def close(self) -> None:
        self._reset_broker()


def _forward_headers(d: Delivery, **extra: Any) -> dict[str, Any]:
    headers = dict(d.headers)
    headers.update(extra)
    return headers


def retry_later(broker: Broker, names: Names, work_queue: str, deliveries: Sequence[Delivery],
                *, attempt: int, delay_ms: int, reason: str) -> None:
    """Send messages through the delay tier ``delay_ms``; they come back to ``work_queue``."""
    broker.publish(
        names.delay(delay_ms),
        [OutgoingMessage(work_queue, d.body, d.message_id,
                         _forward_headers(d, **{ATTEMPT_HEADER: attempt, LAST_ERROR_HEADER: reason[:500]}))
         for d in deliveries],
    )


def dead_letter(broker: Broker, work_queue: str, deliveries: Sequence[Delivery], *, reason: str) -> None:
    """Park messages in ``<work_queue>.dead`` (never expires) with their reason."""
    broker.publish(
        "",
        [OutgoingMessage(f"{work_queue}.dead", d.body, d.message_id,
                         _forward_headers(d, **{DEAD_REASON_HEADER: reason[:1000],
                                                "x-santong-dead-at-ms": int(time.time() * 1000)}))
         for d in deliveries],
    )
