"""Stage 2 (clean): wire artefacts on real wire snippets."""

from __future__ import annotations

import pytest
from wirefacts.clean import clean
from wirefacts.facts import RawDoc

BODY = "Trade negotiators from the US and China resumed face-to-face talks."


def cleaned(rules, text, **meta):
    return clean(RawDoc("snippet.txt", text, **meta), rules)


@pytest.mark.parametrize(
    ("opening", "place", "sources"),
    [
        ("WASHINGTON • ", "WASHINGTON", ()),
        ("WASHINGTON (Reuters) - ", "WASHINGTON", ("Reuters",)),
        ("BEIJING, Sept 20 (Reuters) - ", "BEIJING", ("Reuters",)),
        ("TOKYO, March 3 - ", "TOKYO", ()),
        ("SAN FRANCISCO, Dec. 11 (Xinhua) -- ", "SAN FRANCISCO", ("Xinhua",)),
        ("LONDON (AP) — ", "LONDON", ("AP",)),
        ("TOKYO, May 11 (Reuters) - ", "TOKYO", ("Reuters",)),
        ("NEW DELHI/ISLAMABAD, May 11 (Reuters) - ", "NEW DELHI/ISLAMABAD",
         ("Reuters",)),
        ("BUFFALO, N.Y. — ", "BUFFALO, N.Y.", ()),
        ("May 9 (Reuters) - ", None, ("Reuters",)),
        ("BERLIN, Jan 5 (dpa) - ", "BERLIN", ("dpa",)),
    ],
)
def test_wire_dateline_moves_to_metadata(rules, opening, place, sources):
    article = cleaned(rules, opening + BODY)
    assert article.text == BODY
    assert article.dateline == place
    assert article.sources == sources


def test_wire_dateline_not_taken_from_ordinary_opening(rules):
    text = "US and Chinese deputy trade negotiators were set to resume talks - today."
    article = cleaned(rules, text)
    assert article.text == text
    assert article.dateline is None


def test_wire_dateline_given_apart_keeps_place(rules):
    article = cleaned(rules, "The Bank of England said it forecast a\nshortage.",
                      dateline="    LONDON, March 9 - ")
    assert article.dateline == "LONDON"
    assert article.text == "The Bank of England said it forecast a shortage."


@pytest.mark.parametrize(
    ("ending", "sources"),
    [
        ("\n\nREUTERS", ("Reuters",)),
        ("\n\nBLOOMBERG, REUTERS, WASHINGTON POST", ("Bloomberg", "Reuters",
                                                    "Washington Post")),
        ("\n\nAGENCE FRANCE-PRESSE, THE NEW YORK TIMES", ("AFP", "The New York Times")),
        ("\n\nBLOOMBERG, REUTERS, WASHINGTON POST\n\nSEE OPINION",
         ("Bloomberg", "Reuters", "Washington Post")),
        ("\n\nBLOOMBERG, REUTERS, WASHINGTON POSTSEE OPINION",
         ("Bloomberg", "Reuters", "Washington Post")),
        (" - Reuters", ("Reuters",)),
        ("\n\nAFP", ("AFP",)),
        ("\n REUTER", ("Reuters",)),
        (" --Field Level Media", ("Field Level Media",)),
        (" (Reporting by Kantaro Komiya; Editing by Tom Hogue)", ()),
        ("\n\nAdditional reporting by Mariko Oi; Editing by Tom Hogue", ()),
        ("\n\nREUTERS\n\nSEE ALSO: China hits back at US tariffs", ("Reuters",)),
    ],
)
def test_wire_credit_lines_move_to_sources(rules, ending, sources):
    body = "Mr Trump was right to challenge China's trade actions."
    article = cleaned(rules, body + ending)
    assert article.text == body
    assert article.sources == sources


def test_wire_dateline_agency_and_credit_merge_once(rules):
    article = cleaned(rules, "LONDON (Reuters) - " + BODY + "\n\nREUTERS, AFP")
    assert article.sources == ("Reuters", "AFP")


def test_wire_trailers_and_captions_dropped(rules):
    text = ("By John Smith\n\nWASHINGTON • " + BODY + "\n\nPHOTO: REUTERS\n\n"
            "Advertisement\n\nRelated: US farmers hit by tariffs\n\n"
            "The talks continue on Friday.\n\nREAD MORE: Trade war explained")
    article = cleaned(rules, text)
    assert article.text == BODY + "\n\nThe talks continue on Friday."
    assert article.author == "John Smith"
    assert article.dateline == "WASHINGTON"


def test_wire_reader_author_wins_over_byline(rules):
    article = cleaned(rules, "By John Smith\n\n" + BODY, author="Jane Doe")
    assert article.author == "Jane Doe"


