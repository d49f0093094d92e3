"""Stage 5 export: contract columns in order, cell formats, JSON lines, errors."""

from __future__ import annotations

import csv
import io
import json

import pytest
from wirefacts.errors import WirefactsError
from wirefacts.export import TABLES, csv_cell, write_table
from wirefacts.facts import (
    Article,
    ArticleFacts,
    DateFact,
    FailedInput,
    Mention,
    Money,
    Quote,
    Role,
    Tariff,
)
from wirefacts.store.db import Store
from wirefacts.store.measures import plain_number

CONTRACT = {
    "articles": "article_id source_path external_id title published dateline sources "
    "text duplicate_of",
    "errors": "source_path record reason at",
    "people": "person_id name aliases article_count roles",
    "organizations": "org_id name aliases article_count",
    "mentions": "article_id entity_id entity type text start end",
    "roles": "article_id person_id person role organization start end",
    "money": "article_id text amount currency start end",
    "tariffs": "article_id imposer target rate previous_rate goods goods_value "
    "goods_currency effective_date status text start end",
    "dates": "article_id text value granularity start end",
    "quotes": "article_id speaker text start end",
}

TEXT = (
    "WASHINGTON - President Donald Trump said tariffs on US$250 billion of Chinese "
    'goods will rise to 30 per cent from 25 per cent on Oct 15. "We will win," Mr '
    "Trump said, adding US$100 billion (S$138 billion) was collected. The Fed "
    "watched next year."
)


