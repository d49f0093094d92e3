"""The CLI over a hostile corpus: nothing lost, nothing crashes, exports are safe.

``tests/bad_inputs/make_bad_inputs.py`` writes every kind of broken or awkward
file an archive holds; one ``wirefacts ingest`` over them must exit 1 with a
summary and no traceback, within bounded time and memory, and leave every file
as loaded articles or ``errors`` rows with a reason. Also: CSV exports
neutralise formula cells (``--raw`` keeps them, ``--bom`` for Excel) and no
database password is ever printed.
"""

from __future__ import annotations

import csv
import importlib.util
import io
import os
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest
from wirefacts.config import default_rules_dir
from wirefacts.errors import StoreError
from wirefacts.export import write_table
from wirefacts.extract.rules import RuleSet
from wirefacts.store.db import Store

HERE = Path(__file__).resolve().parent
MAX_BYTES = 1024 * 1024
TIME_LIMIT_S = 180
MEMORY_LIMIT_MB = 1500
# Runs the CLI and reports its peak resident memory (KB) on the last stderr line.
MEASURED = (
    "import resource, sys\n"
    "from wirefacts.cli import cli\n"
    "try:\n"
    "    cli(sys.argv[1:], prog_name='wirefacts')\n"
    "finally:\n"
    "    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
    "    print(f'peak-rss-kb {peak}', file=sys.stderr)\n"
)


