"""A broker in one SQLite file, with RabbitMQ's semantics for everything santong uses.

    broker = EmbeddedBroker("/var/lib/santong/broker.sqlite")
    broker.declare(topology)
    broker.publish("santong.raw", [OutgoingMessage("scjg.license", body, msg_id)])
    deliveries = broker.fetch("santong.normalize.scjg", 200, timeout_s=1.0)
    broker.ack(deliveries)

What it keeps from RabbitMQ (``tests/contract`` runs the same tests on both): direct,
fanout and topic exchanges and the default exchange ``""``; mandatory publishing
(``PublishRejected`` when no queue takes a message); a publish is confirmed when its
transaction commits (``synchronous=FULL``: on disk); ``x-message-ttl``,
``x-dead-letter-exchange`` and ``x-dead-letter-routing-key`` (so delay tiers work);
``nack(requeue=False)`` dead-letters or drops; ``redelivered``; ``x-death`` headers.

Several processes may open the same file: they are competing consumers, and a fetch
claims its messages in one ``BEGIN IMMEDIATE`` transaction, so no two consumers get the
same message.  What a consumer holds is *leased* (``lease_s``, 30 s by default) and the
lease is renewed by a thread while the broker object lives; ``close()`` hands back what
it still holds, and when a process dies its lease lapses and others get the messages,
flagged ``redelivered``.  A broker opening the file also frees at once what dead
processes of the same host held.

Time-to-live and dead-lettering happen inside ``fetch``, ``queue_depth`` and ``purge``
(no background sweeper): a delayed message moves on when some consumer next polls,
which a waiting ``fetch`` does every ``poll_interval_s`` (20 ms).

One object may be used from several threads; it serialises them on one connection.
Header values are what both brokers carry (``queues._headers``): no floats, no bytes.
Messages fetched stay with the fetching object until acked (nothing is prefetched).
"""

from __future__ import annotations

import itertools
import json
import os
import socket
import sqlite3
import threading
import time
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import structlog

from queues._headers import check_headers, dumps_headers
from queues._sqlite_store import Held, NewMessage, Store, StoredMessage, create_schema
from queues.base import Broker, Delivery, OutgoingMessage
from queues.routing import EXCHANGE_TYPES
from queues.topology import ExchangeSpec, QueueSpec, Topology
from santong.errors import BrokerUnavailable, ConfigError, PublishRejected

__all__ = ["EmbeddedBroker"]

log = structlog.stdlib.get_logger("santong.queues.embedded")


