"""extract.roles: titles of people in real wire sentences, with their organisations."""

from __future__ import annotations

import pytest
from wirefacts.extract.people import find_mentions
from wirefacts.extract.roles import find_roles

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def roles(nlp, rules):
    def run(text: str):
        doc = nlp(text)
        found = find_roles(doc, find_mentions(doc, rules), rules)
        for r in found:
            assert text[r.start : r.end] == r.role, r
        return found

    return run


def pairs(found) -> set[tuple[str, str]]:
    return {(r.person, r.role) for r in found}


@pytest.mark.parametrize(
    ("text", "want"),
    [
        (
            "Talks between a Chinese delegation led by Vice-Minister for Finance Liao "
            "Min and Deputy US Trade Representative Jeffrey Gerrish began on Thursday.",
            {
                ("Liao Min", "Vice-Minister for Finance"),
                ("Jeffrey Gerrish", "Deputy US Trade Representative"),
            },
        ),
        (
            "The talks are expected to lay the groundwork for top-level negotiations "
            "between US Trade Representative Robert Lighthizer, Treasury Secretary "
            "Steven Mnuchin and Vice-Premier Liu He next month in Washington.",
            {
                ("Robert Lighthizer", "US Trade Representative"),
                ("Steven Mnuchin", "Treasury Secretary"),
                ("Liu He", "Vice-Premier"),
            },
        ),
        (
            "A delegation of about 30 Chinese officials, led by Vice-Finance Minister "
            "Liao Min, was set to launch talks yesterday morning.",
            {("Liao Min", "Vice-Finance Minister")},
        ),
        (
            "President Donald Trump yesterday said the US is making a lot of progress.",
            {("Donald Trump", "President")},
        ),
        (
            "US Treasury Secretary Steven Mnuchin, who will participate in next "
            "month's talks along with US Trade Representative Robert Lighthizer "
            "and Chinese Vice-Premier Liu He, has said currency issues will be a "
            "focus.",
            {
                ("Steven Mnuchin", "US Treasury Secretary"),
                ("Robert Lighthizer", "US Trade Representative"),
                ("Liu He", "Chinese Vice-Premier"),
            },
        ),
        (
            "The Agreement on Trade in Goods was signed by China's Vice Minister of "
            "Commerce Fu Ziying and Financial Secretary of the HKSAR government "
            "Paul Chan.",
            {
                ("Fu Ziying", "Vice Minister of Commerce"),
                ("Paul Chan", "Financial Secretary of the HKSAR government"),
            },
        ),
    ],
)
def test_roles_prenominal_titles(roles, text, want):
    assert pairs(roles(text)) == want


def test_roles_appositive_and_prenominal_for_one_person(roles):
    found = roles(
        "Representative Kevin Brady, the top Republican on the House Ways and Means "
        "Committee, said on Wednesday that he was cautiously optimistic about "
        "the talks."
    )
    assert pairs(found) == {
        ("Kevin Brady", "Representative"),
        ("Kevin Brady", "top Republican on the House Ways and Means Committee"),
    }
    appositive = [r for r in found if r.role.startswith("top")][0]
    assert appositive.organization == "House Ways and Means Committee"


def test_roles_organisation_from_title(roles):
    found = roles(
        "US Agriculture Department Secretary Sonny Perdue on Thursday said Chinese "
        "officials will visit American farms next week."
    )
    assert [(r.person, r.role, r.organization) for r in found] == [
        (
            "Sonny Perdue",
            "US Agriculture Department Secretary",
            "Agriculture Department",
        )
    ]


@pytest.mark.parametrize(
    ("text", "person", "role", "org"),
    [
        (
            "Steven Mnuchin, who is Treasury Secretary, said currency issues matter.",
            "Steven Mnuchin",
            "Treasury Secretary",
            "Treasury",
        ),
        (
            "George Gould, Under Secretary of the Treasury, told a Wall\n"
            'Street Planning Group luncheon, "legislation is not going to\nhappen."',
            "George Gould",
            "Under Secretary of the Treasury",
            "Treasury",
        ),
        (
            "    Sergey Frolov, chief economist at Amtorg Trading Corp, said the "
            "Soviet\nUnion would buy more grain.",
            "Sergey Frolov",
            "chief economist at Amtorg Trading Corp",
            "Amtorg Trading Corp",
        ),
    ],
)
def test_roles_appositives(roles, text, person, role, org):
    found = roles(text)
    assert [(r.person, r.role, r.organization) for r in found] == [(person, role, org)]


@pytest.mark.parametrize(
    ("text", "want"),
    [
        (
            "    Funaro will be explaining Brazil's actions to U.S. Treasury\n"
            "Secretary James Baker, Federal Reserve Board chairman Paul\n"
            "Volcker and International Monetary Fund managing director\n"
            "Michel Camdessus before travelling to Europe at the weekend.\n",
            {
                ("James Baker", "U.S. Treasury\nSecretary"),
                ("Paul Volcker", "Federal Reserve Board chairman"),
                ("Michel Camdessus", "International Monetary Fund managing director"),
            },
        ),
        (
            "    Japanese Prime Minister Yasuhiro Nakasone will draft a\n"
            "reply to the criticism following further discussion.\n",
            {("Yasuhiro Nakasone", "Japanese Prime Minister")},
        ),
        (
            "    A spokeswoman said the EC had written to its counterpart, special "
            "U.S. Trade Representative Clayton Yeutter,\noutlining its concerns.\n",
            {("Clayton Yeutter", "special U.S. Trade Representative")},
        ),
        (
            "It would reduce surpluses, according to French agriculture minister "
            "Francois Guillaume.",
            {("Francois Guillaume", "French agriculture minister")},
        ),
    ],
)
def test_roles_reuters_1987_style(roles, text, want):
    assert pairs(roles(text)) == want


