"""Progress bars over input files or articles, shown only when stderr is a terminal."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

ProgressHook = Callable[[int], None]


def count_files(paths: Sequence[str | Path], recursive: bool) -> int:
    """How many input files the paths expand to (listing only, nothing is read)."""
    from wirefacts.read import iter_input_files

    return sum(1 for item in iter_input_files(paths, recursive=recursive)
               if isinstance(item, Path))


@contextmanager
def progress_bar(label: str, unit: str, total: int | None = None
                 ) -> Iterator[tuple[ProgressHook, ProgressHook] | None]:
    """(set total, advance by n) hooks of a bar on a terminal, else None."""
    if not sys.stderr.isatty():
        yield None
        return
    columns = (TextColumn(f"[bold]{label}"), BarColumn(), MofNCompleteColumn(),
               TextColumn(unit), TimeElapsedColumn(), TimeRemainingColumn())
    with Progress(*columns, console=Console(stderr=True), transient=True) as progress:
        task = progress.add_task(label, total=total)
        yield (lambda n: progress.update(task, total=n),
               lambda n: progress.advance(task, n))


@contextmanager
def file_progress(paths: Sequence[str | Path], recursive: bool
                  ) -> Iterator[ProgressHook | None]:
    """Yield a callable that advances the bar by n files, or None off a terminal."""
    total = count_files(paths, recursive) if sys.stderr.isatty() else None
    with progress_bar("ingest", "files", total) as hooks:
        yield hooks[1] if hooks is not None else None


@contextmanager
def article_progress() -> Iterator[tuple[ProgressHook | None, ProgressHook | None]]:
    """(set total, advance) hooks of a bar over articles, or Nones off a terminal."""
    with progress_bar("reextract", "articles") as hooks:
        yield hooks if hooks is not None else (None, None)
