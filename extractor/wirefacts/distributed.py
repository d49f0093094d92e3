"""Scale-out on Dask distributed: input files -> Dask workers -> the client's store.

``ingest_on_dask`` lists the input files in the client and sends them, in
tasks of about ``TASK_BYTES`` (a big multi-record file is split into parts), to
Dask workers. Each worker process builds the Extractor once and reads, cleans
and extracts; it returns picklable ``(Article, ArticleFacts | FailedInput)``
lists. The client loads them into the store (SQLite or a shared PostgreSQL) in
input order, in the same batches as a local run, so the store is identical to
``wirefacts ingest --workers 1`` on the same files. At most ``2 * threads``
tasks are in flight, so memory stays flat on both sides.

Dask is an optional dependency: ``pip install 'wirefacts[dask]'``.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from wirefacts.batch import (
    BATCH_SIZE,
    Extracted,
    Loading,
    ProgressHook,
    Summary,
    clean_items,
    single_threaded_math,
)
from wirefacts.config import Settings
from wirefacts.errors import WirefactsError
from wirefacts.extract.article import Extractor
from wirefacts.extract.rules import RuleSet
from wirefacts.facts import Article, FailedInput, RawDoc
from wirefacts.read import iter_input_files, read_path
from wirefacts.store.db import Store

# A task holds small files up to this many bytes, or one part of a bigger file.
TASK_BYTES = 384 * 1024
MAX_FILES_PER_TASK = 64
LOCAL_PREFIX = "local"
CONNECT_TIMEOUT = "30s"
# Local workers skip Dask's statistical profiler (a thread sampling every 10 ms):
# it costs CPU that extraction needs and nobody reads its profiles here. On a real
# cluster set DASK_DISTRIBUTED__WORKER__PROFILE__ENABLED=False for the same effect.
LOCAL_WORKER_CONFIG = {"distributed.worker.profile.enabled": False}
# How often a waiting client checks that workers are still there, and how long it
# waits for a task with none connected before it gives up.
WAIT_STEP_SECONDS = 5.0
NO_WORKERS_SECONDS = 120.0


@dataclass(frozen=True, slots=True)
class FilePart:
    """Records ``part`` of ``parts`` (contiguous, in order) of one input file."""

    path: str
    part: int = 0
    parts: int = 1


@dataclass(frozen=True, slots=True)
class TaskResult:
    """What a worker sends back for one task."""

    files: int
    extracted: Extracted
    failures: list[FailedInput]


# -- worker side --------------------------------------------------------------------

_extractors: dict[tuple[str, str], Extractor] = {}
_extractor_lock = threading.Lock()


def worker_extractor(settings: Settings) -> Extractor:
    """The Extractor of this worker process, built on first use."""
    key = (str(settings.rules_dir), settings.model)
    with _extractor_lock:
        if key not in _extractors:
            _extractors[key] = Extractor.from_settings(settings)
        return _extractors[key]


# The records of the last split file this worker read: its other parts usually
# come to the same worker, which then parses the file once instead of once a part.
_last_split: dict[tuple[str, int, int], list[RawDoc | FailedInput]] = {}
_split_lock = threading.Lock()


def split_file_records(path: Path, settings: Settings) -> list[RawDoc | FailedInput]:
    """Every record of a file that is read in parts, parsed once per worker."""
    try:
        stat = path.stat()
        key = (str(path), stat.st_mtime_ns, stat.st_size)
    except OSError:
        return list(read_path(path, max_bytes=settings.max_bytes))
    with _split_lock:
        if key not in _last_split:
            _last_split.clear()
            _last_split[key] = list(read_path(path, max_bytes=settings.max_bytes))
        return _last_split[key]


def read_part(part: FilePart, settings: Settings, rules: RuleSet,
              failures: list[FailedInput]) -> Iterator[Article]:
    """Cleaned articles of one file part; unreadable records go to ``failures``."""
    path = Path(part.path)
    if part.parts == 1:
        items: Iterable[RawDoc | FailedInput] = read_path(
            path, max_bytes=settings.max_bytes)
    else:
        every = split_file_records(path, settings)
        low = len(every) * part.part // part.parts
        high = len(every) * (part.part + 1) // part.parts
        items = every[low:high]
    return clean_items(items, settings, rules, failures)


def extract_task(parts: list[FilePart], settings: Settings) -> TaskResult:
    """Run on a Dask worker: read, clean and extract some files (or file parts)."""
    extractor = worker_extractor(settings)
    failures: list[FailedInput] = []
    articles = [article for part in parts
                for article in read_part(part, settings, extractor.rules, failures)]
    with _extractor_lock:  # spaCy pipelines are not shared between threads
        extracted = list(extractor.extract_many(articles))
    done = sum(1 for part in parts if part.part == part.parts - 1)
    return TaskResult(done, extracted, failures)


# -- client side --------------------------------------------------------------------


def plan_tasks(paths: Sequence[str | Path], recursive: bool,
               failures: list[FailedInput]) -> Iterator[list[FilePart]]:
    """Tasks of about TASK_BYTES each, in input order; bad paths go to ``failures``."""
    task: list[FilePart] = []
    size = 0
    for item in iter_input_files(paths, recursive=recursive):
        if isinstance(item, FailedInput):
            failures.append(item)
            continue
        try:
            length = item.stat().st_size
        except OSError:
            length = 0  # the worker reports why it cannot be read
        if length > TASK_BYTES:
            if task:
                yield task
                task, size = [], 0
            parts = -(-length // TASK_BYTES)
            for number in range(parts):
                yield [FilePart(str(item), number, parts)]
            continue
        task.append(FilePart(str(item)))
        size += length
        if size >= TASK_BYTES or len(task) >= MAX_FILES_PER_TASK:
            yield task
            task, size = [], 0
    if task:
        yield task


def _dask() -> Any:
    try:
        import distributed
    except ImportError:
        raise WirefactsError(
            "--scheduler needs Dask: pip install 'wirefacts[dask]'") from None
    return distributed


def local_workers(scheduler: str) -> int | None:
    """N for ``local`` / ``local:N`` (a LocalCluster), None for a scheduler address."""
    if scheduler != LOCAL_PREFIX and not scheduler.startswith(f"{LOCAL_PREFIX}:"):
        return None
    count = scheduler.partition(":")[2] or "2"
    if not count.isdigit() or int(count) < 1:
        raise WirefactsError(f"bad scheduler {scheduler!r}: use local:N with N >= 1")
    return int(count)


@contextmanager
def dask_client(scheduler: str) -> Iterator[Any]:
    """A Dask client for ``tcp://HOST:PORT`` or a fresh ``local:N`` cluster."""
    distributed = _dask()
    import dask

    workers = local_workers(scheduler)
    single_threaded_math()
    try:
        if workers is None:
            client = distributed.Client(scheduler, timeout=CONNECT_TIMEOUT)
            cluster = None
        else:
            # the nannies' shutdown chatter ("still alive, killing") is noise here
            logging.getLogger("distributed").setLevel(logging.ERROR)
            with dask.config.set(LOCAL_WORKER_CONFIG):
                cluster = distributed.LocalCluster(
                    n_workers=workers, threads_per_worker=1, processes=True,
                    dashboard_address=None)
            client = distributed.Client(cluster)
    except (OSError, TimeoutError, ValueError) as exc:
        raise WirefactsError(
            f"cannot reach Dask scheduler {scheduler}: {exc}") from None
    try:
        yield client
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def task_result(future: Any, client: Any) -> TaskResult:
    """The result of one task; a lost worker or a crash becomes a WirefactsError.

    A task waits as long as it needs while workers are connected; with no worker
    left for ``NO_WORKERS_SECONDS`` the run stops instead of hanging.
    """
    limit = NO_WORKERS_SECONDS
    alone_since: float | None = None
    while True:
        try:
            return future.result(timeout=WAIT_STEP_SECONDS)  # type: ignore[no-any-return]
        except TimeoutError:
            if client.scheduler_info().get("workers"):
                alone_since = None
                continue
            now = time.monotonic()
            alone_since = now if alone_since is None else alone_since
            if now - alone_since >= limit:
                raise WirefactsError(
                    f"no Dask worker has been connected to the scheduler for "
                    f"{limit:.0f} s; start workers or check their logs"
                ) from None
        except WirefactsError:
            raise
        except Exception as exc:  # noqa: BLE001 - Dask re-raises the worker's error
            raise WirefactsError(
                f"Dask task failed: {type(exc).__name__}: {exc}") from None


