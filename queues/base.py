"""The broker port.  Nothing above ``queues/`` knows which implementation it talks to.

Semantics both implementations guarantee (proved by ``tests/contract``):

* ``publish`` returns only when the broker has confirmed every message; a message that no
  queue takes (unroutable, published *mandatory*) or that the broker nacks raises
  ``PublishRejected``; a lost connection raises ``BrokerUnavailable``.
* ``fetch`` hands out at most ``max_messages`` deliveries of one queue; they stay
  unacknowledged (invisible to other consumers) until ``ack``/``nack``, or until this
  consumer's connection dies, when they are redelivered to others with ``redelivered=True``.
* Topic routing is exactly RabbitMQ's: words separated by ``.``, ``*`` matches one word,
  ``#`` zero or more.  The default exchange ``""`` routes to the queue named by the key.
* Queue arguments ``x-message-ttl``, ``x-dead-letter-exchange`` and
  ``x-dead-letter-routing-key`` behave as in RabbitMQ; that is how delay tiers work.
* Attempts are counted in santong's own header (``x-santong-attempt``), never in the
  broker's redelivery count.
* ``redelivered`` is True for a message handed out before and not acknowledged; RabbitMQ
  also sets it on what a consumer had prefetched without handing it out.
* Header values: ``str``, ``int`` (64-bit), ``bool``, ``None``, ``datetime`` (whole
  seconds, returned in UTC), and lists and dicts of those; no floats (pika cannot encode
  them).  Both brokers refuse others with ``ConfigError`` before sending anything.
* ``ack``/``nack`` of a delivery whose consumer lost its hold on it (connection lost,
  lease lapsed, broker closed) is ignored with a warning: the message is redelivered.
"""

from __future__ import annotations

import abc
from dataclasses import dataclass, field
from typing import Any, Sequence

from queues.topology import Topology

__all__ = ["Broker", "Delivery", "OutgoingMessage", "headers_attempt", "ATTEMPT_HEADER"]

ATTEMPT_HEADER = "x-santong-attempt"


@dataclass(frozen=True)
class OutgoingMessage:
    """One message to publish.  ``message_id`` is santong's deterministic id."""

    routing_key: str
    body: bytes
    message_id: str
    headers: dict[str, Any] = field(default_factory=dict)
    content_type: str = "application/json"


@dataclass
class Delivery:
    """One message handed to a consumer, to be acked or nacked exactly once."""

    queue: str
    routing_key: str
    exchange: str
    body: bytes
    message_id: str
    headers: dict[str, Any]
    redelivered: bool
    tag: Any  # implementation-specific delivery handle

    @property
    def attempt(self) -> int:
        return headers_attempt(self.headers)


def headers_attempt(headers: dict[str, Any]) -> int:
    """The santong attempt counter of a message (0 for a first delivery)."""
    try:
        return int(headers.get(ATTEMPT_HEADER, 0))
    except (TypeError, ValueError):
        return 0


class Broker(abc.ABC):
    """A message broker: declare topology, publish with confirms, fetch, ack, nack."""

    @abc.abstractmethod
    def declare(self, topology: Topology) -> None:
        """Declare every exchange, queue and binding of ``topology`` (idempotent)."""

    @abc.abstractmethod
    def publish(self, exchange: str, messages: Sequence[OutgoingMessage], *, mandatory: bool = True) -> None:
        """Publish and wait until the broker confirmed all of them (confirms pipelined)."""

    @abc.abstractmethod
    def fetch(self, queue: str, max_messages: int, timeout_s: float) -> list[Delivery]:
        """Up to ``max_messages`` deliveries, waiting at most ``timeout_s`` for the first."""

    @abc.abstractmethod
    def ack(self, deliveries: Sequence[Delivery]) -> None:
        """The messages are done with; the broker forgets them."""

    @abc.abstractmethod
    def nack(self, deliveries: Sequence[Delivery], *, requeue: bool) -> None:
        """Return the messages (``requeue=True``) or drop/dead-letter them per queue arguments."""

    @abc.abstractmethod
    def queue_depth(self, queue: str) -> int:
        """Messages ready in ``queue`` (not counting unacknowledged ones)."""

    @abc.abstractmethod
    def purge(self, queue: str) -> int:
        """Remove every ready message of ``queue``; returns how many.  For tests and admins."""

    @abc.abstractmethod
    def delete_topology(self, topology: Topology) -> None:
        """Delete the queues (with their messages) and exchanges of ``topology``.

        For throw-away topologies only (``santong demo`` on a shared broker, tests).
        """

    @abc.abstractmethod
    def close(self) -> None:
        """Close connections; unacknowledged deliveries return to their queues."""

    def __enter__(self) -> "Broker":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
