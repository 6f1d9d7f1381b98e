"""Shared fixtures.  RabbitMQ and PostgreSQL must be reachable: a missing service FAILS the
tests that need it (scripts/services.sh starts or installs them); nothing is skipped."""

from __future__ import annotations

import os
import socket
import uuid
from pathlib import Path
from typing import Iterator

import pytest

RABBITMQ_URL = os.environ.get("SANTONG_TEST_AMQP", "amqp://guest:guest@127.0.0.1:5672/%2F")
PG_ADMIN_URL = os.environ.get("SANTONG_TEST_PG", "postgresql://postgres:postgres@127.0.0.1:5432/postgres")
OUTPUT = Path(__file__).resolve().parent.parent / "test-output"


def _reachable(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=2):
            return True
    except OSError:
        return False


@pytest.fixture(scope="session")
def rabbitmq_url() -> str:
    if not _reachable(5672):
        pytest.fail("RabbitMQ is not reachable at 127.0.0.1:5672 (run scripts/services.sh)")
    return RABBITMQ_URL


@pytest.fixture()
def pg_url() -> Iterator[str]:
    """A fresh, empty PostgreSQL database for one test, dropped afterwards."""
    if not _reachable(5432):
        pytest.fail("PostgreSQL is not reachable at 127.0.0.1:5432 (run scripts/services.sh)")
    import psycopg

    name = f"santong_test_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    base = PG_ADMIN_URL.rsplit("/", 1)[0].replace("postgresql://", "postgresql+psycopg://", 1)
    try:
        yield f"{base}/{name}"
    finally:
        with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture()
def output_dir() -> Path:
    OUTPUT.mkdir(exist_ok=True)
    return OUTPUT
