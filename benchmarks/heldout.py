"""Held-out evaluation sets: write 8 real wire articles as header-block .txt files.

Input: the read-only corpora under ``/work/shared/corpora`` (Reuters May 2025
JSON, People's Daily tariff CSV, Reuters-21578 SGML, BBC and Reuters Boeing
JSON). Output: one ``NN_<slug>.txt`` a chosen article in the folder given on the
command line, each with ``Published:``, ``Source:``, ``Title:`` and ``ID:``
headers, so that the gold file can refer to each article by ``external_id``.

Set 1 (the default) is annotated in ``tests/heldout/gold.json``; set 2 (8 other
articles: 4 People's Daily, 3 Reuters May 2025, 1 Reuters Boeing) in
``tests/heldout/gold2.json``. The article text is never copied into the
repository; only this selection is.

Run::

    .venv/bin/python benchmarks/heldout.py /tmp/heldout/articles
    PATH=.venv/bin:$PATH bash /work/shared/eval/run.sh /tmp/heldout/articles \
        tests/heldout/gold.json /tmp/heldout/out
    .venv/bin/python benchmarks/heldout.py --set 2 /tmp/heldout2/articles
    PATH=.venv/bin:$PATH bash /work/shared/eval/run.sh /tmp/heldout2/articles \
        tests/heldout/gold2.json /tmp/heldout2/out
"""

from __future__ import annotations

import argparse
import csv
import html
import json
import re
import sys
from dataclasses import dataclass
from pathlib import Path

DEFAULT_CORPORA = Path("/work/shared/corpora")

REUTERS_2025 = (
    "https://www.reuters.com/business/autos-transportation/"
    "japan-pm-ishiba-reiterates-call-eliminate-all-tariffs-with-us-2025-05-11/",
    "https://www.reuters.com/business/autos-transportation/"
    "detroit-three-automakers-blast-trump-uk-trade-deal-2025-05-08/",
    "https://www.reuters.com/world/uk/"
    "uk-steel-sector-urges-clarity-timeframe-0-us-tariffs-2025-05-09/",
)
PEOPLES_DAILY = (
    "http://english.people.com.cn/n3/2018/0919/c90000-9501594.html",
    "http://english.people.com.cn/n3/2018/0630/c90000-9476388.html",
)
REUTERS_21578 = (("reut2-000.sgm", "354"), ("reut2-016.sgm", "16856"))
BBC_BOEING = ("https://www.bbc.com/news/business-54528599",)

# Set 2: trade and tariff stories with rates, goods values, titled officials, quotes.
REUTERS_2025_SET2 = (
    "https://www.reuters.com/world/china/china-us-trade-talks-begin-geneva-2025-05-10/",
    "https://www.reuters.com/business/aerospace-defense/"
    "us-opens-national-security-probe-into-imported-commercial-jets-engines-2025-05-09/",
    "https://www.reuters.com/business/energy/"
    "future-ab-foods-bioethanol-plant-imperilled-by-us-uk-trade-deal-2025-05-09/",
)
PEOPLES_DAILY_SET2 = (
    "http://english.people.com.cn/n3/2018/0802/c90000-9487240.html",
    "http://english.people.com.cn/n3/2018/0822/c90000-9492969.html",
    "http://english.people.com.cn/n3/2018/0804/c90000-9487698.html",
    "http://english.people.com.cn/n3/2018/0323/c90000-9440944.html",
)
REUTERS_BOEING_SET2 = (
    "https://www.reuters.com/business/aerospace-defense/"
    "eu-us-set-unveil-truce-17-year-aircraft-battle-2021-06-15/",
)

MONTHS = "JAN FEB MAR APR MAY JUN JUL AUG SEP OCT NOV DEC".split()


@dataclass(frozen=True)
class HeldoutArticle:
    """One article as it is written out: headers plus raw body text."""

    external_id: str
    published: str
    source: str
    title: str
    text: str


def read_reuters_2025(
    corpora: Path, urls: tuple[str, ...] = REUTERS_2025
) -> list[HeldoutArticle]:
    """The chosen Reuters May 2025 stories, keyed by URL."""
    items = json.loads((corpora / "reuters-2025-05/reuters_articles.json").read_text())
    by_url = {item["url"]: item for item in items}
    return [
        HeldoutArticle(
            url,
            by_url[url]["date"],
            "Reuters",
            by_url[url]["title"],
            by_url[url]["content"],
        )
        for url in urls
    ]


def read_peoples_daily(
    corpora: Path, links: tuple[str, ...] = PEOPLES_DAILY
) -> list[HeldoutArticle]:
    """The chosen People's Daily rows, keyed by link; dates like 'June 30, 2018'."""
    path = corpora / "peoples-daily-tariffs/peoplesDailyOutput_tariff.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        by_link = {row["link"]: row for row in csv.DictReader(handle)}
    articles = []
    for link in links:
        row = by_link[link]
        month, day, year = row["date"].replace(",", "").split()
        published = f"{year}-{_month_number(month):02d}-{int(day):02d}"
        # The scraped body is kept as is, trailing AddThis script included: the
        # cleaner has to cope with such junk in real feeds.
        articles.append(
            HeldoutArticle(link, published, "People's Daily", row["title"], row["text"])
        )
    return articles


def read_reuters_21578(corpora: Path) -> list[HeldoutArticle]:
    """The set 1 Reuters-21578 records."""
    return read_reuters_21578_records(corpora, REUTERS_21578)


