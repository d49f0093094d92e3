"""Shared fixtures: the real spaCy pipeline (built once), rules, shared/ paths."""

from __future__ import annotations

from pathlib import Path

import pytest
from wirefacts.config import default_rules_dir
from wirefacts.extract.rules import RuleSet

SHARED = Path(__file__).resolve().parents[1].parent / "shared"


@pytest.fixture(scope="session")
def rules() -> RuleSet:
    return RuleSet(default_rules_dir())


@pytest.fixture(scope="session")
def nlp(rules):
    from wirefacts.extract.nlp import build_nlp

    return build_nlp(rules)


@pytest.fixture(scope="session")
def shared() -> Path:
    """The ../shared folder (corpora, eval); tests needing it skip when absent."""
    if not SHARED.is_dir():
        pytest.skip("../shared is not present")
    return SHARED


@pytest.fixture(scope="session")
def corpora(shared) -> Path:
    path = shared / "corpora"
    if not path.is_dir():
        pytest.skip("../shared/corpora is not present")
    return path
