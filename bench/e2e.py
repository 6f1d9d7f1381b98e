"""End-to-end records per second, on both brokers, beside a raw pika relay.

    .venv/bin/python bench/e2e.py [--records 3000] [--amqp URL]

Baseline (measured in the same run, on the same RabbitMQ): a raw pika relay that consumes
from one quorum queue, publishes each message to another with pipelined publisher
confirms, and acks — the least any hub stage must do per message.  The hub is then run by
``santong demo`` machinery on N records (sthj simulator → ingest → normalize → deliver →
province simulator with signed batches and verified receipts), on the embedded broker and
on RabbitMQ; records/s counts from start to the last receipt.  Memory: peak RSS of the
process is printed for two backlog sizes, to show whether it stays flat.
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
import uuid
from pathlib import Path

import pika

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from hub.demo import DemoOptions, run_demo  # noqa: E402
from hub.logs import setup_logging  # noqa: E402


def raw_relay(url: str, n: int, body_size: int = 1200) -> float:
    """Messages per second of consume → publish-with-confirms → ack through pika."""
    params = pika.URLParameters(url)
    conn = pika.BlockingConnection(params)
    ch = conn.channel()
    src, dst = f"bench.src.{uuid.uuid4().hex[:6]}", f"bench.dst.{uuid.uuid4().hex[:6]}"
    for q in (src, dst):
        ch.queue_declare(q, durable=True, arguments={"x-queue-type": "quorum"})
    ch.confirm_delivery()
    body = b"x" * body_size
    for _ in range(n):  # fill the source queue (not timed)
        ch.basic_publish("", src, body, pika.BasicProperties(delivery_mode=2))
    # The relay: a second channel consumes; publishes are pipelined and confirmed per batch.
    out = conn.channel()
    confirms: list[int] = []
    out._impl.confirm_delivery(lambda frame: confirms.append(1))  # noqa: SLF001 - pipelined confirms
    ch.basic_qos(prefetch_count=500)
    start = time.perf_counter()
    done = 0
    pending: list[int] = []
    for method, _props, payload in ch.consume(src, inactivity_timeout=2):
        if method is None:
            break
        out._impl.basic_publish("", dst, payload, pika.BasicProperties(delivery_mode=2))  # noqa: SLF001
        pending.append(method.delivery_tag)
        if len(pending) >= 200 or done + len(pending) >= n:
            target = len(confirms) + len(pending)
            while len(confirms) < target:
                conn.process_data_events(time_limit=1)
            ch.basic_ack(pending[-1], multiple=True)
            done += len(pending)
            pending.clear()
        if done >= n:
            break
    elapsed = time.perf_counter() - start
    ch.cancel()
    for q in (src, dst):
        ch.queue_delete(q)
    conn.close()
    return done / elapsed


def hub_rate(records: int, broker_url: str | None) -> tuple[float, dict]:
    home = Path(tempfile.mkdtemp(prefix="santong-bench-"))
    summary = run_demo(DemoOptions(records=records, bad_share=0.0, home=home, broker_url=broker_url,
                                   timeout_s=1800, progress=False))
    return summary["records_per_s"], summary


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--records", type=int, default=3000)
    ap.add_argument("--amqp", default="amqp://guest:guest@127.0.0.1:5672/%2F")
    args = ap.parse_args()
    setup_logging(level="error")
    relay = raw_relay(args.amqp, args.records)
    print(f"raw pika relay (consume, publish with confirms, ack): {relay:8.0f} msg/s")
    for label, url in (("embedded", None), ("rabbitmq", args.amqp)):
        rate, summary = hub_rate(args.records, url)
        print(f"santong end to end on {label:8}: {rate:8.1f} records/s  ratio to relay {rate / relay:.3f}  "
              f"(lost {summary['lost']}, accepted {summary['accepted']}, peak RSS {peak_rss_mb():.0f} MB)")
    small = args.records
    for n in (small, small * 3):
        before = peak_rss_mb()
        rate, _ = hub_rate(n, args.amqp)
        print(f"rabbitmq backlog {n:6}: {rate:8.1f} records/s, peak RSS {peak_rss_mb():.0f} MB (was {before:.0f} MB)")


if __name__ == "__main__":
    main()
