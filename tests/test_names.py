"""wirefacts.names: person and organisation keys shared by extraction and the store."""

from __future__ import annotations

import pytest
from wirefacts.names import (
    DEFAULT_HONORIFICS,
    load_honorifics,
    org_key,
    person_key,
    strip_honorifics,
    surname,
)


@pytest.fixture(scope="module")
def hon(rules):
    return load_honorifics(rules)


def test_names_load_honorifics_from_people_yml(hon):
    assert {"mr", "mrs", "ms", "dr", "mdm", "sir"} <= hon
    assert "president" not in hon


def test_names_load_honorifics_falls_back_without_lexicon(tmp_path):
    from wirefacts.extract.rules import RuleSet

    assert load_honorifics(RuleSet(tmp_path)) == DEFAULT_HONORIFICS


@pytest.mark.parametrize(
    ("name", "want"),
    [
        ("Mr Trump", "Trump"),
        ("Mr. Trump", "Trump"),
        ("Mdm Halimah Yacob", "Halimah Yacob"),
        ("Dr. Anthony Fauci", "Anthony Fauci"),
        ("President Xi", "President Xi"),
        ("Mr", "Mr"),
    ],
)
def test_names_strip_honorifics(hon, name, want):
    assert strip_honorifics(name, hon) == want


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Mr. Xi Jinping's", "xi jinping"),
        ("Jean-Claude Juncker", "Jean Claude Juncker"),
        ("Donald Trump", "DONALD TRUMP"),
        ("Mr Trump’s", "trump"),
        ("José Ángel Gurría", "Jose Angel Gurria"),
        ("Liu  He", "Liu He"),
        ("J.P. Morgan", "J. P. Morgan"),
    ],
)
def test_names_person_key_folds_variants(hon, a, b):
    assert person_key(a, hon) == person_key(b, hon)


def test_names_person_key_value(hon):
    assert person_key("Mr. Xi Jinping's", hon) == "xi jinping"


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Donald Trump", "Donald Tusk"),
        ("Liu He", "Liu Wei"),
        ("Steven Mnuchin", "Mnuchin"),
    ],
)
def test_names_person_key_keeps_people_apart(hon, a, b):
    assert person_key(a, hon) != person_key(b, hon)


@pytest.mark.parametrize(
    ("name", "want"),
    [
        ("Donald Trump", "Trump"),
        ("Mr Trump's", "Trump"),
        ("Martin Luther King Jr.", "King"),
        ("John D. Rockefeller III", "Rockefeller"),
        ("Ursula von der Leyen", "von der Leyen"),
        ("Jean-Claude Juncker", "Juncker"),
        ("Trump", "Trump"),
        ("", ""),
    ],
)
def test_names_surname(hon, name, want):
    assert surname(name, hon) == want


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("the U.S. Federal Reserve", "US Federal Reserve"),
        ("U. S. Federal Reserve", "us federal reserve"),
        ("The Fed", "Fed"),
        ("Fed's", "Fed"),
        ("Boeing Co.", "Boeing"),
        ("AT&T Inc", "AT & T"),
        (
            "Office of the US Trade Representative",
            "the Office of the U.S. Trade Representative",
        ),
    ],
)
def test_names_org_key_folds_variants(a, b):
    assert org_key(a) == org_key(b)


def test_names_org_key_value():
    assert org_key("the U.S. Federal Reserve") == "us federal reserve"
    assert org_key("People's Bank of China") == "peoples bank of china"
