"""Schema migrations: empty -> head, no drift between models and revisions, data
kept from the first revision to the latest, clear errors for unreachable stores."""

from __future__ import annotations

import pytest
from alembic.script import ScriptDirectory
from sqlalchemy import inspect, text
from wirefacts.errors import StoreError
from wirefacts.store.db import (
    Store,
    alembic_config,
    current_revision,
    head_revision,
    make_engine,
    schema_drift,
    upgrade,
)
from wirefacts.store.tables import Base


@pytest.mark.parametrize("url_kind", ["file"])
def test_migrations_upgrade_empty_sqlite_to_head(tmp_path, url_kind):
    engine = make_engine(f"sqlite:///{tmp_path / 'empty.db'}")
    upgrade(engine)
    with engine.connect() as conn:
        assert current_revision(conn) == head_revision()
        tables = set(inspect(conn).get_table_names())
        pragmas = {
            "foreign_keys": conn.exec_driver_sql("PRAGMA foreign_keys").scalar(),
            "journal_mode": conn.exec_driver_sql("PRAGMA journal_mode").scalar(),
        }
    engine.dispose()
    assert set(Base.metadata.tables) <= tables
    assert pragmas == {"foreign_keys": 1, "journal_mode": "wal"}


def test_migrations_models_match_revisions(db_url):
    assert schema_drift(db_url) == []


def test_migrations_first_to_latest_keeps_data(db_url):
    script = ScriptDirectory.from_config(alembic_config())
    first = list(script.walk_revisions())[-1].revision
    engine = make_engine(db_url)
    upgrade(engine, first)
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO articles (source_path, record, sources, text, "
                "raw_text, offset_map, content_hash, ingest_key, ingested_at) "
                "VALUES ('old.txt', '', '[]', 'Old text.', 'Old text.', "
                "'[[0, 0]]', 'h', 'k', CURRENT_TIMESTAMP)"
            )
        )
    upgrade(engine)
    with engine.connect() as conn:
        assert current_revision(conn) == head_revision()
        kept = conn.execute(text("SELECT source_path, text FROM articles")).all()
    engine.dispose()
    assert [tuple(r) for r in kept] == [("old.txt", "Old text.")]


def test_migrations_store_open_is_idempotent(db_url, rules):
    for _ in range(2):
        Store.open(db_url, rules).close()


@pytest.mark.parametrize(
    "url",
    [
        "postgresql+psycopg://postgres:s3cr3t-pw@127.0.0.1:1/nowhere",
        "sqlite:////nonexistent-folder/sub/wf.db",
        "not a url",
        "nosuchdialect://x/y",
    ],
)
def test_migrations_unreachable_store_raises_store_error(url, rules):
    with pytest.raises(StoreError) as caught:
        Store.open(url, rules)
    message = str(caught.value)
    assert "s3cr3t-pw" not in message
    assert message


@pytest.mark.parametrize("argv,code", [(["check"], 0), (["bogus"], 2)])
def test_migrations_maintenance_command(argv, code):
    from wirefacts.store.__main__ import main

    assert main(argv) == code
