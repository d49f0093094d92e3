"""Batch orchestration: ordered loading, duplicates decided at load time, workers.

A pool extracts batches ahead of loading; the store must come out the same as
with one in-process worker (same article ids, same duplicate links).
"""

from __future__ import annotations

import shutil
from collections.abc import Iterable, Iterator
from pathlib import Path

import pytest
from ingestkit import SAMPLES, store_tables
from wirefacts.batch import (
    BATCH_SIZE,
    Loading,
    Summary,
    batched,
    extracted_in_order,
    ingest,
)
from wirefacts.config import Settings, default_rules_dir
from wirefacts.extract.rules import RuleSet
from wirefacts.facts import Article, ArticleFacts, FailedInput
from wirefacts.store.db import Store

WIRE = [
    "China will impose tariffs of 25 percent on 128 U.S. products, the commerce "
    "ministry said on Monday.",
    "The Bank of Japan kept interest rates unchanged on Tuesday, Governor Kazuo "
    "Ueda told reporters.",
    "Shares of Boeing fell 3 percent after the planemaker cut its delivery "
    "forecast for the year.",
]


def article(text: str, name: str) -> Article:
    return Article(source_path=name, text=text, raw_text=text)


class PrefetchingPool:
    """A stand-in for a process pool that takes every batch before loading any."""

    parallel = True

    def run(self, batches: Iterable[list[Article]]
            ) -> Iterator[list[tuple[Article, ArticleFacts | FailedInput]]]:
        taken = list(batches)
        for batch in taken:
            yield [(a, ArticleFacts()) for a in batch]


class InProcessPool(PrefetchingPool):
    parallel = False

    def run(self, batches: Iterable[list[Article]]
            ) -> Iterator[list[tuple[Article, ArticleFacts | FailedInput]]]:
        for batch in batches:
            yield [(a, ArticleFacts()) for a in batch]


def load_all(db_url: str, articles: list[Article], pool: PrefetchingPool) -> Summary:
    summary = Summary()
    store = Store.open(db_url, RuleSet(default_rules_dir()))
    try:
        run_id = store.start_run("test", "test", "ingest")
        loading = Loading(store, run_id, summary, recheck=pool.parallel)
        for ready in extracted_in_order(articles, pool, loading):  # type: ignore[arg-type]
            loading.load(ready)
    finally:
        store.close()
    return summary


def test_batched_keeps_order_and_last_short_chunk() -> None:
    assert list(batched(range(7), 3)) == [[0, 1, 2], [3, 4, 5], [6]]
    assert list(batched([], 3)) == []


def test_duplicate_in_a_batch_still_in_flight_is_found_at_load_time(
        tmp_path: Path) -> None:
    # The copy sits one batch after its original: a pool checks it before the
    # original is loaded, so only the load-time check can see it.
    fillers = [article(f"{WIRE[1]} Story number {i}.", f"f{i}.txt")
               for i in range(BATCH_SIZE - 1)]
    articles = [article(WIRE[0], "a.txt"), *fillers,
                article(WIRE[0], "a-copy.txt"), article(WIRE[2], "c.txt")]
    pooled = load_all(f"sqlite:///{tmp_path}/pool.db", articles, PrefetchingPool())
    inline = load_all(f"sqlite:///{tmp_path}/one.db", articles, InProcessPool())
    assert pooled.statuses["duplicate"] == 1
    assert pooled.statuses == inline.statuses
    pool_rows = store_tables(f"sqlite:///{tmp_path}/pool.db")["articles"]
    one_rows = store_tables(f"sqlite:///{tmp_path}/one.db")["articles"]
    assert pool_rows == one_rows
    copy = next(r for r in pool_rows if r["source_path"] == "a-copy.txt")
    original = next(r for r in pool_rows if r["source_path"] == "a.txt")
    assert copy["duplicate_of"] == original["article_id"]


def test_failed_extraction_is_recorded_and_the_rest_loaded(tmp_path: Path) -> None:
    class FailingPool(InProcessPool):
        def run(self, batches: Iterable[list[Article]]
                ) -> Iterator[list[tuple[Article, ArticleFacts | FailedInput]]]:
            for batch in batches:
                yield [(a, FailedInput(a.source_path, "extraction failed: boom")
                        if a.source_path == "bad.txt" else ArticleFacts())
                       for a in batch]

    articles = [article(WIRE[0], "ok.txt"), article(WIRE[1], "bad.txt")]
    summary = load_all(f"sqlite:///{tmp_path}/f.db", articles, FailingPool())
    assert summary.statuses["new"] == 1
    assert [f.source_path for f in summary.failures] == ["bad.txt"]
    errors = store_tables(f"sqlite:///{tmp_path}/f.db")["errors"]
    assert [(e["source_path"], e["reason"]) for e in errors] == [
        ("bad.txt", "extraction failed: boom")]


@pytest.mark.slow
def test_two_workers_build_the_same_store_as_one(tmp_path: Path) -> None:
    inputs = tmp_path / "in"
    shutil.copytree(SAMPLES, inputs)
    # an exact copy of a story, and a file that cannot be read
    shutil.copy(inputs / "2024-03-14-steel-tariffs.txt", inputs / "zz-copy.txt")
    (inputs / "zz-broken.json").write_text("{not json", encoding="utf-8")
    urls = {n: f"sqlite:///{tmp_path}/w{n}.db" for n in (1, 2)}
    summaries = {n: ingest([inputs], Settings(db_url=urls[n], workers=n))
                 for n in (1, 2)}
    assert summaries[1].statuses["duplicate"] == 1
    assert summaries[1].statuses == summaries[2].statuses
    assert summaries[1].failed == summaries[2].failed == 1
    assert summaries[1].files == summaries[2].files == len(list(SAMPLES.iterdir())) + 2
    assert store_tables(urls[1]) == store_tables(urls[2])
