"""Dask scale-out: task planning, file parts, and a LocalCluster run whose store
equals the local one-worker run on the same files."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from ingestkit import SAMPLES, store_tables
from wirefacts import distributed
from wirefacts.batch import ingest, read_file
from wirefacts.cli import cli
from wirefacts.config import Settings, default_rules_dir
from wirefacts.distributed import FilePart, local_workers, plan_tasks, read_part
from wirefacts.errors import WirefactsError
from wirefacts.extract.rules import RuleSet
from wirefacts.facts import FailedInput

REUTERS_RECORDS = 14


def reuters_subset(corpora: Path, target: Path, records: int) -> Path:
    """The first ``records`` stories of reut2-000.sgm as a small .sgm file."""
    text = (corpora / "reuters21578" / "reut2-000.sgm").read_bytes().decode("latin-1")
    stories = text.split("</REUTERS>")[:records]
    target.write_bytes(("</REUTERS>".join(stories) + "</REUTERS>\n").encode("latin-1"))
    return target


@pytest.fixture()
def inputs(tmp_path: Path, corpora: Path) -> Path:
    folder = tmp_path / "in"
    shutil.copytree(SAMPLES, folder)
    reuters_subset(corpora, folder / "reut2-head.sgm", REUTERS_RECORDS)
    # an exact copy in a later task, and a file that cannot be read
    shutil.copy(folder / "2024-03-14-steel-tariffs.txt", folder / "zz-copy.txt")
    (folder / "zz-broken.json").write_text("{not json", encoding="utf-8")
    return folder


def test_local_scheduler_spec_is_parsed() -> None:
    assert local_workers("local") == 2
    assert local_workers("local:3") == 3
    assert local_workers("tcp://10.0.0.5:8786") is None
    with pytest.raises(WirefactsError, match="local:N"):
        local_workers("local:zero")


def test_big_files_are_split_and_small_ones_grouped(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(distributed, "TASK_BYTES", 1000)
    (tmp_path / "a.txt").write_text("x" * 400)
    (tmp_path / "b.txt").write_text("x" * 700)
    (tmp_path / "c.sgm").write_text("x" * 2500)
    (tmp_path / "d.txt").write_text("x" * 10)
    failures: list[FailedInput] = []
    tasks = list(plan_tasks([tmp_path, tmp_path / "missing.txt"], True, failures))
    names = [[(Path(p.path).name, p.part, p.parts) for p in task] for task in tasks]
    assert names == [
        [("a.txt", 0, 1), ("b.txt", 0, 1)],
        [("c.sgm", 0, 3)], [("c.sgm", 1, 3)], [("c.sgm", 2, 3)],
        [("d.txt", 0, 1)],
    ]
    assert [f.reason for f in failures] == ["no such file or directory"]


def test_file_parts_together_are_the_whole_file(tmp_path: Path,
                                                corpora: Path) -> None:
    sgm = reuters_subset(corpora, tmp_path / "r.sgm", REUTERS_RECORDS)
    rules = RuleSet(default_rules_dir())
    settings = Settings()
    whole = [a.record for a in read_file(sgm, settings, rules, [])]
    parts = [a.record for n in range(3)
             for a in read_part(FilePart(str(sgm), n, 3), settings, rules, [])]
    assert len(whole) == REUTERS_RECORDS
    assert parts == whole


def test_a_split_file_is_parsed_once_per_worker_until_it_changes(
        tmp_path: Path, corpora: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    sgm = reuters_subset(corpora, tmp_path / "head.sgm", REUTERS_RECORDS)
    rules = RuleSet(default_rules_dir())
    parsed: list[Path] = []
    real_read_path = distributed.read_path

    def counting_read_path(path: Path, **options: object):  # type: ignore[no-untyped-def]
        parsed.append(path)
        return real_read_path(path, **options)

    monkeypatch.setattr(distributed, "read_path", counting_read_path)

    def records() -> list[str | None]:
        return [a.record for n in range(3)
                for a in read_part(FilePart(str(sgm), n, 3), Settings(), rules, [])]

    first = records()
    assert len(first) == REUTERS_RECORDS and len(parsed) == 1
    reuters_subset(corpora, sgm, REUTERS_RECORDS - 4)  # the file changes on disk
    assert len(records()) == REUTERS_RECORDS - 4
    assert len(parsed) == 2


def test_cli_rejects_a_bad_local_scheduler_without_traceback(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["ingest", str(SAMPLES), "--db",
                                      f"sqlite:///{tmp_path}/x.db",
                                      "--scheduler", "local:0"])
    assert result.exit_code == 1
    assert "local:N" in result.stderr
    assert "Traceback" not in result.output + result.stderr


@pytest.mark.slow
def test_local_cluster_store_equals_local_run(
        inputs: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("distributed")
    from distributed import LocalCluster

    # small tasks, so that the Reuters file is split and the samples grouped
    monkeypatch.setattr(distributed, "TASK_BYTES", 8 * 1024)
    local_db = f"sqlite:///{tmp_path}/local.db"
    dask_db = f"sqlite:///{tmp_path}/dask.db"
    local = ingest([inputs], Settings(db_url=local_db, workers=1))
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                      dashboard_address=None) as cluster:
        on_dask = distributed.ingest_on_dask(
            [inputs], Settings(db_url=dask_db), cluster.scheduler_address)
    assert on_dask.statuses == local.statuses
    assert local.statuses["new"] >= REUTERS_RECORDS
    assert local.statuses["duplicate"] == 1
    assert on_dask.files == local.files == len(list(SAMPLES.iterdir())) + 3
    assert on_dask.facts == local.facts > 0
    assert [f.source_path for f in on_dask.failures] == [
        f.source_path for f in local.failures]
    assert store_tables(dask_db) == store_tables(local_db)


@pytest.mark.slow
def test_a_scheduler_without_workers_stops_the_run_with_a_clear_error(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("distributed")
    from distributed import LocalCluster

    monkeypatch.setattr(distributed, "WAIT_STEP_SECONDS", 0.2)
    monkeypatch.setattr(distributed, "NO_WORKERS_SECONDS", 1.0)
    with LocalCluster(n_workers=0, processes=False, dashboard_address=None) as cluster:
        with pytest.raises(WirefactsError, match="no Dask worker"):
            distributed.ingest_on_dask([SAMPLES], Settings(db_url=f"sqlite:///{tmp_path}/x.db"),
                                       cluster.scheduler_address)
