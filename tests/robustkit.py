"""Helpers for the crash-safety and concurrency tests: inputs, runs, snapshots.

``reuters_folder`` splits real Reuters-21578 records into small .sgm files;
``start_ingest`` runs ``wirefacts ingest`` in its own process; ``snapshot``
exports every table and removes what legitimately differs between two runs
(surrogate ids, timestamps, run ids), keying each row by its article's
``source_path`` and ``record`` instead of its id.
"""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

from sqlalchemy import text
from wirefacts.config import default_rules_dir
from wirefacts.export import write_table
from wirefacts.extract.rules import RuleSet
from wirefacts.store.db import Store

SNAPSHOT_TABLES = (
    "articles", "errors", "people", "organizations", "places", "mentions", "roles",
    "money", "tariffs", "dates", "quotes", "tariff_measures",
)
# Columns that differ between equal stores: surrogate keys, times, run ids.
VOLATILE = {
    "ingested_at", "at", "run_id", "error_id", "person_id", "org_id", "place_id",
    "entity_id", "money_id", "tariff_id", "measure_id", "date_id", "quote_id",
    "role_id", "mention_id", "converted_from", "extraction_key",
}
_RECORD = re.compile(r"<REUTERS\b.*?</REUTERS>", re.S)


def reuters_folder(corpora: Path, folder: Path, files: int, per_file: int) -> Path:
    """``files`` .sgm files of ``per_file`` real Reuters records each, plus one
    broken file (an errors row), written under ``folder``."""
    sgml = (corpora / "reuters21578" / "reut2-001.sgm").read_text("latin-1")
    records = _RECORD.findall(sgml)
    folder.mkdir(parents=True, exist_ok=True)
    for n in range(files):
        chunk = records[n * per_file:(n + 1) * per_file]
        (folder / f"part-{n:02d}.sgm").write_text("\n".join(chunk), "utf-8")
    (folder / "zz-broken.json").write_text('{"title": "no text"}', "utf-8")
    return folder


def ingest_command(paths: list[Path], db_url: str) -> list[str]:
    """The argv of one ingest run."""
    return [sys.executable, "-m", "wirefacts", "ingest", *map(str, paths),
            "--db", db_url]


def start_ingest(paths: list[Path], db_url: str) -> subprocess.Popen[str]:
    """Start an ingest in its own process (stdout/stderr captured)."""
    env = {**os.environ}
    env.pop("WIREFACTS_DB", None)
    return subprocess.Popen(ingest_command(paths, db_url), stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=env)


def _rows(store: Store, table: str) -> list[dict[str, Any]]:
    out = io.StringIO()
    write_table(store, table, out, "jsonl")
    return [json.loads(line) for line in out.getvalue().splitlines()]


def snapshot(db_url: str) -> dict[str, list[str]]:
    """Every table as sorted JSON rows, ids and times replaced by stable keys."""
    store = Store.open(db_url, RuleSet(default_rules_dir()))
    try:
        articles = _rows(store, "articles")
        key = {a["article_id"]: f"{a['source_path']}#{a['record'] or ''}"
               for a in articles}
        tables: dict[str, list[str]] = {}
        for table in SNAPSHOT_TABLES:
            rows = articles if table == "articles" else _rows(store, table)
            tables[table] = sorted(
                json.dumps(_stable(row, key), sort_keys=True) for row in rows
            )
        return tables
    finally:
        store.close()


def _stable(row: dict[str, Any], key: dict[int, str]) -> dict[str, Any]:
    out = {k: v for k, v in row.items() if k not in VOLATILE}
    for name in ("article_id", "duplicate_of"):
        if out.get(name) is not None:
            out[name] = key[out[name]]
    if out.get("article_ids"):
        out["article_ids"] = sorted(key[int(i)] for i in out["article_ids"].split("; "))
    return out


def orphans(db_url: str) -> dict[str, int]:
    """Entities no fact refers to, and facts whose article is gone."""
    queries = {
        "people": "SELECT count(*) FROM people WHERE id NOT IN (SELECT person_id "
        "FROM mentions WHERE person_id IS NOT NULL UNION SELECT person_id FROM "
        "roles WHERE person_id IS NOT NULL UNION SELECT person_id FROM quotes "
        "WHERE person_id IS NOT NULL)",
        "organizations": "SELECT count(*) FROM organizations WHERE id NOT IN "
        "(SELECT org_id FROM mentions WHERE org_id IS NOT NULL UNION SELECT org_id "
        "FROM roles WHERE org_id IS NOT NULL UNION SELECT org_id FROM quotes WHERE "
        "org_id IS NOT NULL)",
        "mentions": "SELECT count(*) FROM mentions WHERE article_id NOT IN "
        "(SELECT id FROM articles)",
    }
    return count_queries(db_url, queries)


def count_queries(db_url: str, queries: dict[str, str]) -> dict[str, int]:
    """The single number each SQL query of ``queries`` gives on the store."""
    store = Store.open(db_url, RuleSet(default_rules_dir()))
    try:
        with store.engine.connect() as conn:
            return {name: int(conn.execute(text(q)).scalar_one())
                    for name, q in queries.items()}
    finally:
        store.close()