def test_wire_reuters_new_tab_artefacts(rules):
    text = ("Israeli airline El Al (ELAL.TA)New Tab said on Sunday it was returning "
            "Boeing (BA.N)New Tab 777-200ER aircraft, such as those made by Boeing Co "
            "(BA.N)New Tab\nand Airbus SE (AIR.PA)New Tab\n, would be drafted.")
    article = cleaned(rules, text)
    assert "New Tab" not in article.text
    assert article.text == ("Israeli airline El Al (ELAL.TA) said on Sunday it was "
                            "returning Boeing (BA.N) 777-200ER aircraft, such as those "
                            "made by Boeing Co (BA.N) and Airbus SE (AIR.PA), would "
                            "be drafted.")


def test_wire_reuters_opens_new_tab_and_read_more(rules):
    text = ("BERLIN, May 9 (Reuters) - Germany's Lufthansa Group(LHAG.DE), opens "
            "new tabsaid on Friday it has suspended flights. Sonova(SOON.S), opens "
            "new tab, the world's largest maker of hearing aids, agreed. read more "
            "Caterpillar (CAT.N) jumped 3.4%.")
    article = cleaned(rules, text)
    assert article.text == ("Germany's Lufthansa Group(LHAG.DE) said on Friday it has "
                            "suspended flights. Sonova(SOON.S), the world's largest "
                            "maker of hearing aids, agreed. Caterpillar (CAT.N) jumped "
                            "3.4%.")


def test_wire_read_more_inside_sentence_kept(rules):
    text = "He urged children to read more, the minister said."
    assert cleaned(rules, text).text == text


@pytest.mark.parametrize("credit", ["(Xinhua Photo)", "(VCG Photo)", "(File Photo)",
                                    "(Photo from CFP)", "(Photo/Xinhua)"])
def test_wire_photo_credits_in_brackets_dropped(rules, credit):
    # People's Daily, March 23 2018
    text = ("Trump signs the memorandum in Washington. " + credit + " The Chinese "
            "Ministry of Commerce announced Friday it will impose tariffs.")
    article = cleaned(rules, text)
    assert article.text == ("Trump signs the memorandum in Washington. The Chinese "
                            "Ministry of Commerce announced Friday it will impose "
                            "tariffs.")


def test_wire_bracketed_photo_words_in_a_sentence_kept(rules):
    text = "The (Photo) studio and the (Group Photo Day) event went ahead."
    assert cleaned(rules, text).text == text


def test_wire_peoples_daily_script_trailer(rules):
    text = ("SAN FRANCISCO, Dec. 11 (Xinhua) -- A pause in China-U.S. tariff disputes "
            "relieves anxiety, said the Chinese consul general. "
            'var addthis_config = {"data_track_addressbar":false};')
    article = cleaned(rules, text)
    assert article.text == ("A pause in China-U.S. tariff disputes relieves anxiety, "
                            "said the Chinese consul general.")
    assert article.sources == ("Xinhua",)


def test_wire_correction_notice_after_dateline(rules):
    text = ("May 9 (Reuters) - (This May 9 story has been corrected to remove "
            "references to c) Twangiza Mining, a gold miner, said on Friday.")
    article = cleaned(rules, text)
    assert article.text == "Twangiza Mining, a gold miner, said on Friday."


def test_wire_correction_notice_at_the_end(rules):
    # Reuters, May 9 2025 (AB Foods bioethanol story)
    text = ("LONDON, May 9 (Reuters) - Remaining tariffs were unchanged. British "
            "Prime Minister Keir Starmer said the deal would save jobs in the car "
            "and steel industries. (This story has been refiled to fix a typo in "
            "paragraph 12)")
    article = cleaned(rules, text)
    assert article.text.endswith("the car and steel industries.")
    assert "refiled" not in article.text
    start = article.text.index("Keir")
    assert article.text[start:start + 12] == "Keir Starmer"


def test_wire_correction_notice_inside_a_sentence_is_kept(rules):
    text = ("The minister said (the report was corrected later) that exports rose "
            "in March.")
    assert cleaned(rules, text).text == text


def test_wire_sgml_hard_wraps_become_spaces(rules):
    text = ("The Bank of England said it forecast a\nshortage of around 250 mln stg.\n"
            "    Among the factors affecting liquidity, it said bills\nmaturing would "
            "drain around 1.02 billion stg.\n REUTER\n")
    article = cleaned(rules, text)
    assert article.text == ("The Bank of England said it forecast a shortage of around "
                            "250 mln stg.\n\nAmong the factors affecting liquidity, it "
                            "said bills maturing would drain around 1.02 billion stg.")
    assert article.sources == ("Reuters",)


def test_wire_body_in_capitals_is_not_a_credit(rules):
    text = "I"
    assert cleaned(rules, text).text == "I"


def test_wire_empty_and_blank_text(rules):
    assert cleaned(rules, "").text == ""
    assert cleaned(rules, " \n\n \t").text == ""
