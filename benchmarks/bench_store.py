"""Store throughput and deduplication on the full Reuters-21578 collection.

    python benchmarks/bench_store.py [--corpus DIR] [--limit N] [--pg URL] [--skip-pg]
                                     [--threshold 0.8] [--samples 8] [--out DIR]

Reads and cleans every record once, gives each article cheap synthetic facts with
real offsets (capitalised word runs as PERSON/ORG mentions, "N mln dlrs" as money,
month-day phrases as dates; no spaCy, so that the database is what is measured),
then loads the same batches (32 articles, as ``wirefacts ingest`` does) into a
fresh SQLite file and a fresh PostgreSQL database and reports, for each:
articles/s and rows/s of ``Store.load_batch``, the exact and near duplicates
found, and whether every exported table is identical between the two (times
masked). A sample of near-duplicate pairs is printed for checking by eye.
"""

from __future__ import annotations

import argparse
import difflib
import io
import json
import re
import sys
import tempfile
import time
import uuid
from collections import Counter
from pathlib import Path

from sqlalchemy import create_engine, text
from wirefacts.clean import clean
from wirefacts.config import default_rules_dir
from wirefacts.export import TABLES, write_table
from wirefacts.extract.rules import RuleSet
from wirefacts.facts import Article, ArticleFacts, DateFact, Mention, Money
from wirefacts.read import read_path
from wirefacts.store.db import Store, hide_password

BATCH = 32
SHARED = Path(__file__).resolve().parents[2] / "shared"
CAPS = re.compile(r"\b(?:[A-Z][a-z]+ ){1,2}[A-Z][a-z]+\b")
MONEY = re.compile(r"\b(\d+(?:\.\d+)?) (mln|billion) dlrs\b")
DATE = re.compile(
    r"\b(?:January|February|March|April|May|June|July|August|September|October|"
    r"November|December) \d{1,2}\b"
)
TIME_COLUMNS = {"at", "ingested_at", "started_at", "finished_at"}


def synthetic_facts(article: Article) -> ArticleFacts:
    """Plausible facts with exact offsets, made by regexes."""
    t = article.text
    mentions = []
    for i, m in enumerate(CAPS.finditer(t)):
        kind = "PERSON" if i % 2 == 0 else "ORG"
        mentions.append(Mention(m.group(), m.start(), m.end(), kind, m.group()))
        last = m.group().split()[-1]
        if kind == "PERSON":  # a surname-only mention linked in the article
            at = t.find(f" {last} ", m.end())
            if at >= 0:
                mentions.append(
                    Mention(last, at + 1, at + 1 + len(last), kind, m.group())
                )
    mentions.sort(key=lambda m: m.start)
    money = tuple(
        Money(
            m.group(),
            m.start(),
            m.end(),
            float(m.group(1)) * (1e6 if m.group(2) == "mln" else 1e9),
            "USD",
        )
        for m in MONEY.finditer(t)
    )
    dates = tuple(
        DateFact(m.group(), m.start(), m.end(), None, "day") for m in DATE.finditer(t)
    )
    return ArticleFacts(mentions=tuple(mentions), money=money, dates=dates)


def read_corpus(corpus: Path, rules: RuleSet, limit: int | None) -> list[Article]:
    articles: list[Article] = []
    for path in sorted(corpus.glob("*.sgm")):
        for raw in read_path(path):
            if hasattr(raw, "content"):
                articles.append(clean(raw, rules))  # type: ignore[arg-type]
            if limit and len(articles) >= limit:
                return articles
    return articles


def load(
    url: str,
    rules: RuleSet,
    items: list[tuple[Article, ArticleFacts]],
    threshold: float,
) -> dict:
    store = Store.open(url, rules, near_threshold=threshold)
    try:
        run = store.start_run("bench", "synthetic", "bench_store")
        statuses: Counter[str] = Counter()
        rows = 0
        started = time.perf_counter()
        for i in range(0, len(items), BATCH):
            for result in store.load_batch(items[i : i + BATCH], run):
                statuses[result.status] += 1
                rows += result.facts + (result.status != "already_loaded")
        seconds = time.perf_counter() - started
        store.finish_run(run, dict(statuses))
        exports = {}
        for table in TABLES:
            out = io.StringIO()
            write_table(store, table, out, "jsonl")
            exports[table] = [
                {k: v for k, v in json.loads(line).items() if k not in TIME_COLUMNS}
                for line in out.getvalue().splitlines()
            ]
        again = time.perf_counter()
        store.load_batch(items[:BATCH], run)  # re-ingest: must add nothing
        reload_seconds = time.perf_counter() - again
    finally:
        store.close()
    return {
        "url": hide_password(url),
        "seconds": seconds,
        "rows": rows,
        "statuses": statuses,
        "exports": exports,
        "reload": reload_seconds,
    }


def report(name: str, result: dict, n: int) -> None:
    s = result["seconds"]
    print(
        f"{name:10s} {n} articles in {s:.1f} s: {n / s:,.0f} articles/s, "
        f"{result['rows'] / s:,.0f} rows/s ({result['rows']:,} rows); "
        f"statuses {dict(result['statuses'])}; re-ingest of one batch "
        f"{result['reload'] * 1000:.0f} ms"
    )


def show_pairs(exports: dict, samples: int) -> None:
    articles = {a["article_id"]: a for a in exports["articles"]}
    near = [a for a in articles.values() if a["duplicate_kind"] == "near"]
    step = max(1, len(near) // max(1, samples))
    print(f"\nsample of near duplicates (every {step}th of {len(near)}):")
    for a in near[::step][:samples]:
        o = articles[a["duplicate_of"]]
        diff = [
            d
            for d in difflib.ndiff(o["text"].split(), a["text"].split())
            if d[0] in "+-"
        ]
        print(
            f"- #{a['article_id']} ({a['external_id']}) ~ #{o['article_id']} "
            f"({o['external_id']}) J={a['similarity']}: {o['title']!r} / "
            f"{a['title']!r}; word diff: {' '.join(diff[:16])}"
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", type=Path, default=SHARED / "corpora/reuters21578")
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument(
        "--pg", default="postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
    )
    parser.add_argument("--skip-pg", action="store_true")
    parser.add_argument("--threshold", type=float, default=0.8)
    parser.add_argument("--samples", type=int, default=8)
    args = parser.parse_args()

    rules = RuleSet(default_rules_dir())
    started = time.perf_counter()
    articles = read_corpus(args.corpus, rules, args.limit)
    items = [(a, synthetic_facts(a)) for a in articles]
    print(
        f"read+clean+synthetic facts: {len(items)} articles in "
        f"{time.perf_counter() - started:.1f} s"
    )

    with tempfile.TemporaryDirectory() as tmp:
        lite = load(f"sqlite:///{tmp}/bench.db", rules, items, args.threshold)
    report("SQLite", lite, len(items))
    if not args.skip_pg:
        name = f"wf_bench_{uuid.uuid4().hex[:8]}"
        admin = create_engine(args.pg, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        try:
            base = args.pg.rsplit("/", 1)[0]
            pg = load(f"{base}/{name}", rules, items, args.threshold)
        finally:
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
            admin.dispose()
        report("PostgreSQL", pg, len(items))
        same = [t for t in TABLES if lite["exports"][t] == pg["exports"][t]]
        differ = sorted(set(TABLES) - set(same))
        print(
            f"exports identical on {len(same)}/{len(TABLES)} tables"
            + (f"; DIFFERENT: {differ}" if differ else "")
        )
    show_pairs(lite["exports"], args.samples)
    return 0


if __name__ == "__main__":
    sys.exit(main())
