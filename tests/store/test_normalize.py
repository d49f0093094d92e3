"""Cross-article normalisation: one row per real person or organisation however
it is written, and namesakes kept apart (SQLite and PostgreSQL)."""

from __future__ import annotations

import dataclasses
import io
import json
import shutil

import pytest
import yaml
from storekit import make_article, people_facts
from wirefacts.config import default_rules_dir
from wirefacts.export import write_table
from wirefacts.extract.rules import RuleSet
from wirefacts.facts import ArticleFacts, Mention, Quote, Role
from wirefacts.store.db import Store
from wirefacts.store.normalize import is_surname_only, name_rank, without_initials


def people(store):
    out = io.StringIO()
    write_table(store, "people", out, "jsonl")
    return [json.loads(line) for line in out.getvalue().splitlines()]


def story(n: int, body: str, names: list[tuple[str, str]]):
    text = f"Story {n}. {body} Filed from the newsroom as item number {n}."
    return make_article(text, f"s{n}.txt"), people_facts(text, names)


TRUMP_FULL = story(
    1,
    "President Donald Trump said on Monday that talks went well. Mr Trump added "
    "that Trump's team would travel.",
    [
        ("Donald Trump", "Donald Trump"),
        ("Trump", "Donald Trump"),
        ("Trump", "Donald Trump"),
    ],
)
# An article naming only "Mr Trump": the extractor gives the full name through
# the known_people lexicon (people.yml), so the mention's entity is Donald Trump.
TRUMP_SHORT = story(2, "Mr Trump spoke again on Tuesday.", [("Trump", "Donald Trump")])
TRUMP_CAPS = story(
    3, "COMMERCE NOTE: DONALD TRUMP signed.", [("DONALD TRUMP", "DONALD TRUMP")]
)
TRUMP_INITIAL = story(
    4, "Donald J. Trump met farmers.", [("Donald J. Trump", "Donald J. Trump")]
)


@pytest.mark.parametrize("order", [(0, 1, 2, 3), (1, 0, 3, 2), (3, 2, 1, 0)])
@pytest.mark.parametrize("one_batch", [False, True])
def test_normalize_name_variants_merge(store, order, one_batch):
    items = [TRUMP_FULL, TRUMP_SHORT, TRUMP_CAPS, TRUMP_INITIAL]
    ordered = [items[i] for i in order]
    if one_batch:
        store.load_batch(ordered)
    else:
        for item in ordered:
            store.load_batch([item])
    [row] = people(store)
    assert row["name"] == "Donald J. Trump"  # the fullest form
    assert row["article_count"] == 4
    assert row["aliases"] == "Donald J. Trump; DONALD TRUMP; Donald Trump; Trump"
    assert row["surname_only"] is None


# Reuters, 10 May 2025: a baseball preview naming the pitcher in full then by
# surname, and a Vatican story naming the late Pope by his papal name alone.
PITCHER_TEXT = (
    "Saturday's game is set to feature a pair of right-handers in Toronto's "
    "Bowden Francis (2-5, 5.66 ERA) and Seattle rookie Logan Evans (1-1, 7.20). "
    "Francis beat the Mariners 3-1 on April 18 in Toronto when he gave up one run "
    "on five hits over six innings, with five strikeouts."
)
POPE_TEXT = (
    "VATICAN CITY, May 10 (Reuters) - Pope Leo XIV signalled on Saturday he would "
    "continue with the vision and reforms of Pope Francis, telling the world's "
    'Catholic cardinals the late pontiff left a "precious legacy" that must '
    "carry on."
)


def pitcher(entity_of_surname: str = "Bowden Francis"):
    facts = people_facts(
        PITCHER_TEXT,
        [
            ("Bowden Francis", "Bowden Francis"),
            ("Logan Evans", "Logan Evans"),
            ("Francis", entity_of_surname),
        ],
    )
    return make_article(PITCHER_TEXT, "jays.txt"), facts


def pope():
    facts = people_facts(POPE_TEXT, [("Francis", "Francis")])
    start = POPE_TEXT.index("Pope Francis")
    role = Role("Francis", "Pope", start, start + 4)
    return make_article(POPE_TEXT, "vatican.txt"), dataclasses.replace(
        facts, roles=(role,)
    )