def _generator():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location(
        "make_bad_inputs", HERE / "bad_inputs" / "make_bad_inputs.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def run_cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """``wirefacts ARGS`` in a fresh interpreter (no terminal: no progress bar)."""
    env = {**os.environ, "PYTHONHASHSEED": "0"}
    env.pop("WIREFACTS_DB", None)
    return subprocess.run(
        [sys.executable, "-c", MEASURED, *args],
        capture_output=True,
        text=True,
        timeout=TIME_LIMIT_S * 2,
        env=env,
        cwd=cwd,
    )


def export_rows(db_url: str, table: str, *flags: str) -> list[dict[str, str]]:
    """Rows of one CSV export, made in-process (``--raw`` -> excel_safe False)."""
    out = io.StringIO()
    store = Store.open(db_url, RuleSet(default_rules_dir()))
    try:
        write_table(store, table, out, "csv", excel_safe="--raw" not in flags)
    finally:
        store.close()
    return list(csv.DictReader(io.StringIO(out.getvalue())))


@pytest.fixture(scope="module")
def hostile_run(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    """One ingest over the whole generated corpus: (corpus, db url, result, secs)."""
    folder = tmp_path_factory.mktemp("hostile")
    corpus = _generator().make_corpus(folder / "in", MAX_BYTES)
    db_url = f"sqlite:///{folder / 'store.db'}"
    started = time.perf_counter()
    done = run_cli("ingest", str(folder / "in"), "--db", db_url,
                   "--max-bytes", str(MAX_BYTES))
    return corpus, folder / "in", db_url, done, time.perf_counter() - started


@pytest.mark.slow
def test_hostile_corpus_exits_1_with_summary_and_no_traceback(hostile_run) -> None:
    corpus, _, _, done, seconds = hostile_run
    output = done.stdout + done.stderr
    assert done.returncode == 1, output
    assert "Traceback" not in output
    files = len(corpus.bad) + len(corpus.odd)
    assert f"{files} files:" in done.stdout
    failures = len(corpus.bad) + sum(o.failures for o in corpus.odd.values())
    assert f"{failures} failed" in done.stdout
    peak_mb = int(done.stderr.rsplit("peak-rss-kb ", 1)[1].split()[0]) / 1024
    assert seconds < TIME_LIMIT_S and peak_mb < MEMORY_LIMIT_MB, (seconds, peak_mb)


@pytest.mark.slow
def test_every_bad_file_is_an_errors_row_with_its_reason(hostile_run) -> None:
    corpus, folder, db_url, _, _ = hostile_run
    errors = export_rows(db_url, "errors")
    reasons: dict[str, list[str]] = {}
    for row in errors:
        reasons.setdefault(Path(row["source_path"]).name, []).append(row["reason"])
        assert row["at"] and row["reason"]
    for name, expected in corpus.bad.items():
        assert len(reasons.get(name, [])) == 1, (name, reasons.get(name))
        assert expected in reasons[name][0], (name, reasons[name])
    for name, odd in corpus.odd.items():
        assert len(reasons.get(name, [])) == odd.failures, (name, reasons.get(name))
    assert set(reasons) <= set(corpus.bad) | set(corpus.odd)


@pytest.mark.slow
def test_every_readable_file_is_loaded_and_decoded(hostile_run) -> None:
    corpus, _, db_url, _, _ = hostile_run
    rows = export_rows(db_url, "articles", "--raw")
    per_file = Counter(Path(r["source_path"]).name for r in rows)
    assert per_file == {n: o.articles for n, o in corpus.odd.items()}
    for name, odd in corpus.odd.items():
        texts = [r["text"] for r in rows if Path(r["source_path"]).name == name]
        assert any(odd.text in t for t in texts), (name, texts)
        assert all("\ufffd" not in t and "\x00" not in t for t in texts), name


@pytest.mark.slow
def test_csv_export_neutralises_formula_cells_but_not_spans(hostile_run) -> None:
    _, _, db_url, _, _ = hostile_run
    rows = [
        r for r in export_rows(db_url, "articles")
        if r["source_path"].endswith("formula-cells.csv")
    ]
    titles = sorted(r["title"] for r in rows)
    assert titles == ["'=HYPERLINK(\"http://x.invalid\",\"go\")", "'@SUM(A1)"]
    # The article text is a span column: kept as stored so offsets stay true.
    assert any(r["text"].startswith("=cmd|") for r in rows)
    raw = [
        r["title"] for r in export_rows(db_url, "articles", "--raw")
        if r["source_path"].endswith("formula-cells.csv")
    ]
    assert sorted(raw) == ['=HYPERLINK("http://x.invalid","go")', "@SUM(A1)"]


@pytest.mark.slow
def test_export_bom_and_atomic_file(hostile_run, tmp_path: Path) -> None:
    _, _, db_url, _, _ = hostile_run
    target = tmp_path / "out" / "articles.csv"
    done = run_cli("export", "articles", "--db", db_url, "-o", str(target), "--bom")
    assert done.returncode == 0, done.stderr
    data = target.read_bytes()
    assert data.startswith(b"\xef\xbb\xbfarticle_id,source_path,")
    assert [p.name for p in target.parent.iterdir()] == ["articles.csv"]


def test_export_cell_rules_keep_numbers_and_spans() -> None:
    from wirefacts.export import csv_cell

    assert csv_cell("-5 per cent", "str") == "'-5 per cent"
    assert csv_cell("\tx", "str") == "'\tx" and csv_cell("\rx", "str") == "'\rx"
    assert csv_cell("+65 6123", "str", excel_safe=False) == "+65 6123"
    assert csv_cell("-- said", "span") == "-- said"
    assert csv_cell(-5, "num") == "-5" and csv_cell(-3, "int") == "-3"
    assert csv_cell("Trump", "str") == "Trump"


def test_password_never_printed_when_postgres_is_unreachable() -> None:
    url = "postgresql+psycopg://wire:Sup3rS3cretPw@127.0.0.1:1/facts"
    with pytest.raises(StoreError) as caught:
        Store.open(url, None)
    assert "Sup3rS3cretPw" not in str(caught.value)
    assert "***" in str(caught.value)


def test_password_in_environment_url_is_hidden_by_the_cli(tmp_path: Path) -> None:
    env = {**os.environ, "WIREFACTS_DB": "postgresql://u:Pa55w0rdX@127.0.0.1:1/x"}
    done = subprocess.run(
        [sys.executable, "-m", "wirefacts", "export", "money", "-o", "-"],
        capture_output=True, text=True, env=env, timeout=120, cwd=tmp_path,
    )
    assert done.returncode == 1
    assert "Pa55w0rdX" not in done.stdout + done.stderr
    assert "Traceback" not in done.stderr and "***" in done.stderr
