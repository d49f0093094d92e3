"""A throw-away PostgreSQL database for tests; skips when no server answers."""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from sqlalchemy import Connection, create_engine, text

PG_ADMIN_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"


@contextmanager
def fresh_pg_database(prefix: str) -> Iterator[str]:
    """Create an empty database named ``PREFIX_<random>``, yield its URL, drop it."""
    name = f"{prefix}_{secrets.token_hex(4)}"
    try:
        admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT",
                              connect_args={"connect_timeout": 3})
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    except Exception as exc:  # noqa: BLE001 - any failure means no server to test
        pytest.skip(f"PostgreSQL at 127.0.0.1:5432 unavailable: {type(exc).__name__}")
    try:
        yield f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}"
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def sequence_names(conn: Connection, schema: str) -> list[str]:
    """The id sequences of one PostgreSQL schema."""
    return list(conn.execute(
        text("SELECT sequence_name FROM information_schema.sequences "
             "WHERE sequence_schema = :schema"), {"schema": schema}).scalars())
