"""Re-extraction after a rule change, end to end through the command line:
dry run, exact store changes, no work when fresh, and kill -9 midway."""

from __future__ import annotations

import csv
import io
import os
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from wirefacts.cli import cli
from wirefacts.config import default_rules_dir
from wirefacts.export import TABLES

SAMPLES = Path(__file__).resolve().parents[1] / "data" / "samples"
pytestmark = pytest.mark.slow

QUINT = """Published: 2025-05-06
Source: Reuters

GENEVA, May 6 (Reuters) - Chief Trade Mediator Mara Quint said on Tuesday the two \
sides had agreed to resume talks on steel tariffs next month.

"We are closer than we have been in a year," Quint told reporters after a meeting \
with U.S. Trade Representative Jamieson Greer in Geneva.

Washington imposed a 25% tariff on steel imports in March.
"""


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


def export_all(db: str) -> dict[str, list[dict[str, str]]]:
    """Every table but the run log, without the columns a run stamps."""
    tables = {}
    for table in TABLES:
        if table == "extraction_runs":
            continue
        code, out, err = run("export", table, "--db", db, "-o", "-")
        assert code == 0, err
        rows = list(csv.DictReader(io.StringIO(out)))
        for row in rows:
            row.pop("extraction_key", None)
        tables[table] = rows
    return tables


def rules_with_head(tmp_path: Path, word: str) -> Path:
    """A copy of the bundled rules with one more title head word."""
    rules = tmp_path / "rules"
    shutil.copytree(default_rules_dir(), rules)
    titles = rules / "titles.yml"
    text = titles.read_text(encoding="utf-8")
    assert re.search(rf"^\s*- {word}$", text, re.M) is None
    titles.write_text(text.replace("heads:\n", f"heads:\n  - {word}\n", 1),
                      encoding="utf-8")
    return rules


def test_reextract_new_title_changes_exactly_one_role(tmp_path: Path) -> None:
    inputs = tmp_path / "in"
    shutil.copytree(SAMPLES, inputs)
    (inputs / "quint.txt").write_text(QUINT, encoding="utf-8")
    db = f"sqlite:///{tmp_path}/wf.db"
    code, out, err = run("ingest", str(inputs), "--db", db)
    assert code == 0, out + err
    rules = rules_with_head(tmp_path, "mediator")
    code, out, err = run("rules", "check", str(rules))
    assert code == 0, out + err
    before = export_all(db)
    runs_before = run("export", "extraction_runs", "--db", db, "-o", "-")[1]

    # dry run: exactly the new role, nothing else, and the store is untouched
    diff_file = tmp_path / "diff.csv"
    code, out, err = run("reextract", "--db", db, "--rules", str(rules), "--dry-run",
                         "--diff", str(diff_file))
    assert code == 0, out + err
    assert "roles: 1 added, 0 removed, 0 changed" in out
    assert "role='Chief Trade Mediator'" in out and "person='Mara Quint'" in out
    for table in ("mentions", "money", "tariffs", "dates", "quotes"):
        assert f"{table}: 0 added, 0 removed, 0 changed" in out
    assert "10 stale of 10 articles" in out and "nothing changed" in out
    [change] = list(csv.DictReader(diff_file.open(encoding="utf-8")))
    assert (change["table"], change["change"]) == ("roles", "added")
    assert '"role": "Chief Trade Mediator"' in change["new"] and not change["old"]
    assert export_all(db) == before
    assert run("export", "extraction_runs", "--db", db, "-o", "-")[1] == runs_before

    # the real run changes the store by exactly that role
    code, out, err = run("reextract", "--db", db, "--rules", str(rules))
    assert code == 0, out + err
    after = export_all(db)
    assert {t for t in after if after[t] != before[t]} == {"roles", "people"}
    new_roles = [r for r in after["roles"] if r not in before["roles"]]
    assert [(r["person"], r["role"]) for r in new_roles] == [
        ("Mara Quint", "Chief Trade Mediator")]
    assert [r for r in after["roles"] if r in before["roles"]] == before["roles"]
    quint_before = [p for p in before["people"] if p["name"] == "Mara Quint"]
    quint_after = [p for p in after["people"] if p["name"] == "Mara Quint"]
    assert quint_after == [{**quint_before[0], "roles": "Chief Trade Mediator"}]
    assert [p for p in after["people"] if p["name"] != "Mara Quint"] == [
        p for p in before["people"] if p["name"] != "Mara Quint"]

    # and again: nothing is stale, nothing is done
    code, out, err = run("reextract", "--db", db, "--rules", str(rules))
    assert code == 0, out + err
    assert "0 stale of 10 articles" in out and "nothing to do" in out
    assert export_all(db) == after


