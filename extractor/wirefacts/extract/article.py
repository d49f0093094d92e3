"""Stage 3 composed: Article -> ArticleFacts, one spaCy pass and every fact extractor.

The extractors are pure functions of the parsed Doc (plus the publication date and
the rules); this module runs spaCy once per article, calls them in dependency order
(dates and money before tariffs, mentions before roles and quotes) and computes the
extraction key that says which rules and model made the facts.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc

from wirefacts.config import Settings, default_pipeline_config
from wirefacts.extract.dates import find_dates
from wirefacts.extract.key import describe_model, extraction_key, installed_model_meta
from wirefacts.extract.money import find_money
from wirefacts.extract.nlp import build_nlp, model_fingerprint, read_pipeline_config
from wirefacts.extract.people import find_mentions
from wirefacts.extract.quotes import find_quotes
from wirefacts.extract.roles import find_roles
from wirefacts.extract.rules import RuleSet
from wirefacts.extract.tariffs import find_tariffs
from wirefacts.extract.titles import remember_text
from wirefacts.facts import Article, ArticleFacts, FailedInput


def parse_published(value: str | None) -> dt.date | None:
    """The publication date as a date, or None when absent or not ISO."""
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


def facts_from_doc(doc: Doc, article: Article, rules: RuleSet) -> ArticleFacts:
    """Run every fact extractor over one parsed article."""
    remember_text(doc, article.text)
    published = parse_published(article.published)
    dates = find_dates(doc, published, rules)
    money = find_money(doc, rules, source=article.source)
    mentions = find_mentions(doc, rules)
    return ArticleFacts(
        mentions=tuple(mentions),
        roles=tuple(find_roles(doc, mentions, rules)),
        money=tuple(money),
        tariffs=tuple(find_tariffs(doc, money, dates, mentions, rules)),
        dates=tuple(dates),
        quotes=tuple(find_quotes(doc, mentions, rules)),
    )


class Extractor:
    """The spaCy pipeline and rules, built once per process.

    ``nlp`` may be left out: the pipeline is then loaded on first use, so a
    process that only coordinates workers (it needs the rules and the extraction
    key, not the model) never pays for loading it.
    """

    def __init__(self, rules: RuleSet, nlp: Language | None = None,
                 config_path: Path | None = None, model: str | None = None):
        self.rules = rules
        self._nlp = nlp
        self.config_path = config_path or default_pipeline_config()
        config = read_pipeline_config(self.config_path)["nlp"]
        self.model = model or str(config["model"])
        self.batch_size = int(config.get("batch_size", 64))
        self.key = self._extraction_key()

    @classmethod
    def from_settings(cls, settings: Settings) -> Extractor:
        """The rules now, the model named by the settings when first needed."""
        return cls(RuleSet(settings.rules_dir), model=settings.model)

    @property
    def nlp(self) -> Language:
        """The spaCy pipeline, loaded on first access."""
        if self._nlp is None:
            self._nlp = build_nlp(self.rules, self.model, self.config_path)
        return self._nlp

    @property
    def model_name(self) -> str:
        """Name and version of the base spaCy pipeline."""
        if self._nlp is not None:
            return model_fingerprint(self._nlp)
        return describe_model(installed_model_meta(self.model))

    def _extraction_key(self) -> str:
        return extraction_key(self.rules, self.model_name, self.config_path)

    def extract(self, article: Article) -> ArticleFacts:
        """Facts of one article."""
        return facts_from_doc(self.nlp(article.text), article, self.rules)

    def extract_many(
        self, articles: Iterable[Article]
    ) -> Iterator[tuple[Article, ArticleFacts | FailedInput]]:
        """Facts of many articles, in order, parsing them in batches.

        An article whose rules fail yields a FailedInput instead of facts, so one
        odd text never stops a batch.
        """
        pairs = ((a.text, a) for a in articles)
        for doc, article in self.nlp.pipe(pairs, as_tuples=True,
                                          batch_size=self.batch_size):
            try:
                yield article, facts_from_doc(doc, article, self.rules)
            except Exception as exc:  # noqa: BLE001 - reported per article, run goes on
                reason = f"extraction failed: {type(exc).__name__}: {exc}"
                yield article, FailedInput(article.source_path, reason, article.record)
