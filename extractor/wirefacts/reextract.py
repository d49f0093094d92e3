"""Orchestration of re-extraction: stored articles -> extract -> diffs -> store.

Input: Settings (database, rules folder, model, workers) and which articles to redo
(the stale ones, ``everything``, or given ids). Output: a ``ReextractSummary``
with per-table counts of added / removed / changed facts and a few examples, and
optionally the full diff as CSV.

An article is stale when its ``extraction_key`` is not the current extractor's
key (rules, model, pipeline config and extraction code), so with unchanged rules
the whole job is one indexed query. Stale articles are re-extracted from their
stored cleaned text (no file is read again) through ``batch.ExtractionPool``
(``--workers``), and each batch is applied in one transaction
(``Store.reextract_batch``): an interrupted run leaves every article either old
or new, and running it again finishes the job. Exact duplicates have no facts
and are never re-extracted.
"""

from __future__ import annotations

import csv
import json
import time
from collections import Counter, deque
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TextIO

from wirefacts.config import Settings, default_pipeline_config
from wirefacts.errors import WirefactsError
from wirefacts.extract.key import describe_model, extraction_key, installed_model_meta
from wirefacts.extract.rules import RuleSet
from wirefacts.facts import Article, ArticleFacts, FailedInput
from wirefacts.store.db import Store
from wirefacts.store.diff import TABLE_NAMES, Change, TableDiff

if TYPE_CHECKING:
    from wirefacts.extract.article import Extractor

KINDS = ("added", "removed", "changed")
SIGNS = {"added": "+", "removed": "-", "changed": "~"}
DIFF_COLUMNS = ("table", "article_id", "change", "start", "end", "key", "old", "new")
EXAMPLES = 3

ProgressHook = Callable[[int], None]


class ArticleNotFound(WirefactsError):
    """An ``--article`` id that is not in the store (or is an exact duplicate)."""


@dataclass
class ReextractSummary:
    """What a re-extraction did (or, in a dry run, would do)."""

    fingerprint: str
    dry_run: bool
    articles: int = 0  # articles that have facts (exact duplicates left out)
    stale: int = 0
    done: int = 0
    counts: dict[str, Counter[str]] = field(
        default_factory=lambda: {t: Counter() for t in TABLE_NAMES}
    )
    examples: dict[tuple[str, str], list[Change]] = field(default_factory=dict)
    failures: list[FailedInput] = field(default_factory=list)
    run_id: int | None = None
    seconds: float = 0.0

    @property
    def failed(self) -> int:
        """Articles whose extraction failed (their old facts are kept)."""
        return len(self.failures)

    def changed_facts(self) -> int:
        """Facts added, removed or changed in every table."""
        return sum(c[k] for c in self.counts.values() for k in KINDS)

    def add(self, diffs: Sequence[TableDiff], examples: int = EXAMPLES) -> None:
        """Count one article's diffs and keep the first examples of each kind."""
        for diff in diffs:
            counts = self.counts[diff.spec.name]
            counts["unchanged"] += diff.unchanged
            for change in diff.changes:
                counts[change.change] += 1
                kept = self.examples.setdefault((change.table, change.change), [])
                if len(kept) < examples:
                    kept.append(change)


# -- the run ---------------------------------------------------------------------


def select_articles(store: Store, fingerprint: str, everything: bool,
                    article_ids: Sequence[int]) -> tuple[list[int], int]:
    """The ids to re-extract and how many articles have facts at all.

    Raises:
        ArticleNotFound: an id in ``article_ids`` is unknown or an exact duplicate.
    """
    extractable = store.stale_articles(fingerprint, everything=True)
    if article_ids:
        known = set(extractable)
        missing = [a for a in article_ids if a not in known]
        if missing:
            raise ArticleNotFound(
                f"no article {', '.join(map(str, missing))} with facts to re-extract "
                "(unknown id, or an exact duplicate)"
            )
        return sorted(set(article_ids)), len(extractable)
    if everything:
        return extractable, len(extractable)
    return store.stale_articles(fingerprint), len(extractable)


def reextract(settings: Settings, everything: bool = False,
              article_ids: Sequence[int] = (), dry_run: bool = False,
              diff_out: TextIO | None = None,
              on_start: ProgressHook | None = None,
              on_articles: ProgressHook | None = None) -> ReextractSummary:
    """Re-run extraction on stale (or chosen) stored articles and apply the diffs.

    Args:
        settings: database, rules folder, model and workers.
        everything: redo every article that has facts, stale or not.
        article_ids: redo exactly these articles (stale or not).
        dry_run: compute the exact diffs, change nothing (no run is recorded).
        diff_out: where to write every change as CSV (``DIFF_COLUMNS``).
        on_start: called once with the number of articles to redo.
        on_articles: called with the number of articles finished after each batch.

    Raises:
        WirefactsError: the rules, model or store cannot be used, or an
            ``article_ids`` entry is not in the store.
    """
    started = time.perf_counter()
    rules = RuleSet(settings.rules_dir)
    # The key is known without loading spaCy: with unchanged rules the whole
    # run is one query.
    key = extraction_key(rules, describe_model(installed_model_meta(settings.model)),
                         default_pipeline_config())
    summary = ReextractSummary(key, dry_run)
    writer = csv.writer(diff_out, lineterminator="\n") if diff_out else None
    if writer is not None:
        writer.writerow(DIFF_COLUMNS)
    with Store.open(settings.db_url, rules) as store:
        ids, summary.articles = select_articles(store, key, everything, article_ids)
        summary.stale = len(ids)
        if on_start is not None:
            on_start(len(ids))
        if ids:
            from wirefacts.extract.article import Extractor
            from wirefacts.extract.nlp import build_nlp

            extractor = Extractor(rules, build_nlp(rules, settings.model))
            summary.fingerprint = extractor.key
            if not dry_run:
                summary.run_id = store.start_run(extractor.key, extractor.model_name,
                                                 "reextract")
            _run_batches(store, extractor, settings, ids, summary, writer, on_articles)
            if summary.run_id is not None:
                store.finish_run(summary.run_id, run_counts(summary))
    summary.seconds = time.perf_counter() - started
    return summary


