"""Shared helpers of the journal mixins."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any, Iterator

from contextlib import contextmanager
from sqlalchemy import Connection, Engine, insert
from sqlalchemy.exc import OperationalError, SQLAlchemyError

from replay import codec
from replay.db import insert_ignore
from replay.models import Hop
from santong.errors import TransientError

__all__ = ["StoreBase", "utcnow"]


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


class StoreBase:
    engine: Engine

    @contextmanager
    def tx(self) -> Iterator[Connection]:
        """One transaction; database failures become ``TransientError`` (the caller retries)."""
        try:
            with self.engine.begin() as conn:
                yield conn
        except OperationalError as exc:
            raise TransientError(f"journal unavailable: {exc.orig}") from exc
        except SQLAlchemyError as exc:
            raise TransientError(f"journal error: {exc.__class__.__name__}: {exc}") from exc

    def _insert_ignore(self, table: Any, index_elements: list[str]) -> Any:
        return insert_ignore(self.engine, table, index_elements=index_elements)

    @staticmethod
    def _hops(conn: Connection, rows: list[dict[str, Any]]) -> None:
        """Append hop events: dicts with msg_id, stage, event and optional detail."""
        if not rows:
            return
        now = utcnow()
        conn.execute(
            insert(Hop),
            [
                {
                    "msg_id": r["msg_id"],
                    "stage": r["stage"],
                    "event": r["event"],
                    "at": now,
                    "detail": codec.dumps(r.get("detail", {})),
                }
                for r in rows
            ],
        )