def test_reextract_unknown_article_is_a_usage_error(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path}/wf.db"
    code, out, err = run("reextract", "--db", db, "--article", "42")
    assert code == 2 and "no article 42" in err and "Traceback" not in out + err


def first_records(sgm: Path, count: int, target: Path) -> Path:
    """A Reuters-21578 file holding only the first ``count`` records."""
    text = sgm.read_text(encoding="latin-1")
    ends = [m.end() for m in re.finditer(r"</REUTERS>", text)]
    target.write_text(text[: ends[count - 1]] + "\n", encoding="latin-1")
    return target


def reextracted(db_file: Path, old_key: str) -> int:
    with sqlite3.connect(f"file:{db_file}?mode=ro", uri=True, timeout=30) as conn:
        return conn.execute(
            "SELECT count(*) FROM articles WHERE extraction_key != ?", (old_key,)
        ).fetchone()[0]


def test_reextract_killed_midway_then_rerun_matches_uninterrupted(
    tmp_path: Path, corpora: Path
) -> None:
    sgm = corpora / "reuters21578" / "reut2-000.sgm"
    if not sgm.is_file():
        pytest.skip("reut2-000.sgm is not present")
    inputs = tmp_path / "in"
    inputs.mkdir()
    first_records(sgm, 80, inputs / "reut2-000-head.sgm")
    base = tmp_path / "base.db"
    code, out, err = run("ingest", str(inputs), "--db", f"sqlite:///{base}")
    assert code == 0, out + err
    with sqlite3.connect(base) as conn:
        [(old_key, articles)] = conn.execute(
            "SELECT extraction_key, count(*) FROM articles "
            "WHERE duplicate_kind IS NOT 'exact' GROUP BY extraction_key")
    # a rule change that matters on 1987 copy: "minister" is no longer a title
    rules = tmp_path / "rules"
    shutil.copytree(default_rules_dir(), rules)
    titles = rules / "titles.yml"
    titles.write_text(re.sub(r"^  - minister\n", "", titles.read_text(), count=1,
                             flags=re.M))
    whole, killed = tmp_path / "whole.db", tmp_path / "killed.db"
    shutil.copy(base, whole)
    shutil.copy(base, killed)

    code, out, err = run("reextract", "--db", f"sqlite:///{whole}", "--rules",
                         str(rules))
    assert code == 0, out + err
    assert re.search(r"roles \+\d+ -[1-9]", out), out

    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "wirefacts", "reextract", "--db", f"sqlite:///{killed}",
         "--rules", str(rules)], env=env, stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 300
        while reextracted(killed, old_key) == 0 and proc.poll() is None:
            assert time.monotonic() < deadline, "re-extract made no progress"
            time.sleep(0.05)
        os.kill(proc.pid, signal.SIGKILL)
    finally:
        proc.wait()
    done = reextracted(killed, old_key)
    assert 0 < done < articles, f"kill came too late: {done} of {articles}"

    code, out, err = run("reextract", "--db", f"sqlite:///{killed}", "--rules",
                         str(rules))
    assert code == 0, out + err
    assert f"{articles - done} stale of {articles} articles" in out
    assert export_all(f"sqlite:///{killed}") == export_all(f"sqlite:///{whole}")
