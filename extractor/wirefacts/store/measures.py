"""Stage 4 consolidation: tariff actions reported by many articles -> one measure.

Two reports are the same measure when they agree on imposer, target (compared by
``org_key`` of their lexicon-canonical names), rate, goods value and currency,
and effective date. A report with no rate, or naming neither party, is too vague
to tell two actions apart and joins no measure. Evidence counts and first/last
seen dates are computed at export from the reports in non-duplicate articles.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from decimal import Decimal

from sqlalchemy import insert, select
from sqlalchemy.engine import Connection

from wirefacts.facts import ArticleFacts, Tariff
from wirefacts.store.normalize import EntityResolver, cached_org_key
from wirefacts.store.tables import TariffMeasure


def plain_number(value: float | None) -> str:
    """A number as plain decimal text: 1e11 -> "100000000000", 2.50 -> "2.5",
    -5.0 -> "-5" (shortest round-trip digits, never an exponent)."""
    if value is None:
        return ""
    text = format(Decimal(repr(float(value))), "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


class MeasureIndex:
    """Finds or creates the consolidated measure of each tariff report."""

    def __init__(self, resolver: EntityResolver) -> None:
        self.resolver = resolver
        self._known: dict[str, int] | None = None

    def invalidate(self) -> None:
        """Forget the cache (after a rollback)."""
        self._known = None

    def key(self, t: Tariff) -> str | None:
        """sha256 identity of the action ``t`` reports, or None when too vague."""
        if t.rate is None or not (t.imposer or t.target):
            return None

        def party(name: str | None) -> str:
            canonical = self.resolver.org_canonical(name)
            return cached_org_key(canonical) if canonical else ""

        parts = [
            party(t.imposer),
            party(t.target),
            plain_number(t.rate),
            plain_number(t.goods_value),
            (t.goods_currency or "").upper(),
            t.effective_date or "",
        ]
        return hashlib.sha256(json.dumps(parts).encode("utf-8")).hexdigest()

    def ids(
        self, conn: Connection, all_facts: Sequence[ArticleFacts]
    ) -> dict[int, int | None]:
        """``id(tariff)`` -> measure id for every tariff of ``all_facts``."""
        if self._known is None:
            self._known = {
                k: i
                for k, i in conn.execute(select(TariffMeasure.key, TariffMeasure.id))
            }
        known = self._known
        keys: dict[int, str | None] = {}
        new: dict[str, Tariff] = {}
        for facts in all_facts:
            for t in facts.tariffs:
                key = keys[id(t)] = self.key(t)
                if key is not None and key not in known:
                    new.setdefault(key, t)
        if new:
            rows = [
                {
                    "key": k,
                    "imposer": t.imposer,
                    "target": t.target,
                    "rate": t.rate,
                    "goods_value": t.goods_value,
                    "goods_currency": t.goods_currency,
                    "effective_date": t.effective_date,
                }
                for k, t in new.items()
            ]
            stmt = insert(TariffMeasure).returning(
                TariffMeasure.id, sort_by_parameter_order=True
            )
            ids = conn.execute(stmt, rows).scalars().all()
            known.update(zip(new, ids, strict=True))
        return {tid: (known[k] if k else None) for tid, k in keys.items()}
