"""Articles record their language; extraction runs record their rules folder.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-06 23:15:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | Sequence[str] | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Add ``articles.language`` and ``extraction_runs.rules_dir`` (both nullable)."""
    with op.batch_alter_table("articles") as batch:
        batch.add_column(sa.Column("language", sa.String(length=16), nullable=True))
    with op.batch_alter_table("extraction_runs") as batch:
        batch.add_column(sa.Column("rules_dir", sa.Text(), nullable=True))


def downgrade() -> None:
    """Drop the two columns."""
    with op.batch_alter_table("extraction_runs") as batch:
        batch.drop_column("rules_dir")
    with op.batch_alter_table("articles") as batch:
        batch.drop_column("language")
