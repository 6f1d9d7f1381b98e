"""``santong replay``: send selected messages through the hub again, idempotently.

* ``renormalize`` re-publishes raw messages (same ids) to the normalize queues with a
  replay mark: they are mapped again with today's specs and code tables.  A record that
  maps to what was already delivered is not sent again (same content digest).
* ``redeliver`` re-publishes standard records to one destination's deliver queue: dead
  letters and rejected records are sent again; accepted ones are left alone.
* ``auto``: quarantined → renormalize; dead or rejected → redeliver; else renormalize.

Every replay that changes something is written to the audit trail.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from hub.config import HubConfig
from hub.stages.ingest import raw_message
from hub.stages.normalize import REPLAY_HEADER, standard_body
from queues.base import ATTEMPT_HEADER, OutgoingMessage
from queues.factory import open_broker
from queues.topology import Names
from replay.ingest_store import RawRow
from replay.journal import Journal
from replay.selection import Selection, parse_time
from santong.errors import ConfigError

__all__ = ["ReplaySelection", "run_replay"]

_DELIVERY_STATUSES = {"dead", "rejected", "accepted", "duplicate", "sent", "queued", "unchanged", "superseded", "skipped"}


@dataclass(frozen=True)
class ReplaySelection:
    source: str | None = None
    kind: str | None = None
    msg_type: str | None = None
    status: str | None = None
    destination: str | None = None
    since: str | None = None
    until: str | None = None
    mode: str = "auto"
    limit: int = 100_000


def _chunks(items: list, size: int = 500) -> list[list]:  # type: ignore[type-arg]
    return [items[i : i + size] for i in range(0, len(items), size)]


def run_replay(cfg: HubConfig, rs: ReplaySelection, *, dry_run: bool, reason: str, actor: str) -> str:
    mode = rs.mode
    if mode == "auto":
        mode = "redeliver" if (rs.destination or rs.status in _DELIVERY_STATUSES - {"accepted"}) else "renormalize"
    if rs.source and rs.source not in cfg.sources:
        raise ConfigError(f"--source {rs.source!r} is not configured (sources: {', '.join(cfg.sources) or 'none'})")
    if rs.destination and rs.destination not in cfg.destinations:
        raise ConfigError(f"--destination {rs.destination!r} is not configured "
                          f"(destinations: {', '.join(cfg.destinations) or 'none'})")
    sel = Selection(rs.source, rs.kind, rs.msg_type, rs.status, rs.destination,
                    parse_time(rs.since, "--since"), parse_time(rs.until, "--until"), rs.limit)
    names = Names(cfg.broker.prefix)
    journal = Journal.open(cfg.journal.url)
    try:
        if mode == "renormalize":
            raws = journal.select_raw(sel)
            tally = Counter(f"{r['source']}.{r['kind']} ({r['status']})" for r in raws)
            if dry_run or not raws:
                return _report("would renormalize" if dry_run else "nothing to renormalize", len(raws), tally)
            broker = open_broker(cfg.broker.url)
            try:
                for chunk in _chunks(raws):
                    broker.publish(names.raw, [
                        raw_message(RawRow(r["msg_id"], r["source"], r["kind"], r["source_id"], r["source_version"],
                                           r["trace_id"], r["payload"]), **{REPLAY_HEADER: 1})
                        for r in chunk])
            finally:
                broker.close()
            journal.audit(actor, "replay", reason, {"mode": mode, "selection": rs.__dict__, "count": len(raws)})
            return _report("renormalizing", len(raws), tally)
        rows = journal.select_deliveries(sel)
        if rs.status is None:
            rows = [r for r in rows if r[1] in ("dead", "rejected")]
        tally = Counter(f"{dest} {row.msg_type} ({status})" for dest, status, row in rows)
        if dry_run or not rows:
            return _report("would redeliver" if dry_run else "nothing to redeliver", len(rows), tally)
        broker = open_broker(cfg.broker.url)
        try:
            for chunk in _chunks(rows):
                broker.publish("", [
                    OutgoingMessage(names.deliver(dest), standard_body(row), row.std_msg_id,
                                    {ATTEMPT_HEADER: 0, REPLAY_HEADER: 1, "x-santong-raw-id": row.raw_msg_id})
                    for dest, _status, row in chunk])
        finally:
            broker.close()
        journal.audit(actor, "replay", reason, {"mode": mode, "selection": rs.__dict__, "count": len(rows)})
        return _report("redelivering", len(rows), tally)
    finally:
        journal.close()


def _report(verb: str, count: int, tally: Counter) -> str:  # type: ignore[type-arg]
    lines = [f"{verb}: {count} message(s)"]
    lines += [f"  {n:>6}  {key}" for key, n in tally.most_common()]
    return "\n".join(lines)
