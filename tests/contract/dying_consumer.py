"""A consumer that dies holding its messages (run by the contract suite, not collected).

    python dying_consumer.py KIND WHERE QUEUE COUNT LEASE_S

Fetches up to COUNT messages, prints how many it got, and exits at once: no ack, no
close, no cleanup, as a killed worker would.
"""

from __future__ import annotations

import os
import sys

from queues.base import Broker
from queues.embedded import EmbeddedBroker
from queues.rabbitmq import RabbitMQBroker


def main() -> None:
    kind, where, queue, count, lease_s = sys.argv[1:6]
    broker: Broker = (EmbeddedBroker(where, lease_s=float(lease_s)) if kind == "embedded"
                      else RabbitMQBroker(where, reconnect_max_s=2.0))
    got = broker.fetch(queue, int(count), timeout_s=5.0)
    print(len(got), flush=True)
    os._exit(0)


if __name__ == "__main__":
    main()
