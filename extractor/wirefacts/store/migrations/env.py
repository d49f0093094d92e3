"""Alembic environment of the wirefacts store (stage 4 schema migrations).

Run programmatically by ``wirefacts.store.db`` with the caller's connection in
``config.attributes["connection"]``; from the command line
(``alembic -c extractor/wirefacts/store/alembic.ini upgrade head -x db=URL``) it
builds its own engine from ``-x db=URL`` or ``sqlalchemy.url``. ``render_as_batch``
lets ALTERs run on SQLite (table copy-and-move).
"""

from __future__ import annotations

from typing import Any

from alembic import context
from sqlalchemy import create_engine
from sqlalchemy.engine import Connection
from wirefacts.store.tables import Base

config = context.config
target_metadata = Base.metadata


def _url() -> str:
    url = context.get_x_argument(as_dictionary=True).get("db")
    return url or config.get_main_option("sqlalchemy.url") or "sqlite:///wirefacts.db"


def _configure(**kwargs: Any) -> None:
    context.configure(
        target_metadata=target_metadata,
        render_as_batch=True,
        compare_type=True,
        **kwargs,
    )


def run_migrations_offline() -> None:
    """Emit SQL to standard output instead of running it."""
    _configure(url=_url(), literal_binds=True, dialect_opts={"paramstyle": "named"})
    with context.begin_transaction():
        context.run_migrations()


def _run_on(connection: Connection) -> None:
    _configure(connection=connection)
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    """Migrate through the shared connection, or one made from the URL."""
    connection = config.attributes.get("connection")
    if connection is not None:
        _run_on(connection)
        return
    engine = create_engine(_url())
    try:
        with engine.begin() as conn:
            _run_on(conn)
    finally:
        engine.dispose()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
