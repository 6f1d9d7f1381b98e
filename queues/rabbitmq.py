"""The production broker: RabbitMQ through pika's ``BlockingConnection``.

    broker = RabbitMQBroker("amqp://santong:secret@mq1:5672/%2F", prefetch=200)
    broker.declare(topology)
    broker.publish("santong.raw", messages)     # returns once RabbitMQ confirmed them all
    deliveries = broker.fetch("santong.normalize.scjg", 200, timeout_s=1.0)
    broker.ack(deliveries)

One AMQP connection per broker object, with one confirm-mode channel for publishing (see
``queues._rabbit_publish``: confirms are pipelined), one channel for declarations and
queue inspection, and one consuming channel per queue fetched from, with
``basic_qos(prefetch)``.  ``fetch`` hands out what that consumer has buffered.

Connection loss: the operation that meets it raises ``BrokerUnavailable``; the next one
reconnects, with backoff, for at most ``reconnect_max_s`` seconds, then raises
``BrokerUnavailable``.  Deliveries fetched on a lost connection can no longer be
acknowledged; RabbitMQ redelivers them (``redelivered=True``) to whoever consumes next.
``ack``/``nack`` of such stale deliveries do nothing but log a warning, and so do
acks that the connection drops, for the same reason.

The object may be used from several threads: they take turns on the connection.  While
idle, a keepalive thread lets pika answer heartbeats.  Errors leave this module as
santong errors only (``BrokerUnavailable``, ``PublishRejected``, ``ConfigError``,
``AuthError``).
"""

from __future__ import annotations

import itertools
import re
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from typing import Any
from urllib.parse import quote

import pika  # type: ignore[import-untyped]
import pika.exceptions  # type: ignore[import-untyped]
import structlog

from queues._backoff import retry_with_backoff
from queues._headers import check_headers
from queues._rabbit_publish import ConfirmingPublisher, ConfirmTimeout
from queues.base import Broker, Delivery, OutgoingMessage
from queues.topology import Topology
from santong.errors import AuthError, BrokerUnavailable, ConfigError, SantongError

__all__ = ["RabbitMQBroker"]

log = structlog.stdlib.get_logger("santong.queues.rabbitmq")

CONFIRM_TIMEOUT_S = 60.0
# How long one fetch holds the connection before letting other threads have a turn.
_FETCH_SLICE_S = 0.1
_INEQUIVALENT = re.compile(r"inequivalent arg '([^']+)'")


@dataclass(frozen=True)
class _Tag:
    """``Delivery.tag`` for RabbitMQ: which consumer (channel) and its delivery tag."""

    consumer: int
    delivery_tag: int


@dataclass
class _Consumer:
    queue: str
    channel: Any  # BlockingChannel
    serial: int
    buffer: deque[Delivery] = field(default_factory=deque)
    unacked: set[int] = field(default_factory=set)
    cancelled: bool = False


