"""Stage 4 schema: the mapped tables of the store (SQLAlchemy 2.x typed models).

Portable types only (SQLite and PostgreSQL behave the same): dates are ISO strings
as the contract writes them, JSON lists are text columns, MinHash signatures are
bytes. Every change to this module is an Alembic revision under ``migrations/``;
``tests/store/test_migrations.py`` fails when the two disagree.

Fact tables (mentions, roles, money, tariffs, dates, quotes) hang off ``articles``
with ``ON DELETE CASCADE`` so one article's facts can be replaced atomically when
it is re-extracted. Entities (people, organizations, places) and consolidated
tariff measures are shared across articles; their aggregates (aliases,
article_count, roles, evidence_count) are computed from the fact tables at export
time, so they are always exact.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

# Hex sha256 digests (content hash, ingest key, measure key).
Digest = String(64)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class ExtractionRun(Base):
    """One ``ingest``/``reextract`` run: which rules and model made which facts."""

    __tablename__ = "extraction_runs"

    id: Mapped[int] = mapped_column(primary_key=True)
    fingerprint: Mapped[str] = mapped_column(String(128))
    model: Mapped[str] = mapped_column(String(200))
    command: Mapped[str] = mapped_column(String(200))
    wirefacts_version: Mapped[str] = mapped_column(String(32))
    started_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    finished_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    counts: Mapped[str | None] = mapped_column(Text)  # JSON object
    rules_dir: Mapped[str | None] = mapped_column(Text)  # the rules folder used


class ArticleRow(Base):
    """A cleaned article, its raw text and where it came from.

    ``ingest_key`` (sha256 of source_path, record and content_hash) makes
    re-ingest idempotent; ``content_hash`` (sha256 of the normalised words) finds
    exact duplicates. ``duplicate_of`` points at the original for exact
    (``duplicate_kind`` 'exact', no facts) and near duplicates ('near', facts kept
    but not counted). ``extraction_key`` is the fingerprint the facts were made
    with (NULL: none yet), which is what re-extraction compares.
    """

    __tablename__ = "articles"

    id: Mapped[int] = mapped_column(primary_key=True)
    source_path: Mapped[str] = mapped_column(Text)
    record: Mapped[str] = mapped_column(String(200), default="")
    external_id: Mapped[str | None] = mapped_column(String(200))
    title: Mapped[str | None] = mapped_column(Text)
    published: Mapped[str | None] = mapped_column(String(32))
    dateline: Mapped[str | None] = mapped_column(String(200))
    sources: Mapped[str] = mapped_column(Text, default="[]")  # JSON list
    source: Mapped[str | None] = mapped_column(String(200))
    url: Mapped[str | None] = mapped_column(Text)
    author: Mapped[str | None] = mapped_column(String(200))
    language: Mapped[str | None] = mapped_column(String(16))  # ISO 639-1, e.g. en
    text: Mapped[str] = mapped_column(Text)
    raw_text: Mapped[str] = mapped_column(Text)
    offset_map: Mapped[str] = mapped_column(Text)  # JSON [[clean, raw], ...]
    content_hash: Mapped[str] = mapped_column(Digest, index=True)
    ingest_key: Mapped[str] = mapped_column(Digest, unique=True)
    duplicate_of: Mapped[int | None] = mapped_column(
        ForeignKey("articles.id"), index=True
    )
    duplicate_kind: Mapped[str | None] = mapped_column(String(8))
    similarity: Mapped[float | None] = mapped_column(Float)
    extraction_key: Mapped[str | None] = mapped_column(String(128), index=True)
    run_id: Mapped[int | None] = mapped_column(ForeignKey("extraction_runs.id"))
    ingested_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


class ArticleMinhash(Base):
    """The MinHash signature of an original article, for near-duplicate lookup."""

    __tablename__ = "article_minhashes"

    article_id: Mapped[int] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True
    )
    num_perm: Mapped[int] = mapped_column(Integer)
    scheme: Mapped[str] = mapped_column(String(32))
    signature: Mapped[bytes] = mapped_column(LargeBinary)


class Person(Base):
    """One real person across all articles, keyed by ``wirefacts.names.person_key``.

    ``single`` marks a surname-only row ("Trump" never seen with a full name that
    it could be attached to); ``surname_key`` indexes full names by family name.
    """

    __tablename__ = "people"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(300), unique=True)
    name: Mapped[str] = mapped_column(String(300))
    surname_key: Mapped[str] = mapped_column(String(300), index=True)
    single: Mapped[bool] = mapped_column(Boolean, default=False)


class Organization(Base):
    """One organisation, keyed by ``org_key`` of its canonical (lexicon) name."""

    __tablename__ = "organizations"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(300), unique=True)
    name: Mapped[str] = mapped_column(String(300))


class Place(Base):
    """Any other named entity (GPE, LOC, NORP, ...), keyed by type and name key."""

    __tablename__ = "places"
    __table_args__ = (UniqueConstraint("type", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    type: Mapped[str] = mapped_column(String(16))
    key: Mapped[str] = mapped_column(String(300))
    name: Mapped[str] = mapped_column(String(300))


class MentionRow(Base):
    """A named-entity mention; exactly one of person/org/place id is set."""

    __tablename__ = "mentions"

    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE"), index=True
    )
    type: Mapped[str] = mapped_column(String(16))
    text: Mapped[str] = mapped_column(Text)
    entity: Mapped[str] = mapped_column(Text)  # canonical name within the article
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"), index=True)
    org_id: Mapped[int | None] = mapped_column(
        ForeignKey("organizations.id"), index=True
    )
    place_id: Mapped[int | None] = mapped_column(ForeignKey("places.id"), index=True)


class RoleRow(Base):
    """A person's title or position as written in one article."""

    __tablename__ = "roles"

    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE"), index=True
    )
    person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"), index=True)
    person: Mapped[str] = mapped_column(Text)
    role: Mapped[str] = mapped_column(Text)
    organization: Mapped[str | None] = mapped_column(Text)
    org_id: Mapped[int | None] = mapped_column(
        ForeignKey("organizations.id"), index=True
    )
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)


