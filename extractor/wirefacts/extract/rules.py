"""Rule files: the only loader of ``data/rules`` (patterns as JSONL, lexicons as YAML).

A ``RuleSet`` reads a rules folder once and hands parsed files to the extractors by
name, relative to the folder without extension: ``rules.lexicon("titles")`` reads
``titles.yml``; ``rules.patterns("money")`` reads ``money.jsonl``. Mistakes raise
``RuleError`` with ``file:line: message``.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from functools import cached_property
from pathlib import Path
from typing import Any

import yaml

from wirefacts.errors import RuleError

RULE_SUFFIXES = (".jsonl", ".yml", ".yaml", ".json")


class RuleSet:
    """A folder of rule files, parsed lazily and cached."""

    def __init__(self, folder: Path | str) -> None:
        self.folder = Path(folder)
        if not self.folder.is_dir():
            raise RuleError(f"{self.folder}: rules folder not found")
        self._cache: dict[str, Any] = {}

    def files(self) -> list[Path]:
        """Every rule file under the folder, in a stable order."""
        return sorted(
            p
            for p in self.folder.rglob("*")
            if p.is_file() and p.suffix in RULE_SUFFIXES
        )

    @cached_property
    def fingerprint(self) -> str:
        """sha256 over every rule file's relative path and bytes."""
        digest = hashlib.sha256()
        for path in self.files():
            digest.update(path.relative_to(self.folder).as_posix().encode())
            digest.update(b"\0")
            digest.update(path.read_bytes())
            digest.update(b"\0")
        return digest.hexdigest()

    def _find(self, name: str, suffixes: tuple[str, ...]) -> Path:
        for suffix in suffixes:
            path = self.folder / f"{name}{suffix}"
            if path.is_file():
                return path
        raise RuleError(f"{self.folder / name}: no rule file {name}{suffixes[0]}")

    def patterns(self, name: str) -> list[dict[str, Any]]:
        """Rows of ``NAME.jsonl``; each row gets ``_where`` = ``file:line``."""
        key = f"jsonl:{name}"
        if key not in self._cache:
            self._cache[key] = read_jsonl(self._find(name, (".jsonl",)))
        return list(self._cache[key])

    def lexicon(self, name: str) -> Any:
        """The parsed content of ``NAME.yml`` (or ``.yaml``/``.json``)."""
        key = f"lex:{name}"
        if key not in self._cache:
            self._cache[key] = read_yaml(self._find(name, (".yml", ".yaml", ".json")))
        return self._cache[key]


def parse_jsonl(path: Path) -> Iterator[tuple[str, dict[str, Any] | None, str]]:
    """``(file:line, row, problem)`` for every non-blank, non-``//`` line.

    ``row`` is None exactly when ``problem`` says why the line is not an object.
    """
    for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        stripped = line.strip()
        if not stripped or stripped.startswith("//"):
            continue
        where = f"{path}:{lineno}"
        try:
            row = json.loads(stripped)
        except json.JSONDecodeError as exc:
            yield where, None, f"bad JSON: {exc.msg}"
            continue
        if isinstance(row, dict):
            yield where, row, ""
        else:
            yield where, None, "each line must be a JSON object"


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    """Parse a JSONL rule file; each row gets ``_where``; the first bad line raises."""
    rows = []
    for where, row, problem in parse_jsonl(path):
        if row is None:
            raise RuleError(f"{where}: {problem}")
        row["_where"] = where
        rows.append(row)
    return rows


def read_yaml(path: Path) -> Any:
    """Parse a YAML (or JSON) lexicon file."""
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else 0
        raise RuleError(f"{path}:{line}: bad YAML: {exc}") from None
