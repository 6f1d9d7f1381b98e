"""Publishing with confirms, declaring, headers, depth and purge."""

from __future__ import annotations

import time
from datetime import UTC, datetime
from typing import Any

import pytest

from queues.base import Broker, Delivery, OutgoingMessage
from queues.topology import ExchangeSpec, QueueSpec, Topology
from santong.errors import ConfigError, PublishRejected


def msgs(key: str, n: int, prefix: str = "m") -> list[OutgoingMessage]:
    return [OutgoingMessage(key, f"body {i}".encode(), f"{prefix}{i}", {"i": i}) for i in range(n)]


def test_publish_returns_once_confirmed_and_another_connection_sees_the_messages(broker: Broker, site: Any) -> None:
    queue = site.queue(broker, "work")
    broker.publish("", msgs(queue, 25))
    assert site.open().queue_depth(queue) == 25


def test_thousand_messages_in_one_publish_are_all_confirmed_and_fetched(broker: Broker, site: Any) -> None:
    queue = site.queue(broker, "bulk")
    started = time.monotonic()
    broker.publish("", msgs(queue, 1_000))
    assert broker.queue_depth(queue) == 1_000
    got: list[Delivery] = []
    while len(got) < 1_000:
        batch = broker.fetch(queue, 200, timeout_s=2.0)
        assert batch, f"stalled after {len(got)} messages"
        assert len(batch) <= 200
        got += batch
        broker.ack(batch)
    assert sorted(int(d.message_id[1:]) for d in got) == list(range(1_000))
    assert broker.queue_depth(queue) == 0
    assert time.monotonic() - started < 10.0


def test_unroutable_mandatory_message_is_rejected_by_id_and_the_rest_is_delivered(broker: Broker, site: Any) -> None:
    queue = site.queue(broker, "routed")
    exchange = site.exchange(broker, "x", "direct", {queue: ["yes"]})
    batch = [OutgoingMessage("yes", b"1", "ok-1"), OutgoingMessage("no", b"2", "lost-2"),
             OutgoingMessage("yes", b"3", "ok-3")]
    with pytest.raises(PublishRejected) as caught:
        broker.publish(exchange, batch)
    assert caught.value.context["message_ids"] == ["lost-2"]
    assert "NO_ROUTE" in caught.value.context["reply"]
    got = site.take(broker, queue, 2)
    broker.ack(got)
    assert sorted(d.message_id for d in got) == ["ok-1", "ok-3"]


def test_unroutable_message_without_mandatory_is_dropped_silently(broker: Broker, site: Any) -> None:
    exchange = site.exchange(broker, "x", "topic", {})
    broker.publish(exchange, msgs("nobody.listens", 3), mandatory=False)


def test_publish_to_a_missing_exchange_is_rejected_and_the_broker_stays_usable(broker: Broker, site: Any) -> None:
    with pytest.raises(PublishRejected) as caught:
        broker.publish(site.name("nowhere"), msgs("k", 2))
    assert caught.value.context["message_ids"] == ["m0", "m1"]
    queue = site.queue(broker, "after")
    broker.publish("", msgs(queue, 1))
    assert broker.queue_depth(queue) == 1


def test_message_properties_and_headers_arrive_unchanged(broker: Broker, site: Any) -> None:
    queue = site.queue(broker, "props")
    headers = {"x-santong-attempt": 3, "big": 2**40, "neg": -7, "flag": True, "none": None, "text": "仪征",
               "list": [1, "two", False], "table": {"k": "v", "n": 1}, "when": datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)}
    broker.publish("", [OutgoingMessage(queue, "主体".encode(), "id-1", headers, content_type="text/plain")])
    (d,) = broker.fetch(queue, 10, timeout_s=2.0)
    broker.ack([d])
    assert (d.queue, d.message_id, d.body, d.redelivered, d.attempt) == (queue, "id-1", "主体".encode(), False, 3)
    assert d.headers == headers


@pytest.mark.parametrize("bad", [1.5, b"bytes", {"nested": 0.1}, 2**70])
def test_header_values_neither_broker_can_carry_are_refused_before_anything_is_sent(
        broker: Broker, site: Any, bad: object) -> None:
    queue = site.queue(broker, "bad")
    with pytest.raises(ConfigError) as caught:
        broker.publish("", [OutgoingMessage(queue, b"ok", "ok"), OutgoingMessage(queue, b"x", "bad-1", {"v": bad})])
    assert (caught.value.context["message_id"], caught.value.context["header"]) == ("bad-1", "v")
    assert broker.queue_depth(queue) == 0


def test_declaring_twice_is_fine_and_different_arguments_name_the_queue_and_argument(
        broker: Broker, site: Any) -> None:
    name = site.name("args")
    topology = Topology((ExchangeSpec(site.name("ex"), "topic"),),
                        (QueueSpec(name, {"x-queue-type": "quorum", "x-message-ttl": 1000}),), ())
    site.declare(broker, topology)
    site.declare(broker, topology)
    changed = Topology((), (QueueSpec(name, {"x-queue-type": "quorum", "x-message-ttl": 2000}),), ())
    with pytest.raises(ConfigError) as caught:
        site.declare(broker, changed)
    assert (caught.value.context["queue"], caught.value.context["argument"]) == (name, "x-message-ttl")
    with pytest.raises(ConfigError) as caught:
        site.declare(broker, Topology((ExchangeSpec(site.name("ex"), "direct"),), (), ()))
    assert caught.value.context["argument"] == "type"
    broker.publish("", msgs(name, 1))  # still usable after the refusals
    assert broker.queue_depth(name) == 1


def test_missing_queue_is_a_config_error_naming_it(broker: Broker, site: Any) -> None:
    missing = site.name("missing")
    for call in (lambda: broker.fetch(missing, 1, timeout_s=0.1), lambda: broker.queue_depth(missing)):
        with pytest.raises(ConfigError) as caught:
            call()
        assert caught.value.context["queue"] == missing


def test_depth_counts_ready_messages_and_purge_removes_only_those(broker: Broker, site: Any) -> None:
    queue = site.queue(broker, "purge")
    broker.publish("", msgs(queue, 10))
    assert broker.queue_depth(queue) == 10
    assert broker.purge(queue) == 10
    assert broker.queue_depth(queue) == 0
    broker.publish("", msgs(queue, 2))
    held = site.take(broker, queue, 2)
    assert len(held) == 2
    # Fetched and not yet acknowledged: neither ready nor purged.  (How many a RabbitMQ
    # consumer prefetches is not ready either, so the test fetches everything.)
    assert (broker.queue_depth(queue), broker.purge(queue)) == (0, 0)
    broker.ack(held)
