"""The command line: parse options, build Settings, call batch/export, set exit codes.

Exit codes: 0 all good; 1 some inputs failed (the rest is loaded) or the store
could not be used; 2 usage error. No traceback reaches the user for bad input.
"""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TextIO

import click

from wirefacts import __version__
from wirefacts.config import (
    DEFAULT_DB,
    DEFAULT_MODEL,
    Settings,
    default_rules_dir,
    hide_password,
)
from wirefacts.errors import WirefactsError

F = Callable[..., Any]


def validate_date(_ctx: click.Context, _param: click.Parameter,
                  value: str | None) -> str | None:
    """``--published`` must be an ISO date."""
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value).isoformat()
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date like 2019-09-21") from None


def store_options(func: F) -> F:
    """``--db`` and ``--rules`` / ``--model``, shared by every store command."""
    func = click.option("--model", envvar="WIREFACTS_MODEL", default=DEFAULT_MODEL,
                        show_default=True, help="Installed spaCy pipeline to use "
                        "(env WIREFACTS_MODEL).")(func)
    func = click.option("--rules", "rules_dir", envvar="WIREFACTS_RULES",
                        type=click.Path(file_okay=False, exists=True, path_type=Path),
                        default=default_rules_dir, show_default="bundled data/rules",
                        help="Folder of rule files (env WIREFACTS_RULES).")(func)
    func = click.option("--db", "db_url", envvar="WIREFACTS_DB", default=DEFAULT_DB,
                        show_default=True, help="SQLAlchemy database URL "
                        "(env WIREFACTS_DB).")(func)
    return func


@contextmanager
def reported_errors() -> Iterator[None]:
    """Turn the project's own errors into one-line messages and exit code 1."""
    try:
        yield
    except WirefactsError as exc:
        click.secho(f"error: {exc}", fg="red", err=True)
        sys.exit(1)
    except KeyboardInterrupt:
        click.secho("interrupted: every article loaded so far is kept", err=True)
        sys.exit(130)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="wirefacts")
def cli() -> None:
    """Turn raw news-wire articles into clean, structured, deduplicated facts.

    Ingest article files into a SQL store (SQLite by default, PostgreSQL too),
    then export people, roles, money, tariff actions, dates and quotes as CSV.
    """


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@store_options
@click.option("--published", callback=validate_date, metavar="YYYY-MM-DD",
              help="Publication date for inputs that carry none (anchors 'yesterday').")
@click.option("--workers", type=click.IntRange(1, 64), default=1, show_default=True,
              help="Processes running extraction.")
@click.option("--scheduler", metavar="ADDRESS", envvar="WIREFACTS_SCHEDULER",
              help="Extract on Dask: a scheduler address (tcp://HOST:8786) or "
              "local:N for a local cluster of N workers (env WIREFACTS_SCHEDULER; "
              "needs wirefacts[dask]).")
@click.option("--recursive/--no-recursive", default=True, show_default=True,
              help="Descend into sub-folders.")
@click.option("--max-bytes", type=click.IntRange(1), default=50 * 1024 * 1024,
              show_default=True, help="Refuse files larger than this.")
def ingest(paths: tuple[Path, ...], db_url: str, rules_dir: Path, model: str,
           published: str | None, workers: int, scheduler: str | None,
           recursive: bool, max_bytes: int) -> None:
    """Read files and folders, clean, extract facts and load them.

    PATHS are files or folders: .txt (optional header block), .html/.htm,
    .json/.jsonl, .csv, Reuters .sgm, NITF/NewsML .xml, any of them .gz.
    Prints a summary; exit code 1 when some inputs failed (the rest is loaded).
    """
    from wirefacts.batch import ingest as run_ingest
    from wirefacts.progress import file_progress

    settings = Settings(db_url=db_url, rules_dir=rules_dir, model=model,
                        workers=workers, published=published, max_bytes=max_bytes)
    with reported_errors(), file_progress(paths, recursive) as advance:
        if scheduler:
            from wirefacts.distributed import ingest_on_dask

            summary = ingest_on_dask(paths, settings, scheduler, recursive=recursive,
                                     on_file=advance)
        else:
            summary = run_ingest(paths, settings, recursive=recursive,
                                 on_file=advance)
    for failure in summary.failures:
        where = f" [{failure.record}]" if failure.record else ""
        click.echo(f"failed: {failure.source_path}{where}: {failure.reason}", err=True)
    s = summary.statuses
    click.echo(
        f"{summary.files} files: {s['new']} new articles, "
        f"{s['near_duplicate']} near-duplicate (kept, linked to the original), "
        f"{s['duplicate'] + s['already_loaded']} duplicate (skipped), "
        f"{summary.failed} failed; {summary.facts} facts loaded in "
        f"{summary.seconds:.1f} s into {hide_password(db_url)}"
    )
    sys.exit(1 if summary.failed else 0)


@cli.command()
@click.argument("table")
@click.option("--db", "db_url", envvar="WIREFACTS_DB", default=DEFAULT_DB,
              show_default=True, help="SQLAlchemy database URL (env WIREFACTS_DB).")
@click.option("-o", "--output", required=True, metavar="FILE",
              help="File to write; - for standard output.")
@click.option("--format", "fmt", type=click.Choice(["csv", "jsonl"]), default="csv",
              show_default=True)
@click.option("--raw", is_flag=True, help="CSV: write cells exactly as stored; by "
              "default a text cell starting with = + - @ tab or CR gets a leading ' "
              "so spreadsheets do not run it (span text is never changed).")
@click.option("--bom", is_flag=True, help="CSV: start with a UTF-8 byte-order mark "
              "(for Excel).")
