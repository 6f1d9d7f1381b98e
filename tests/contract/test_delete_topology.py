"""A throw-away topology can be removed whole, messages included, on both brokers."""

from __future__ import annotations

import uuid

import pytest

from queues.base import Broker, OutgoingMessage
from queues.topology import build_topology
from santong.errors import SantongError


def test_delete_topology_removes_queues_and_exchanges(broker: Broker) -> None:
    prefix = f"del-{uuid.uuid4().hex[:8]}"
    topo = build_topology(["src"], {"dst": ["T.*"]}, delay_tiers_ms=[200], prefix=prefix)
    broker.declare(topo)
    broker.publish(f"{prefix}.raw", [OutgoingMessage("src.K", b"{}", "m1")])
    assert broker.queue_depth(f"{prefix}.normalize.src") == 1
    broker.delete_topology(topo)
    with pytest.raises(SantongError):
        broker.publish(f"{prefix}.raw", [OutgoingMessage("src.K", b"{}", "m2")])
