"""Ingest throughput on Reuters-21578, measured against bare spaCy in the same run.

    python benchmarks/bench_ingest.py [--corpus DIR] [--sizes 1000,5000,all]
                                      [--pg URL] [--skip-pg]

For each size (taken as whole .sgm files, 1,000 records each) it measures, on the
same texts: (a) bare ``nlp.pipe`` with the same model and components, (b) ingest with
1 worker into SQLite, (c) with 2 workers into SQLite, (d) with 2 workers into
PostgreSQL; plus a per-stage breakdown (read, clean, spaCy, each extractor, load) of
the 1-worker path. Ingest runs are separate ``wirefacts ingest`` processes so that
their peak RSS is their own. It prints articles/s, words/s, the ratios b/a and c/b
and the growth of time with size.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import psycopg
from wirefacts.batch import BATCH_SIZE, batched
from wirefacts.clean import clean
from wirefacts.config import default_rules_dir
from wirefacts.extract.article import facts_from_doc, parse_published
from wirefacts.extract.dates import find_dates
from wirefacts.extract.money import find_money
from wirefacts.extract.nlp import build_nlp
from wirefacts.extract.people import find_mentions
from wirefacts.extract.quotes import find_quotes
from wirefacts.extract.roles import find_roles
from wirefacts.extract.rules import RuleSet
from wirefacts.extract.tariffs import find_tariffs
from wirefacts.facts import Article, RawDoc
from wirefacts.read import read_path
from wirefacts.store.db import Store

HERE = Path(__file__).resolve().parent
DEFAULT_CORPUS = HERE.parents[1] / "shared" / "corpora" / "reuters21578"
PG_ADMIN = "postgresql://postgres@127.0.0.1:5432/postgres"
WIREFACTS = Path(sys.executable).with_name("wirefacts")


def timed(fn: Callable[[], Any]) -> tuple[Any, float]:
    start = time.perf_counter()
    result = fn()
    return result, time.perf_counter() - start


def stage_breakdown(files: list[Path], rules: RuleSet, nlp: Any, db_url: str
                    ) -> dict[str, float]:
    """Seconds per stage of the one-worker path, each stage run on its own."""
    times: dict[str, float] = {}
    raws, times["read"] = timed(lambda: [r for f in files for r in read_path(f)
                                          if isinstance(r, RawDoc)])
    articles, times["clean"] = timed(lambda: [clean(r, rules) for r in raws])
    docs, times["spacy"] = timed(lambda: list(nlp.pipe([a.text for a in articles],
                                                      batch_size=64)))
    extractors = {
        "dates": lambda d, a: find_dates(d, parse_published(a.published), rules),
        "money": lambda d, a: find_money(d, rules, source=a.source),
        "mentions": lambda d, a: find_mentions(d, rules),
    }
    for name, fn in extractors.items():
        _, times[name] = timed(
            lambda fn=fn: [fn(d, a) for d, a in zip(docs, articles, strict=True)])
    mentions = [find_mentions(d, rules) for d in docs]
    _, times["roles+quotes"] = timed(lambda: [
        (find_roles(d, m, rules), find_quotes(d, m, rules))
        for d, m in zip(docs, mentions, strict=True)])
    money = [find_money(d, rules) for d in docs]
    dates = [find_dates(d, parse_published(a.published), rules)
             for d, a in zip(docs, articles, strict=True)]
    _, times["tariffs"] = timed(lambda: [
        find_tariffs(d, mo, da, me, rules)
        for d, mo, da, me in zip(docs, money, dates, mentions, strict=True)])
    facts = [facts_from_doc(d, a, rules)
             for d, a in zip(docs, articles, strict=True)]
    store = Store.open(db_url, rules)
    run_id = store.start_run("bench", "bench", "bench")

    def load() -> None:
        pairs: list[tuple[Article, Any]] = list(zip(articles, facts, strict=True))
        for chunk in batched(pairs, BATCH_SIZE):
            store.load_batch(chunk, run_id)

    _, times["load"] = timed(load)
    store.close()
    times["words"] = sum(len(a.text.split()) for a in articles)
    times["articles"] = len(articles)
    return times


RSS_WRAPPER = (
    "import resource, subprocess, sys\n"
    "code = subprocess.run(sys.argv[1:]).returncode\n"
    "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, file=sys.stderr)\n"
    "sys.exit(code)\n"
)


def run_ingest(files: list[Path], db_url: str, workers: int) -> tuple[float, float]:
    """Seconds and peak RSS (MB, the largest process of the run) of one ingest."""
    cmd = [sys.executable, "-c", RSS_WRAPPER, str(WIREFACTS), "ingest",
           *map(str, files), "--db", db_url, "--workers", str(workers)]
    start = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if proc.returncode not in (0, 1):
        sys.exit(f"ingest failed ({proc.returncode}): {proc.stderr[-2000:]}")
    peak_kb = int(proc.stderr.strip().splitlines()[-1])
    return seconds, peak_kb / 1024


def fresh_pg_db(admin_url: str) -> tuple[str, Callable[[], None]]:
    name = f"wf_bench_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')

    def drop() -> None:
        with psycopg.connect(admin_url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    base = admin_url.rsplit("/", 1)[0].replace("postgresql://", "postgresql+psycopg://")
    return f"{base}/{name}", drop


def bench_size(files: list[Path], nlp: Any, rules: RuleSet, args: argparse.Namespace,
               tmp: Path) -> dict[str, Any]:
    """Every measurement for one input size."""
    tag = f"{len(files)}f"
    stages = stage_breakdown(files, rules, nlp, f"sqlite:///{tmp}/stages-{tag}.db")
    words, n = stages.pop("words"), stages.pop("articles")
    texts = [a for a in (r for f in files for r in read_path(f))
             if isinstance(a, RawDoc)]
    cleaned = [clean(r, rules).text for r in texts]
    _, bare = timed(lambda: list(nlp.pipe(cleaned, batch_size=64)))
    one, rss_one = run_ingest(files, f"sqlite:///{tmp}/w1-{tag}.db", 1)
    two, rss_two = run_ingest(files, f"sqlite:///{tmp}/w2-{tag}.db", 2)
    row = {"files": len(files), "articles": n, "words": words, "bare": bare,
           "w1": one, "w2": two, "rss_w1": rss_one, "rss_w2": rss_two,
           "stages": stages}
    if not args.skip_pg:
        url, drop = fresh_pg_db(args.pg)
        try:
            row["pg2"], row["rss_pg2"] = run_ingest(files, url, 2)
        finally:
            drop()
    return row


def report(rows: list[dict[str, Any]]) -> None:
    print("\nsize      articles    words | bare a/s   w/s | 1w a/s   w/s  b/a |"
          " 2w a/s   w/s  c/b | pg2w a/s | peak RSS MB/process 1w 2w")
    for r in rows:
        n, w = r["articles"], r["words"]
        pg = f"{n / r['pg2']:8.1f}" if "pg2" in r else "     n/a"
        print(f"{r['files']:>3} files {n:9d} {w:8d} | {n / r['bare']:7.1f} "
              f"{w / r['bare']:5.0f} | {n / r['w1']:6.1f} {w / r['w1']:5.0f} "
              f"{r['bare'] / r['w1']:4.2f} | {n / r['w2']:6.1f} {w / r['w2']:5.0f} "
              f"{r['w1'] / r['w2']:4.2f} | {pg} | {r['rss_w1']:.0f} {r['rss_w2']:.0f}")
    last = rows[-1]
    print("\nper-stage seconds (1 worker, largest size):")
    total = sum(last["stages"].values())
    for name, secs in last["stages"].items():
        print(f"  {name:14} {secs:8.2f}  {100 * secs / total:5.1f}%")
    if len(rows) > 1:
        first = rows[0]
        per_first = first["w1"] / first["articles"]
        per_last = last["w1"] / last["articles"]
        print(f"\nlinearity: seconds/article 1w {per_first * 1000:.1f} ms at "
              f"{first['articles']} -> {per_last * 1000:.1f} ms at "
              f"{last['articles']} (ratio {per_last / per_first:.2f})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--sizes", default="1000,5000,all",
                        help="record counts (multiples of 1000) or 'all'")
    parser.add_argument("--pg", default=os.environ.get("WIREFACTS_BENCH_PG", PG_ADMIN))
    parser.add_argument("--skip-pg", action="store_true")
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
