"""Benchmark of stage 2 (clean) on news pages: our body text vs trafilatura's.

Input: the article-extraction-benchmark folder (``html/*.html.gz`` and
``ground-truth.json`` with each page's ``articleBody``). Output: a table of
word-level precision, recall and F1 (bag of words, multiset overlap, averaged
over pages) and pages per second, for ``wirefacts.clean.clean`` on kind ``html``
and for plain ``trafilatura.extract`` on the same pages in the same run.

Run: ``.venv/bin/python benchmarks/bench_clean.py [--corpus DIR]``.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import trafilatura
from wirefacts.clean import clean
from wirefacts.config import default_rules_dir
from wirefacts.extract.rules import RuleSet
from wirefacts.facts import RawDoc

DEFAULT_CORPUS = Path("/work/shared/corpora/article-extraction-benchmark")
WORD = re.compile(r"\w+")


def word_scores(predicted: str, gold: str) -> tuple[float, float, float]:
    """Precision, recall and F1 of the multiset of lower-cased words."""
    got = Counter(WORD.findall(predicted.casefold()))
    want = Counter(WORD.findall(gold.casefold()))
    overlap = sum((got & want).values())
    precision = overlap / sum(got.values()) if got else 0.0
    recall = overlap / sum(want.values()) if want else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def load_pages(corpus: Path) -> list[tuple[str, str, str]]:
    """``(item id, markup, gold body)`` for every page of the benchmark."""
    gold = json.loads((corpus / "ground-truth.json").read_text(encoding="utf-8"))
    pages = []
    for item_id, entry in sorted(gold.items()):
        path = corpus / "html" / f"{item_id}.html.gz"
        markup = gzip.decompress(path.read_bytes()).decode("utf-8", errors="replace")
        pages.append((item_id, markup, entry["articleBody"]))
    return pages


def measure(pages: list[tuple[str, str, str]],
            extract: Callable[[str, str], str]) -> tuple[float, float, float, float]:
    """Mean P, R, F1 over pages and pages per second of one extractor."""
    totals = [0.0, 0.0, 0.0]
    started = time.perf_counter()
    for item_id, markup, gold in pages:
        scores = word_scores(extract(item_id, markup), gold)
        for i, score in enumerate(scores):
            totals[i] += score
    seconds = time.perf_counter() - started
    count = max(1, len(pages))
    return (totals[0] / count, totals[1] / count, totals[2] / count,
            len(pages) / seconds if seconds else 0.0)


def main(argv: list[str] | None = None) -> int:
    """Print the benchmark table; exit 1 when our F1 is below trafilatura's."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    args = parser.parse_args(argv)
    if not (args.corpus / "ground-truth.json").is_file():
        print(f"bench-clean: no benchmark at {args.corpus}", file=sys.stderr)
        return 2
    pages = load_pages(args.corpus)
    rules = RuleSet(default_rules_dir())

    def ours(item_id: str, markup: str) -> str:
        return clean(RawDoc(item_id, markup, kind="html"), rules).text

    def reference(item_id: str, markup: str) -> str:
        return trafilatura.extract(markup) or ""

    rows = [("wirefacts.clean", measure(pages, ours)),
            ("trafilatura.extract", measure(pages, reference))]
    print(f"HTML body extraction, {len(pages)} pages ({args.corpus})")
    print(f"{'extractor':<22}{'P':>8}{'R':>8}{'F1':>8}{'pages/s':>10}")
    for name, (p, r, f1, rate) in rows:
        print(f"{name:<22}{p:>8.4f}{r:>8.4f}{f1:>8.4f}{rate:>10.1f}")
    return 0 if rows[0][1][2] >= rows[1][1][2] else 1


if __name__ == "__main__":
    sys.exit(main())