def test_roles_organisation_of_fed_chairman(roles):
    found = roles(
        "Federal Reserve Board Chairman Paul Volcker said the dollar had fallen."
    )
    assert [(r.role, r.organization) for r in found] == [
        ("Federal Reserve Board Chairman", "Federal Reserve Board")
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Frustrated by the lack of progress, Mr Trump announced more tariffs.",
        "Talks with a Chinese delegation led by Liao Min began on Thursday.",
        "T. Boone Pickens, who is 58, told Reuters he was selling.",
        "Bessent, Greer and He were joined by aides.",
    ],
)
def test_roles_none_without_a_title(roles, text):
    assert roles(text) == []


def test_roles_same_title_again_is_one_role(roles):
    found = roles(
        "US Treasury Secretary Steven Mnuchin spoke on Monday.\n\n"
        "Treasury Secretary Steven Mnuchin spoke again on Tuesday."
    )
    assert pairs(found) == {("Steven Mnuchin", "US Treasury Secretary")}


def test_roles_all_caps_display_line_gives_no_role(roles):
    found = roles(
        "So it's more complicated than just buying a few more soya beans. "
        "COMMERCE SECRETARY WILBUR ROSS\n\nCommerce Secretary Wilbur Ross on Thursday "
        "reiterated that the administration is pressing for a deal."
    )
    assert pairs(found) == {("Wilbur Ross", "Commerce Secretary")}


def test_roles_dev_articles_match_gold(roles, shared):
    import json

    gold = json.loads((shared / "eval" / "dev" / "gold.json").read_text())
    for art in gold["articles"]:
        path = shared / "eval" / "dev" / "articles" / art["file"]
        found = pairs(roles(path.read_text(encoding="utf-8")))
        for person in art["people"]:
            for variants in person.get("roles", []):
                assert any((person["name"], v) in found for v in variants), (
                    art["file"],
                    person["name"],
                    variants,
                )


def test_roles_title_glued_to_name_in_scraped_copy(roles):
    # reuters-2025-05 content loses spaces around links: "U.S. PresidentDonald Trump"
    found = roles(
        "KYIV, May 10 (Reuters) - Major European powers backed a ceasefire, with the "
        "backing of U.S. PresidentDonald Trump, and threatened Russia with sanctions."
    )
    assert [(r.person, r.role) for r in found] == [("Donald Trump", "U.S. President")]


@pytest.mark.parametrize(
    ("text", "want"),
    [
        (
            "Boeing's chief executive, Dave Calhoun, said the plane was safe.",
            {("Dave Calhoun", "chief executive")},
        ),
        (
            "The company's new chief executive, Kelly Ortberg, will start in August.",
            {("Kelly Ortberg", "chief executive")},
        ),
        ("Asked about the president, Tom Smith said nothing.", set()),
    ],
)
def test_roles_title_set_off_by_commas(roles, text, want):
    assert pairs(roles(text)) == want


@pytest.mark.parametrize(
    ("text", "want"),
    [
        (
            "Senator Tom Cotton, a Republican, said the bill was needed.",
            {("Tom Cotton", "Senator")},
        ),
        (
            "Representative Jim Smith, a Democrat from Texas, disagreed.",
            {("Jim Smith", "Representative"), ("Jim Smith", "Democrat from Texas")},
        ),
    ],
)
def test_roles_party_alone_is_no_role(roles, text, want):
    assert pairs(roles(text)) == want


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("Tariffs rose under President Donald Trump.", {("Donald Trump", "President")}),
        (
            "Reading Defense Secretary Pete Hegseth's memo, aides said it was clear.",
            {("Pete Hegseth", "Defense Secretary")},
        ),
    ],
)
def test_roles_left_edge_words_outside_title(roles, text, want):
    assert pairs(roles(text)) == want


@pytest.mark.parametrize(
    ("text", "want"),
    [
        (
            "Plans for the Qatari mission were discussed during a visit to Washington "
            "in April by Qatari Prime Minister Sheikh Mohammed bin Abdulrahman Al "
            "Thani and the Minister of State for the foreign ministry.",
            "Qatari Prime Minister",
        ),
        (
            "Bangladesh’s interim government has banned all activities of the Awami "
            "League, the political party of deposed former Prime Minister Sheikh "
            "Hasina, under the country’s Anti-Terrorism Act.",
            "former Prime Minister",
        ),
    ],
)
def test_roles_stop_before_sheikh(roles, text, want):
    found = roles(text)
    assert [r.role for r in found] == [want]
    assert found[0].person.startswith("Sheikh ")


def test_roles_appositive_two_titles_joined_by_and(roles):
    # China Daily via People's Daily, August 2018
    found = roles(
        "Thomas Cove, president and CEO of the Sports &Fitness Industry Association, "
        'said China remains a "vital and not easily replaceable link" in the '
        "industry's supply chain."
    )
    assert pairs(found) == {
        ("Thomas Cove", "president and CEO of the Sports &Fitness Industry Association")
    }


def test_roles_long_appositive_with_hyphenated_place(roles):
    # China Daily via People's Daily, August 2018
    found = roles(
        "Wu Dongxu, general manager of the Foreign Investment Department at "
        "Beijing-based Transcontinental Management Consultancy, urged experts to "
        "analyze the Trump administration's tariff threats in a more political light."
    )
    assert pairs(found) == {
        (
            "Wu Dongxu",
            "general manager of the Foreign Investment Department at Beijing-based "
            "Transcontinental Management Consultancy",
        )
    }


def test_roles_appositive_and_before_a_name_stays_one_title(roles):
    found = roles("Jane Doe, president, and John Roe met on Monday.")
    assert ("John Roe", "president") not in pairs(found)
