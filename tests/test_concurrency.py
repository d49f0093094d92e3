"""Concurrent writers: two ingests of overlapping folders at the same moment.

PostgreSQL (a fresh database on 127.0.0.1:5432; skips without a server): both
runs succeed and the store has no duplicate articles, people or organisations
and equals a single sequential run's. SQLite: the second writer waits for the
lock or fails with a clear "database is locked" explanation (rerun completes
it), and the file stays intact (``-m long``: a lock held past the 30 s wait).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from pgkit import fresh_pg_database
from robustkit import count_queries, reuters_folder, snapshot, start_ingest
from wirefacts.config import default_rules_dir
from wirefacts.errors import StoreError
from wirefacts.extract.rules import RuleSet
from wirefacts.facts import FailedInput
from wirefacts.store.db import Store


@pytest.fixture
def fresh_pg_url() -> Iterator[str]:
    """A brand-new PostgreSQL database (schema not yet created) for one test."""
    with fresh_pg_database("wf_conc") as url:
        yield url


@pytest.fixture(scope="module")
def overlapping(corpora: Path, tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    """Two folders sharing half their files (the same paths, read twice)."""
    root = tmp_path_factory.mktemp("concurrent")
    parts = sorted(reuters_folder(corpora, root / "all", files=4, per_file=8)
                   .glob("part-*.sgm"))
    return parts[:3], parts[1:]


def run_both(first: list[Path], second: list[Path], db_url: str) -> None:
    """Start two ingests together; both must end normally (0) and cleanly."""
    procs = [start_ingest(first, db_url), start_ingest(second, db_url)]
    for proc in procs:
        out, err = proc.communicate(timeout=900)
        assert proc.returncode == 0, err
        assert "Traceback" not in err


def duplicate_counts(db_url: str) -> dict[str, int]:
    """Rows that repeat an article input, an original text, a person or an org."""
    queries = {
        "articles": "SELECT count(*) - count(DISTINCT source_path || '#' || "
        "coalesce(record, '')) FROM articles",
        "originals": "SELECT count(*) - count(DISTINCT content_hash) FROM articles "
        "WHERE duplicate_of IS NULL",
        "people": "SELECT count(*) - count(DISTINCT name) FROM people",
        "organizations": "SELECT count(*) - count(DISTINCT name) FROM organizations",
    }
    return count_queries(db_url, queries)


@pytest.mark.slow
@pytest.mark.postgres
def test_two_concurrent_ingests_into_postgres_make_no_duplicates(
    overlapping, fresh_pg_url: str, tmp_path: Path
) -> None:
    first, second = overlapping
    run_both(first, second, fresh_pg_url)
    assert duplicate_counts(fresh_pg_url) == dict.fromkeys(
        ("articles", "originals", "people", "organizations"), 0
    )
    got = snapshot(fresh_pg_url)
    assert len(got["articles"]) == 32
    # One sequential run over the union gives the same articles and facts.
    alone = f"sqlite:///{tmp_path / 'alone.db'}"
    proc = start_ingest(sorted(set(first) | set(second)), alone)
    proc.communicate(timeout=900)
    expected = snapshot(alone)
    for table in ("mentions", "money", "dates", "quotes", "tariffs", "roles"):
        assert len(got[table]) == len(expected[table]), table


@pytest.mark.slow
def test_two_concurrent_ingests_into_sqlite_wait_or_fail_clearly(
    overlapping, tmp_path: Path
) -> None:
    first, second = overlapping
    db_url = f"sqlite:///{tmp_path / 'shared.db'}"
    procs = [start_ingest(first, db_url), start_ingest(second, db_url)]
    for paths, proc in zip((first, second), procs, strict=True):
        _, err = proc.communicate(timeout=900)
        assert "Traceback" not in err
        if proc.returncode != 0:  # lost the write lock: told why, nothing half-done
            assert "database is locked (another process is writing" in err, err
            rerun = start_ingest(paths, db_url)
            assert rerun.wait(timeout=900) == 0
    assert duplicate_counts(db_url) == dict.fromkeys(
        ("articles", "originals", "people", "organizations"), 0
    )
    with sqlite3.connect(tmp_path / "shared.db") as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert conn.execute("SELECT count(*) FROM articles").fetchone() == (32,)


@pytest.mark.long
def test_sqlite_lock_held_too_long_is_explained(tmp_path: Path) -> None:
    db_path = tmp_path / "locked.db"
    store = Store.open(f"sqlite:///{db_path}", RuleSet(default_rules_dir()))
    holder = sqlite3.connect(db_path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # another writer holds the lock
    try:
        with pytest.raises(StoreError) as caught:
            store.record_failures([FailedInput("a.txt", "binary file")])
    finally:
        holder.execute("ROLLBACK")
        holder.close()
        store.close()
    message = str(caught.value)
    assert "database is locked (another process is writing" in message