def export(table: str, db_url: str, output: str, fmt: str, raw: bool,
           bom: bool) -> None:
    """Write one TABLE (articles, errors, people, organizations, mentions, roles,
    money, tariffs, dates, quotes, tariff_measures, places, extraction_runs) as
    CSV or JSON lines.

    The file is written under a temporary name and renamed when complete."""
    from wirefacts.export import TABLES, write_table
    from wirefacts.extract.rules import RuleSet
    from wirefacts.store.db import Store

    if table not in TABLES:
        raise click.BadParameter(f"{table!r}; choose from {', '.join(TABLES)}",
                                 param_hint="TABLE")
    with reported_errors():
        store = Store.open(db_url, RuleSet(default_rules_dir()))
        try:
            def write(out: TextIO) -> int:
                return write_table(store, table, out, fmt,  # type: ignore[arg-type]
                                   excel_safe=not raw, bom=bom)

            rows = write(sys.stdout) if output == "-" else write_atomically(
                Path(output), write)
        finally:
            store.close()
    if output != "-":
        click.echo(f"{rows} rows -> {output}", err=True)


def write_atomically(path: Path, write: Callable[[TextIO], int]) -> int:
    """Write to a temporary file beside ``path`` and rename it into place."""
    tmp = path.with_name(f".{path.name}.tmp")
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with tmp.open("w", encoding="utf-8", newline="") as out:
            rows = write(out)
        tmp.replace(path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise WirefactsError(f"cannot write {path}: {exc.strerror}") from None
    finally:
        tmp.unlink(missing_ok=True)
    return rows


@cli.command()
@store_options
@click.option("--all", "everything", is_flag=True,
              help="Redo every article, stale or not.")
@click.option("--article", "article_ids", type=click.IntRange(1), multiple=True,
              metavar="ID", help="Redo this article (stale or not); repeatable.")
@click.option("--dry-run", is_flag=True,
              help="Report what would change per table; change nothing.")
@click.option("--diff", "diff_path", metavar="FILE",
              help="Write every change as CSV (table, article_id, change, start, "
              "end, key, old, new); - for standard output.")
@click.option("--workers", type=click.IntRange(1, 64), default=1, show_default=True,
              help="Processes running extraction.")
def reextract(db_url: str, rules_dir: Path, model: str, everything: bool,
              article_ids: tuple[int, ...], dry_run: bool, diff_path: str | None,
              workers: int) -> None:
    """Re-run extraction on stored articles made with other rules or model.

    Only stale articles are redone (their facts were extracted with another
    rules folder, model or extractor version), from the stored cleaned text.
    A fact that comes out the same keeps its row and id; each batch of
    articles is replaced atomically, so an interrupted run can simply be run
    again. Prints per table how many facts were added, removed and changed.
    """
    from wirefacts.progress import article_progress
    from wirefacts.reextract import (
        ArticleNotFound,
        report_lines,
        summary_line,
    )
    from wirefacts.reextract import reextract as run_reextract

    settings = Settings(db_url=db_url, rules_dir=rules_dir, model=model,
                        workers=workers)
    summaries = []

    def run(diff_out: TextIO | None) -> int:
        with article_progress() as (on_start, on_articles):
            summaries.append(run_reextract(
                settings, everything=everything, article_ids=article_ids,
                dry_run=dry_run, diff_out=diff_out, on_start=on_start,
                on_articles=on_articles))
        return summaries[-1].changed_facts()

    with reported_errors():
        try:
            if diff_path is None:
                run(None)
            elif diff_path == "-":
                run(sys.stdout)
            else:
                changes = write_atomically(Path(diff_path), run)
                click.echo(f"{changes} changes -> {diff_path}", err=True)
        except ArticleNotFound as exc:
            raise click.BadParameter(str(exc), param_hint="--article") from None
    summary = summaries[-1]
    for failure in summary.failures:
        where = f" [{failure.record}]" if failure.record else ""
        click.echo(f"failed: {failure.source_path}{where}: {failure.reason}", err=True)
    out = sys.stderr if diff_path == "-" else sys.stdout
    if summary.stale:
        for line in report_lines(summary):
            click.echo(line, file=out)
    click.echo(summary_line(summary), file=out)
    sys.exit(1 if summary.failed else 0)


@cli.group()
def rules() -> None:
    """Inspect and validate rule files (patterns and lexicons)."""


@rules.command("check")
@click.argument("folder", required=False,
                type=click.Path(file_okay=False, exists=True, path_type=Path))
def rules_check(folder: Path | None) -> None:
    """Validate the rule files in FOLDER (default: the bundled data/rules).

    Prints each problem as file:line: message; exit code 1 when there is any.
    """
    from wirefacts.extract.rule_check import check_rules

    with reported_errors():
        problems = check_rules(folder or default_rules_dir())
    for problem in problems:
        click.echo(problem)
    click.echo(f"{len(problems)} problem(s) in {folder or default_rules_dir()}",
               err=True)
    sys.exit(1 if problems else 0)


@cli.group()
def db() -> None:
    """Maintain the store's schema."""


@db.command("upgrade")
@click.option("--db", "db_url", envvar="WIREFACTS_DB", default=DEFAULT_DB,
              show_default=True, help="SQLAlchemy database URL (env WIREFACTS_DB).")
def db_upgrade(db_url: str) -> None:
    """Bring the store at --db to the current schema, keeping its data.

    Every command also does this on first use; run it explicitly to upgrade a
    shared PostgreSQL store at a time of your choosing.
    """
    from wirefacts.store.db import upgrade_url

    with reported_errors():
        upgrade_url(db_url)
    click.echo(f"{hide_password(db_url)} is at the current schema")


def main() -> None:
    """Console-script entry point."""
    cli(prog_name="wirefacts")
