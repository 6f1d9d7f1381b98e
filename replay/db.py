"""Engine creation and migrations: SQLite (WAL) by default, PostgreSQL by URL."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, insert
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import SQLAlchemyError

from santong.errors import ConfigError, TransientError

__all__ = ["make_engine", "upgrade", "insert_ignore", "MIGRATIONS"]

MIGRATIONS = Path(__file__).with_name("migrations")


def make_engine(url: str) -> Engine:
    """An engine for ``url``: ``sqlite:///path`` (WAL, busy timeout) or ``postgresql+psycopg://…``."""
    if url.startswith("sqlite"):
        engine = create_engine(
            url,
            connect_args={"check_same_thread": False, "timeout": 60},
            pool_size=8,
            max_overflow=8,
        )

        @event.listens_for(engine, "connect")
        def _pragmas(dbapi_conn: Any, _record: Any) -> None:
            # Let SQLAlchemy's BEGIN below decide transactions, not the driver.
            dbapi_conn.isolation_level = None
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA synchronous=NORMAL")
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute("PRAGMA busy_timeout=60000")
            cur.close()

        @event.listens_for(engine, "begin")
        def _begin(conn: Any) -> None:
            # IMMEDIATE takes the write lock up front: two writers never deadlock on upgrade.
            conn.exec_driver_sql("BEGIN IMMEDIATE")

        return engine
    if url.startswith("postgresql"):
        return create_engine(url, pool_size=8, max_overflow=8, pool_pre_ping=True)
    raise ConfigError(f"journal URL must start with sqlite:// or postgresql+psycopg://, got {url!r}", key="journal.url")


def upgrade(engine: Engine) -> None:
    """Bring the schema to the newest migration (Alembic, run in process)."""
    from alembic import command
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    try:
        with engine.connect() as conn:
            if engine.dialect.name == "postgresql":
                # Workers starting together on a fresh database migrate one at a time.
                conn.exec_driver_sql("SELECT pg_advisory_lock(7426130321081)")
                conn.commit()
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "head")
            conn.commit()
            if engine.dialect.name == "postgresql":
                conn.exec_driver_sql("SELECT pg_advisory_unlock(7426130321081)")
                conn.commit()
    except SQLAlchemyError as exc:
        raise TransientError(f"journal migration failed: {exc.__class__.__name__}: {exc}") from exc


def insert_ignore(engine: Engine, table: Any, *, index_elements: list[str]) -> Any:
    """``INSERT … ON CONFLICT DO NOTHING`` for the engine's dialect."""
    name = engine.dialect.name
    if name == "sqlite":
        return sqlite.insert(table).on_conflict_do_nothing(index_elements=index_elements)
    if name == "postgresql":
        return postgresql.insert(table).on_conflict_do_nothing(index_elements=index_elements)
    return insert(table)