def ingest_on_dask(paths: Sequence[str | Path], settings: Settings, scheduler: str,
                   recursive: bool = True,
                   on_file: ProgressHook | None = None) -> Summary:
    """Like ``batch.ingest``, with reading and extraction on Dask workers."""
    started = time.perf_counter()
    summary = Summary()
    # The client needs the rules and the extraction key, never the model.
    extractor = Extractor.from_settings(settings)
    with dask_client(scheduler) as client:
        window = 2 * max(1, sum(client.nthreads().values()))
        store = Store.open(settings.db_url, extractor.rules)
        try:
            run_id = store.start_run(extractor.key, extractor.model_name, "ingest")
            loading = Loading(store, run_id, summary, recheck=True)
            pending: deque[Any] = deque()
            waiting: list[tuple[Article, Any]] = []

            def collect(future: Any) -> None:
                result = task_result(future, client)
                summary.failures.extend(result.failures)
                waiting.extend(result.extracted)
                while len(waiting) >= BATCH_SIZE:
                    loading.load(waiting[:BATCH_SIZE])
                    del waiting[:BATCH_SIZE]
                summary.files += result.files
                if on_file is not None and result.files:
                    on_file(result.files)

            for task in plan_tasks(paths, recursive, summary.failures):
                pending.append(client.submit(extract_task, task, settings,
                                             pure=False))
                if len(pending) >= window:
                    collect(pending.popleft())
            while pending:
                collect(pending.popleft())
            if waiting:
                loading.load(waiting)
            loading.finish(started)
        finally:
            store.close()
    return summary