@pytest.mark.parametrize("pope_first", [False, True])
@pytest.mark.parametrize("one_batch", [False, True])
def test_normalize_surname_never_joins_a_namesake_across_articles(
    store, pope_first, one_batch
):
    items = [pope(), pitcher()] if pope_first else [pitcher(), pope()]
    if one_batch:
        store.load_batch(items)
    else:
        for item in items:
            store.load_batch([item])
    rows = {r["name"]: r for r in people(store)}
    assert set(rows) == {"Bowden Francis", "Logan Evans", "Francis"}
    assert rows["Bowden Francis"]["aliases"] == "Bowden Francis; Francis"
    assert rows["Bowden Francis"]["article_count"] == 1
    assert rows["Bowden Francis"]["roles"] == ""
    assert rows["Francis"]["surname_only"] == "yes"
    assert rows["Francis"]["roles"] == "Pope"
    assert rows["Francis"]["article_count"] == 1


def test_normalize_attach_surnames_option_merges_the_namesake(store_url, rules):
    # Why the cross-article heuristic is off by default: with it, the Pope
    # becomes the pitcher, the only full-name "Francis" it knows.
    with Store.open(store_url, rules, attach_surnames=True) as opted:
        opted.load_batch([pitcher()])
        opted.load_batch([pope()])
        names = sorted(r["name"] for r in people(opted))
    assert names == ["Bowden Francis", "Logan Evans"]


def test_normalize_same_article_surname_joins_its_full_name(store):
    # "Francis" left unlinked by the extractor still joins the one Francis of
    # its own article; a surname-only row of another article does not.
    store.load_batch([pope()])
    store.load_batch([pitcher(entity_of_surname="Francis")])
    rows = {r["name"]: r for r in people(store)}
    assert set(rows) == {"Bowden Francis", "Logan Evans", "Francis"}
    assert rows["Bowden Francis"]["aliases"] == "Bowden Francis; Francis"
    assert rows["Francis"]["article_count"] == 1  # the Pope's story only


def test_normalize_same_article_two_namesakes_keep_the_surname_apart(store):
    text = (
        "Story 1. John Smith, a farmer, and Jane Smith, an economist, spoke. "
        "Smith declined to comment."
    )
    names = [("John Smith", "John Smith"), ("Jane Smith", "Jane Smith")]
    names.append(("Smith", "Smith"))
    store.load_batch([(make_article(text, "s.txt"), people_facts(text, names))])
    rows = {r["name"]: r["surname_only"] for r in people(store)}
    assert rows == {"John Smith": None, "Jane Smith": None, "Smith": "yes"}


def test_normalize_surname_only_articles_share_one_flagged_row(store):
    store.load_batch([pitcher()])
    store.load_batch([pope()])
    store.load_batch(
        [story(5, "Mr Francis declined to comment.", [("Francis", "Francis")])]
    )
    rows = {r["name"]: r for r in people(store)}
    assert rows["Francis"]["article_count"] == 2
    assert rows["Bowden Francis"]["article_count"] == 1


def test_normalize_reingest_is_idempotent(store):
    batch = [pitcher(), pope(), TRUMP_FULL, XI_SHORT]
    store.load_batch(batch)
    before = people(store)
    store.load_batch(batch)
    store.load_batch([pope(), pitcher()])
    assert people(store) == before
    assert sorted(r["name"] for r in before) == [
        "Bowden Francis",
        "Donald Trump",
        "Francis",
        "Logan Evans",
        "Xi",
    ]


def test_normalize_namesakes_stay_apart(store):
    store.load_batch(
        [
            story(1, "John Smith, a farmer, spoke.", [("John Smith", "John Smith")]),
            story(
                2, "Jane Smith, an economist, spoke.", [("Jane Smith", "Jane Smith")]
            ),
        ]
    )
    store.load_batch([story(3, "Mr Smith declined to comment.", [("Smith", "Smith")])])
    rows = {r["name"]: r for r in people(store)}
    assert set(rows) == {"John Smith", "Jane Smith", "Smith"}
    assert rows["Smith"]["surname_only"] == "yes"
    assert all(r["article_count"] == 1 for r in rows.values())


