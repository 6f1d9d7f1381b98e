"""Fetch, ack, nack, redelivery, dead consumers and competing consumers."""

from __future__ import annotations

import threading
import time
from datetime import datetime
from typing import Any

from queues.base import Broker, Delivery, OutgoingMessage
from queues.topology import BindingSpec, ExchangeSpec, QueueSpec, Topology


def msgs(key: str, n: int) -> list[OutgoingMessage]:
    return [OutgoingMessage(key, f"body {i}".encode(), f"m{i}") for i in range(n)]


def ids(deliveries: list[Delivery]) -> list[str]:
    return sorted(d.message_id for d in deliveries)


def test_ack_removes_the_message_for_good(broker: Broker, site: Any) -> None:
    queue = site.queue(broker, "ack")
    broker.publish("", msgs(queue, 3))
    got = site.take(broker, queue, 3)
    broker.ack(got)
    broker.close()
    other = site.open()
    assert other.fetch(queue, 10, timeout_s=0.3) == []
    assert other.queue_depth(queue) == 0


def test_fetch_waits_at_most_its_timeout_and_returns_nothing(broker: Broker, site: Any) -> None:
    queue = site.queue(broker, "empty")
    broker.fetch(queue, 1, timeout_s=0)  # first fetch may set up a consumer
    started = time.monotonic()
    assert broker.fetch(queue, 10, timeout_s=0.3) == []
    assert 0.29 <= time.monotonic() - started < 1.0


def test_a_waiting_fetch_returns_soon_after_another_thread_publishes(broker: Broker, site: Any) -> None:
    """One broker object, two threads: the fetch does not hold the others up."""
    queue = site.queue(broker, "wake")
    published_at: list[float] = []

    def publish_later() -> None:
        time.sleep(0.3)
        broker.publish("", msgs(queue, 1))
        published_at.append(time.monotonic())

    thread = threading.Thread(target=publish_later)
    thread.start()
    got = broker.fetch(queue, 10, timeout_s=5.0)
    arrived_at = time.monotonic()
    thread.join()
    broker.ack(got)
    assert ids(got) == ["m0"]
    assert arrived_at - published_at[0] < 0.5


def test_nack_with_requeue_redelivers_flagged_redelivered(broker: Broker, site: Any) -> None:
    queue = site.queue(broker, "requeue")
    broker.publish("", msgs(queue, 2))
    first = site.take(broker, queue, 2)
    assert [d.redelivered for d in first] == [False, False]
    broker.nack(first, requeue=True)
    again = site.take(broker, queue, 2)
    broker.ack(again)
    assert ids(again) == ["m0", "m1"]
    assert all(d.redelivered for d in again)


def test_nack_without_requeue_dead_letters_to_the_queues_dlx(broker: Broker, site: Any) -> None:
    dlx, dead, work = site.name("dlx"), site.name("dead"), site.name("work")
    site.declare(broker, Topology(
        (ExchangeSpec(dlx, "fanout"),),
        (QueueSpec(dead, {"x-queue-type": "quorum"}),
         QueueSpec(work, {"x-queue-type": "quorum", "x-dead-letter-exchange": dlx})),
        (BindingSpec(dlx, dead, ""),),
    ))
    broker.publish("", msgs(work, 2))
    got = site.take(broker, work, 2)
    broker.nack(got, requeue=False)
    dead_letters = site.take(broker, dead, 2)
    broker.ack(dead_letters)
    assert ids(dead_letters) == ["m0", "m1"]
    d = dead_letters[0]
    assert (d.exchange, d.routing_key) == (dlx, work)  # the original routing key is kept
    death = d.headers["x-death"][0]
    assert (death["reason"], death["queue"], death["count"]) == ("rejected", work, 1)
    assert isinstance(death["time"], datetime)
    assert broker.queue_depth(work) == 0


def test_nack_without_requeue_drops_when_the_queue_has_no_dlx(broker: Broker, site: Any) -> None:
    queue = site.queue(broker, "drop")
    broker.publish("", msgs(queue, 1))
    broker.nack(site.take(broker, queue, 1), requeue=False)
    assert broker.fetch(queue, 10, timeout_s=0.3) == []
    assert broker.queue_depth(queue) == 0


def test_unacked_messages_of_a_closed_broker_go_to_the_next_consumer_redelivered(broker: Broker, site: Any) -> None:
    queue = site.queue(broker, "closed")
    broker.publish("", msgs(queue, 3))
    held = site.take(broker, queue, 2)
    broker.close()
    other = site.open()
    got = site.take(other, queue, 3)
    other.ack(got)
    assert ids(got) == ["m0", "m1", "m2"]
    # RabbitMQ also flags what the closed consumer had prefetched but not handed out.
    assert {d.message_id for d in held} <= {d.message_id for d in got if d.redelivered}


def test_a_consumer_process_that_dies_leaves_its_messages_to_others(broker: Broker, site: Any) -> None:
    """RabbitMQ sees the connection drop; the embedded broker sees the lease lapse."""
    queue = site.queue(broker, "crash")
    broker.publish("", msgs(queue, 4))
    assert site.run_dying_consumer(queue, 4) == 4
    got = site.take(broker, queue, 4, timeout_s=10.0)
    broker.ack(got)
    assert ids(got) == ["m0", "m1", "m2", "m3"]
    assert all(d.redelivered for d in got)


def test_acks_of_deliveries_whose_hold_was_lost_are_ignored_and_the_broker_recovers(
        broker: Broker, site: Any) -> None:
    queue = site.queue(broker, "stale")
    broker.publish("", msgs(queue, 2))
    held = site.take(broker, queue, 2)
    site.sever(broker)
    other = site.open()
    again = site.take(other, queue, 2, timeout_s=10.0)
    assert ids(again) == ["m0", "m1"] and all(d.redelivered for d in again)
    broker.ack(held)  # stale: must neither raise nor touch what `other` holds
    broker.nack(held, requeue=False)
    other.ack(again)
    assert other.queue_depth(queue) == 0
    other.close()  # else its RabbitMQ consumer would prefetch the next message
    broker.publish("", msgs(queue, 1))  # the severed broker reconnects on its next operation
    assert ids(site.take(broker, queue, 1)) == ["m0"]


def test_competing_consumers_never_get_the_same_message(broker: Broker, site: Any) -> None:
    queue = site.queue(broker, "compete")
    broker.publish("", msgs(queue, 300))
    consumers = [broker, site.open(), site.open()]
    seen: list[list[str]] = [[] for _ in consumers]

    def consume(i: int) -> None:
        while True:
            batch = consumers[i].fetch(queue, 20, timeout_s=0.5)
            if not batch:
                return
            seen[i] += [d.message_id for d in batch]
            consumers[i].ack(batch)

    threads = [threading.Thread(target=consume, args=(i,)) for i in range(len(consumers))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    everything = [m for s in seen for m in s]
    assert len(everything) == 300
    assert sorted(everything) == sorted(f"m{i}" for i in range(300))
