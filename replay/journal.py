"""The journal: the hub's memory of every message at every hop.

    journal = Journal.open("sqlite:///home/journal.sqlite")   # or postgresql+psycopg://…
    rows = journal.ingest_page("sthj", page.records)            # new, not yet published
    ...publish with confirms...
    journal.mark_published("sthj", [r.msg_id for r in rows], page.next_cursor)

Every write is one transaction.  The stages ack a broker message only after the journal
call that records its effect has returned.  The methods are grouped by stage in the
mixins of ``replay.ingest_store``, ``replay.normalize_store``, ``replay.deliver_store``
and ``replay.queries``.
"""

from __future__ import annotations

from sqlalchemy import Engine

from replay.db import make_engine, upgrade
from replay.deliver_store import DeliverStore
from replay.ingest_store import IngestStore
from replay.normalize_store import NormalizeStore
from replay.queries import Queries
from replay.selection import SelectionStore

__all__ = ["Journal"]


class Journal(IngestStore, NormalizeStore, DeliverStore, Queries, SelectionStore):
    """One journal database; safe to share between the threads of one process."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    @classmethod
    def open(cls, url: str, *, migrate: bool = True) -> "Journal":
        engine = make_engine(url)
        if migrate:
            upgrade(engine)
        return cls(engine)

    def close(self) -> None:
        self.engine.dispose()