@pytest.mark.parametrize("second", ["John B. Smith", "John Smith"])
def test_normalize_initials_never_merge_two_initials(store, second):
    store.load_batch(
        [story(1, "John A. Smith spoke.", [("John A. Smith", "John A. Smith")])]
    )
    store.load_batch([story(2, f"{second} spoke.", [(second, second)])])
    names = sorted(r["name"] for r in people(store))
    if second == "John Smith":  # no initial: the same person
        assert names == ["John A. Smith"]
    else:
        assert names == ["John A. Smith", "John B. Smith"]


XI_FULL = story(
    1,
    "President Xi Jinping met Mr Xi's advisers.",
    [("Xi Jinping", "Xi Jinping"), ("Xi", "Xi Jinping")],
)
XI_SHORT = story(2, "President Xi spoke by phone.", [("Xi", "Xi")])


def test_normalize_short_form_linked_in_an_article_stays_in_that_article(store):
    # An article linking "Xi" to Xi Jinping is no evidence about another
    # article's bare "Xi" (the extractor links that one through known_people).
    store.load_batch([XI_FULL])
    store.load_batch([XI_SHORT])
    rows = {r["name"]: r for r in people(store)}
    assert set(rows) == {"Xi Jinping", "Xi"}
    assert rows["Xi Jinping"]["aliases"] == "Xi; Xi Jinping"
    assert rows["Xi"]["surname_only"] == "yes"
    assert rows["Xi"]["article_count"] == rows["Xi Jinping"]["article_count"] == 1


def test_normalize_attach_surnames_option_uses_linked_short_forms(store_url, rules):
    with Store.open(store_url, rules, attach_surnames=True) as opted:
        opted.load_batch([XI_FULL])
        opted.load_batch([XI_SHORT])
        [row] = people(opted)
    assert row["name"] == "Xi Jinping" and row["article_count"] == 2


LIGHTHIZER_SHORT = story(1, "Mr Lighthizer spoke.", [("Lighthizer", "Lighthizer")])
LIGHTHIZER_FULL = story(
    2, "Robert Lighthizer said so.", [("Robert Lighthizer", "Robert Lighthizer")]
)


def test_normalize_surname_row_stays_apart_from_later_full_name(store):
    store.load_batch([LIGHTHIZER_SHORT])
    store.load_batch([LIGHTHIZER_FULL])
    rows = {r["name"]: r for r in people(store)}
    assert set(rows) == {"Lighthizer", "Robert Lighthizer"}
    assert rows["Lighthizer"]["surname_only"] == "yes"
    assert rows["Robert Lighthizer"]["surname_only"] is None


def test_normalize_attach_surnames_option_folds_surname_row(store_url, rules):
    with Store.open(store_url, rules, attach_surnames=True) as opted:
        opted.load_batch([LIGHTHIZER_SHORT])
        assert [r["name"] for r in people(opted)] == ["Lighthizer"]
        opted.load_batch([LIGHTHIZER_FULL])
        [row] = people(opted)
    assert (row["name"], row["article_count"]) == ("Robert Lighthizer", 2)


def test_normalize_roles_and_quotes_follow_the_person(store):
    text = (
        'Story 1. Treasury Secretary Steven Mnuchin said: "We are close." Mnuchin left.'
    )
    start = text.index("Steven Mnuchin")
    role_start = text.index("Treasury Secretary")
    quote_start = text.index("We are close.")
    facts = ArticleFacts(
        mentions=(
            Mention("Steven Mnuchin", start, start + 14, "PERSON", "Steven Mnuchin"),
            Mention(
                "Mnuchin",
                text.index("Mnuchin left"),
                text.index("Mnuchin left") + 7,
                "PERSON",
                "Steven Mnuchin",
            ),
        ),
        roles=(
            Role(
                "Steven Mnuchin",
                "Treasury Secretary",
                role_start,
                role_start + 18,
                "US Treasury",
            ),
        ),
        quotes=(
            Quote(
                "We are close.",
                quote_start,
                quote_start + 13,
                "Steven Mnuchin",
                "PERSON",
            ),
        ),
    )
    store.load_batch([(make_article(text, "m.txt"), facts)])
    [row] = people(store)
    assert row["roles"] == "Treasury Secretary"
    out = io.StringIO()
    write_table(store, "quotes", out, "jsonl")
    [quote] = [json.loads(x) for x in out.getvalue().splitlines()]
    assert (
        quote["speaker"] == "Steven Mnuchin" and quote["person_id"] == row["person_id"]
    )


