"""A consumer process for test_embedded (not collected): fetch and ack until the queue
stays empty for half a second, printing each message id taken.

    python drain_consumer.py PATH QUEUE
"""

from __future__ import annotations

import sys

from queues.embedded import EmbeddedBroker


def main() -> None:
    path, queue = sys.argv[1:3]
    broker = EmbeddedBroker(path)
    while batch := broker.fetch(queue, 25, timeout_s=0.5):
        broker.ack(batch)
        print("\n".join(d.message_id for d in batch), flush=True)
    broker.close()


if __name__ == "__main__":
    main()