class RabbitMQBroker(Broker):
    """A connection to RabbitMQ at ``url`` (``amqp://`` or ``amqps://``), opened at once.

    ``prefetch`` bounds the unacknowledged messages per consumed queue; ``heartbeat_s``
    is the AMQP heartbeat (0 disables it and the keepalive thread); ``connection_name``
    is what the management UI shows.
    """

    def __init__(self, url: str, *, prefetch: int = 200, heartbeat_s: int = 30, reconnect_max_s: float = 30.0,
                 connection_name: str = "santong") -> None:
        try:
            params = pika.URLParameters(url)
            params.heartbeat = heartbeat_s
            params.blocked_connection_timeout = CONFIRM_TIMEOUT_S
            params.connection_attempts = 1  # our backoff does the retrying
            params.client_properties = {"connection_name": connection_name, "product": "santong"}
        except (ValueError, TypeError) as exc:
            raise ConfigError("无效的 RabbitMQ 地址 (invalid RabbitMQ URL)", error=str(exc)) from exc
        if prefetch < 1:
            raise ConfigError("prefetch 必须为正数 (prefetch must be positive)", prefetch=prefetch)
        self._params = params
        self._where = f"{params.host}:{params.port}/{quote(params.virtual_host, safe='')}"  # no credentials
        self._prefetch = prefetch
        self._reconnect_max_s = reconnect_max_s
        self._lock = threading.RLock()
        self._turns = threading.Lock()
        self._waiting = 0
        self._serials = itertools.count(1)
        self._connection: Any = None
        self._publisher: ConfirmingPublisher | None = None
        self._admin: Any = None
        self._consumers: dict[str, _Consumer] = {}
        self._closed = False
        self._stop = threading.Event()
        self._keepalive_thread: threading.Thread | None = None
        with self._locked():
            self._ensure()
        if heartbeat_s > 0:
            self._keepalive_thread = threading.Thread(target=self._keepalive, args=(max(1.0, heartbeat_s / 2),),
                                                      name="santong-amqp-keepalive", daemon=True)
            self._keepalive_thread.start()

    # --- the port ---------------------------------------------------------------------

    def declare(self, topology: Topology) -> None:
        with self._locked():
            self._ensure()
            for ex in topology.exchanges:
                if ex.name == "":
                    continue  # the default exchange cannot be declared
                with self._translating("declare", exchange=ex.name):
                    self._admin_channel().exchange_declare(ex.name, exchange_type=ex.type, durable=ex.durable)
            for q in topology.queues:
                with self._translating("declare", queue=q.name):
                    self._admin_channel().queue_declare(q.name, durable=q.durable,
                                                        arguments=dict(q.arguments) or None)
            for b in topology.bindings:
                with self._translating("declare", exchange=b.exchange, queue=b.queue):
                    self._admin_channel().queue_bind(b.queue, b.exchange, routing_key=b.routing_key)

    def publish(self, exchange: str, messages: Sequence[OutgoingMessage], *, mandatory: bool = True) -> None:
        if not messages:
            return
        check_headers(messages)
        with self._locked(), self._translating("publish", exchange=exchange):
            self._ensure()
            if self._publisher is None or not self._publisher.usable:
                self._publisher = ConfirmingPublisher(self._connection, confirm_timeout_s=CONFIRM_TIMEOUT_S)
            try:
                self._publisher.publish(exchange, messages, mandatory=mandatory)
            except SantongError:
                if not self._publisher.usable:
                    self._publisher = None
                raise

    def fetch(self, queue: str, max_messages: int, timeout_s: float) -> list[Delivery]:
        """What this queue's consumer has received, up to ``max_messages``.

        The first fetch of a queue subscribes to it; from then on RabbitMQ keeps up to
        ``prefetch`` messages on their way to this object (unacknowledged, so not in
        ``queue_depth``) until it is closed.  ``timeout_s=0`` returns only what has
        already arrived.
        """
        if max_messages < 1:
            return []
        deadline = time.monotonic() + max(0.0, timeout_s)
        while True:
            with self._locked(), self._translating("fetch", queue=queue):
                self._ensure()
                consumer = self._consumer(queue)
                remaining_s = deadline - time.monotonic()
                if not consumer.buffer and remaining_s > 0:
                    # Returns as soon as a delivery is dispatched into the buffer.
                    self._connection.process_data_events(time_limit=min(remaining_s, _FETCH_SLICE_S))
                if consumer.buffer or remaining_s <= 0:
                    # Take in whatever else already arrived, so batches stay whole.
                    self._connection.process_data_events(time_limit=0)
                    return self._take(consumer, max_messages)
            if self._waiting:
                time.sleep(0.001)  # let a waiting thread have its turn on the connection

    def ack(self, deliveries: Sequence[Delivery]) -> None:
        self._settle(deliveries, "ack", lambda ch, tag: ch.basic_ack(delivery_tag=tag))

    def nack(self, deliveries: Sequence[Delivery], *, requeue: bool) -> None:
        self._settle(deliveries, "nack", lambda ch, tag: ch.basic_nack(delivery_tag=tag, requeue=requeue))

    def queue_depth(self, queue: str) -> int:
        with self._locked(), self._translating("queue_depth", queue=queue):
            self._ensure()
            frame = self._admin_channel().queue_declare(queue, passive=True)
            return int(frame.method.message_count)

    def purge(self, queue: str) -> int:
        with self._locked(), self._translating("purge", queue=queue):
            self._ensure()
            frame = self._admin_channel().queue_purge(queue)
            return int(frame.method.message_count)

    def delete_topology(self, topology: Topology) -> None:
        with self._locked():
            self._ensure()
            for q in topology.queues:
                with self._translating("delete", queue=q.name):
                    self._admin_channel().queue_delete(q.name)
            for ex in topology.exchanges:
                if ex.name:
                    with self._translating("delete", exchange=ex.name):
                        self._admin_channel().exchange_delete(ex.name)

    def close(self) -> None:
        """Close the connection; RabbitMQ requeues what was fetched and not acknowledged."""
        with self._locked():
            if self._closed:
                return
            self._closed = True
            self._stop.set()
            self._drop_connection()
        if self._keepalive_thread is not None:
            self._keepalive_thread.join(timeout=5.0)

    # --- connection -------------------------------------------------------------------

    def _ensure(self) -> None:
        """Be connected, reconnecting with backoff if the connection was lost."""
        if self._closed:
            raise BrokerUnavailable("the broker object is closed", broker=self._where)
        if self._connection is not None and self._connection.is_open:
            return
        self._drop_connection()
        try:
            self._connection = retry_with_backoff(
                self._open_connection, budget_s=self._reconnect_max_s,
                retry_on=(pika.exceptions.AMQPConnectionError, OSError),
                on_retry=lambda exc, pause_s: log.warning("rabbitmq_connect_retry", broker=self._where,
                                                          error=repr(exc), pause_s=round(pause_s, 2)),
            )
        except (pika.exceptions.AMQPError, OSError) as exc:
            raise BrokerUnavailable("RabbitMQ is unreachable", broker=self._where, error=repr(exc),
                                    waited_s=self._reconnect_max_s) from exc

    def _open_connection(self) -> Any:
        try:
            return pika.BlockingConnection(self._params)
        except (pika.exceptions.ProbableAuthenticationError, pika.exceptions.AuthenticationError) as exc:
            raise AuthError("RabbitMQ 拒绝了用户名或密码 (RabbitMQ refused the credentials)",
                            broker=self._where) from exc
        except pika.exceptions.ProbableAccessDeniedError as exc:
            raise ConfigError("无权访问该 RabbitMQ 虚拟主机 (no access to the RabbitMQ virtual host)",
                              broker=self._where) from exc

    def _drop_connection(self) -> None:
        """Forget the connection and everything on it, closing it if it is still open."""
        connection, self._connection = self._connection, None
        self._publisher, self._admin = None, None
        self._consumers.clear()
        if connection is not None and connection.is_open:
            try:
                connection.close()
            except (pika.exceptions.AMQPError, OSError) as exc:
                log.info("rabbitmq_close_failed", broker=self._where, error=repr(exc))

    def _forget_closed_channels(self) -> None:
        if self._admin is not None and not self._admin.is_open:
            self._admin = None
        if self._publisher is not None and not self._publisher.usable:
            self._publisher = None
        for queue in [q for q, c in self._consumers.items() if not c.channel.is_open]:
            del self._consumers[queue]

    @contextmanager
    def _locked(self) -> Iterator[None]:
        with self._turns:
            self._waiting += 1
        try:
            self._lock.acquire()
        finally:
            with self._turns:
                self._waiting -= 1
        try:
            yield
        finally:
            self._lock.release()

    @contextmanager
    def _translating(self, operation: str, **context: Any) -> Iterator[None]:
        """pika's exceptions become santong's, here and only here."""
        try:
            yield
        except pika.exceptions.ChannelClosedByBroker as exc:
            self._forget_closed_channels()
            raise _channel_error(exc, operation, context) from exc
        except ConfirmTimeout as exc:
            self._drop_connection()
            raise BrokerUnavailable(f"RabbitMQ did not confirm in time ({operation})", broker=self._where,
                                    error=str(exc), **context) from exc
        except (pika.exceptions.AMQPError, OSError) as exc:
            self._drop_connection()
            raise BrokerUnavailable(f"lost the connection to RabbitMQ during {operation}", broker=self._where,
                                    error=repr(exc), **context) from exc

    def _keepalive(self, interval_s: float) -> None:
        # BlockingConnection answers heartbeats only while someone processes its I/O.
        while not self._stop.wait(interval_s):
            if not self._lock.acquire(blocking=False):
                continue  # busy: whoever holds it is processing I/O
            try:
                if self._connection is not None and self._connection.is_open:
                    self._connection.process_data_events(time_limit=0)
            except (pika.exceptions.AMQPError, OSError) as exc:
                log.warning("rabbitmq_connection_lost_while_idle", broker=self._where, error=repr(exc))
                self._drop_connection()
            finally:
                self._lock.release()

    # --- channels ---------------------------------------------------------------------

    def _admin_channel(self) -> Any:
        if self._admin is None or not self._admin.is_open:
            self._admin = self._connection.channel()
        return self._admin

    def _consumer(self, queue: str) -> _Consumer:
        consumer = self._consumers.get(queue)
        if consumer is not None and consumer.channel.is_open and not consumer.cancelled:
            return consumer
        if consumer is not None:
            # Cancelled by the broker (queue deleted) or channel closed: start afresh; what
            # it buffered is unacknowledged and comes back once its channel is gone.
            del self._consumers[queue]
            if consumer.channel.is_open:
                consumer.channel.close()
        channel = self._connection.channel()
        consumer = _Consumer(queue, channel, next(self._serials))
        channel.basic_qos(prefetch_count=self._prefetch)
        channel.add_on_cancel_callback(lambda _frame: setattr(consumer, "cancelled", True))
        channel.basic_consume(queue, on_message_callback=partial(_on_message, consumer), auto_ack=False)
        self._consumers[queue] = consumer
        return consumer

    @staticmethod
    def _take(consumer: _Consumer, max_messages: int) -> list[Delivery]:
        taken = [consumer.buffer.popleft() for _ in range(min(max_messages, len(consumer.buffer)))]
        consumer.unacked.update(d.tag.delivery_tag for d in taken)
        return taken

    def _settle(self, deliveries: Sequence[Delivery], action: str, send: Callable[[Any, int], None]) -> None:
        stale: list[str] = []
        with self._locked():
            for d in deliveries:
                tag = d.tag
                consumer = self._consumers.get(d.queue)
                if (not isinstance(tag, _Tag) or consumer is None or consumer.serial != tag.consumer
                        or tag.delivery_tag not in consumer.unacked or self._connection is None):
                    stale.append(d.message_id)
                    continue
                try:
                    send(consumer.channel, tag.delivery_tag)
                    consumer.unacked.discard(tag.delivery_tag)
                except (pika.exceptions.AMQPError, OSError) as exc:
                    # The channel or the connection went down with the delivery on it: the
                    # broker redelivers it, exactly as for a stale one.
                    log.warning("rabbitmq_settle_failed", action=action, queue=d.queue, error=repr(exc))
                    if isinstance(exc, pika.exceptions.AMQPChannelError):
                        self._forget_closed_channels()
                    else:
                        self._drop_connection()
                    stale.append(d.message_id)
        if stale:
            log.warning("stale_deliveries_ignored", action=action, count=len(stale), message_ids=stale[:10],
                        broker=self._where)


