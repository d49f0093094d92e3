"""The same inputs loaded into SQLite and PostgreSQL export the same tables
(surrogate ids and load times aside: both are equal here because the loads run in
the same order, so only timestamps are masked)."""

from __future__ import annotations

import io
import json

import pytest
from storekit import make_article, people_facts
from wirefacts.export import TABLES, write_table
from wirefacts.facts import FailedInput
from wirefacts.store.db import Store

TIME_COLUMNS = {"at", "ingested_at", "started_at", "finished_at"}


def load_and_export(url, rules, corpora):
    data = json.loads(
        (corpora / "reuters-2025-05" / "reuters_articles.json").read_text(
            encoding="utf-8"
        )
    )[:120]
    store = Store.open(url, rules)
    try:
        run = store.start_run("fp", "m", "ingest")
        batch = []
        for i, item in enumerate(data):
            text = item["content"]
            names = [(w, w) for w in ("Donald Trump", "Trump") if w in text][:1]
            facts = people_facts(text, names)
            batch.append(
                (
                    make_article(text, "r.json", record=str(i), published=item["date"]),
                    facts,
                )
            )
            if len(batch) == 25:
                store.load_batch(batch, run)
                batch = []
        store.load_batch(batch, run)
        store.record_failures([FailedInput("x.sgm", "no body", "3")], run)
        store.finish_run(run, {"new": 1})
        exported = {}
        for table in TABLES:
            out = io.StringIO()
            write_table(store, table, out, "jsonl")
            rows = [json.loads(x) for x in out.getvalue().splitlines()]
            exported[table] = [
                {k: v for k, v in r.items() if k not in TIME_COLUMNS} for r in rows
            ]
        return exported
    finally:
        store.close()


@pytest.mark.postgres
def test_parity_sqlite_and_postgresql_export_the_same(
    tmp_path, rules, corpora, pg_store_url
):
    lite = load_and_export(f"sqlite:///{tmp_path / 'p.db'}", rules, corpora)
    pg = load_and_export(pg_store_url, rules, corpora)
    assert lite["articles"] and lite["people"]
    assert sum(r["duplicate_of"] is not None for r in lite["articles"]) >= 3
    for table in TABLES:
        assert lite[table] == pg[table], table
