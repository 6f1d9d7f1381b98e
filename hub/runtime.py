"""Wiring: from a validated ``HubConfig`` to running stages.

    hub = Hub(config)
    hub.run(stages=None)          # every stage, blocking until SIGTERM/SIGINT or hub.stop()

Each stage runs in its own thread with its own broker connection; the journal is shared.
``santong worker normalize`` runs only some stages, so several processes on several
machines share the work as competing consumers of the same queues.
"""

from __future__ import annotations

import signal
import threading
from pathlib import Path
from typing import Any, Iterable

from hub.config import HubConfig
from hub.logs import get_logger
from hub.registry import AdapterContext, make_sink, make_source
from hub.stages.base import Stage, StageContext
from hub.stages.deliver import DeliverStage
from hub.stages.ingest import IngestStage
from hub.stages.normalize import NormalizeStage
from mappings.base import Mapper
from queues.base import Broker
from queues.factory import open_broker
from queues.topology import Names
from replay.journal import Journal
from santong.errors import ConfigError
from signatures.keys import load_or_create_node_key

__all__ = ["Hub", "STAGES", "journal_mapper"]

STAGES = ("ingest", "normalize", "deliver")
log = get_logger("santong.runtime")


def journal_mapper(config: HubConfig, journal: Journal) -> Mapper:
    """The configured specs and code tables (loaded now), with the subject registry in the journal."""
    from mappings.codes import CodeTables
    from mappings.engine import DEFAULT_SPEC_DIR, SpecMapper
    from replay.registry import JournalRegistry

    m = config.mapping
    tables = CodeTables.with_overlay(Path(m.tables_dir) if m.tables_dir else None)
    spec_dir = Path(m.spec_dir) if m.spec_dir else DEFAULT_SPEC_DIR
    return SpecMapper(spec_dir, tables=tables, registry=JournalRegistry(journal))


class Hub:
    def __init__(self, config: HubConfig, *, mapper: Mapper | None = None, journal: Journal | None = None) -> None:
        self.config = config
        self.names_prefix = config.broker.prefix
        self.journal = journal or Journal.open(config.journal.url)
        self.mapper = mapper or journal_mapper(config, self.journal)
        self.stop_event = threading.Event()
        self.stages: list[Stage] = []
        self.threads: list[threading.Thread] = []
        self.http: Any = None  # the HTTP server, when started
        self._ingests: list[Any] = []
        topo = config.topology()
        self.topology = topo
        self.ctx = StageContext(
            journal=self.journal,
            open_broker=self.open_broker,
            names=Names(config.broker.prefix),
            delay_tiers_ms=config.broker.delay_tiers_ms,
            prefetch=config.broker.prefetch,
            stop=self.stop_event,
        )

    def open_broker(self) -> Broker:
        return open_broker(self.config.broker.url, prefetch=self.config.broker.prefetch)

    def declare(self) -> None:
        broker = self.open_broker()
        try:
            broker.declare(self.topology)
        finally:
            broker.close()

    def _adapter_ctx(self) -> AdapterContext:
        key = load_or_create_node_key(Path(self.config.node.key_file)) if self.config.destinations else None
        return AdapterContext(self.config.node.id, key, self.config.node.signer_id)

    def build(self, stages: Iterable[str] | None = None, only: Iterable[str] = ()) -> list[Stage]:
        """Create the stages to run: all, or those named (``deliver`` optionally for ``only`` destinations/sources)."""
        wanted = set(stages or STAGES)
        unknown = wanted - set(STAGES)
        if unknown:
            raise ConfigError(f"unknown stage(s): {', '.join(sorted(unknown))} (known: {', '.join(STAGES)})")
        names = set(only)
        actx = self._adapter_ctx()
        out: list[Stage] = []
        for name, src in self.config.sources.items():
            if names and name not in names:
                continue
            if "ingest" in wanted:
                source = make_source(src.adapter, src.settings, actx, where=f"sources.{name}")
                out.append(IngestStage(self.ctx, name, source, poll_interval_s=src.poll_interval_s))
            if "normalize" in wanted:
                out.append(NormalizeStage(self.ctx, name, self.mapper, max_attempts=src.max_attempts))
        if "deliver" in wanted:
            for name, dst in self.config.destinations.items():
                if names and name not in names:
                    continue
                sink = make_sink(dst.adapter, dst.settings, actx, where=f"destinations.{name}")
                out.append(DeliverStage(self.ctx, name, sink, max_attempts=dst.max_attempts,
                                        batch_max_records=dst.batch_max_records, batch_max_bytes=dst.batch_max_bytes,
                                        batch_window_ms=dst.batch_window_ms, receipt_poll_s=dst.receipt_poll_s))
        if not out:
            raise ConfigError("nothing to run: no source or destination matches")
        self.stages = out
        return out

    def start(self, stages: Iterable[str] | None = None, only: Iterable[str] = ()) -> None:
        self.declare()
        built = self.build(stages, only)
        if self.config.http.enabled and any(s.name in ("ingest", "deliver") for s in built):
            self._start_http()
        for stage in built:
            t = threading.Thread(target=stage.run, name=f"{stage.name}", daemon=True)
            t.start()
            self.threads.append(t)
        log.info("hub_started", stages=[s.name for s in self.stages], broker=self.config.broker.url.split("@")[-1])

    def make_sink(self, destination: str) -> Any:
        """A fresh sink of a configured destination (the receipt callback has its own)."""
        dst = self.config.destinations[destination]
        return make_sink(dst.adapter, dst.settings, self._adapter_ctx(), where=f"destinations.{destination}")

    def _start_http(self) -> None:
        from adapters.simserver import SimServer
        from hub.http_app import build_app

        app, self._ingests = build_app(self)
        where = f"{self.config.http.host}:{self.config.http.port}"
        try:
            self.http = SimServer(app, host=self.config.http.host, port=self.config.http.port).start()
        except RuntimeError as exc:
            raise ConfigError(f"http: cannot listen on {where} (in use?); set http.port or http.enabled: false") from exc
        log.info("http_started", url=self.http.url)

    def stop(self, timeout_s: float = 30.0) -> None:
        """Finish in-flight work and return unacknowledged messages to their queues."""
        self.stop_event.set()
        if self.http is not None:
            self.http.stop()
            self.http = None
            for ingest in self._ingests:
                ingest.close()
        for t in self.threads:
            t.join(timeout=timeout_s)
        self.threads.clear()

    def close(self) -> None:
        self.stop()
        self.journal.close()

    def run(self, stages: Iterable[str] | None = None, only: Iterable[str] = ()) -> None:
        """Run until SIGTERM or SIGINT, then stop cleanly."""
        def _on_signal(signum: int, _frame: object) -> None:
            log.info("signal_received", signal=signal.Signals(signum).name)
            self.stop_event.set()

        signal.signal(signal.SIGTERM, _on_signal)
        signal.signal(signal.SIGINT, _on_signal)
        self.start(stages, only)
        while not self.stop_event.wait(0.5):
            if not any(t.is_alive() for t in self.threads):
                break
        self.close()
        log.info("hub_stopped")