def read_reuters_21578_records(
    corpora: Path, records: tuple[tuple[str, str], ...]
) -> list[HeldoutArticle]:
    """Reuters-21578 records by (file, NEWID), keyed by NEWID, dateline kept."""
    articles = []
    for file_name, new_id in records:
        sgml = (corpora / "reuters21578" / file_name).read_text(encoding="latin-1")
        record = re.search(
            rf'<REUTERS[^>]*NEWID="{new_id}">(.*?)</REUTERS>', sgml, re.S
        )
        if record is None:
            raise SystemExit(f"NEWID {new_id} not found in {file_name}")
        inner = record.group(1)
        day, month, year = _tag(inner, "DATE").split()[0].split("-")
        published = f"{year}-{MONTHS.index(month.upper()) + 1:02d}-{int(day):02d}"
        dateline = " ".join(_tag(inner, "DATELINE").split())
        body = _reflow(_tag(inner, "BODY"))
        articles.append(
            HeldoutArticle(
                new_id, published, "Reuters", _tag(inner, "TITLE"), f"{dateline} {body}"
            )
        )
    return articles


def read_bbc(corpora: Path) -> list[HeldoutArticle]:
    """The chosen BBC Boeing story, keyed by link."""
    path = corpora / "boeing-news-2017-2024/bbc_scraped_articles.json"
    by_link = {a["link"]: a for a in json.loads(path.read_text())["articles"].values()}
    return [
        HeldoutArticle(
            link,
            by_link[link]["publish_date"][:10],
            "BBC",
            by_link[link]["title"],
            by_link[link]["text"],
        )
        for link in BBC_BOEING
    ]


def read_reuters_boeing(corpora: Path) -> list[HeldoutArticle]:
    """The chosen Reuters Boeing stories, keyed by link.

    The scraped ``publish_date`` carries a wrong zone (``2021-06-16T01:32:00-02:00``
    for a story of June 15), so the date at the end of the URL is used when present.
    """
    path = corpora / "boeing-news-2017-2024/reuters_articles.json"
    by_link = {a["link"]: a for a in json.loads(path.read_text())["articles"].values()}
    articles = []
    for link in REUTERS_BOEING_SET2:
        item = by_link[link]
        in_url = re.search(r"(\d{4}-\d{2}-\d{2})/?$", link)
        published = in_url.group(1) if in_url else item["publish_date"][:10]
        articles.append(
            HeldoutArticle(link, published, "Reuters", item["title"], item["text"])
        )
    return articles


def select(corpora: Path, number: int) -> list[HeldoutArticle]:
    """The articles of held-out set ``number`` (1 or 2), in file order."""
    if number == 1:
        return (
            read_reuters_2025(corpora)
            + read_peoples_daily(corpora)
            + read_reuters_21578(corpora)
            + read_bbc(corpora)
        )
    return (
        read_peoples_daily(corpora, PEOPLES_DAILY_SET2)
        + read_reuters_2025(corpora, REUTERS_2025_SET2)
        + read_reuters_boeing(corpora)
    )


def _month_number(name: str) -> int:
    """1-12 for an English month name."""
    return MONTHS.index(name[:3].upper()) + 1


def _tag(inner: str, tag: str) -> str:
    """The decoded content of one SGML tag (control entities dropped)."""
    found = re.search(rf"<{tag}>(.*?)</{tag}>", inner, re.S)
    value = found.group(1) if found else ""
    return html.unescape(re.sub(r"&#\d+;", "", value))


def _reflow(body: str) -> str:
    """Join hard-wrapped lines; an indented line starts a paragraph; drop 'Reuter'."""
    lines = body.rstrip().splitlines()
    while lines and re.fullmatch(r"\s*reuter\W*", lines[-1], re.I):
        lines.pop()
    paragraphs: list[list[str]] = [[]]
    for line in lines:
        if line.startswith((" ", "\t")) and paragraphs[-1]:
            paragraphs.append([])
        if line.strip():
            paragraphs[-1].append(line.strip())
    return "\n\n".join(" ".join(p) for p in paragraphs if p)


def write_articles(articles: list[HeldoutArticle], folder: Path) -> None:
    """Write each article as ``NN_<slug>.txt`` with a header block."""
    folder.mkdir(parents=True, exist_ok=True)
    for number, article in enumerate(articles):
        slug = re.sub(r"[^a-z0-9]+", "-", article.title.lower()).strip("-")[:40]
        published = f"Published: {article.published}\n" if article.published else ""
        headers = (
            f"{published}Source: {article.source}\n"
            f"Title: {' '.join(article.title.split())}\nID: {article.external_id}\n\n"
        )
        (folder / f"{number:02d}_{slug}.txt").write_text(
            headers + article.text.strip() + "\n", encoding="utf-8"
        )


def main(argv: list[str] | None = None) -> int:
    """Command line: write the held-out articles into OUT."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="folder to write the .txt files into")
    parser.add_argument("--corpora", type=Path, default=DEFAULT_CORPORA)
    parser.add_argument(
        "--set",
        type=int,
        choices=(1, 2),
        default=1,
        dest="number",
        help="which held-out set: 1 (tests/heldout/gold.json, the default) "
        "or 2 (tests/heldout/gold2.json)",
    )
    args = parser.parse_args(argv)
    corpora: Path = args.corpora
    if not corpora.is_dir():
        print(f"corpora folder not found: {corpora}", file=sys.stderr)
        return 2
    articles = select(corpora, args.number)
    write_articles(articles, args.out)
    print(f"wrote {len(articles)} articles to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
