"""Orchestration: inputs -> read -> clean -> extract -> load, streaming in batches.

``ingest`` is the single place that catches per article: every input ends as a
loaded article or a FailedInput recorded in the store. With ``workers > 1`` the
parent reads, cleans and loads while a process pool runs spaCy and the rules;
at most ``2 * workers`` batches are in flight, so memory stays flat however many
files there are. Batches are loaded in input order and exact duplicates are
decided against the store at load time, so the store does not depend on the
number of workers (or on Dask, see ``distributed.py``, which reuses ``Loading``).
"""

from __future__ import annotations

import dataclasses
import multiprocessing as mp
import os
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
Outcome = ArticleFacts | FailedInput
Extracted = list[tuple[Article, Outcome]]
# One batch ready to load: None marks an article already known as an exact
# duplicate (not extracted).
Ready = list[tuple[Article, Outcome | None]]
# Native math libraries must not start a thread per core in every worker process:
# with one process per core they would only fight over the same cores.
SINGLE_THREAD_ENV = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")


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


def clean_items(items: Iterable[RawDoc | FailedInput], settings: Settings,
                rules: RuleSet, failures: list[FailedInput]) -> Iterator[Article]:
    """Cleaned articles of read items; unreadable ones go to ``failures``."""
    for raw in items:
        if isinstance(raw, FailedInput):
            failures.append(raw)
            continue
        try:
            yield clean(with_default_published(raw, settings.published), rules)
        except Exception as exc:  # noqa: BLE001 - one bad article never stops a run
            failures.append(FailedInput(raw.source_path,
                                        f"cleaning failed: {exc}", raw.record))


def read_file(path: Path, settings: Settings, rules: RuleSet,
              failures: list[FailedInput]) -> Iterator[Article]:
    """Cleaned articles of one input file; what cannot be read goes to ``failures``."""
    return clean_items(read_path(path, max_bytes=settings.max_bytes), settings, rules,
                       failures)


def read_articles(paths: Sequence[str | Path], settings: Settings, rules: RuleSet,
                  recursive: bool, failures: list[FailedInput],
                  on_file: ProgressHook | None = None) -> Iterator[Article]:
    """Cleaned articles from every input; what cannot be read goes to ``failures``."""
    for item in iter_input_files(paths, recursive=recursive):
        if isinstance(item, FailedInput):
            failures.append(item)
            continue
        yield from read_file(item, settings, rules, failures)
        if on_file is not None:
            on_file(1)


# -- extraction --------------------------------------------------------------------

_worker_extractor: Extractor | None = None


def single_threaded_math() -> None:
    """Ask BLAS/OpenMP for one thread in processes started from now on."""
    for name in SINGLE_THREAD_ENV:
        os.environ.setdefault(name, "1")


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
            single_threaded_math()
            context = mp.get_context("spawn")
            self.pool = context.Pool(self.workers, initializer=_init_worker,
                                     initargs=(settings,))

    @property
    def parallel(self) -> bool:
        """True when batches are extracted in other processes, ahead of loading."""
        return self.pool is not None

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


# -- loading -----------------------------------------------------------------------


class Loading:
    """Loads ready batches in input order and records failures as they come.

    Exact duplicates are decided here, against everything loaded before the
    batch, so a batch loads the same way whether it was extracted in-process,
    ahead of time in a pool, or on a Dask worker.
    """

    def __init__(self, store: Store, run_id: int, summary: Summary,
                 recheck: bool) -> None:
        self.store = store
        self.run_id = run_id
        self.summary = summary
        self.recheck = recheck
        self.recorded = 0

    def known_duplicates(self, articles: Sequence[Article]) -> list[bool]:
        """For each article, whether an exact copy is already stored."""
        return [original is not None
                for original in self.store.duplicates_of(articles)]

    def load(self, batch: Ready) -> None:
        """Load one batch: duplicates (without facts) first, then new articles."""
        duplicates: list[tuple[Article, ArticleFacts | None]] = []
        fresh: list[tuple[Article, ArticleFacts | None]] = []
        stored = (self.known_duplicates([article for article, _ in batch])
                  if self.recheck else [False] * len(batch))
        for (article, outcome), known in zip(batch, stored, strict=True):
            if outcome is None or known:
                duplicates.append((article, None))
            elif isinstance(outcome, FailedInput):
                self.summary.failures.append(outcome)
            else:
                fresh.append((article, outcome))
        self.summary.add_results(self.store.load_batch(duplicates + fresh,
                                                       self.run_id))
        self.record_failures()

    def record_failures(self) -> None:
        """Store the failures seen since the last call."""
        self.store.record_failures(self.summary.failures[self.recorded:])
        self.recorded = len(self.summary.failures)

    def finish(self, started: float) -> None:
        """Record the last failures, time the run and close its log entry."""
        self.record_failures()
        summary = self.summary
        summary.seconds = time.perf_counter() - started
        self.store.finish_run(self.run_id, {**summary.statuses,
                                            "failed": summary.failed,
                                            "facts": summary.facts})


def extracted_in_order(articles: Iterable[Article], pool: ExtractionPool,
                       loading: Loading) -> Iterator[Ready]:
    """Batches of articles with their outcomes; known duplicates are not extracted."""
    in_flight: deque[tuple[list[Article], list[bool]]] = deque()

    def fresh_batches() -> Iterator[list[Article]]:
        for batch in batched(articles, BATCH_SIZE):
            known = loading.known_duplicates(batch)
            in_flight.append((batch, known))
            yield [a for a, dup in zip(batch, known, strict=True) if not dup]

    for extracted in pool.run(fresh_batches()):
        batch, known = in_flight.popleft()
        outcomes = iter(extracted)
        yield [(article, None) if dup else next(outcomes)
               for article, dup in zip(batch, known, strict=True)]


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
        # In a pool, batches are checked for duplicates before the ones ahead of
        # them are loaded: check again at load time.
        loading = Loading(store, run_id, summary, recheck=pool.parallel)
        for ready in extracted_in_order(articles, pool, loading):
            loading.load(ready)
        loading.finish(started)
    finally:
        pool.close()
        store.close()
    return summary
