"""Ingest throughput on Reuters-21578, measured against bare spaCy in the same run.

    python benchmarks/bench_ingest.py [--corpus DIR] [--sizes 1000,5000,all]
                                      [--pg URL] [--skip-pg] [--skip-dask] [--compare]

For each size (taken as whole .sgm files, 1,000 records each) it measures, on the
same texts: (a) bare ``nlp.pipe`` with the same model and components (the time
spent inside ``nlp.pipe`` during a one-pass per-stage breakdown: read, clean,
spaCy, each extractor, load), (b) ingest with 1 worker into SQLite, (c) with 2
workers into SQLite, (d) with 2 workers into PostgreSQL, (e) on a local 2-worker
Dask cluster (``--scheduler local:2``). Ingest runs are separate ``wirefacts
ingest`` processes, so their times include start-up (model load, Dask cluster) and
their peak RSS is their own. It prints articles/s, words/s, CPU seconds, the load
average, the ratios b/a, c/b and dask/c, and the growth of time with size.
With ``--compare`` it also checks, after the timed runs, that the stores of (c),
(d) and (e) equal the store of (b) table by table modulo surrogate ids (SQLite
and PostgreSQL alike), and prints the duplicate counts.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import psycopg
from compare_stores import compare_stores, duplicate_counts
from wirefacts.batch import BATCH_SIZE
from wirefacts.clean import clean
from wirefacts.config import default_rules_dir
from wirefacts.extract.article import parse_published
from wirefacts.extract.dates import find_dates
from wirefacts.extract.money import find_money
from wirefacts.extract.nlp import build_nlp
from wirefacts.extract.people import find_mentions
from wirefacts.extract.quotes import find_quotes
from wirefacts.extract.roles import find_roles
from wirefacts.extract.rules import RuleSet
from wirefacts.extract.tariffs import find_tariffs
from wirefacts.facts import Article, ArticleFacts, RawDoc
from wirefacts.read import read_path
from wirefacts.store.db import Store

HERE = Path(__file__).resolve().parent
DEFAULT_CORPUS = HERE.parents[1] / "shared" / "corpora" / "reuters21578"
PG_ADMIN = "postgresql://postgres@127.0.0.1:5432/postgres"
WIREFACTS = Path(sys.executable).with_name("wirefacts")


class Clock:
    """Wall and CPU seconds accumulated per stage: ``with clock("dates"): ...``."""

    def __init__(self) -> None:
        self.wall: dict[str, float] = {}
        self.cpu: dict[str, float] = {}

    @contextmanager
    def __call__(self, stage: str) -> Iterator[None]:
        wall, cpu = time.perf_counter(), time.process_time()
        yield
        self.wall[stage] = self.wall.get(stage, 0.0) + time.perf_counter() - wall
        self.cpu[stage] = self.cpu.get(stage, 0.0) + time.process_time() - cpu


def stage_breakdown(files: list[Path], rules: RuleSet, nlp: Any, db_url: str
                    ) -> tuple[Clock, int, int]:
    """Per-stage seconds of the one-worker path in one streaming pass.

    The "spacy" stage is the time spent inside ``nlp.pipe`` alone: it is the bare
    spaCy measurement (a), on the same cleaned texts ingest sees. Returns the
    clock, the article count and the word count.
    """
    clock = Clock()
    with clock("read"):
        raws = [r for f in files for r in read_path(f) if isinstance(r, RawDoc)]
    with clock("clean"):
        articles = [clean(r, rules) for r in raws]
    del raws
    store = Store.open(db_url, rules)
    run_id = store.start_run("bench", "bench", "bench")
    docs = nlp.pipe([a.text for a in articles], batch_size=64)
    pairs: list[tuple[Article, ArticleFacts | None]] = []
    for article in articles:
        with clock("spacy"):
            doc = next(docs)
        published = parse_published(article.published)
        with clock("dates"):
            dates = find_dates(doc, published, rules)
        with clock("money"):
            money = find_money(doc, rules, source=article.source)
        with clock("mentions"):
            mentions = find_mentions(doc, rules)
        with clock("roles+quotes"):
            roles = find_roles(doc, mentions, rules)
            quotes = find_quotes(doc, mentions, rules)
        with clock("tariffs"):
            tariffs = find_tariffs(doc, money, dates, mentions, rules)
        pairs.append((article, ArticleFacts(
            mentions=tuple(mentions), roles=tuple(roles), money=tuple(money),
            tariffs=tuple(tariffs), dates=tuple(dates), quotes=tuple(quotes))))
        if len(pairs) == BATCH_SIZE:
            with clock("load"):
                store.load_batch(pairs, run_id)
            pairs = []
    with clock("load"):
        store.load_batch(pairs, run_id)
    store.close()
    words = sum(len(a.text.split()) for a in articles)
    return clock, len(articles), words


RSS_WRAPPER = (
    "import resource, subprocess, sys\n"
    "code = subprocess.run(sys.argv[1:]).returncode\n"
    "use = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
    "print(use.ru_maxrss, use.ru_utime + use.ru_stime, file=sys.stderr)\n"
    "sys.exit(code)\n"
)


def run_ingest(files: list[Path], db_url: str, *options: str) -> dict[str, float]:
    """Wall seconds, CPU seconds (all processes) and peak RSS (MB, the largest
    process of the run) of one ``wirefacts ingest``, and the load average."""
    cmd = [sys.executable, "-c", RSS_WRAPPER, str(WIREFACTS), "ingest",
           *map(str, files), "--db", db_url, *options]
    start = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if proc.returncode not in (0, 1):
        sys.exit(f"ingest failed ({proc.returncode}): {proc.stderr[-2000:]}")
    peak_kb, cpu = proc.stderr.strip().splitlines()[-1].split()
    return {"wall": seconds, "cpu": float(cpu), "rss": int(peak_kb) / 1024,
            "load": os.getloadavg()[0]}


def fresh_pg_db(admin_url: str) -> tuple[str, Callable[[], None]]:
    name = f"wf_bench_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')

    def drop() -> None:
        with psycopg.connect(admin_url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    base = admin_url.rsplit("/", 1)[0].replace("postgresql://", "postgresql+psycopg://")
    return f"{base}/{name}", drop


def store_checks(urls: dict[str, str]) -> dict[str, Any]:
    """Duplicate counts of the 1-worker store and whether every other store equals
    it table by table (modulo surrogate ids, ``compare_stores.py``)."""
    base = urls["w1"]
    checks: dict[str, Any] = {"duplicates": dict(duplicate_counts(base))}
    for name, url in urls.items():
        if name != "w1":
            diffs = compare_stores(base, url)
            checks[name] = [d.table for d in diffs if not d.identical]
    return checks


def bench_size(files: list[Path], nlp: Any, rules: RuleSet, args: argparse.Namespace,
               tmp: Path) -> dict[str, Any]:
    """Every measurement for one input size."""
    tag = f"{len(files)}f"
    clock, n, words = stage_breakdown(files, rules, nlp,
                                      f"sqlite:///{tmp}/stages-{tag}.db")
    row: dict[str, Any] = {
        "files": len(files), "articles": n, "words": words,
        "bare": {"wall": clock.wall["spacy"], "cpu": clock.cpu["spacy"],
                 "load": os.getloadavg()[0]},
        "stages": clock.wall,
    }
    print(f"  bare spaCy {clock.wall['spacy']:.0f} s", file=sys.stderr, flush=True)
    runs = {"w1": ("sqlite", "--workers", "1"), "w2": ("sqlite", "--workers", "2")}
    if not args.skip_pg:
        runs["pg2"] = ("pg", "--workers", "2")
    if not args.skip_dask:
        runs["dask2"] = ("sqlite", "--scheduler", "local:2")
    urls: dict[str, str] = {}
    drops: list[Callable[[], None]] = []
    try:
        for name, (db, *options) in runs.items():
            if db == "pg":
                url, drop = fresh_pg_db(args.pg)
                drops.append(drop)
            else:
                url = f"sqlite:///{tmp}/{name}-{tag}.db"
            urls[name] = url
            row[name] = run_ingest(files, url, *options)
            print(f"  {name} {row[name]['wall']:.0f} s", file=sys.stderr, flush=True)
        if args.compare:
            row["checks"] = store_checks(urls)
    finally:
        for drop in drops:
            drop()
    return row


def report_checks(articles: int, checks: dict[str, Any]) -> None:
    """One line: which stores equal the 1-worker store, and its duplicate counts."""
    kinds = ", ".join(f"{k} {v}" for k, v in sorted(checks["duplicates"].items()))
    same = "; ".join(
        f"{name} " + ("identical" if not diff else "DIFFERS in " + ", ".join(diff))
        for name, diff in checks.items() if name != "duplicates")
    print(f"stores of {articles} articles vs w1: {same}; articles: {kinds}")


def report(rows: list[dict[str, Any]]) -> None:
    """The table: throughput per run, the target ratios, RSS, stages, growth."""
    names = [k for k in ("w1", "w2", "pg2", "dask2") if k in rows[0]]
    print("\nthroughput (articles/s, words/s; wall clock, load average at the end of"
          " each run in brackets)")
    for r in rows:
        n, w = r["articles"], r["words"]
        print(f"{r['files']:>3} file(s), {n} articles, {w} words")
        for name in ["bare", *names]:
            m = r[name]
            rss = f"  peak RSS {m['rss']:.0f} MB/process" if "rss" in m else ""
            print(f"    {name:6} {m['wall']:8.1f} s {n / m['wall']:7.1f} a/s "
                  f"{w / m['wall']:6.0f} w/s  cpu {m['cpu']:8.1f} s  "
                  f"[load {m['load']:.1f}]{rss}")
        b, c = r["bare"], r["w1"]
        print(f"    ratios: b/a {b['wall'] / c['wall']:.2f} (cpu-time based "
              f"{b['cpu'] / c['cpu']:.2f}, target >= 0.8)", end="")
        if "w2" in r:
            print(f"; c/b {c['wall'] / r['w2']['wall']:.2f} (target >= 1.7)", end="")
        if "dask2" in r:
            print(f"; dask/2w time {r['dask2']['wall'] / r['w2']['wall']:.2f} "
                  "(target <= 1.25)", end="")
        print()
    for r in rows:
        if "checks" in r:
            report_checks(r["articles"], r["checks"])
    last = rows[-1]
    print("\nper-stage seconds (1 worker, largest size, wall):")
    total = sum(last["stages"].values())
    for name, secs in last["stages"].items():
        print(f"  {name:14} {secs:8.2f}  {100 * secs / total:5.1f}%")
    rules_time = total - sum(last["stages"].get(k, 0.0)
                             for k in ("read", "clean", "spacy", "load"))
    print(f"  rules/spaCy time {rules_time / last['stages']['spacy']:.2f}")
    if len(rows) > 1:
        first = rows[0]
        for name in ["bare", *names]:
            per_first = first[name]["wall"] / first["articles"]
            per_last = last[name]["wall"] / last["articles"]
            print(f"linearity {name}: {per_first * 1000:.1f} ms/article at "
                  f"{first['articles']} -> {per_last * 1000:.1f} at "
                  f"{last['articles']} (ratio {per_last / per_first:.2f})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--sizes", default="1000,5000,all",
                        help="record counts (multiples of 1000) or 'all'")
    parser.add_argument("--pg", default=os.environ.get("WIREFACTS_BENCH_PG", PG_ADMIN))
    parser.add_argument("--skip-pg", action="store_true")
    parser.add_argument("--skip-dask", action="store_true",
                        help="skip the Dask LocalCluster run (needs wirefacts[dask])")
    parser.add_argument("--compare", action="store_true",
                        help="check every run's store equals the 1-worker store "
                        "(compare_stores.py) and report duplicate counts")
    args = parser.parse_args()
    all_files = sorted(args.corpus.glob("reut2-*.sgm"))
    if not all_files:
        sys.exit(f"no reut2-*.sgm files in {args.corpus}")
    rules = RuleSet(default_rules_dir())
    nlp = build_nlp(rules)
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for size in args.sizes.split(","):
            count = len(all_files) if size == "all" else max(1, int(size) // 1000)
            files = all_files[:count]
            print(f"measuring {len(files)} file(s)...", file=sys.stderr, flush=True)
            rows.append(bench_size(files, nlp, rules, args, Path(tmp)))
    report(rows)


if __name__ == "__main__":
    main()
