"""Held-out set 3: 42 real articles from outlets and styles no earlier set used.

Chosen from ``/work/shared/corpora`` before wirefacts ever ran on them, for
variety of outlet, era and style rather than for any one kind of fact:

- AQUAINT TimeML texts (AP 1998-2000, New York Times, Xinhua), not used by
  ``make bench-dates`` (platinum and TimeBank);
- news pages from the article-extraction benchmark (BBC Newsbeat, Daily Express,
  City A.M., Deccan Herald, Al Jazeera, NBC, Fox Business, Houston Chronicle,
  VentureBeat, CRN, Detroit News), written as the saved pages they are;
- BBC and CNN Boeing-corpus stories (the BBC ones without a publication date,
  as copy often arrives);
- Reuters-21578 (1987), People's Daily (2014-2016) and Reuters May 2025 stories
  not in sets 1 and 2.

The gold is ``tests/heldout/gold3.json``, annotated from the text and
``../shared/CONTRACT.md`` before wirefacts' output on these articles was seen.

Run::

    .venv/bin/python benchmarks/heldout3.py /tmp/heldout3/articles
    PATH=.venv/bin:$PATH bash /work/shared/eval/run.sh /tmp/heldout3/articles \
        tests/heldout/gold3.json /tmp/heldout3/out
"""

from __future__ import annotations

import argparse
import csv
import gzip
import json
import re
import sys
import xml.etree.ElementTree as ET
from datetime import datetime
from pathlib import Path

from heldout import (
    DEFAULT_CORPORA,
    HeldoutArticle,
    _month_number,
    read_reuters_2025,
    read_reuters_21578_records,
    write_articles,
)

AQUAINT = (
    "APW19980818.0515",
    "APW20000115.0031",
    "APW19990506.0155",
    "APW20000210.0328",
    "NYT20000329.0359",
    "NYT19981025.0216",
    "XIE19980812.0062",
    "XIE19980821.0077",
)
# Item ids (sha256 file names) of the article-extraction benchmark pages, by prefix.
NEWS_PAGES = (
    "70cb2d5bca",  # bbc.com newsbeat
    "624fcd903d",  # express.co.uk, Hong Kong
    "360c732d1f",  # cityam.com, Alibaba listing
    "39d5c43beb",  # deccanherald.com, tariff demands
    "42aad16bde",  # aljazeera.com, NASA moon landers
    "7a457a4f71",  # nbcnews.com, guilty plea
    "51374560f4",  # foxbusiness.com, Home Depot
    "9ebb3af656",  # chron.com, car sales
    "06e5123e4e",  # venturebeat.com, WeWork inquiry
    "291a8bf33e",  # crn.com, Tim Cook
    "7de5241947",  # detroitnews.com, Indiana teachers
)
BBC_BOEING = (
    "https://www.bbc.com/news/business-68126413",
    "https://www.bbc.com/news/business-43209962",
    "https://www.bbc.com/news/business-57267194",
    "https://www.bbc.com/news/uk-wales-politics-40517877",
)
CNN_BOEING = (
    "https://www.cnn.com/2023/11/06/investing/ryanair-dividend-shareholders-profit/index.html",
    "https://www.cnn.com/2023/06/05/business/iata-airlines-profits-post-pandemic/index.html",
    "https://www.cnn.com/2023/01/26/business/united-ceo-air-travel-woes/index.html",
    "https://www.cnn.com/2023/01/26/business/japan-toyota-ceo-steps-down-intl-hnk/index.html",
)
REUTERS_21578 = (
    ("reut2-014.sgm", "14770"),
    ("reut2-021.sgm", "21277"),
    ("reut2-017.sgm", "17335"),
    ("reut2-000.sgm", "240"),
    ("reut2-012.sgm", "12194"),
    ("reut2-018.sgm", "18776"),
)
PEOPLES_DAILY_YEARS = ("2014", "2015", "2016")
PEOPLES_DAILY_COUNT = 4
REUTERS_2025 = (
    "https://www.reuters.com/world/g7-nations-urge-india-pakistan-have-direct-dialogue-2025-05-10/",
    "https://www.reuters.com/sports/soccer/man-citys-haaland-fit-again-guardiola-sets-sights-champions-league-spot-2025-05-09/",
    "https://www.reuters.com/world/china/congo-gold-miner-halts-operations-tax-dispute-with-m23-rebel-administration-2025-05-09/",
    "https://www.reuters.com/sports/federal-appeals-court-skeptical-over-nascar-antitrust-case-2025-05-10/",
)


