"""The subject registry kept in the journal: what every source's records said, per subject.

Implements ``mappings.registry_port.SubjectRegistry``; every hub process and worker sees the
same registry because it is the journal's table ``registry_entries``.  A record quarantined
because the registry lacked a value is released by a later replay once it knows it.
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from sqlalchemy import select, update

from replay import codec
from replay.models import RegistryEntry
from replay.store import StoreBase, utcnow

__all__ = ["JournalRegistry"]


class JournalRegistry:
    def __init__(self, store: StoreBase) -> None:
        self.store = store

    def lookup(self, kind: str, key: str) -> dict[str, Any] | None:
        with self.store.tx() as conn:
            text = conn.execute(
                select(RegistryEntry.values).where(RegistryEntry.kind == kind, RegistryEntry.key == key)
            ).scalar()
        return None if text is None else dict(json.loads(text, parse_float=Decimal))

    def remember(self, kind: str, key: str, values: dict[str, Any]) -> None:
        now = utcnow()
        with self.store.tx() as conn:
            text = conn.execute(
                select(RegistryEntry.values).where(RegistryEntry.kind == kind, RegistryEntry.key == key)
                .with_for_update()
            ).scalar()
            if text is None:
                conn.execute(self.store._insert_ignore(RegistryEntry.__table__, ["kind", "key"]),
                             {"kind": kind, "key": key, "values": codec.dumps(values), "updated_at": now})
                return
            merged = {**json.loads(text, parse_float=Decimal), **values}
            conn.execute(update(RegistryEntry).where(RegistryEntry.kind == kind, RegistryEntry.key == key)
                         .values(values=codec.dumps(merged), updated_at=now))
