"""What only the embedded broker has: leases, several processes on one file, speed."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from queues.base import OutgoingMessage
from queues.embedded import EmbeddedBroker
from queues.topology import QueueSpec, Topology
from santong.errors import BrokerUnavailable, ConfigError

REPO = Path(__file__).resolve().parents[3]
HERE = Path(__file__).parent
QUEUE = "work"


def env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")]))}


def open_with_queue(path: Path, **options: float) -> EmbeddedBroker:
    broker = EmbeddedBroker(path, **options)
    broker.declare(Topology((), (QueueSpec(QUEUE, {"x-queue-type": "quorum"}),), ()))
    return broker


def publish(broker: EmbeddedBroker, n: int, start: int = 0) -> None:
    broker.publish("", [OutgoingMessage(QUEUE, b"x" * 200, f"m{i}") for i in range(start, start + n)])


def test_a_live_broker_keeps_renewing_its_lease(tmp_path: Path) -> None:
    holder = open_with_queue(tmp_path / "b.sqlite", lease_s=0.3)
    other = EmbeddedBroker(tmp_path / "b.sqlite")
    publish(holder, 2)
    held = holder.fetch(QUEUE, 10, timeout_s=1)
    assert other.fetch(QUEUE, 10, timeout_s=1.0) == []  # three leases long: renewed meanwhile
    holder.close()
    assert sorted(d.message_id for d in other.fetch(QUEUE, 10, timeout_s=1)) == [d.message_id for d in held]
    other.close()


def test_opening_the_file_frees_at_once_what_a_crashed_process_of_this_host_held(tmp_path: Path) -> None:
    path = tmp_path / "b.sqlite"
    setup = open_with_queue(path)
    publish(setup, 3)
    setup.close()
    died = subprocess.run([sys.executable, str(REPO / "tests/contract/dying_consumer.py"), "embedded", str(path),
                           QUEUE, "3", "3600"], capture_output=True, text=True, env=env(), timeout=30, check=False)
    assert died.stdout.strip() == "3", died.stderr
    broker = EmbeddedBroker(path)  # an hour-long lease, yet no wait
    got = broker.fetch(QUEUE, 10, timeout_s=0)
    assert sorted(d.message_id for d in got) == ["m0", "m1", "m2"] and all(d.redelivered for d in got)
    broker.close()


def test_processes_competing_on_one_file_never_share_a_message(tmp_path: Path) -> None:
    path = tmp_path / "b.sqlite"
    broker = open_with_queue(path)
    publish(broker, 600)
    workers = [subprocess.Popen([sys.executable, str(HERE / "drain_consumer.py"), str(path), QUEUE],
                                stdout=subprocess.PIPE, text=True, env=env()) for _ in range(3)]
    outputs = [w.communicate(timeout=60)[0].split() for w in workers]
    assert all(w.returncode == 0 for w in workers)
    everything = [m for out in outputs for m in out]
    assert sorted(everything) == sorted(f"m{i}" for i in range(600))
    assert broker.queue_depth(QUEUE) == 0
    broker.close()


def test_batches_of_hundreds_take_one_transaction_each(tmp_path: Path) -> None:
    broker = open_with_queue(tmp_path / "b.sqlite")
    started = time.perf_counter()
    for n in range(10):
        publish(broker, 500, start=n * 500)
    published_s = time.perf_counter() - started
    started = time.perf_counter()
    fetched = 0
    while batch := broker.fetch(QUEUE, 200, timeout_s=0):
        broker.ack(batch)
        fetched += len(batch)
    fetched_s = time.perf_counter() - started
    broker.close()
    assert fetched == 5_000
    # Generous bounds (a loaded CI machine); on a quiet one both take well under 0.5 s.
    assert published_s < 5.0 and fetched_s < 5.0


def test_a_closed_broker_refuses_work_and_closing_twice_is_fine(tmp_path: Path) -> None:
    broker = open_with_queue(tmp_path / "b.sqlite")
    broker.close()
    broker.close()
    with pytest.raises(BrokerUnavailable):
        broker.fetch(QUEUE, 1, timeout_s=0)


def test_a_file_that_is_not_a_broker_is_a_config_error(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("not a database, just some text that is long enough to have a header" * 20)
    with pytest.raises(ConfigError) as caught:
        EmbeddedBroker(path)
    assert caught.value.context["path"] == str(path)


def test_expired_messages_move_on_even_when_their_queue_is_never_fetched(tmp_path: Path) -> None:
    broker = EmbeddedBroker(tmp_path / "b.sqlite")
    broker.declare(Topology((), (
        QueueSpec("target", {}),
        QueueSpec("delay", {"x-message-ttl": 50, "x-dead-letter-exchange": "", "x-dead-letter-routing-key": "target"}),
    ), ()))
    broker.publish("", [OutgoingMessage("delay", b"x", "m1")])
    assert broker.queue_depth("delay") == 1
    (d,) = broker.fetch("target", 1, timeout_s=2)
    assert (d.exchange, d.routing_key, d.headers["x-death"][0]["reason"]) == ("", "target", "expired")
    broker.close()
