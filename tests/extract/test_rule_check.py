"""`wirefacts rules check`: every mistake reported as file:line: message."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner
from wirefacts.cli import cli
from wirefacts.config import default_rules_dir
from wirefacts.extract.rule_check import check_rules


def write_bad_rules(folder: Path) -> None:
    (folder / "entities.jsonl").write_text(
        '{"label": "ORG", "pattern": [{"LOWER": "fed"}]}\n'
        '{"label": "ORG", "pattern": [{"BADKEY": 1}]}\n'
        "not json\n"
        '{"label": "ORG", "pattern": "Federal Reserve"}\n',
        encoding="utf-8",
    )
    (folder / "cues.yml").write_text(
        "cues:\n  ok_regex: 'a+'\n  bad_regex: '(unclosed'\n", encoding="utf-8")
    (folder / "broken.yml").write_text("a: [1, 2\n", encoding="utf-8")


def test_rule_check_reports_each_mistake_with_file_and_line(tmp_path: Path) -> None:
    write_bad_rules(tmp_path)
    problems = check_rules(tmp_path)
    where = sorted(p.split(": ")[0].replace(str(tmp_path) + "/", "") for p in problems)
    assert where == ["broken.yml:2", "cues.yml:3", "entities.jsonl:2",
                     "entities.jsonl:3"]
    assert any("BADKEY" in p for p in problems)
    assert any("does not compile" in p for p in problems)


def test_rule_check_bundled_rules_are_valid() -> None:
    assert check_rules(default_rules_dir()) == []


def test_rule_check_cli_exit_codes(tmp_path: Path) -> None:
    write_bad_rules(tmp_path)
    bad = CliRunner().invoke(cli, ["rules", "check", str(tmp_path)])
    assert bad.exit_code == 1
    assert "entities.jsonl:2" in bad.stdout
    good = CliRunner().invoke(cli, ["rules", "check"])
    assert good.exit_code == 0, good.stdout