def _run_batches(store: Store, extractor: Extractor, settings: Settings,
                 ids: list[int], summary: ReextractSummary,
                 writer: Any | None, on_articles: ProgressHook | None) -> None:
    """Extract the articles batch by batch and apply (or roll back) each batch."""
    from wirefacts.batch import BATCH_SIZE, ExtractionPool, batched

    in_flight: deque[list[int]] = deque()

    def article_batches() -> Iterator[list[Article]]:
        for chunk in batched(ids, BATCH_SIZE):
            found = store.get_articles(chunk)
            in_flight.append([aid for aid, _ in found])
            yield [article for _, article in found]

    pool = ExtractionPool(extractor, settings)
    try:
        for extracted in pool.run(article_batches()):
            batch_ids = in_flight.popleft()
            items: list[tuple[int, Article, ArticleFacts]] = []
            failures: list[FailedInput] = []
            for aid, (article, facts) in zip(batch_ids, extracted, strict=True):
                if isinstance(facts, FailedInput):
                    failures.append(facts)
                else:
                    items.append((aid, article, facts))
            diffs = store.reextract_batch(items, extractor.key, summary.run_id,
                                          dry_run=summary.dry_run)
            for per_article in diffs:
                summary.add(per_article)
                if writer is not None:
                    write_diff_rows(writer, per_article)
            summary.done += len(items)
            summary.failures.extend(failures)
            if failures and not summary.dry_run:
                store.record_failures(failures, summary.run_id)
            if on_articles is not None:
                on_articles(len(batch_ids))
    finally:
        pool.close()


def run_counts(summary: ReextractSummary) -> dict[str, int]:
    """The counts stored with the run: articles, and facts per table and kind."""
    counts = {"stale": summary.stale, "reextracted": summary.done,
              "failed": summary.failed}
    for table, kinds in summary.counts.items():
        for kind in (*KINDS, "unchanged"):
            counts[f"{table}_{kind}"] = kinds[kind]
    return counts


# -- reporting -------------------------------------------------------------------


def write_diff_rows(writer: Any, diffs: Sequence[TableDiff]) -> None:
    """One CSV row per change of one article (values as JSON objects)."""
    for diff in diffs:
        for change in diff.changes:
            rest = {k: v for k, v in change.key.items() if k not in ("start", "end")}
            writer.writerow([
                change.table, change.article_id, change.change,
                change.key.get("start"), change.key.get("end"),
                _json(rest) if rest else "",
                _json(change.old) if change.old is not None else "",
                _json(change.new) if change.new is not None else "",
            ])


def _json(value: dict[str, Any]) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=False)


def describe(change: Change) -> str:
    """One change as one line: ``+ article 8 [102:125] person=...: role=...``."""
    key = change.key
    where = f"article {change.article_id} [{key.get('start')}:{key.get('end')}]"
    extra = " ".join(f"{k}={v!r}" for k, v in key.items() if k not in ("start", "end"))
    if change.change == "changed":
        old, new = change.old or {}, change.new or {}
        shown = ", ".join(f"{k}: {old.get(k)!r} -> {new.get(k)!r}"
                          for k in new if old.get(k) != new.get(k))
    else:
        values = change.new if change.change == "added" else change.old
        shown = ", ".join(f"{k}={v!r}" for k, v in (values or {}).items()
                          if v is not None and not k.endswith("_id"))
    head = f"{SIGNS[change.change]} {where}"
    return f"{head} {extra}: {shown}" if extra else f"{head}: {shown}"


def report_lines(summary: ReextractSummary) -> list[str]:
    """Per table: added / removed / changed counts and a few examples of each."""
    lines = []
    for table in TABLE_NAMES:
        counts = summary.counts[table]
        lines.append(f"{table}: {counts['added']} added, {counts['removed']} removed, "
                     f"{counts['changed']} changed ({counts['unchanged']} unchanged)")
        for kind in KINDS:
            for change in summary.examples.get((table, kind), []):
                lines.append(f"  {describe(change)}")
    return lines


def summary_line(summary: ReextractSummary) -> str:
    """The closing one-line summary."""
    if not summary.stale:
        return (f"0 stale of {summary.articles} articles (extraction key "
                f"{summary.fingerprint}): nothing to do")
    facts = ", ".join(
        f"{t} +{c['added']} -{c['removed']} ~{c['changed']}"
        for t, c in summary.counts.items()
    )
    verb = "would re-extract" if summary.dry_run else "re-extracted"
    tail = "; dry run, nothing changed" if summary.dry_run else ""
    return (f"{summary.stale} stale of {summary.articles} articles: {verb} "
            f"{summary.done}, {summary.failed} failed; {facts}; "
            f"{summary.seconds:.1f} s{tail}")
