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
from typing import Any  # noqa: E402
from hub.logs import setup_logging  # noqa: E402


def raw_relay(url: str, n: int, body_size: int = 1200) -> float:
    """Messages per second of consume → publish-with-confirms (pipelined) → ack, through pika."""
    params = pika.URLParameters(url)
    conn = pika.BlockingConnection(params)
    src, dst = f"bench.src.{uuid.uuid4().hex[:6]}", f"bench.dst.{uuid.uuid4().hex[:6]}"
    admin = conn.channel()
    for q in (src, dst):
        admin.queue_declare(q, durable=True, arguments={"x-queue-type": "quorum"})
    body = b"x" * body_size
    for _ in range(n):  # fill the source queue (not timed)
        admin.basic_publish("", src, body, pika.BasicProperties(delivery_mode=2))
    # Publisher confirms on the channel's underlying (async) object, so that many publishes
    # are in flight at once; confirms may be "multiple" (all tags up to this one).
    pub = conn.channel()
    state = {"multiple_upto": 0, "singles": set()}

    def on_confirm(frame: object) -> None:
        method = frame.method  # type: ignore[attr-defined]
        if method.multiple:
            state["multiple_upto"] = max(state["multiple_upto"], method.delivery_tag)  # type: ignore[call-overload]
        else:
            state["singles"].add(method.delivery_tag)  # type: ignore[attr-defined]

    def confirmed() -> int:
        upto = state["multiple_upto"]
        return upto + sum(1 for t in state["singles"] if t > upto)  # type: ignore[attr-defined,operator]

    pub._impl.confirm_delivery(on_confirm)  # noqa: SLF001
    conn.process_data_events(time_limit=0.2)
    received: list[tuple[int, bytes]] = []
    cons = conn.channel()
    cons.basic_qos(prefetch_count=500)
    cons.basic_consume(src, lambda ch, m, p, b: received.append((m.delivery_tag, b)))
    published = done = 0
    start = time.perf_counter()
    while done < n:
        conn.process_data_events(time_limit=0.05)
        if not received:
            continue
        batch, received[:] = list(received), []
        for _tag, payload in batch:
            pub._impl.basic_publish("", dst, payload, pika.BasicProperties(delivery_mode=2))  # noqa: SLF001
        published += len(batch)
        while confirmed() < published:
            conn.process_data_events(time_limit=0.05)
        cons.basic_ack(batch[-1][0], multiple=True)
        done += len(batch)
    elapsed = time.perf_counter() - start
    for q in (src, dst):
        admin.queue_delete(q)
    conn.close()
    return done / elapsed


def hub_rate(records: int, broker_url: str | None) -> tuple[float, dict]:
    home = Path(tempfile.mkdtemp(prefix="santong-bench-"))
    summary = run_demo(DemoOptions(records=records, bad_share=0.0, home=home, broker_url=broker_url,
                                   timeout_s=1800, progress=False))
    return summary["records_per_s"], summary


def _serve_sims(records: int, node_public_hex: str, ports: tuple[int, int], expected: Any) -> None:
    """Child process: the sthj and province simulators, as in the demo, until terminated."""
    from adapters.province import ProvinceSimConfig, ProvinceSimulator
    from adapters.simserver import SimServer
    from adapters.sthj import SimApp, SimConfig, SthjSimulator

    sthj = SthjSimulator(SimConfig(seed=20251119, size=records, bad_rate=0.0, settle_ms=0, backup_enabled=False,
                                   apps=(SimApp(read_restricted=True),), tombstone_retention_s=20 * 365 * 86400))
    province = ProvinceSimulator(ProvinceSimConfig(nightly_window=False))
    province.register_node_key("santong-321081", node_public_hex)
    with SimServer(sthj.app, port=ports[0]), SimServer(province.app, port=ports[1]):
        expected.put(len(sthj.final_versions()))
        while True:
            time.sleep(3600)


def _rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def hub_only(records: int, broker_url: str | None) -> tuple[float, float, float]:
    """(records/s, RSS before, peak RSS) of the hub alone: the simulators run in another process."""
    import multiprocessing

    from adapters.simserver import free_port
    from hub.config import parse_config
    from hub.demo import demo_config
    from hub.runtime import Hub
    from signatures.keys import load_or_create_node_key

    home = Path(tempfile.mkdtemp(prefix="santong-bench-"))
    key = load_or_create_node_key(home / "keys" / "node.pem")
    ports = (free_port(), free_port())
    ctx = multiprocessing.get_context("spawn")
    expected_q = ctx.Queue()
    child = ctx.Process(target=_serve_sims, args=(records, key.public_key.to_hex(), ports, expected_q), daemon=True)
    child.start()
    try:
        expected = expected_q.get(timeout=120)
        prefix = "santong" if broker_url is None else f"bench-{uuid.uuid4().hex[:8]}"
        raw = demo_config(DemoOptions(broker_url=broker_url, home=home), f"http://127.0.0.1:{ports[0]}",
                          f"http://127.0.0.1:{ports[1]}", prefix)
        hub = Hub(parse_config(raw, home=home))
        before = peak = _rss_mb()
        start = time.perf_counter()
        hub.start()
        try:
            while True:
                summary = hub.journal.summary(["province"])
                peak = max(peak, _rss_mb())
                if summary["raw"] >= expected and summary["lost"] == 0:
                    break
                time.sleep(0.2)
            elapsed = time.perf_counter() - start
        finally:
            hub.stop()
            if broker_url:
                broker = hub.open_broker()
                broker.delete_topology(hub.topology)
                broker.close()
            hub.journal.close()
        return summary["raw"] / elapsed, before, peak
    finally:
        child.terminate()
        child.join(10)


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
    print("hub alone (simulators in another process):")
    for label, url in (("embedded", None), ("rabbitmq", args.amqp)):
        for n in (args.records, args.records * 3):
            rate, before, peak = hub_only(n, url)
            print(f"  {label:8} {n:6} records: {rate:8.1f} records/s  ratio to relay {rate / relay:.3f}  "
                  f"RSS {before:.0f} → peak {peak:.0f} MB")


if __name__ == "__main__":
    main()
