"""One test body, two brokers: every test here runs on the embedded broker and on RabbitMQ.

The ``broker`` fixture is parametrized ``["embedded", "rabbitmq"]``.  RabbitMQ is the one
at ``amqp://guest:guest@127.0.0.1:5672/%2F``; if it cannot be reached the rabbitmq tests
error out — they are never skipped.  ``site`` (same parameter) opens more brokers on the
same store (the same SQLite file, or the same RabbitMQ), makes unique names and removes
from RabbitMQ what a test declared.
"""

from __future__ import annotations

import os
import socket
import sqlite3
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pika  # type: ignore[import-untyped]
import pika.exceptions  # type: ignore[import-untyped]
import pytest

from queues.base import Broker, Delivery
from queues.embedded import EmbeddedBroker
from queues.rabbitmq import RabbitMQBroker
from queues.topology import BindingSpec, ExchangeSpec, QueueSpec, Topology
from santong.errors import SantongError

AMQP_URL = "amqp://guest:guest@127.0.0.1:5672/%2F"
REPO = Path(__file__).resolve().parents[2]
DYING_CONSUMER = Path(__file__).with_name("dying_consumer.py")
SHORT_LEASE_S = 1.0
_SITE = pytest.StashKey["Site"]()


class Site:
    """Where one test's brokers live, and what it must clean up there."""

    def __init__(self, kind: str, tmp_path: Path) -> None:
        self.kind = kind
        self.tag = uuid.uuid4().hex[:10]
        self.db = tmp_path / "broker.sqlite"
        self._brokers: list[Broker] = []
        self._queues: set[str] = set()
        self._exchanges: set[str] = set()

    @property
    def prefix(self) -> str:
        """A ``build_topology`` prefix of this test's own."""
        return f"ct-{self.tag}"

    def name(self, what: str) -> str:
        return f"ct.{self.tag}.{what}"

    def open(self, **options: Any) -> Broker:
        """Another broker object on the same store (a second connection, or process)."""
        broker: Broker
        if self.kind == "embedded":
            broker = EmbeddedBroker(self.db, **options)
        else:
            broker = RabbitMQBroker(AMQP_URL, reconnect_max_s=2.0, connection_name=f"contract-{self.tag}", **options)
        self._brokers.append(broker)
        return broker

    def declare(self, broker: Broker, topology: Topology) -> Topology:
        self._queues.update(q.name for q in topology.queues)
        self._exchanges.update(e.name for e in topology.exchanges if e.name)
        broker.declare(topology)
        return topology

    def queue(self, broker: Broker, what: str, **arguments: Any) -> str:
        """Declare one quorum queue ``what`` (unique name returned)."""
        name = self.name(what)
        self.declare(broker, Topology((), (QueueSpec(name, {"x-queue-type": "quorum", **arguments}),), ()))
        return name

    def exchange(self, broker: Broker, what: str, type_: str, bindings: dict[str, list[str]]) -> str:
        """Declare an exchange bound to existing queues: ``{queue: [binding keys]}``."""
        name = self.name(what)
        specs = tuple(BindingSpec(name, q, key) for q, keys in bindings.items() for key in keys)
        self.declare(broker, Topology((ExchangeSpec(name, type_),), (), specs))
        return name

    def take(self, broker: Broker, queue: str, count: int, *, timeout_s: float = 3.0) -> list[Delivery]:
        """Fetch (without ack) until ``count`` deliveries came or ``timeout_s`` passed: a
        fetch returns what has arrived, which need not be a whole batch."""
        deadline = time.monotonic() + timeout_s
        got: list[Delivery] = []
        while len(got) < count and (remaining_s := deadline - time.monotonic()) > 0:
            got += broker.fetch(queue, count - len(got), timeout_s=remaining_s)
        return got

    def sever(self, broker: Broker) -> None:
        """Make ``broker`` lose its hold on what it fetched, as if its process had died:
        RabbitMQ sees the socket go; the embedded broker's lease lapses."""
        if isinstance(broker, RabbitMQBroker):
            broker._connection._impl._transport._sock.shutdown(socket.SHUT_RDWR)
        else:
            assert isinstance(broker, EmbeddedBroker)
            with sqlite3.connect(self.db) as conn:
                conn.execute("UPDATE messages SET holder = 'severed', lease_until = 0 WHERE holder = ?",
                             (broker._holder,))
            conn.close()

    def run_dying_consumer(self, queue: str, count: int) -> int:
        """Fetch ``count`` messages in another process that then dies without ack or close;
        returns how many it got.  Its embedded lease is ``SHORT_LEASE_S``."""
        where = str(self.db) if self.kind == "embedded" else AMQP_URL
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")]))}
        done = subprocess.run(
            [sys.executable, str(DYING_CONSUMER), self.kind, where, queue, str(count), str(SHORT_LEASE_S)],
            capture_output=True, text=True, timeout=30, env=env, cwd=REPO, check=False,
        )
        assert done.returncode == 0, done.stderr
        return int(done.stdout.strip())

    def cleanup(self) -> None:
        for broker in self._brokers:
            try:
                broker.close()
            except SantongError:
                pass
        if self.kind == "rabbitmq" and (self._queues or self._exchanges):
            _delete_on_rabbitmq(self._queues, self._exchanges)


def _delete_on_rabbitmq(queues: set[str], exchanges: set[str]) -> None:
    """Test-only: remove what a test declared (guest may only use vhost "/")."""
    connection = pika.BlockingConnection(pika.URLParameters(AMQP_URL))
    try:
        for kind, names in (("queue", queues), ("exchange", exchanges)):
            for name in sorted(names):
                channel = connection.channel()
                try:
                    if kind == "queue":
                        channel.queue_delete(name)
                    else:
                        channel.exchange_delete(name)
                except pika.exceptions.ChannelClosedByBroker:
                    pass  # never declared: the test failed before
                finally:
                    if channel.is_open:
                        channel.close()
    finally:
        connection.close()


@pytest.fixture(params=["embedded", pytest.param("rabbitmq", marks=pytest.mark.rabbitmq)])
def broker(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Broker]:
    """The broker under test; ``site`` gives more of the same kind."""
    site = Site(request.param, tmp_path)
    request.node.stash[_SITE] = site
    try:
        yield site.open()
    finally:
        site.cleanup()


@pytest.fixture
def site(broker: Broker, request: pytest.FixtureRequest) -> Site:
    found: Site = request.node.stash[_SITE]
    return found