class MoneyRow(Base):
    """A money amount; ``converted_from_seq`` pairs conversions within an article."""

    __tablename__ = "money"

    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE"), index=True
    )
    seq: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    amount: Mapped[float | None] = mapped_column(Float)
    currency: Mapped[str | None] = mapped_column(String(8))
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    converted_from_seq: Mapped[int | None] = mapped_column(Integer)


class TariffMeasure(Base):
    """One tariff action consolidated across the articles that report it."""

    __tablename__ = "tariff_measures"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(Digest, unique=True)
    imposer: Mapped[str | None] = mapped_column(Text)
    target: Mapped[str | None] = mapped_column(Text)
    rate: Mapped[float | None] = mapped_column(Float)
    goods_value: Mapped[float | None] = mapped_column(Float)
    goods_currency: Mapped[str | None] = mapped_column(String(8))
    effective_date: Mapped[str | None] = mapped_column(String(32))


class TariffRow(Base):
    """One tariff action as one article reports it."""

    __tablename__ = "tariffs"

    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE"), index=True
    )
    seq: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    imposer: Mapped[str | None] = mapped_column(Text)
    target: Mapped[str | None] = mapped_column(Text)
    rate: Mapped[float | None] = mapped_column(Float)
    previous_rate: Mapped[float | None] = mapped_column(Float)
    goods: Mapped[str | None] = mapped_column(Text)
    goods_value: Mapped[float | None] = mapped_column(Float)
    goods_currency: Mapped[str | None] = mapped_column(String(8))
    effective_date: Mapped[str | None] = mapped_column(String(32))
    status: Mapped[str | None] = mapped_column(String(32))
    measure_id: Mapped[int | None] = mapped_column(
        ForeignKey("tariff_measures.id"), index=True
    )


class DateRow(Base):
    """A date expression with its ISO (TIMEX-style) value."""

    __tablename__ = "dates"

    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE"), index=True
    )
    text: Mapped[str] = mapped_column(Text)
    value: Mapped[str | None] = mapped_column(String(32))
    granularity: Mapped[str | None] = mapped_column(String(16))
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)


class QuoteRow(Base):
    """Words inside quotation marks and, where known, who said them."""

    __tablename__ = "quotes"

    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE"), index=True
    )
    text: Mapped[str] = mapped_column(Text)
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    speaker: Mapped[str | None] = mapped_column(Text)  # canonical within the article
    speaker_type: Mapped[str | None] = mapped_column(String(16))
    person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"), index=True)
    org_id: Mapped[int | None] = mapped_column(
        ForeignKey("organizations.id"), index=True
    )


class IngestError(Base):
    """One input (file or record) that could not be loaded; re-runs refresh ``at``."""

    __tablename__ = "errors"

    id: Mapped[int] = mapped_column(primary_key=True)
    error_key: Mapped[str] = mapped_column(Digest, unique=True)
    source_path: Mapped[str] = mapped_column(Text)
    record: Mapped[str] = mapped_column(String(200), default="")
    reason: Mapped[str] = mapped_column(Text)
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    run_id: Mapped[int | None] = mapped_column(ForeignKey("extraction_runs.id"))


FACT_TABLES = ("mentions", "roles", "money", "tariffs", "dates", "quotes")

__all__ = [
    "ArticleMinhash",
    "ArticleRow",
    "Base",
    "DateRow",
    "ExtractionRun",
    "FACT_TABLES",
    "IngestError",
    "MentionRow",
    "MoneyRow",
    "Organization",
    "Person",
    "Place",
    "QuoteRow",
    "RoleRow",
    "TariffMeasure",
    "TariffRow",
]
