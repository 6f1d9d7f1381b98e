"""``santong replay``: send selected messages through the hub again, idempotently.

* ``renormalize`` re-publishes raw messages (same ids) to the normalize queues with a
  replay mark: they are mapped again with today's specs and code tables.  A record that
  maps to what was already delivered is not sent again (same content digest).
* ``redeliver`` re-publishes standard records to one destination's deliver queue: dead
  letters and rejected records are sent again; accepted ones are left alone.
* ``remap`` maps the selected raw records (default: quarantined) again right here, with the
  specs and code tables as they are now on disk, and sends on those that now pass.
* ``auto``: quarantined → renormalize; dead or rejected → redeliver; else renormalize.

Every replay that changes something is written to the audit trail.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from hub.config import HubConfig
from hub.stages.ingest import raw_message
from hub.runtime import journal_mapper
from hub.stages.normalize import REPLAY_HEADER, map_raw, standard_body
from hub.stages.payload import encode_payload
from queues.base import ATTEMPT_HEADER, OutgoingMessage
from queues.factory import open_broker
from queues.topology import Names
from replay.ingest_store import RawRow
from replay.normalize_store import StdRow
from replay.journal import Journal
from replay.selection import Selection, parse_time
from santong.errors import ConfigError, PublishRejected

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
        if mode == "remap":
            return _remap(cfg, journal, sel, names, dry_run=dry_run, reason=reason, actor=actor, rs=rs)
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


def _remap(cfg: HubConfig, journal: Journal, sel: Selection, names: Names, *, dry_run: bool, reason: str,
           actor: str, rs: ReplaySelection) -> str:
    """Map the selected raw records again here, with the specs and code tables as they are now,
    and send on those that pass; the journal keeps both tries (the old quarantine entry is
    superseded or released)."""
    if sel.status is None:
        sel = Selection(sel.source, sel.kind, sel.msg_type, "quarantined", sel.destination, sel.since, sel.until,
                        sel.limit)
    raws = journal.select_raw(sel)
    tally = Counter(f"{r['source']}.{r['kind']} ({r['status']})" for r in raws)
    if dry_run or not raws:
        return _report("would remap" if dry_run else "nothing to remap", len(raws), tally)
    mapper = journal_mapper(cfg, journal)
    mapped: list[StdRow] = []
    still: list[dict[str, Any]] = []
    for r in raws:
        body, headers, _ = encode_payload(r["payload"])
        outcome = map_raw(mapper, r["source"], r["kind"], r["msg_id"], body, headers)
        if isinstance(outcome, dict):
            still.append(outcome)
        else:
            mapped.extend(outcome)
    journal.record_normalized(mapped, still)
    broker = open_broker(cfg.broker.url)
    try:
        for chunk in _chunks(mapped):
            try:
                broker.publish(names.standard, [
                    OutgoingMessage(f"{row.msg_type}.{row.area}", standard_body(row), row.std_msg_id,
                                    {ATTEMPT_HEADER: 0, REPLAY_HEADER: 1, "x-santong-raw-id": row.raw_msg_id})
                    for row in chunk])
            except PublishRejected as exc:
                raise ConfigError(f"no destination routes some remapped records: {exc}") from exc
    finally:
        broker.close()
    journal.audit(actor, "remap", reason, {"selection": rs.__dict__, "count": len(raws), "now_mapped": len(
        {m.raw_msg_id for m in mapped}), "still_quarantined": len(still)})
    reasons = Counter(f"{e['field']} {e['code']}".strip() for q in still for e in q["errors"][:1])
    lines = [f"remapped: {len(raws)} message(s); {len({m.raw_msg_id for m in mapped})} now pass and were sent on, "
             f"{len(still)} still quarantined"]
    lines += [f"  {n:>6}  {key}" for key, n in reasons.most_common()]
    return "\n".join(lines)


def _report(verb: str, count: int, tally: Counter) -> str:  # type: ignore[type-arg]
    lines = [f"{verb}: {count} message(s)"]
    lines += [f"  {n:>6}  {key}" for key, n in tally.most_common()]
    return "\n".join(lines)