def read_aquaint(corpora: Path) -> list[HeldoutArticle]:
    """The chosen AQUAINT TimeML documents: the TEXT element, the DCT as date."""
    articles = []
    for doc_id in AQUAINT:
        root = ET.parse(corpora / f"tempeval3/aquaint/{doc_id}.tml").getroot()
        dct = root.find(".//DCT/TIMEX3")
        published = dct.get("value", "")[:10] if dct is not None else ""
        text_node = root.find("TEXT")
        text = "".join(text_node.itertext()) if text_node is not None else ""
        source = {"APW": "AP", "NYT": "New York Times", "XIE": "Xinhua"}[doc_id[:3]]
        title = " ".join(text.split()[:8])
        articles.append(HeldoutArticle(doc_id, published, source, title, text))
    return articles


def read_boeing(
    corpora: Path, name: str, links: tuple[str, ...]
) -> list[HeldoutArticle]:
    """Boeing-corpus stories by link; BBC ones are written without a date."""
    path = corpora / f"boeing-news-2017-2024/{name}"
    by_link = {a["link"]: a for a in json.loads(path.read_text())["articles"].values()}
    articles = []
    for link in links:
        item = by_link[link]
        published = "" if "bbc.com" in link else _cnn_date(item["publish_date"])
        source = "BBC" if "bbc.com" in link else "CNN"
        articles.append(
            HeldoutArticle(link, published, source, item["title"], item["text"])
        )
    return articles


def read_peoples_daily_early(corpora: Path) -> list[HeldoutArticle]:
    """The first rows of 2014-2016 (file order) that no earlier set used."""
    path = corpora / "peoples-daily-tariffs/peoplesDailyOutput_tariff.csv"
    articles: list[HeldoutArticle] = []
    seen: set[str] = set()
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            month, day, year = row["date"].replace(",", "").split()
            if year not in PEOPLES_DAILY_YEARS or row["link"] in seen:
                continue
            if not 200 <= len(row["text"].split()) <= 700:
                continue
            seen.add(row["link"])
            published = f"{year}-{_month_number(month):02d}-{int(day):02d}"
            articles.append(
                HeldoutArticle(
                    row["link"], published, "People's Daily", row["title"], row["text"]
                )
            )
            if len(articles) == PEOPLES_DAILY_COUNT:
                break
    return articles


def write_news_pages(corpora: Path, folder: Path, first: int) -> list[str]:
    """Copy the chosen saved pages as ``NN_<domain>.html``; return the file names."""
    base = corpora / "article-extraction-benchmark"
    truth = json.loads((base / "ground-truth.json").read_text())
    names = []
    for offset, prefix in enumerate(NEWS_PAGES):
        (item_id,) = [key for key in truth if key.startswith(prefix)]
        domain = re.sub(r"^https?://(www\.)?", "", truth[item_id]["url"]).split("/")[0]
        name = f"{first + offset:02d}_{domain.replace('.', '-')}.html"
        page = gzip.decompress((base / "html" / f"{item_id}.html.gz").read_bytes())
        (folder / name).write_bytes(page)
        names.append(name)
    return names


def select(corpora: Path) -> list[HeldoutArticle]:
    """The text articles of set 3, in file order (the news pages follow them)."""
    return (
        read_aquaint(corpora)
        + read_boeing(corpora, "bbc_scraped_articles.json", BBC_BOEING)
        + read_boeing(corpora, "cnn_scraped_articles.json", CNN_BOEING)
        + read_reuters_21578_records(corpora, REUTERS_21578)
        + read_peoples_daily_early(corpora)
        + read_reuters_2025(corpora, REUTERS_2025)
    )


def _cnn_date(stamp: str) -> str:
    """'November 06, 2023 12:34 PM GMT+1' -> '2023-11-06'."""
    return (
        datetime.strptime(" ".join(stamp.split()[:3]), "%B %d, %Y").date().isoformat()
    )


def main(argv: list[str] | None = None) -> int:
    """Command line: write the set 3 articles into OUT."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="folder to write the articles into")
    parser.add_argument("--corpora", type=Path, default=DEFAULT_CORPORA)
    args = parser.parse_args(argv)
    corpora: Path = args.corpora
    if not corpora.is_dir():
        print(f"corpora folder not found: {corpora}", file=sys.stderr)
        return 2
    articles = select(corpora)
    write_articles(articles, args.out)
    pages = write_news_pages(corpora, args.out, len(articles))
    print(f"wrote {len(articles) + len(pages)} articles to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
