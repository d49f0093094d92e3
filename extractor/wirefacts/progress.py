"""A progress bar over input files, shown only when stderr is a terminal."""

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


def count_files(paths: Sequence[str | Path], recursive: bool) -> int:
    """How many input files the paths expand to (listing only, nothing is read)."""
    from wirefacts.read import iter_input_files

    return sum(1 for item in iter_input_files(paths, recursive=recursive)
               if isinstance(item, Path))


@contextmanager
def file_progress(paths: Sequence[str | Path], recursive: bool
                  ) -> Iterator[Callable[[int], None] | None]:
    """Yield a callable that advances the bar by n files, or None off a terminal."""
    if not sys.stderr.isatty():
        yield None
        return
    columns = (TextColumn("[bold]ingest"), BarColumn(), MofNCompleteColumn(),
               TextColumn("files"), TimeElapsedColumn(), TimeRemainingColumn())
    with Progress(*columns, console=Console(stderr=True), transient=True) as progress:
        task = progress.add_task("ingest", total=count_files(paths, recursive))
        yield lambda n: progress.advance(task, n)
