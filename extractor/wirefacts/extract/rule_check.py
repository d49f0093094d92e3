"""Validate a rules folder: every problem as ``file:line: message``.

Checks that JSONL files hold one JSON object a line, that spaCy token and dependency
patterns are valid (spaCy's own schema validation), that YAML parses, and that every
regular expression compiles. Regexes are found by key: ``regex``, ``regexes``,
``pattern``/``patterns`` holding strings, or any key ending in ``_regex``/``_re``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml
from spacy.lang.en import English
from spacy.matcher import DependencyMatcher, Matcher

from wirefacts.extract.rules import RuleSet, parse_jsonl

REGEX_KEYS = ("regex", "regexes", "pattern", "patterns")


def check_rules(folder: Path | str) -> list[str]:
    """All problems found in the rule files of ``folder`` (empty when all is well)."""
    rules = RuleSet(folder)
    vocab = English().vocab
    problems: list[str] = []
    for path in rules.files():
        if path.suffix == ".jsonl":
            problems.extend(check_jsonl(path, vocab))
        else:
            problems.extend(check_yaml(path))
    return problems


def check_jsonl(path: Path, vocab: Any) -> list[str]:
    """Problems in one JSONL pattern file; every line is checked."""
    problems = []
    for where, row, problem in parse_jsonl(path):
        if row is None:
            problems.append(f"{where}: {problem}")
            continue
        pattern = row.get("pattern")
        if pattern is not None and not isinstance(pattern, str):
            message = validate_token_pattern(pattern, vocab)
            if message:
                problems.append(f"{where}: {message}")
        for key, value in row.items():
            if is_regex_key(key) and key != "pattern" and isinstance(value, str):
                problems.extend(f"{where}: {m}" for m in compile_problems(value))
    return problems


def validate_token_pattern(pattern: Any, vocab: Any) -> str | None:
    """spaCy's verdict on a Matcher or DependencyMatcher pattern, or None if valid."""
    if not isinstance(pattern, list) or not all(isinstance(t, dict) for t in pattern):
        return "pattern must be a string or a list of token objects"
    try:
        if pattern and "RIGHT_ID" in pattern[0]:
            DependencyMatcher(vocab, validate=True).add("check", [pattern])
        else:
            Matcher(vocab, validate=True).add("check", [pattern])
    except (ValueError, KeyError, TypeError) as exc:
        return " ".join(str(exc).split())[:300]
    return None


def check_yaml(path: Path) -> list[str]:
    """Problems in one YAML lexicon: syntax, and regexes that do not compile."""
    text = path.read_text(encoding="utf-8")
    try:
        node = yaml.compose(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else 0
        return [f"{path}:{line}: bad YAML: {getattr(exc, 'problem', exc)}"]
    problems: list[str] = []
    for line, regex in regex_nodes(node):
        problems.extend(f"{path}:{line}: {m}" for m in compile_problems(regex))
    return problems


def regex_nodes(node: Any, key: str = "") -> Iterator[tuple[int, str]]:
    """(line, string) of every YAML scalar stored under a regex-like key."""
    if isinstance(node, yaml.MappingNode):
        for key_node, value in node.value:
            yield from regex_nodes(value, str(key_node.value))
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            yield from regex_nodes(item, key)
    elif isinstance(node, yaml.ScalarNode) and is_regex_key(key):
        yield node.start_mark.line + 1, str(node.value)


def is_regex_key(key: str) -> bool:
    """Whether values under this key are regular expressions."""
    return key in REGEX_KEYS or key.endswith(("_regex", "_re", "_regexes"))


def compile_problems(regex: str) -> list[str]:
    """[] when the regex compiles, else one message."""
    try:
        re.compile(regex)
    except re.error as exc:
        return [f"regex does not compile: {exc.msg} in {regex!r}"]
    return []
