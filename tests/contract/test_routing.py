"""Routing: topic wildcards, the default exchange, direct and fanout — as RabbitMQ routes."""

from __future__ import annotations

from typing import Any

from queues.base import Broker, Delivery, OutgoingMessage

KEYS = ["a", "b", "a.b", "a.c.b", "a.x.y.b", "a.b.c", "", "a.", ".b", "x.a.b"]

# pattern -> the keys of KEYS it takes.  "" has no words; "a." has two, the second empty.
TOPIC_TABLE: dict[str, set[str]] = {
    "a.#.b": {"a.b", "a.c.b", "a.x.y.b"},
    "#": set(KEYS),
    "#.#": set(KEYS),
    "*.b": {"a.b", ".b"},
    "a.*": {"a.b", "a."},
    "*": {"a", "b"},
    "*.*": {"a.b", "a.", ".b"},
    "a.#": {"a", "a.b", "a.c.b", "a.x.y.b", "a.b.c", "a."},
    "#.b": {"b", "a.b", "a.c.b", "a.x.y.b", ".b", "x.a.b"},
    "a.*.#": {"a.b", "a.c.b", "a.x.y.b", "a.b.c", "a."},
    "#.a.#": {"a", "a.b", "a.c.b", "a.x.y.b", "a.b.c", "a.", "x.a.b"},
    "*.#.b": {"a.b", "a.c.b", "a.x.y.b", ".b", "x.a.b"},
    "a.b": {"a.b"},
    "": {""},
    "a#": set(),
}


def drain(broker: Broker, queue: str, *, expect: int, timeout_s: float = 2.0) -> list[Delivery]:
    """Fetch and ack until ``expect`` messages came, then make sure no more do."""
    got: list[Delivery] = []
    while len(got) < expect:
        batch = broker.fetch(queue, 500, timeout_s=timeout_s)
        if not batch:
            break
        got += batch
        broker.ack(batch)
    extra = broker.fetch(queue, 500, timeout_s=0.05)
    broker.ack(extra)
    return got + extra


def messages(keys: list[str], **headers: Any) -> list[OutgoingMessage]:
    return [OutgoingMessage(k, f"body {i}".encode(), f"m{i}", dict(headers)) for i, k in enumerate(keys)]


def test_topic_wildcards_route_exactly_as_rabbitmq(broker: Broker, site: Any) -> None:
    """Each pattern of the table, bound on a real topic exchange, gets exactly its keys."""
    queues = {pattern: site.queue(broker, f"topic{i}") for i, pattern in enumerate(TOPIC_TABLE)}
    exchange = site.exchange(broker, "topic", "topic", {q: [p] for p, q in queues.items()})
    broker.publish(exchange, messages(KEYS), mandatory=False)
    for pattern, queue in queues.items():
        got = drain(broker, queue, expect=len(TOPIC_TABLE[pattern]))
        assert sorted(d.routing_key for d in got) == sorted(TOPIC_TABLE[pattern]), f"pattern {pattern!r}"
        assert all(d.exchange == exchange for d in got)


def test_queue_bound_twice_gets_one_copy(broker: Broker, site: Any) -> None:
    queue = site.queue(broker, "twice")
    exchange = site.exchange(broker, "topic", "topic", {queue: ["a.*", "*.b", "#"]})
    broker.publish(exchange, messages(["a.b"]))
    assert [d.message_id for d in drain(broker, queue, expect=1)] == ["m0"]


def test_default_exchange_routes_to_the_queue_named_by_the_key(broker: Broker, site: Any) -> None:
    queue = site.queue(broker, "plain")
    broker.publish("", messages([queue]))
    (d,) = drain(broker, queue, expect=1)
    assert (d.exchange, d.routing_key, d.body) == ("", queue, b"body 0")


def test_direct_exchange_routes_by_exact_key(broker: Broker, site: Any) -> None:
    q1, q2 = site.queue(broker, "d1"), site.queue(broker, "d2")
    exchange = site.exchange(broker, "direct", "direct", {q1: ["red"], q2: ["green", "red"]})
    broker.publish(exchange, messages(["red", "green", "blue", "red.x", "*"]), mandatory=False)
    assert sorted(d.routing_key for d in drain(broker, q1, expect=1)) == ["red"]
    assert sorted(d.routing_key for d in drain(broker, q2, expect=2)) == ["green", "red"]


def test_fanout_exchange_copies_to_every_queue_whatever_the_key(broker: Broker, site: Any) -> None:
    q1, q2 = site.queue(broker, "f1"), site.queue(broker, "f2")
    exchange = site.exchange(broker, "fanout", "fanout", {q1: [""], q2: ["ignored"]})
    broker.publish(exchange, messages(["x", "y.z"]))
    for queue in (q1, q2):
        assert sorted(d.routing_key for d in drain(broker, queue, expect=2)) == ["x", "y.z"]
