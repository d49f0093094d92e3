"""Stage 2 (clean): every pattern in data/rules/cleaning.yml matches its example."""

from __future__ import annotations

import re

import pytest
from wirefacts.clean.patterns import (
    cleaning_rules,
    compile_cleaning_rules,
    rule_examples,
)
from wirefacts.config import default_rules_dir
from wirefacts.errors import RuleError
from wirefacts.extract.rules import RuleSet

EXAMPLES = rule_examples(RuleSet(default_rules_dir()).lexicon("cleaning"))


@pytest.mark.parametrize(("section", "pattern", "example"), EXAMPLES)
def test_rules_example_matches(section, pattern, example):
    assert re.search(pattern, example), f"{section}: {pattern!r} !~ {example!r}"


def test_rules_compiled_once_per_ruleset(rules):
    assert cleaning_rules(rules) is cleaning_rules(rules)
    assert len(EXAMPLES) > 20


def test_rules_bad_regex_is_rule_error():
    with pytest.raises(RuleError, match="bad regex"):
        compile_cleaning_rules({"tail": [{"id": "x", "pattern": "(unclosed"}]})
    with pytest.raises(RuleError):
        compile_cleaning_rules(["not", "a", "mapping"])
