"""The tables and SQL of the embedded broker.

A ``Store`` wraps one SQLite connection *inside a transaction that the caller opened*
(``BEGIN IMMEDIATE`` in ``EmbeddedBroker``): it never commits, so each broker operation
is one atomic step, and it may cache exchanges, bindings and queue arguments for the
length of that transaction.

A message row is one copy in one queue.  It is *ready* while ``holder`` is NULL and
*unacknowledged* while a consumer holds it: ``holder`` names the broker object,
``lock_token`` the fetch that took it, ``lease_until`` when it falls back to ready unless
renewed.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from queues._headers import dumps_headers, loads_headers, utc_now_s
from queues.routing import route
from queues.topology import BindingSpec, ExchangeSpec, QueueSpec

__all__ = ["SCHEMA_VERSION", "Held", "NewMessage", "Store", "StoredMessage", "create_schema", "with_death"]

SCHEMA_VERSION = 1

_SCHEMA = """
CREATE TABLE IF NOT EXISTS exchanges (
    name TEXT PRIMARY KEY,
    type TEXT NOT NULL,
    durable INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS queues (
    name TEXT PRIMARY KEY,
    arguments TEXT NOT NULL,
    durable INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS bindings (
    exchange TEXT NOT NULL,
    queue TEXT NOT NULL,
    routing_key TEXT NOT NULL,
    PRIMARY KEY (exchange, queue, routing_key)
);
CREATE TABLE IF NOT EXISTS messages (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    queue TEXT NOT NULL,
    exchange TEXT NOT NULL,
    routing_key TEXT NOT NULL,
    message_id TEXT NOT NULL,
    headers TEXT NOT NULL,
    content_type TEXT NOT NULL,
    body BLOB NOT NULL,
    expires_at REAL,
    redelivered INTEGER NOT NULL DEFAULT 0,
    holder TEXT,
    lock_token INTEGER,
    lease_until REAL
);
CREATE INDEX IF NOT EXISTS messages_ready ON messages (queue, seq) WHERE holder IS NULL;
CREATE INDEX IF NOT EXISTS messages_expiry ON messages (expires_at)
    WHERE expires_at IS NOT NULL AND holder IS NULL;
CREATE INDEX IF NOT EXISTS messages_leases ON messages (lease_until) WHERE holder IS NOT NULL;
CREATE INDEX IF NOT EXISTS messages_holder ON messages (holder) WHERE holder IS NOT NULL;
"""

_COLUMNS = "seq, queue, exchange, routing_key, message_id, headers, content_type, body, redelivered"
_READY = "holder IS NULL AND (expires_at IS NULL OR expires_at > ?)"
# How many expired messages one sweep moves; the rest wait for the next fetch, which keeps
# every write transaction short when a delay tier releases a large backlog at once.
_SWEEP_BATCH = 1000


def create_schema(conn: sqlite3.Connection) -> None:
    """Create the tables (idempotent); call inside a write transaction."""
    for statement in _SCHEMA.split(";"):
        if statement.strip():
            conn.execute(statement)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")


@dataclass(frozen=True)
class Held:
    """The delivery handle of the embedded broker (``Delivery.tag``)."""

    seq: int
    lock_token: int


@dataclass(frozen=True)
class StoredMessage:
    seq: int
    queue: str
    exchange: str
    routing_key: str
    message_id: str
    headers: dict[str, Any]
    content_type: str
    body: bytes
    redelivered: bool


@dataclass(frozen=True)
class NewMessage:
    exchange: str
    routing_key: str
    message_id: str
    headers_json: str
    content_type: str
    body: bytes


def with_death(headers: Mapping[str, Any], *, queue: str, reason: str, exchange: str, routing_key: str) -> dict[str, Any]:
    """Headers after a dead-lettering, with ``x-death`` kept the way RabbitMQ keeps it.

    One entry per (queue, reason), most recent first, with a ``count``; the
    ``x-first-death-*`` headers are set once; ``time`` is that of the latest death.
    """
    deaths = [dict(d) for d in headers.get("x-death") or [] if isinstance(d, dict)]
    for i, death in enumerate(deaths):
        if death.get("queue") == queue and death.get("reason") == reason:
            death["count"] = int(death.get("count", 1)) + 1
            deaths.insert(0, deaths.pop(i))
            break
    else:
        deaths.insert(0, {"count": 1, "reason": reason, "queue": queue, "exchange": exchange,
                          "routing-keys": [routing_key]})
    deaths[0]["time"] = utc_now_s()
    out = {**headers, "x-death": deaths}
    out.setdefault("x-first-death-reason", reason)
    out.setdefault("x-first-death-queue", queue)
    out.setdefault("x-first-death-exchange", exchange)
    return out


class Store:
    """SQL for one transaction; see the module docstring."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self._queue_args: dict[str, dict[str, Any]] | None = None
        self._bindings: dict[str, list[tuple[str, str]]] = {}
        self._exchange_types: dict[str, str | None] = {"": "direct"}

    # --- topology -------------------------------------------------------------------

    def exchange_type(self, name: str) -> str | None:
        """The type of exchange ``name``, ``None`` if it does not exist (``""`` is direct)."""
        if name not in self._exchange_types:
            row = self.conn.execute("SELECT type FROM exchanges WHERE name = ?", (name,)).fetchone()
            self._exchange_types[name] = None if row is None else str(row[0])
        return self._exchange_types[name]

    def queue_arguments(self, name: str) -> dict[str, Any] | None:
        if self._queue_args is None:
            rows = self.conn.execute("SELECT name, arguments FROM queues").fetchall()
            self._queue_args = {str(n): json.loads(a) for n, a in rows}
        return self._queue_args.get(name)

    def existing_exchange(self, name: str) -> tuple[str, bool] | None:
        row = self.conn.execute("SELECT type, durable FROM exchanges WHERE name = ?", (name,)).fetchone()
        return None if row is None else (str(row[0]), bool(row[1]))

    def existing_queue(self, name: str) -> tuple[dict[str, Any], bool] | None:
        row = self.conn.execute("SELECT arguments, durable FROM queues WHERE name = ?", (name,)).fetchone()
        return None if row is None else (json.loads(row[0]), bool(row[1]))

    def add_exchange(self, spec: ExchangeSpec) -> None:
        self.conn.execute("INSERT INTO exchanges (name, type, durable) VALUES (?, ?, ?)",
                          (spec.name, spec.type, int(spec.durable)))
        self._exchange_types[spec.name] = spec.type

    def add_queue(self, spec: QueueSpec) -> None:
        self.conn.execute("INSERT INTO queues (name, arguments, durable) VALUES (?, ?, ?)",
                          (spec.name, json.dumps(dict(spec.arguments), sort_keys=True), int(spec.durable)))
        self._queue_args = None

    def add_binding(self, spec: BindingSpec) -> None:
        self.conn.execute("INSERT OR IGNORE INTO bindings (exchange, queue, routing_key) VALUES (?, ?, ?)",
                          (spec.exchange, spec.queue, spec.routing_key))
        self._bindings.pop(spec.exchange, None)

    def route(self, exchange: str, routing_key: str) -> list[str]:
        """The queues a message published to ``exchange`` with ``routing_key`` goes to."""
        if exchange == "":
            # The default exchange: every queue is bound by its own name, and nothing else.
            return [routing_key] if self.queue_arguments(routing_key) is not None else []
        exchange_type = self.exchange_type(exchange)
        if exchange_type is None:
            return []
        if exchange not in self._bindings:
            rows = self.conn.execute("SELECT queue, routing_key FROM bindings WHERE exchange = ?", (exchange,))
            self._bindings[exchange] = [(str(q), str(k)) for q, k in rows]
        return sorted(route(exchange_type, self._bindings[exchange], routing_key))

    # --- messages -------------------------------------------------------------------

    def enqueue(self, copies: Iterable[tuple[str, NewMessage]], now: float) -> None:
        """Store one copy of each message in each of its queues (``(queue, message)`` pairs)."""
        rows = []
        for queue, m in copies:
            ttl_ms = (self.queue_arguments(queue) or {}).get("x-message-ttl")
            expires_at = None if ttl_ms is None else now + int(ttl_ms) / 1000.0
            rows.append((queue, m.exchange, m.routing_key, m.message_id, m.headers_json, m.content_type,
                         m.body, expires_at))
        self.conn.executemany(
            "INSERT INTO messages (queue, exchange, routing_key, message_id, headers, content_type, body, expires_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            rows,
        )

    def has_work(self, queue: str, now: float) -> bool:
        """Cheap read: is there anything a fetch of ``queue`` would take or sweep?"""
        row = self.conn.execute(
            f"SELECT EXISTS (SELECT 1 FROM messages WHERE queue = ? AND {_READY})"
            " OR EXISTS (SELECT 1 FROM messages WHERE holder IS NOT NULL AND lease_until < ?)"
            " OR EXISTS (SELECT 1 FROM messages WHERE holder IS NULL AND expires_at <= ?)",
            (queue, now, now, now),
        ).fetchone()
        return bool(row[0])

    def sweep(self, now: float) -> None:
        """Return messages whose lease lapsed, and dead-letter (or drop) expired ones."""
        self.conn.execute(
            "UPDATE messages SET holder = NULL, lock_token = NULL, lease_until = NULL, redelivered = 1"
            " WHERE holder IS NOT NULL AND lease_until < ?",
            (now,),
        )
        expired = self._messages(
            # Oldest expiry first, as each RabbitMQ queue expires from its head; ordering
            # by the indexed column keeps this a range search, not a table scan.
            f"SELECT {_COLUMNS} FROM messages WHERE holder IS NULL AND expires_at <= ? ORDER BY expires_at, seq LIMIT ?",
            (now, _SWEEP_BATCH),
        )
        if expired:
            self.dead_letter(expired, "expired", now)

    def claim(self, queue: str, max_messages: int, *, holder: str, lock_token: int, lease_until: float,
              now: float) -> list[StoredMessage]:
        """Take the oldest ready messages of ``queue`` for ``holder``."""
        taken = self._messages(
            f"SELECT {_COLUMNS} FROM messages WHERE queue = ? AND {_READY} ORDER BY seq LIMIT ?",
            (queue, now, max_messages),
        )
        self.conn.executemany(
            "UPDATE messages SET holder = ?, lock_token = ?, lease_until = ? WHERE seq = ?",
            [(holder, lock_token, lease_until, m.seq) for m in taken],
        )
        return taken

    def held(self, holder: str, tags: Sequence[Held]) -> list[StoredMessage]:
        """Those of ``tags`` that ``holder`` still holds (the others are stale)."""
        found: list[StoredMessage] = []
        for chunk in _chunks(tags, 400):
            tokens = {t.seq: t.lock_token for t in chunk}
            rows = self._messages(
                f"SELECT {_COLUMNS}, lock_token FROM messages WHERE holder = ? AND seq IN ({_marks(len(tokens))})",
                (holder, *tokens),
                with_token=tokens,
            )
            found.extend(rows)
        return found

    def delete(self, seqs: Iterable[int]) -> None:
        self.conn.executemany("DELETE FROM messages WHERE seq = ?", [(s,) for s in seqs])

    def release(self, seqs: Iterable[int]) -> None:
        """Back to ready, flagged redelivered (nack with requeue)."""
        self.conn.executemany(
            "UPDATE messages SET holder = NULL, lock_token = NULL, lease_until = NULL, redelivered = 1 WHERE seq = ?",
            [(s,) for s in seqs],
        )

    def release_holder(self, holder: str) -> int:
        """Everything ``holder`` holds back to ready, flagged redelivered."""
        cur = self.conn.execute(
            "UPDATE messages SET holder = NULL, lock_token = NULL, lease_until = NULL, redelivered = 1"
            " WHERE holder = ?",
            (holder,),
        )
        return cur.rowcount

    def holders(self) -> list[str]:
        return [str(r[0]) for r in self.conn.execute("SELECT DISTINCT holder FROM messages WHERE holder IS NOT NULL")]

    def renew(self, holder: str, lease_until: float) -> None:
        self.conn.execute("UPDATE messages SET lease_until = ? WHERE holder = ?", (lease_until, holder))

    def dead_letter(self, messages: Sequence[StoredMessage], reason: str, now: float) -> None:
        """Remove ``messages``; republish each to its queue's dead-letter exchange, if any.

        As in RabbitMQ: the routing key is ``x-dead-letter-routing-key`` or else the
        message's own; a dead-letter exchange that is missing or routes nowhere drops it.
        """
        copies: list[tuple[str, NewMessage]] = []
        for m in messages:
            args = self.queue_arguments(m.queue) or {}
            dlx = args.get("x-dead-letter-exchange")
            if dlx is None:
                continue
            key = str(args.get("x-dead-letter-routing-key", m.routing_key))
            headers = with_death(m.headers, queue=m.queue, reason=reason, exchange=m.exchange,
                                 routing_key=m.routing_key)
            copy = NewMessage(str(dlx), key, m.message_id, dumps_headers(headers),
                              m.content_type, m.body)
            copies.extend((q, copy) for q in self.route(str(dlx), key))
        self.delete(m.seq for m in messages)
        self.enqueue(copies, now)

    def ready_count(self, queue: str, now: float) -> int:
        row = self.conn.execute(f"SELECT COUNT(*) FROM messages WHERE queue = ? AND {_READY}", (queue, now)).fetchone()
        return int(row[0])

    def drop(self, queues: Sequence[str], exchanges: Sequence[str]) -> None:
        """Delete queues (their messages and bindings) and exchanges (their bindings)."""
        for q in queues:
            self.conn.execute("DELETE FROM messages WHERE queue = ?", (q,))
            self.conn.execute("DELETE FROM bindings WHERE queue = ?", (q,))
            self.conn.execute("DELETE FROM queues WHERE name = ?", (q,))
        for e in exchanges:
            self.conn.execute("DELETE FROM bindings WHERE exchange = ?", (e,))
            self.conn.execute("DELETE FROM exchanges WHERE name = ?", (e,))

    def purge(self, queue: str) -> int:
        return self.conn.execute("DELETE FROM messages WHERE queue = ? AND holder IS NULL", (queue,)).rowcount

    def _messages(self, sql: str, params: Sequence[Any], *,
                  with_token: Mapping[int, int] | None = None) -> list[StoredMessage]:
        out = []
        for row in self.conn.execute(sql, params):
            if with_token is not None and with_token.get(row[0]) != row[9]:
                continue  # same message, but taken again by a later fetch: this handle is stale
            out.append(StoredMessage(int(row[0]), row[1], row[2], row[3], row[4], loads_headers(row[5]), row[6],
                                     bytes(row[7]), bool(row[8])))
        return out


def _marks(n: int) -> str:
    return ", ".join("?" * n)


def _chunks(items: Sequence[Held], size: int) -> Iterable[Sequence[Held]]:
    for i in range(0, len(items), size):
        yield items[i:i + size]
