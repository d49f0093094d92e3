"""End to end through the command line: ingest -> export, re-ingest, bad files."""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from wirefacts.cli import cli

SAMPLES = Path(__file__).resolve().parents[1] / "data" / "samples"
pytestmark = pytest.mark.slow


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


def export_rows(db: str, table: str) -> list[dict[str, str]]:
    code, out, err = run("export", table, "--db", db, "-o", "-")
    assert code == 0, err
    return list(csv.DictReader(io.StringIO(out)))


@pytest.fixture(scope="module")
def sample_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    db = f"sqlite:///{tmp_path_factory.mktemp('cli')}/wf.db"
    code, out, err = run("ingest", str(SAMPLES), "--db", db)
    assert code == 0, out + err
    assert "Traceback" not in out + err
    return db


def test_cli_ingest_summary_counts_every_sample(sample_db: str) -> None:
    articles = export_rows(sample_db, "articles")
    # 1 + 1 txt, 1 html, 2 jsonl records, 2 sgml records, 2 csv rows
    assert len(articles) == 9
    sgml = [a for a in articles if a["external_id"] == "90001"]
    assert sgml and sgml[0]["published"] == "1987-03-16"
    assert sgml[0]["dateline"].startswith("WASHINGTON")


def test_cli_export_columns_follow_the_contract(sample_db: str) -> None:
    expected = {
        "articles": ["article_id", "source_path", "external_id", "title", "published",
                     "dateline", "sources", "text", "duplicate_of"],
        "people": ["person_id", "name", "aliases", "article_count", "roles"],
        "money": ["article_id", "text", "amount", "currency", "start", "end"],
        "tariffs": ["article_id", "imposer", "target", "rate", "previous_rate", "goods",
                    "goods_value", "goods_currency", "effective_date", "status", "text",
                    "start", "end"],
        "dates": ["article_id", "text", "value", "granularity", "start", "end"],
        "quotes": ["article_id", "speaker", "text", "start", "end"],
    }
    for table, columns in expected.items():
        code, out, err = run("export", table, "--db", sample_db, "-o", "-")
        assert code == 0, err
        header = next(csv.reader(io.StringIO(out)))
        assert header[: len(columns)] == columns, table


def test_cli_facts_point_at_their_text(sample_db: str) -> None:
    texts = {a["article_id"]: a["text"] for a in export_rows(sample_db, "articles")}
    for table in ("mentions", "money", "tariffs", "dates", "quotes"):
        for row in export_rows(sample_db, table):
            body = texts[row["article_id"]]
            assert body[int(row["start"]):int(row["end"])] == row["text"], table


def test_cli_sample_facts_are_extracted(sample_db: str) -> None:
    people = {p["name"] for p in export_rows(sample_db, "people")}
    assert "Anna Lindqvist" in people
    tariffs = export_rows(sample_db, "tariffs")
    assert any(t["rate"] == "25" and t["previous_rate"] == "10" for t in tariffs)
    money = export_rows(sample_db, "money")
    assert any(m["amount"] == "40000000000" and m["currency"] == "USD" for m in money)


def test_cli_reingest_adds_nothing(sample_db: str) -> None:
    before = {t: len(export_rows(sample_db, t)) for t in ("articles", "mentions",
                                                           "people", "money")}
    code, out, err = run("ingest", str(SAMPLES), "--db", sample_db)
    assert code == 0, out + err
    after = {t: len(export_rows(sample_db, t)) for t in before}
    assert after == before


def test_cli_bad_file_is_reported_and_the_rest_loads(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(SAMPLES / "2024-03-14-steel-tariffs.txt", folder)
    (folder / "empty.txt").write_bytes(b"")
    (folder / "junk.txt").write_bytes(bytes(range(256)) * 8)
    (folder / "broken.json").write_text('{"text": "unterminated', encoding="utf-8")
    db = f"sqlite:///{tmp_path}/wf.db"
    code, out, err = run("ingest", str(folder), "--db", db)
    assert code == 1
    assert "Traceback" not in out + err
    assert len(export_rows(db, "articles")) == 1
    errors = export_rows(db, "errors")
    assert {Path(e["source_path"]).name for e in errors} == {
        "empty.txt", "junk.txt", "broken.json"}
    assert all(e["reason"] and e["at"] for e in errors)


def test_cli_usage_errors_exit_2(tmp_path: Path) -> None:
    code, _, _ = run("export", "nonsense", "--db", f"sqlite:///{tmp_path}/x.db",
                     "-o", "-")
    assert code == 2
    code, _, _ = run("ingest", str(SAMPLES), "--published", "yesterday")
    assert code == 2


def test_cli_every_command_has_help() -> None:
    for command in cli.commands.values():
        assert command.help, command.name
        code, out, _ = run(command.name or "", "--help")
        assert code == 0 and "Usage" in out


def test_cli_export_help_names_every_table() -> None:
    from wirefacts.export import TABLES

    shown = " ".join(CliRunner().invoke(cli, ["export", "--help"]).output.split())
    assert [t for t in TABLES if t not in shown] == []


def test_cli_db_upgrade_creates_the_schema_and_hides_passwords(tmp_path: Path) -> None:
    code, out, _ = run("db", "upgrade", "--db", f"sqlite:///{tmp_path}/new.db")
    assert code == 0 and "current schema" in out
    assert (tmp_path / "new.db").exists()
    code, out, err = run("db", "upgrade", "--db",
                         "postgresql+psycopg://user:s3cret@127.0.0.1:1/nowhere")
    assert code == 1
    assert "s3cret" not in out + err and "***" in err