@pytest.mark.parametrize(
    "forms", [("US Federal Reserve", "Fed", "the Federal Reserve")]
)
def test_normalize_organisations_through_the_lexicon(store, forms):
    batch = []
    for n, form in enumerate(forms):
        text = f"Story {n}. The decision by {form} surprised markets."
        start = text.index(form)
        mention = Mention(form, start, start + len(form), "ORG", form)
        batch.append(
            (make_article(text, f"o{n}.txt"), ArticleFacts(mentions=(mention,)))
        )
    store.load_batch(batch)
    out = io.StringIO()
    write_table(store, "organizations", out, "jsonl")
    [org] = [json.loads(x) for x in out.getvalue().splitlines()]
    assert org["name"] == "Federal Reserve" and org["article_count"] == 3
    assert org["aliases"] == "Fed; the Federal Reserve; US Federal Reserve"


@pytest.mark.parametrize(
    "key,expected",
    [
        ("trump", True),
        ("de gaulle", True),
        ("von der leyen", True),
        ("donald trump", False),
        ("charles de gaulle", False),
    ],
)
def test_normalize_is_surname_only(key, expected):
    assert is_surname_only(key) is expected


@pytest.mark.parametrize(
    "key,expected",
    [
        ("donald j trump", "donald trump"),
        ("george hw bush", "george hw bush"),
        ("xi jinping", "xi jinping"),
        ("a b c d", "a d"),
    ],
)
def test_normalize_without_initials(key, expected):
    assert without_initials(key) == expected


@pytest.mark.parametrize(
    "better,worse",
    [
        ("Donald Trump", "DONALD TRUMP"),
        ("Donald J. Trump", "Donald Trump"),
    ],
)
def test_normalize_name_rank_prefers_fullest_form(better, worse):
    assert name_rank(better) > name_rank(worse)


# -- with the real extractor: the known_people lexicon is the cross-article evidence


def reuters_2025(corpora, *indexes: int):
    path = corpora / "reuters-2025-05" / "reuters_articles.json"
    if not path.is_file():
        pytest.skip(f"{path} is not present")
    data = json.loads(path.read_text(encoding="utf-8"))
    return [
        make_article(
            data[i]["content"], "reuters.json", record=str(i), published=data[i]["date"]
        )
        for i in indexes
    ]


def rules_without_known_people(folder) -> RuleSet:
    shutil.copytree(default_rules_dir(), folder)
    lexicon = yaml.safe_load((folder / "people.yml").read_text(encoding="utf-8"))
    lexicon["known_people"] = []
    (folder / "people.yml").write_text(yaml.safe_dump(lexicon), encoding="utf-8")
    return RuleSet(folder)


@pytest.mark.slow
@pytest.mark.parametrize("lexicon", [True, False])
def test_normalize_known_people_lexicon_links_surname_across_articles(
    store, rules, nlp, corpora, tmp_path, lexicon
):
    from wirefacts.extract.article import facts_from_doc

    # 327 names only "President Trump"; 335 "Donald Trump" (and the late Pope
    # Francis); 117 the pitcher Bowden Francis; 109 only "Pope Francis".
    articles = reuters_2025(corpora, 327, 335, 117, 109)
    used = rules if lexicon else rules_without_known_people(tmp_path / "rules")
    store.load_batch([(a, facts_from_doc(nlp(a.text), a, used)) for a in articles])
    rows = {r["name"]: r for r in people(store)}
    if lexicon:
        assert "Trump" not in rows
        assert rows["Donald Trump"]["article_count"] == 2
    else:
        assert rows["Trump"]["surname_only"] == "yes"
        assert rows["Trump"]["article_count"] == 1
        assert rows["Donald Trump"]["article_count"] == 1
    assert rows["Bowden Francis"]["article_count"] == 1
    assert rows["Francis"]["surname_only"] == "yes"
    assert rows["Francis"]["article_count"] == 2
