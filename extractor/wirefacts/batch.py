"""Orchestration: inputs -> read -> clean -> extract -> load, streaming in batches.

``ingest`` is the single place that catches per article: every input ends as a
loaded article or a FailedInput recorded in the store. With ``workers > 1`` the
parent reads, cleans and loads while a process pool runs spaCy and the rules;
at most ``2 * workers`` batches are in flight, so memory stays flat however many
files there are.
"""

from __future__ import annotations

import dataclasses
import multiprocessing as mp
import time
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import TypeVar

from wirefacts.clean import clean
from wirefacts.config import Settings
from wirefacts.extract.article import Extractor
from wirefacts.extract.rules import RuleSet
from wirefacts.facts import Article, ArticleFacts, FailedInput, RawDoc
from wirefacts.read import iter_input_files, read_path
from wirefacts.store.db import LoadResult, Store

BATCH_SIZE = 32
T = TypeVar("T")
Extracted = list[tuple[Article, ArticleFacts | FailedInput]]


@dataclass
class Summary:
    """What a run did, for the closing summary and the exit code."""

    files: int = 0
    statuses: Counter[str] = field(default_factory=Counter)
    facts: int = 0
    failures: list[FailedInput] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def failed(self) -> int:
        """Inputs (files or records) that could not be loaded."""
        return len(self.failures)

    def add_results(self, results: Iterable[LoadResult]) -> None:
        """Count the outcome of one loaded batch."""
        for result in results:
            self.statuses[result.status] += 1
            self.facts += result.facts


ProgressHook = Callable[[int], None]


def batched(items: Iterable[T], size: int) -> Iterator[list[T]]:
    """Consecutive lists of at most ``size`` items."""
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


def with_default_published(raw: RawDoc, published: str | None) -> RawDoc:
    """Use the run's ``--published`` date where the input carried none."""
    if raw.published or not published:
        return raw
    return dataclasses.replace(raw, published=published)


def read_articles(paths: Sequence[str | Path], settings: Settings, rules: RuleSet,
                  recursive: bool, failures: list[FailedInput],
                  on_file: ProgressHook | None = None) -> Iterator[Article]:
    """Cleaned articles from every input; what cannot be read goes to ``failures``."""
    for item in iter_input_files(paths, recursive=recursive):
        if isinstance(item, FailedInput):
            failures.append(item)
            continue
        for raw in read_path(item, max_bytes=settings.max_bytes):
            if isinstance(raw, FailedInput):
                failures.append(raw)
                continue
            try:
                yield clean(with_default_published(raw, settings.published), rules)
            except Exception as exc:  # noqa: BLE001 - one bad article never stops a run
                failures.append(FailedInput(raw.source_path,
                                            f"cleaning failed: {exc}", raw.record))
        if on_file is not None:
            on_file(1)


_worker_extractor: Extractor | None = None


def _init_worker(settings: Settings) -> None:
    global _worker_extractor
    _worker_extractor = Extractor.from_settings(settings)


def _extract_in_worker(articles: list[Article]) -> Extracted:
    assert _worker_extractor is not None, "worker not initialised"
    return list(_worker_extractor.extract_many(articles))


class ExtractionPool:
    """Runs extraction in-process (1 worker) or in a bounded process pool."""

    def __init__(self, extractor: Extractor, settings: Settings) -> None:
        self.extractor = extractor
        self.workers = max(1, settings.workers)
        self.pool = None
        if self.workers > 1:
            context = mp.get_context("spawn")
            self.pool = context.Pool(self.workers, initializer=_init_worker,
                                     initargs=(settings,))

    def run(self, batches: Iterable[list[Article]]) -> Iterator[Extracted]:
        """Extracted batches in input order."""
        if self.pool is None:
            for batch in batches:
                yield list(self.extractor.extract_many(batch))
            return
        pending: deque = deque()
        for batch in batches:
            pending.append(self.pool.apply_async(_extract_in_worker, (batch,)))
            if len(pending) >= 2 * self.workers:
                yield pending.popleft().get()
        while pending:
            yield pending.popleft().get()

    def close(self) -> None:
        """Stop the worker processes."""
        if self.pool is not None:
            self.pool.close()
            self.pool.join()


def split_duplicates(store: Store, batch: list[Article]
                     ) -> tuple[list[Article], list[tuple[Article, None]]]:
    """Articles to extract, and exact duplicates that are loaded without facts."""
    fresh, duplicates = [], []
    for article in batch:
        if store.duplicate_of(article) is None:
            fresh.append(article)
        else:
            duplicates.append((article, None))
    return fresh, duplicates


def ingest(paths: Sequence[str | Path], settings: Settings, recursive: bool = True,
           on_file: ProgressHook | None = None) -> Summary:
    """Read, clean, extract and load every input; return what happened."""
    started = time.perf_counter()
    summary = Summary()
    extractor = Extractor.from_settings(settings)
    store = Store.open(settings.db_url, extractor.rules)
    pool = ExtractionPool(extractor, settings)
    try:
        run_id = store.start_run(extractor.key, extractor.model_name, "ingest")

        def count_file(n: int) -> None:
            summary.files += n
            if on_file is not None:
                on_file(n)

        articles = read_articles(paths, settings, extractor.rules, recursive,
                                 summary.failures, count_file)
        to_extract: deque[list[tuple[Article, None]]] = deque()

        def fresh_batches() -> Iterator[list[Article]]:
            for batch in batched(articles, BATCH_SIZE):
                fresh, duplicates = split_duplicates(store, batch)
                to_extract.append(duplicates)
                yield fresh

        recorded = 0
        for extracted in pool.run(fresh_batches()):
            items: list[tuple[Article, ArticleFacts | None]]
            items = list(to_extract.popleft())
            for article, facts in extracted:
                if isinstance(facts, FailedInput):
                    summary.failures.append(facts)
                else:
                    items.append((article, facts))
            summary.add_results(store.load_batch(items, run_id))
            store.record_failures(summary.failures[recorded:])
            recorded = len(summary.failures)
        store.record_failures(summary.failures[recorded:])
        summary.seconds = time.perf_counter() - started
        store.finish_run(run_id, {**summary.statuses, "failed": summary.failed,
                                  "facts": summary.facts})
    finally:
        pool.close()
        store.close()
    return summary
