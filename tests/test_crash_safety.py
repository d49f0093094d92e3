"""Crash safety: SIGKILL ``wirefacts ingest`` at random moments, run it again,
and the store equals a clean run's (same articles, facts, entities, errors; no
orphans), compared table by table modulo surrogate ids and timestamps.

Inputs are real Reuters-21578 records split into small files (skips without
../shared/corpora). Two seeds in the fast suite; many under ``-m long``.
"""

from __future__ import annotations

import random
import signal
import subprocess
import time
from pathlib import Path

import pytest
from robustkit import ingest_command, orphans, reuters_folder, snapshot, start_ingest

FAST_SEEDS = [3, 11]
LONG_SEEDS = list(range(100, 112))


@pytest.fixture(scope="module")
def clean_run(corpora: Path, tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    """Inputs, and the snapshot and duration of one uninterrupted ingest."""
    root = tmp_path_factory.mktemp("crash")
    inputs = reuters_folder(corpora, root / "in", files=6, per_file=20)
    db_url = f"sqlite:///{root / 'clean.db'}"
    started = time.perf_counter()
    done = subprocess.run(ingest_command([inputs], db_url), capture_output=True,
                          text=True, timeout=600)
    seconds = time.perf_counter() - started
    assert done.returncode == 1, done.stderr  # the one broken input
    assert "Traceback" not in done.stderr
    expected = snapshot(db_url)
    assert len(expected["articles"]) >= 100 and expected["errors"]
    assert orphans(db_url) == {"people": 0, "organizations": 0, "mentions": 0}
    return inputs, expected, seconds


def kill_and_resume(inputs: Path, db_path: Path, seed: int, seconds: float) -> int:
    """SIGKILL one ingest after a seeded random delay, then rerun it to the end.

    Returns the number of articles the killed run had committed.
    """
    db_url = f"sqlite:///{db_path}"
    delay = random.Random(seed).uniform(0.2, 1.0) * seconds
    proc = start_ingest([inputs], db_url)
    try:
        proc.wait(timeout=delay)
    except subprocess.TimeoutExpired:
        proc.send_signal(signal.SIGKILL)
    proc.communicate(timeout=60)
    committed = len(snapshot(db_url)["articles"]) if db_path.exists() else 0
    done = subprocess.run(ingest_command([inputs], db_url), capture_output=True,
                          text=True, timeout=600)
    assert done.returncode == 1 and "Traceback" not in done.stderr, done.stderr
    return committed


def check_recovered(clean_run, tmp_path: Path, seed: int) -> None:  # type: ignore[no-untyped-def]
    inputs, expected, seconds = clean_run
    db_path = tmp_path / f"killed-{seed}.db"
    committed = kill_and_resume(inputs, db_path, seed, seconds)
    print(f"seed {seed}: killed with {committed}/{len(expected['articles'])} "
          "articles committed; recovered")
    db_url = f"sqlite:///{db_path}"
    got = snapshot(db_url)
    for table, rows in expected.items():
        assert got[table] == rows, (table, seed, committed)
    assert orphans(db_url) == {"people": 0, "organizations": 0, "mentions": 0}


@pytest.mark.slow
@pytest.mark.parametrize("seed", FAST_SEEDS)
def test_killed_ingest_resumes_to_the_clean_store(clean_run, tmp_path, seed) -> None:
    check_recovered(clean_run, tmp_path, seed)


@pytest.mark.long
@pytest.mark.parametrize("seed", LONG_SEEDS)
def test_killed_ingest_resumes_many_kill_points(clean_run, tmp_path, seed) -> None:
    check_recovered(clean_run, tmp_path, seed)