class EmbeddedBroker(Broker):
    """The embedded broker on the SQLite file ``path`` (created, with its folder, if missing).

    ``lease_s``: how long a fetched message stays ours if this process stops renewing
    (dies); ``poll_interval_s``: how often a waiting ``fetch`` looks again;
    ``busy_timeout_s``: how long to wait for another process's transaction.
    """

    def __init__(self, path: str | Path, *, lease_s: float = 30.0, poll_interval_s: float = 0.02,
                 busy_timeout_s: float = 30.0) -> None:
        if lease_s <= 0 or poll_interval_s <= 0:
            raise ConfigError("租约和轮询间隔必须为正数 (lease_s and poll_interval_s must be positive)",
                              lease_s=lease_s, poll_interval_s=poll_interval_s)
        self.path = Path(path)
        self.lease_s = lease_s
        self._poll_s = poll_interval_s
        self._holder = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:12]}"
        self._tokens = itertools.count(1)
        self._held: set[Held] = set()
        self._lock = threading.RLock()
        self._closed = False
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            # One connection, used under self._lock from whatever thread calls us;
            # transactions are explicit (isolation_level=None), BEGIN IMMEDIATE each.
            self._conn = sqlite3.connect(self.path, timeout=busy_timeout_s, isolation_level=None,
                                         check_same_thread=False)
        except (sqlite3.Error, OSError) as exc:
            raise ConfigError("无法打开嵌入式代理文件 (cannot open the embedded broker file)",
                              path=str(self.path), error=str(exc)) from exc
        try:
            self._conn.execute("PRAGMA journal_mode = WAL")
            # A confirm must mean "on disk", as RabbitMQ's does for persistent messages.
            self._conn.execute("PRAGMA synchronous = FULL")
        except sqlite3.DatabaseError as exc:
            self._conn.close()
            raise ConfigError("不是可用的嵌入式代理文件 (not a usable embedded broker file)",
                              path=str(self.path), error=str(exc)) from exc
        try:
            with self._transaction() as store:
                create_schema(store.conn)
                self._free_dead_local_holders(store)
        except BrokerUnavailable:
            self._conn.close()
            raise
        self._stop = threading.Event()
        self._renewer = threading.Thread(target=self._renew_leases, name=f"santong-lease-{self.path.name}",
                                         daemon=True)
        self._renewer.start()

    # --- the port ---------------------------------------------------------------------

    def declare(self, topology: Topology) -> None:
        with self._transaction() as store:
            for exchange in topology.exchanges:
                self._declare_exchange(store, exchange)
            for queue in topology.queues:
                self._declare_queue(store, queue)
            for binding in topology.bindings:
                if binding.exchange == "":
                    raise ConfigError("不能绑定默认交换机 (the default exchange takes no bindings)",
                                      queue=binding.queue)
                if store.exchange_type(binding.exchange) is None:
                    raise ConfigError("交换机不存在 (exchange does not exist)", exchange=binding.exchange)
                if store.queue_arguments(binding.queue) is None:
                    raise ConfigError("队列不存在 (queue does not exist)", queue=binding.queue)
                store.add_binding(binding)

    def delete_topology(self, topology: Topology) -> None:
        with self._transaction() as store:
            store.drop([q.name for q in topology.queues], [e.name for e in topology.exchanges if e.name])

    def publish(self, exchange: str, messages: Sequence[OutgoingMessage], *, mandatory: bool = True) -> None:
        if not messages:
            return
        check_headers(messages)
        encoded = [(m, dumps_headers(m.headers)) for m in messages]
        unroutable: list[str] = []
        with self._transaction() as store:
            if store.exchange_type(exchange) is None:
                raise PublishRejected("exchange does not exist", exchange=exchange, reply="404 NOT_FOUND",
                                      message_ids=[m.message_id for m in messages])
            copies: list[tuple[str, NewMessage]] = []
            for m, headers_json in encoded:
                queues = store.route(exchange, m.routing_key)
                if not queues:
                    unroutable.append(m.message_id)
                new = NewMessage(exchange, m.routing_key, m.message_id, headers_json, m.content_type, m.body)
                copies.extend((q, new) for q in queues)
            store.enqueue(copies, time.time())
        if unroutable and mandatory:
            # As with RabbitMQ, the routable messages of the batch were accepted all the same.
            raise PublishRejected("message(s) returned: no queue is bound for them", exchange=exchange,
                                  reply="312 NO_ROUTE", message_ids=unroutable)

    def fetch(self, queue: str, max_messages: int, timeout_s: float) -> list[Delivery]:
        if max_messages < 1:
            return []
        deadline = time.monotonic() + max(0.0, timeout_s)
        with self._reading() as store:
            if store.queue_arguments(queue) is None:
                raise ConfigError("队列不存在 (queue does not exist)", queue=queue)
        while True:
            deliveries = self._claim(queue, max_messages)
            remaining_s = deadline - time.monotonic()
            if deliveries or remaining_s <= 0:
                return deliveries
            # Polling is how we hear of new messages and of due delayed ones; the lock is
            # not held while sleeping, so other threads publish and ack meanwhile.
            time.sleep(min(self._poll_s, remaining_s))

    def ack(self, deliveries: Sequence[Delivery]) -> None:
        """Forget the messages.  Deliveries no longer held (lease lapsed, broker closed)
        are ignored with a warning: they are, or will be, redelivered."""
        if self._ignored_after_close(deliveries, "ack"):
            return
        with self._transaction() as store:
            held = self._still_held(store, deliveries, "ack")
            store.delete(m.seq for m in held)

    def nack(self, deliveries: Sequence[Delivery], *, requeue: bool) -> None:
        """Return the messages, or dead-letter/drop them; stale deliveries as for ``ack``."""
        if self._ignored_after_close(deliveries, "nack"):
            return
        with self._transaction() as store:
            held = self._still_held(store, deliveries, "nack")
            if requeue:
                store.release(m.seq for m in held)
            else:
                store.dead_letter(held, "rejected", time.time())

    def queue_depth(self, queue: str) -> int:
        with self._transaction() as store:
            self._require_queue(store, queue)
            now = time.time()
            store.sweep(now)
            return store.ready_count(queue, now)

    def purge(self, queue: str) -> int:
        with self._transaction() as store:
            self._require_queue(store, queue)
            store.sweep(time.time())
            return store.purge(queue)

    def close(self) -> None:
        """Hand back what this object still holds (redelivered) and close the file."""
        with self._lock:
            if self._closed:
                return
            self._stop.set()
            try:
                with self._transaction() as store:
                    returned = store.release_holder(self._holder)
                if returned:
                    log.info("unacked_returned_on_close", count=returned, path=str(self.path))
            except BrokerUnavailable:
                log.warning("unacked_not_returned_on_close", path=str(self.path), lease_s=self.lease_s)
            finally:
                self._closed = True
                self._held.clear()
                self._conn.close()
        self._renewer.join(timeout=5.0)

    # --- internals ----------------------------------------------------------------------

    @contextmanager
    def _transaction(self) -> Iterator[Store]:
        """One write transaction (BEGIN IMMEDIATE … COMMIT) under the object's lock."""
        with self._lock:
            self._check_open()
            try:
                self._conn.execute("BEGIN IMMEDIATE")
            except sqlite3.Error as exc:
                raise BrokerUnavailable("embedded broker file is busy or unreadable", path=str(self.path),
                                        error=str(exc)) from exc
            try:
                yield Store(self._conn)
                self._conn.execute("COMMIT")
            except BaseException as exc:
                try:
                    self._conn.execute("ROLLBACK")
                except sqlite3.Error:
                    pass  # the failed COMMIT already rolled back; the cause below matters
                if isinstance(exc, sqlite3.Error):
                    raise BrokerUnavailable("embedded broker transaction failed", path=str(self.path),
                                            error=str(exc)) from exc
                raise

    @contextmanager
    def _reading(self) -> Iterator[Store]:
        """Reads outside a write transaction (WAL: they do not block writers)."""
        with self._lock:
            self._check_open()
            try:
                yield Store(self._conn)
            except sqlite3.Error as exc:
                raise BrokerUnavailable("embedded broker read failed", path=str(self.path),
                                        error=str(exc)) from exc

    def _check_open(self) -> None:
        if self._closed:
            raise BrokerUnavailable("embedded broker is closed", path=str(self.path))

    def _claim(self, queue: str, max_messages: int) -> list[Delivery]:
        with self._lock:
            with self._reading() as store:
                if not store.has_work(queue, time.time()):
                    return []  # nothing to do: don't take the write lock
            with self._transaction() as store:
                now = time.time()
                store.sweep(now)
                token = next(self._tokens)
                taken = store.claim(queue, max_messages, holder=self._holder, lock_token=token,
                                    lease_until=now + self.lease_s, now=now)
            self._held.update(Held(m.seq, token) for m in taken)
            return [_delivery(m, token) for m in taken]

    def _ignored_after_close(self, deliveries: Sequence[Delivery], action: str) -> bool:
        if not deliveries:
            return True
        if self._closed:
            log.warning("stale_deliveries_ignored", action=action, count=len(deliveries),
                        message_ids=[d.message_id for d in deliveries[:10]], path=str(self.path), reason="closed")
            return True
        return False

    def _still_held(self, store: Store, deliveries: Sequence[Delivery], action: str) -> list[StoredMessage]:
        tags = [d.tag for d in deliveries if isinstance(d.tag, Held)]
        held = store.held(self._holder, tags)
        self._held.difference_update(tags)
        if len(held) < len(deliveries):
            # Our lease lapsed (or the delivery came from another broker object): someone
            # else may hold the message now, and it will be or was redelivered.
            alive = {m.seq for m in held}
            stale = [d.message_id for d in deliveries if not (isinstance(d.tag, Held) and d.tag.seq in alive)]
            log.warning("stale_deliveries_ignored", action=action, count=len(stale), message_ids=stale[:10],
                        path=str(self.path))
        return held

    @staticmethod
    def _require_queue(store: Store, queue: str) -> None:
        if store.queue_arguments(queue) is None:
            raise ConfigError("队列不存在 (queue does not exist)", queue=queue)

    @staticmethod
    def _declare_exchange(store: Store, spec: ExchangeSpec) -> None:
        if spec.name == "":
            return  # the default exchange always exists
        if spec.type not in EXCHANGE_TYPES:
            raise ConfigError("不支持的交换机类型 (unsupported exchange type)", exchange=spec.name, type=spec.type)
        existing = store.existing_exchange(spec.name)
        if existing is None:
            store.add_exchange(spec)
        elif existing != (spec.type, spec.durable):
            argument = "type" if existing[0] != spec.type else "durable"
            raise ConfigError("交换机已存在且参数不同 (exchange exists with different arguments)",
                              exchange=spec.name, argument=argument)

    @staticmethod
    def _declare_queue(store: Store, spec: QueueSpec) -> None:
        args = json.loads(json.dumps(dict(spec.arguments)))
        _check_queue_arguments(spec.name, args)
        existing = store.existing_queue(spec.name)
        if existing is None:
            store.add_queue(spec)
            return
        old_args, old_durable = existing
        for key in sorted(set(old_args) | set(args)):
            if old_args.get(key) != args.get(key):
                raise ConfigError("队列已存在且参数不同 (queue exists with different arguments)",
                                  queue=spec.name, argument=key, current=old_args.get(key),
                                  declared=args.get(key))
        if old_durable != spec.durable:
            raise ConfigError("队列已存在且参数不同 (queue exists with different arguments)",
                              queue=spec.name, argument="durable")

    def _free_dead_local_holders(self, store: Store) -> None:
        """Hand back at once what crashed processes of this host held (no need to wait
        for their leases).  A pid that was reused only means we wait for the lease."""
        host = socket.gethostname()
        for holder in store.holders():
            holder_host, _, rest = holder.partition(":")
            pid = rest.partition(":")[0]
            if holder_host == host and pid.isdigit() and not _pid_alive(int(pid)):
                count = store.release_holder(holder)
                log.info("dead_holder_released", holder=holder, count=count, path=str(self.path))

    def _renew_leases(self) -> None:
        while not self._stop.wait(self.lease_s / 3):
            if not self._held:
                continue
            try:
                with self._transaction() as store:
                    store.renew(self._holder, time.time() + self.lease_s)
            except BrokerUnavailable as exc:
                # Keep trying: the lease is three renewals long.
                if not self._closed:
                    log.warning("lease_renewal_failed", path=str(self.path), error=str(exc))


def _delivery(m: StoredMessage, token: int) -> Delivery:
    return Delivery(queue=m.queue, routing_key=m.routing_key, exchange=m.exchange, body=m.body,
                    message_id=m.message_id, headers=m.headers, redelivered=m.redelivered,
                    tag=Held(m.seq, token))


def _check_queue_arguments(queue: str, args: dict[str, Any]) -> None:
    ttl = args.get("x-message-ttl")
    if ttl is not None and (not isinstance(ttl, int) or isinstance(ttl, bool) or ttl < 0):
        raise ConfigError("队列参数无效 (invalid queue argument)", queue=queue, argument="x-message-ttl", value=ttl)
    for key in ("x-dead-letter-exchange", "x-dead-letter-routing-key"):
        if key in args and not isinstance(args[key], str):
            raise ConfigError("队列参数无效 (invalid queue argument)", queue=queue, argument=key, value=args[key])


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # alive, someone else's
    return True
