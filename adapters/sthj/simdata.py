"""Seeded data of the simulated 执法系统: the initial records, and new states while it runs.

    data = SimData(SimConfig(seed=7, size=500))
    seeded = data.seed_records()              # same seed and size → the same records, every run
    fresh = data.new_record(now_ms)           # a record saved just now (churn, add_records)
    edited = data.edited(seeded[0].live)      # the next save of a record's content

The initial data follows the shares, quirk rates and bad-record share of the config; the
bad records are chosen among those whose final state is live, ``round(bad_rate × live)``
of them, so the share is exact.
"""

from __future__ import annotations

import copy
import itertools
import random
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from adapters.sthj.simbad import BadRecord, spoil
from adapters.sthj.simconfig import RecordType, SimConfig
from adapters.sthj.simjson import JavaNumber
from adapters.sthj.simrecords import BEIJING, RecordBuilder, day_of
from adapters.sthj.simvocab import DELETE_REASONS

__all__ = ["INFIX", "SeedRecord", "SimData", "tombstone"]

INFIX: dict[str, str] = {"INSPECTION": "JC", "PENALTY": "CF", "COERCIVE": "QZ"}
_HOUR_MS = 3600_000
_DAY_MS = 24 * _HOUR_MS


def _ms(year: int, month: int, day: int) -> int:
    return int(datetime(year, month, day, tzinfo=BEIJING).timestamp() * 1000)


_V1_START, _V1_END = _ms(2016, 1, 1), _ms(2019, 1, 1) - 1
_MIGRATION = _ms(2023, 3, 17)  # V1 → V2 migration, three days


@dataclass
class SeedRecord:
    """One record's state: ``live`` content (kept while deleted, for a restore), ``tombstone`` if deleted."""

    live: dict[str, Any]
    tombstone: dict[str, Any] | None
    bad: BadRecord | None
    restricted: bool

    @property
    def current(self) -> dict[str, Any]:
        return self.tombstone if self.tombstone is not None else self.live


def tombstone(live: dict[str, Any], version: int, deleted_ms: int, reason: str | None) -> dict[str, Any]:
    """The §4.6 tombstone of a record (``delete_reason`` only when given)."""
    out: dict[str, Any] = {
        "record_id": live["record_id"], "record_type": live["record_type"], "version": version,
        "deleted": True, "updated_at": deleted_ms, "deleted_at": deleted_ms,
    }
    if reason:
        out["delete_reason"] = reason
    return out