def at(sub: str, nth: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(nth + 1):
        start = TEXT.index(sub, start + 1)
    return start, start + len(sub)


def facts() -> ArticleFacts:
    tariff_text = "tariffs on US$250 billion of Chinese goods will rise to 30 per cent"
    return ArticleFacts(
        mentions=(
            Mention("Donald Trump", *at("Donald Trump"), "PERSON", "Donald Trump"),
            Mention("Trump", *at("Trump", 1), "PERSON", "Donald Trump"),
            Mention("Fed", *at("Fed"), "ORG", "Federal Reserve"),
            Mention(
                "US", *at("US$250")[:1], at("US$250")[0] + 2, "GPE", "United States"
            ),
        ),
        roles=(Role("Donald Trump", "President", *at("President")),),
        money=(
            Money("US$250 billion", *at("US$250 billion"), 2.5e11, "USD"),
            Money("US$100 billion", *at("US$100 billion"), 1e11, "USD"),
            Money(
                "S$138 billion", *at("S$138 billion"), 1.38e11, "SGD", converted_from=1
            ),
        ),
        tariffs=(
            Tariff(
                tariff_text,
                *at(tariff_text),
                imposer="United States",
                target="China",
                rate=30.0,
                previous_rate=25.0,
                goods="Chinese goods",
                goods_value=2.5e11,
                goods_currency="USD",
                effective_date="2019-10-15",
                status="raised",
            ),
        ),
        dates=(
            DateFact("Oct 15", *at("Oct 15"), "2019-10-15", "day"),
            DateFact("next year", *at("next year"), None, None),
        ),
        quotes=(Quote("We will win,", *at("We will win,"), "Donald Trump", "PERSON"),),
    )


@pytest.fixture
def loaded(tmp_path, rules):
    store = Store.open(f"sqlite:///{tmp_path / 'x.db'}", rules)
    article = Article(
        "wire/a.txt",
        TEXT,
        TEXT,
        external_id="A1",
        title="Tariffs",
        published="2019-09-21",
        dateline="WASHINGTON",
        sources=("Bloomberg", "Reuters"),
    )
    copy = Article("wire/b.txt", TEXT, TEXT)
    store.load_batch([(article, facts()), (copy, None)])
    store.record_failures([FailedInput("bad.gz", "truncated gzip")])
    yield store
    store.close()


def export_csv(store, table):
    out = io.StringIO()
    n = write_table(store, table, out)
    rows = list(csv.reader(io.StringIO(out.getvalue())))
    assert n == len(rows) - 1
    return rows[0], [dict(zip(rows[0], r, strict=True)) for r in rows[1:]]


@pytest.mark.parametrize("table", sorted(CONTRACT))
def test_export_columns_in_contract_order(loaded, table):
    header, _ = export_csv(loaded, table)
    want = CONTRACT[table].split()
    assert header[: len(want)] == want


def test_export_tables_cover_the_contract():
    assert set(CONTRACT) <= set(TABLES) and "tariff_measures" in TABLES


def test_export_cells(loaded):
    _, money = export_csv(loaded, "money")
    assert [m["amount"] for m in money] == [
        "250000000000",
        "100000000000",
        "138000000000",
    ]
    assert money[2]["converted_from"] == money[1]["money_id"]
    _, tariffs = export_csv(loaded, "tariffs")
    assert (tariffs[0]["rate"], tariffs[0]["previous_rate"]) == ("30", "25")
    _, dates = export_csv(loaded, "dates")
    assert [d["value"] for d in dates] == ["2019-10-15", ""]
    _, articles = export_csv(loaded, "articles")
    assert articles[0]["sources"] == "Bloomberg; Reuters"
    assert (articles[0]["duplicate_of"], articles[1]["duplicate_of"]) == ("", "1")
    _, errors = export_csv(loaded, "errors")
    assert errors[0]["record"] == "" and errors[0]["at"].startswith("20")


def test_export_span_rows_point_into_the_text(loaded):
    _, articles = export_csv(loaded, "articles")
    body = articles[0]["text"]
    for table, field in [
        ("mentions", "text"),
        ("roles", "role"),
        ("money", "text"),
        ("tariffs", "text"),
        ("dates", "text"),
        ("quotes", "text"),
    ]:
        _, rows = export_csv(loaded, table)
        assert rows
        for row in rows:
            assert body[int(row["start"]) : int(row["end"])] == row[field]


def test_export_entities_are_canonical(loaded):
    _, mentions = export_csv(loaded, "mentions")
    assert [(m["entity"], m["type"]) for m in mentions] == [
        ("Donald Trump", "PERSON"),
        ("Donald Trump", "PERSON"),
        ("Federal Reserve", "ORG"),
        ("United States", "GPE"),
    ]
    _, people = export_csv(loaded, "people")
    assert people == [
        {
            "person_id": "1",
            "name": "Donald Trump",
            "aliases": "Donald Trump; Trump",
            "article_count": "1",
            "roles": "President",
            "surname_only": "",
        }
    ]
    assert mentions[0]["entity_id"] == "1"
    _, quotes = export_csv(loaded, "quotes")
    assert quotes[0]["speaker"] == "Donald Trump"


def test_export_tariff_measures(loaded):
    _, measures = export_csv(loaded, "tariff_measures")
    assert len(measures) == 1
    m = measures[0]
    assert (m["rate"], m["goods_value"], m["evidence_count"]) == (
        "30",
        "250000000000",
        "1",
    )
    assert (m["first_seen"], m["last_seen"], m["statuses"]) == (
        "2019-09-21",
        "2019-09-21",
        "raised",
    )


def test_export_jsonl_is_typed(loaded):
    out = io.StringIO()
    assert write_table(loaded, "money", out, "jsonl") == 3
    first = json.loads(out.getvalue().splitlines()[0])
    assert first["amount"] == 250000000000 and isinstance(first["amount"], int)
    assert first["converted_from"] is None


def test_export_unknown_table_lists_valid_names(loaded):
    with pytest.raises(WirefactsError) as caught:
        write_table(loaded, "persons", io.StringIO())
    assert "people" in str(caught.value) and "tariff_measures" in str(caught.value)


@pytest.mark.parametrize(
    "value,text",
    [
        (1e11, "100000000000"),
        (2.5, "2.5"),
        (-5.0, "-5"),
        (0.1 + 0.2, "0.30000000000000004"),
        (1.5e-7, "0.00000015"),
        (None, ""),
        (138000000000.0, "138000000000"),
    ],
)
def test_export_plain_numbers(value, text):
    assert plain_number(value) == text


@pytest.mark.parametrize(
    "value,kind,safe,text",
    [
        ("-5", "str", False, "-5"),
        ("=SUM(A1)", "str", True, "'=SUM(A1)"),
        (-5.0, "num", True, "-5"),
        (None, "num", True, ""),
    ],
)
def test_export_csv_cells(value, kind, safe, text):
    assert csv_cell(value, kind, safe) == text
