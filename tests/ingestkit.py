"""Test helpers for whole-store comparisons (batch and Dask ingest tests)."""

from __future__ import annotations

import io
import json
from pathlib import Path

from wirefacts.config import default_rules_dir
from wirefacts.export import TABLES, write_table
from wirefacts.extract.rules import RuleSet
from wirefacts.store.db import Store

SAMPLES = Path(__file__).resolve().parents[1] / "data" / "samples"
# Columns that legitimately differ between two runs over the same files (the
# extraction key too: other code may be edited between two runs of a test).
VOLATILE = {"ingested_at", "at", "started_at", "finished_at", "run_id", "error_id",
            "extraction_key", "fingerprint"}


def store_tables(db_url: str) -> dict[str, list[dict[str, object]]]:
    """Every export table of a store, without run ids and timestamps."""
    store = Store.open(db_url, RuleSet(default_rules_dir()))
    try:
        tables = {}
        for table in TABLES:
            out = io.StringIO()
            write_table(store, table, out, "jsonl")
            rows = [{k: v for k, v in json.loads(line).items() if k not in VOLATILE}
                    for line in out.getvalue().splitlines()]
            if table == "errors":  # recorded when seen, which depends on timing
                rows.sort(key=lambda row: json.dumps(row, sort_keys=True))
            tables[table] = rows
        return tables
    finally:
        store.close()