class SimData:
    """Record factory with two seeded streams: one for the initial data, one for changes at run time."""

    def __init__(self, config: SimConfig) -> None:
        self.config = config
        self._kinds: list[RecordType] = list(config.shares)
        self._weights = [config.shares[k] for k in self._kinds]
        self._seed_rng = random.Random(config.seed)
        self._run_rng = random.Random(config.seed * 7919 + 17)
        self._seed_builder = RecordBuilder(self._seed_rng, config.quirks)
        self._run_builder = RecordBuilder(self._run_rng, config.quirks)
        self._next_seq: dict[tuple[str, int], int] = {}

    def allocate_id(self, kind: str, created_ms: int) -> str:
        key = (INFIX[kind], day_of(created_ms).year)
        seq = self._next_seq.get(key, 0) + 1
        self._next_seq[key] = seq
        return f"HBZF-{key[0]}-{key[1]}-{seq:06d}"

    # -- the initial data ----------------------------------------------------------------
    def seed_records(self) -> list[SeedRecord]:
        """The ``size`` initial records, in creation order (call once per instance)."""
        c, q, rng = self.config, self.config.quirks, self._seed_rng
        limit = c.data_end_ms - 1
        plans: list[tuple[int, RecordType, bool]] = []
        for _ in range(c.size):
            kind = rng.choices(self._kinds, self._weights)[0]
            migrated = rng.random() < q.migrated and _MIGRATION + 3 * _DAY_MS < limit
            if migrated:
                created = rng.randrange(_V1_START, _V1_END)
            else:  # denser towards the end, as a live system grows
                created = c.data_start_ms + int((limit - c.data_start_ms) * rng.random() ** 0.6)
            plans.append((created, kind, migrated))
        plans.sort()
        fates = [(rng.random() < q.tombstone, rng.random() < q.restored, rng.random() < q.restricted) for _ in plans]
        live_idx = [i for i, fate in enumerate(fates) if not fate[0]]
        bad_idx = set(rng.sample(live_idx, round(c.bad_rate * len(live_idx))))
        out: list[SeedRecord] = []
        for i, ((created, kind, migrated), (deleted, restored, restricted)) in enumerate(zip(plans, fates)):
            built = self._seed_builder.build(kind, self.allocate_id(kind, created), created, limit, migrated=migrated)
            rec = built.record
            bad = spoil(rec, rng) if i in bad_idx else None
            saves = rng.randint(1, 5) if rng.random() < q.multi_version else 0
            if migrated:
                updated = rng.randrange(_MIGRATION, _MIGRATION + 3 * _DAY_MS)
            else:
                updated = built.floor_ms + (rng.randrange(_HOUR_MS, 20 * _DAY_MS) if saves else 0)
            updated = self._clamp(updated + (saves * _DAY_MS if migrated else 0), built.floor_ms, limit)
            version = 1 + saves + (1 if updated > created and not saves else 0)
            if restored and not deleted:
                version += 2  # deleted, then restored (撤销删除)
                updated = self._clamp(updated + rng.randrange(_HOUR_MS, 10 * _DAY_MS), updated, limit)
            rec["version"], rec["updated_at"] = version, updated
            stone = None
            if deleted:
                when = self._clamp(updated + rng.randrange(_HOUR_MS, 60 * _DAY_MS), updated, limit)
                reason = rng.choice(DELETE_REASONS) if rng.random() < 0.7 else None
                stone = tombstone(rec, version + 1, when, reason)
            out.append(SeedRecord(rec, stone, bad, restricted))
        self._share_milliseconds(out)
        return out

    def _clamp(self, value: int, low: int, limit: int) -> int:
        """``value``, or a random instant in [low, limit] when it would pass the end of the data."""
        return value if value <= limit else self._seed_rng.randrange(min(low, limit), limit + 1)

    def _share_milliseconds(self, records: list[SeedRecord]) -> None:
        """Quirk 11b needs neighbours with equal ``updated_at`` (batch saves): raise a predecessor's to match."""
        order = sorted(records, key=lambda r: (r.current["updated_at"], r.current["record_id"]))
        for prev, cur in itertools.pairwise(order):
            if self._seed_rng.random() < self.config.quirks.same_ms:
                when = cur.current["updated_at"]
                if prev.tombstone is not None:
                    prev.tombstone["updated_at"] = prev.tombstone["deleted_at"] = when
                else:
                    prev.live["updated_at"] = when

    # -- states created while running ----------------------------------------------------
    def new_record(self, now_ms: int, kind: RecordType | None = None, bad_rate: float | None = None) -> SeedRecord:
        """A record first saved at ``now_ms`` (version 1), bad at ``bad_rate`` (default: the config's)."""
        rng = self._run_rng
        bad_rate = self.config.bad_rate if bad_rate is None else bad_rate
        kind = kind or rng.choices(self._kinds, self._weights)[0]
        built = self._run_builder.build(kind, self.allocate_id(kind, now_ms), now_ms, now_ms, migrated=False)
        rec = built.record
        rec["updated_at"] = now_ms
        bad = spoil(rec, rng) if rng.random() < bad_rate else None
        return SeedRecord(rec, None, bad, rng.random() < self.config.quirks.restricted)

    def edited(self, live: dict[str, Any]) -> dict[str, Any]:
        """The content of the next save: free text amended; large amounts re-saved in full (quirk 5)."""
        rec = copy.deepcopy(live)
        section = rec["record_type"].lower()
        body = rec.get(section) or {}
        key = "findings" if section == "inspection" else "illegal_fact"
        text = body.get(key) or ""
        if text:
            body[key] = text.split("（更正")[0] + f"（更正{self._run_rng.randint(1, 99)}）"
        for name in ("fine_amount", "confiscated_amount"):
            amount = body.get(name)
            if isinstance(amount, JavaNumber) and "E" in amount.text and self._run_rng.random() < 0.5:
                body[name] = JavaNumber.of(Decimal(amount.text), full=True)
        return rec

    def delete_reason(self) -> str | None:
        return self._run_rng.choice(DELETE_REASONS) if self._run_rng.random() < 0.7 else None

    def choose(self, population: list[str]) -> str:
        """A seeded pick for the churn (which record to update, delete or restore)."""
        return population[self._run_rng.randrange(len(population))]
