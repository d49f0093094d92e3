"""Store fixtures: ``db_url`` runs each store test on SQLite and on PostgreSQL.

PostgreSQL: one database ``wf_test_<random>`` per test session on the server at
127.0.0.1:5432 (trust auth), one fresh schema per test inside it (through the
connection's ``search_path``), all dropped at the end. The PostgreSQL cases skip
when the server cannot be reached.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from urllib.parse import quote

import pytest
from pgkit import fresh_pg_database, sequence_names
from sqlalchemy import create_engine, text
from sqlalchemy.engine import Engine
from wirefacts.store.db import Store, make_engine, upgrade
from wirefacts.store.tables import Base


@pytest.fixture(scope="session")
def pg_database() -> Iterator[str]:
    """A fresh PostgreSQL database for the session; its URL."""
    with fresh_pg_database("wf_test") as url:
        yield url


@pytest.fixture(
    params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]
)
def db_url(request: pytest.FixtureRequest, tmp_path) -> Iterator[str]:
    """An empty database: a SQLite file, or a fresh PostgreSQL schema."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'store.db'}"
        return
    base = request.getfixturevalue("pg_database")
    schema = f"t_{secrets.token_hex(4)}"
    engine = create_engine(base)
    with engine.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        yield f"{base}?options={quote(f'-csearch_path={schema}')}"
    finally:
        with engine.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        engine.dispose()


@pytest.fixture(scope="session")
def pg_loaded_schema(pg_database) -> Iterator[tuple[str, Engine]]:
    """One schema migrated to head for the session (emptied before each use)."""
    schema = "wf_store"
    engine = create_engine(pg_database)
    with engine.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    url = f"{pg_database}?options={quote(f'-csearch_path={schema}')}"
    upgrade(make_engine(url))
    try:
        yield url, engine
    finally:
        engine.dispose()


@pytest.fixture
def pg_store_url(pg_loaded_schema) -> str:
    """The session's PostgreSQL schema at head, emptied."""
    url, engine = pg_loaded_schema
    # DELETE + sequence restarts: much cheaper than TRUNCATE on tiny tables.
    with engine.begin() as conn:
        for table in reversed(Base.metadata.sorted_tables):
            conn.execute(text(f'DELETE FROM wf_store."{table.name}"'))
        for seq in sequence_names(conn, "wf_store"):
            conn.execute(text(f'ALTER SEQUENCE wf_store."{seq}" RESTART'))
    return url


@pytest.fixture(
    params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]
)
def store_url(request: pytest.FixtureRequest, tmp_path) -> str:
    """A database at the current schema with no rows (cheaper than ``db_url``)."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'store.db'}"
    return request.getfixturevalue("pg_store_url")


@pytest.fixture
def store(store_url, rules) -> Iterator[Store]:
    """An open, empty store on SQLite or PostgreSQL."""
    opened = Store.open(store_url, rules)
    try:
        yield opened
    finally:
        opened.close()
