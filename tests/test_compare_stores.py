"""benchmarks/compare_stores.py: the same inputs ingested into SQLite and
PostgreSQL compare identical modulo surrogate ids; one altered fact is reported
as exactly that difference."""

from __future__ import annotations

import pytest
from benchkit import load_benchmark
from ingestkit import SAMPLES
from pgkit import fresh_pg_database, sequence_names
from sqlalchemy import create_engine, text
from wirefacts.batch import ingest
from wirefacts.config import Settings


def load_compare_module():
    return load_benchmark("compare_stores")


def shift_ids(url: str) -> None:
    """Start every id sequence of a migrated PostgreSQL store at 1000, so its
    surrogate ids differ from a SQLite store loaded with the same files."""
    engine = create_engine(url)
    with engine.begin() as conn:
        for name in sequence_names(conn, "public"):
            conn.execute(text(f"SELECT setval('\"{name}\"', 1000)"))
    engine.dispose()


def execute(url: str, sql: str) -> int:
    """Run one statement; the number of rows it changed (or its scalar)."""
    engine = create_engine(url)
    with engine.begin() as conn:
        result = conn.execute(text(sql))
        value = result.scalar_one() if result.returns_rows else result.rowcount
    engine.dispose()
    return value


@pytest.mark.slow
@pytest.mark.postgres
def test_compare_stores_finds_sqlite_and_postgresql_identical_then_one_change(
    tmp_path, rules, capsys
):
    compare = load_compare_module()
    sqlite_url = f"sqlite:///{tmp_path / 'a.db'}"
    with fresh_pg_database("wf_compare") as pg_url:
        from wirefacts.store.db import Store

        Store.open(pg_url, rules).close()  # the schema, so ids can be shifted
        shift_ids(pg_url)
        for url in (sqlite_url, pg_url):
            summary = ingest([SAMPLES], Settings(db_url=url, workers=1))
            assert summary.failed == 0
        assert execute(pg_url, "SELECT min(id) FROM articles") > 1000
        assert execute(sqlite_url, "SELECT min(id) FROM articles") == 1

        diffs = compare.compare_stores(sqlite_url, pg_url)
        assert [d.table for d in diffs] == list(compare.TABLES)
        assert all(d.identical for d in diffs), [d.table for d in diffs]
        counts = {d.table: d.rows_a for d in diffs}
        assert counts["articles"] > 5 and counts["mentions"] > 20 and counts["dates"]
        assert compare.main([sqlite_url, pg_url]) == 0
        assert capsys.readouterr().out.splitlines()[-1] == "identical"

        # one date value changed in the PostgreSQL store
        changed = execute(
            pg_url,
            "UPDATE dates SET value = '1999-12-31' "
            "WHERE id = (SELECT min(id) FROM dates WHERE value IS NOT NULL)",
        )
        assert changed == 1
        diffs = {d.table: d for d in compare.compare_stores(sqlite_url, pg_url)}
        assert [t for t, d in diffs.items() if not d.identical] == ["dates"]
        [before], [after] = diffs["dates"].only_a, diffs["dates"].only_b
        assert after["value"] == "1999-12-31" != before["value"]
        assert {k: v for k, v in before.items() if k != "value"} == {
            k: v for k, v in after.items() if k != "value"
        }
        assert compare.main([sqlite_url, pg_url, "--tables", "dates,money"]) == 1
        out = capsys.readouterr().out
        assert "dates: A" in out and "only in A 1, only in B 1: DIFFERENT" in out
        assert '-> "1999-12-31"' in out
        assert out.splitlines()[-1] == "different: dates"

        # a mention moved to another article is caught through the article key
        moved = execute(
            pg_url,
            "UPDATE mentions SET article_id = (SELECT max(id) FROM articles "
            "WHERE duplicate_kind IS NULL) WHERE id = (SELECT min(id) FROM mentions)",
        )
        assert moved == 1
        [mentions] = compare.compare_stores(sqlite_url, pg_url, ["mentions"])
        [before], [after] = mentions.only_a, mentions.only_b
        assert before["article_id"] != after["article_id"]
        assert {k: v for k, v in before.items() if k != "article_id"} == {
            k: v for k, v in after.items() if k != "article_id"
        }
