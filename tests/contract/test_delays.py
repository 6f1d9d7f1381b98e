"""santong's real topology: delay tiers, dead letters after the last attempt, restarts."""

from __future__ import annotations

import time
from typing import Any

import pytest

from queues.base import ATTEMPT_HEADER, Broker, Delivery, OutgoingMessage
from queues.topology import Names, build_topology, dead_queue

TIERS_MS = (200, 500)
# Clocks of two processes (and RabbitMQ's millisecond timestamps) may disagree by a hair.
CLOCK_SLACK_S = 0.01


def declare_hub(broker: Broker, site: Any) -> Names:
    names = Names(site.prefix)
    site.declare(broker, build_topology(["src"], {"dest": ["EVT.#"]}, delay_tiers_ms=TIERS_MS, prefix=site.prefix))
    return names


@pytest.mark.parametrize("tier_ms", TIERS_MS)
def test_a_delay_tier_sends_the_message_back_to_its_work_queue_after_the_tier(
        broker: Broker, site: Any, tier_ms: int) -> None:
    names = declare_hub(broker, site)
    work = names.normalize("src")
    started = time.monotonic()
    broker.publish(names.delay(tier_ms), [OutgoingMessage(work, b"later", "m1", {ATTEMPT_HEADER: 1})])
    assert broker.fetch(work, 10, timeout_s=tier_ms / 1000 / 2) == []  # not before the tier
    (d,) = broker.fetch(work, 10, timeout_s=3.0)
    waited_s = time.monotonic() - started
    broker.ack([d])
    assert waited_s >= tier_ms / 1000 - CLOCK_SLACK_S
    assert waited_s < tier_ms / 1000 + 1.5
    assert (d.message_id, d.body, d.attempt) == ("m1", b"later", 1)
    assert (d.exchange, d.routing_key) == (names.retry, work)  # dead-lettered, key kept
    assert d.headers["x-death"][0]["reason"] == "expired"
    assert d.headers["x-death"][0]["queue"] == names.delay(tier_ms)
    assert broker.queue_depth(names.delay(tier_ms)) == 0


def test_after_the_last_attempt_a_message_lands_in_the_dead_queue(broker: Broker, site: Any) -> None:
    """A consumer that always fails: retry through each tier, then dead-letter."""
    names = declare_hub(broker, site)
    work = names.normalize("src")
    started = time.monotonic()
    broker.publish(names.raw, [OutgoingMessage("src.license", b"payload", "rec-1")])
    attempts_seen: list[int] = []
    while True:
        (d,) = broker.fetch(work, 1, timeout_s=3.0)
        attempts_seen.append(d.attempt)
        if d.attempt < len(TIERS_MS):  # fail, retry later
            retry = OutgoingMessage(work, d.body, d.message_id, {**d.headers, ATTEMPT_HEADER: d.attempt + 1})
            broker.publish(names.delay(TIERS_MS[d.attempt]), [retry])
            broker.ack([d])
            continue
        broker.publish("", [OutgoingMessage(dead_queue(work), d.body, d.message_id,
                                            {**d.headers, "x-santong-dead-reason": "always fails"})])
        broker.ack([d])
        break
    assert attempts_seen == [0, 1, 2]
    assert time.monotonic() - started >= sum(TIERS_MS) / 1000 - CLOCK_SLACK_S
    (dead,) = broker.fetch(dead_queue(work), 10, timeout_s=2.0)
    broker.ack([dead])
    assert (dead.message_id, dead.body, dead.attempt) == ("rec-1", b"payload", 2)
    assert dead.headers["x-santong-dead-reason"] == "always fails"
    assert broker.queue_depth(work) == 0


def test_messages_survive_a_restart_and_unacked_ones_come_back_redelivered(broker: Broker, site: Any) -> None:
    """Embedded: the file is reopened.  RabbitMQ: a new connection (durable quorum queues)."""
    names = declare_hub(broker, site)
    queue = names.deliver("dest")
    broker.publish(names.standard, [OutgoingMessage(f"EVT.{i}", b"x", f"m{i}") for i in range(5)])
    held = site.take(broker, queue, 2)
    assert len(held) == 2
    broker.close()
    reopened = site.open()
    got: list[Delivery] = site.take(reopened, queue, 5)
    reopened.ack(got)
    assert sorted(d.message_id for d in got) == [f"m{i}" for i in range(5)]
    # Those handed out before are flagged; RabbitMQ also flags what its consumer had
    # prefetched without handing out, so the others may be either.
    assert {d.message_id for d in held} <= {d.message_id for d in got if d.redelivered}