def _on_message(consumer: _Consumer, _channel: Any, method: Any, properties: Any, body: bytes) -> None:
    consumer.buffer.append(Delivery(
        queue=consumer.queue,
        routing_key=method.routing_key,
        exchange=method.exchange,
        body=body,
        message_id=properties.message_id or "",
        headers=dict(properties.headers or {}),
        redelivered=bool(method.redelivered),
        tag=_Tag(consumer.serial, method.delivery_tag),
    ))


def _channel_error(exc: Any, operation: str, context: dict[str, Any]) -> SantongError:
    code, text = exc.reply_code, exc.reply_text
    reply = f"{code} {text}"
    if code == 404:
        return ConfigError("队列或交换机不存在 (queue or exchange does not exist)", reply=reply, **context)
    if code == 406:
        match = _INEQUIVALENT.search(text)
        what = "队列" if "queue" in context else "交换机"
        return ConfigError(f"{what}已存在且参数不同 (exists with different arguments)",
                           argument=match.group(1) if match else None, reply=reply, **context)
    if code in (403, 405):
        return ConfigError("RabbitMQ 拒绝了该操作 (RabbitMQ refused the operation)", reply=reply, **context)
    return BrokerUnavailable(f"RabbitMQ closed the channel during {operation}", reply=reply, **context)
