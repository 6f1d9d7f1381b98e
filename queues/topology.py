"""santong's exchanges, queues and bindings, built from configuration.

Names (stable: operators, dashboards and RabbitMQ definitions refer to them)::

    exchange santong.raw        topic   routing key <source>.<kind>
    exchange santong.standard   topic   routing key <msgType>.<area>
    exchange santong.retry      direct  routing key <work queue name>  (delay tiers dead-letter here)
    exchange santong.delay.<tier>  fanout, one per delay tier, feeding queue santong.delay.<tier>

    queue santong.normalize.<source>      bound to santong.raw with "<source>.*"
    queue santong.deliver.<destination>   bound to santong.standard with each route pattern
    queue santong.delay.<tier>            x-message-ttl = tier, dead-letters to santong.retry
    queue <work queue>.dead               dead letters of one work queue; never expires
    queue santong.quarantine              records that could not be mapped

A retry publishes the message to exchange ``santong.delay.<tier>`` with the *work queue's
name* as routing key; when the tier's TTL expires the message is dead-lettered, keeping
that routing key, to ``santong.retry``, which binds every work queue by its own name.
Redelivery therefore survives a restart of the hub and of the broker.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Iterable, Mapping

__all__ = [
    "ExchangeSpec",
    "QueueSpec",
    "BindingSpec",
    "Topology",
    "RAW_EXCHANGE",
    "STANDARD_EXCHANGE",
    "RETRY_EXCHANGE",
    "QUARANTINE_QUEUE",
    "DEFAULT_DELAY_TIERS_MS",
    "normalize_queue",
    "deliver_queue",
    "dead_queue",
    "delay_exchange",
    "delay_queue",
    "tier_name",
    "build_topology",
    "Names",
]

RAW_EXCHANGE = "santong.raw"
STANDARD_EXCHANGE = "santong.standard"
RETRY_EXCHANGE = "santong.retry"
QUARANTINE_QUEUE = "santong.quarantine"
DEFAULT_DELAY_TIERS_MS: tuple[int, ...] = (1_000, 10_000, 60_000, 600_000, 3_600_000)


@dataclass(frozen=True)
class ExchangeSpec:
    name: str
    type: str  # "topic" | "direct" | "fanout"
    durable: bool = True


@dataclass(frozen=True)
class QueueSpec:
    name: str
    arguments: Mapping[str, Any] = field(default_factory=dict)
    durable: bool = True


@dataclass(frozen=True)
class BindingSpec:
    exchange: str
    queue: str
    routing_key: str


@dataclass(frozen=True)
class Topology:
    exchanges: tuple[ExchangeSpec, ...]
    queues: tuple[QueueSpec, ...]
    bindings: tuple[BindingSpec, ...]
    delay_tiers_ms: tuple[int, ...] = DEFAULT_DELAY_TIERS_MS

    def queue(self, name: str) -> QueueSpec:
        for q in self.queues:
            if q.name == name:
                return q
        raise KeyError(name)

    def describe(self) -> list[str]:
        """Human-readable lines, one per object, for ``santong topology``."""
        lines = [f"exchange {e.name} ({e.type})" for e in self.exchanges]
        for q in self.queues:
            args = ", ".join(f"{k}={v}" for k, v in sorted(q.arguments.items()))
            lines.append(f"queue    {q.name}" + (f"  [{args}]" if args else ""))
        lines += [f"binding  {b.exchange} --{b.routing_key}--> {b.queue}" for b in self.bindings]
        return lines


def tier_name(delay_ms: int) -> str:
    """``1000`` → ``1s``, ``60000`` → ``1m``, ``3600000`` → ``1h``, ``1500`` → ``1500ms``."""
    for unit, size in (("h", 3_600_000), ("m", 60_000), ("s", 1_000)):
        if delay_ms % size == 0:
            return f"{delay_ms // size}{unit}"
    return f"{delay_ms}ms"


def normalize_queue(source: str) -> str:
    return f"santong.normalize.{source}"


def deliver_queue(destination: str) -> str:
    return f"santong.deliver.{destination}"


def dead_queue(work_queue: str) -> str:
    return f"{work_queue}.dead"


def delay_exchange(delay_ms: int) -> str:
    return f"santong.delay.{tier_name(delay_ms)}"


def delay_queue(delay_ms: int) -> str:
    return f"santong.delay.{tier_name(delay_ms)}"


@dataclass(frozen=True)
class Names:
    """Every name of the topology under one prefix (default ``santong``).

    A second prefix gives a second, independent set of exchanges and queues on the same
    broker — how ``santong demo`` runs beside a production hub without touching its queues.
    """

    prefix: str = "santong"

    @property
    def raw(self) -> str:
        return f"{self.prefix}.raw"

    @property
    def standard(self) -> str:
        return f"{self.prefix}.standard"

    @property
    def retry(self) -> str:
        return f"{self.prefix}.retry"

    @property
    def quarantine(self) -> str:
        return f"{self.prefix}.quarantine"

    def normalize(self, source: str) -> str:
        return f"{self.prefix}.normalize.{source}"

    def deliver(self, destination: str) -> str:
        return f"{self.prefix}.deliver.{destination}"

    def delay(self, delay_ms: int) -> str:
        """Name of both the fanout exchange and the TTL queue of one delay tier."""
        return f"{self.prefix}.delay.{tier_name(delay_ms)}"


def build_topology(
    sources: Iterable[str],
    routes: Mapping[str, Iterable[str]],
    *,
    delay_tiers_ms: Iterable[int] = DEFAULT_DELAY_TIERS_MS,
    queue_type: str = "quorum",
    prefix: str = "santong",
) -> Topology:
    """The whole topology for these sources and destination routes.

    ``routes`` maps a destination name to its binding patterns on ``santong.standard``
    (e.g. ``{"province": ["JGXW_CHECK.*", "JGXW_PUNISH.#"]}``).  ``queue_type`` is
    ``quorum`` (default, RabbitMQ's replicated queues) or ``classic``.
    """
    tiers = tuple(sorted(set(int(t) for t in delay_tiers_ms)))
    if not tiers or any(t <= 0 for t in tiers):
        raise ValueError("delay tiers must be positive milliseconds")
    qargs: dict[str, Any] = {"x-queue-type": queue_type}
    n = Names(prefix)
    exchanges = [
        ExchangeSpec(n.raw, "topic"),
        ExchangeSpec(n.standard, "topic"),
        ExchangeSpec(n.retry, "direct"),
    ] + [ExchangeSpec(n.delay(t), "fanout") for t in tiers]
    queues: list[QueueSpec] = []
    bindings: list[BindingSpec] = []

    def work_queue(name: str) -> None:
        queues.append(QueueSpec(name, dict(qargs)))
        queues.append(QueueSpec(dead_queue(name), dict(qargs)))
        bindings.append(BindingSpec(n.retry, name, name))

    for source in sorted(set(sources)):
        q = n.normalize(source)
        work_queue(q)
        bindings.append(BindingSpec(n.raw, q, f"{source}.*"))
    for destination in sorted(routes):
        q = n.deliver(destination)
        work_queue(q)
        for pattern in sorted(set(routes[destination])):
            bindings.append(BindingSpec(n.standard, q, pattern))
    queues.append(QueueSpec(n.quarantine, dict(qargs)))
    for t in tiers:
        queues.append(QueueSpec(n.delay(t), {**qargs, "x-message-ttl": t, "x-dead-letter-exchange": n.retry}))
        bindings.append(BindingSpec(n.delay(t), n.delay(t), ""))
    return Topology(tuple(exchanges), tuple(queues), tuple(bindings), tiers)
