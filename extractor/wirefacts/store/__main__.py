"""Store maintenance without the CLI: ``python -m wirefacts.store check|upgrade URL``.

``check`` migrates a scratch SQLite database to head and fails (exit 1) when the
models in ``tables.py`` and the Alembic revisions disagree, as ``alembic check``
does (``make lint`` runs it). ``upgrade URL`` brings a store to the current schema.
"""

from __future__ import annotations

import sys

from wirefacts.errors import StoreError
from wirefacts.store.db import hide_password, schema_drift, upgrade_url


def main(argv: list[str]) -> int:
    """Run one maintenance command; returns the exit code."""
    if argv[:1] == ["check"] and len(argv) <= 2:
        drift = schema_drift(argv[1] if len(argv) == 2 else "sqlite://")
        for diff in drift:
            print(f"drift: {diff}", file=sys.stderr)
        print(
            "models and migrations agree"
            if not drift
            else f"{len(drift)} difference(s): write an Alembic revision"
        )
        return 1 if drift else 0
    if argv[:1] == ["upgrade"] and len(argv) == 2:
        upgrade_url(argv[1])
        print(f"{hide_password(argv[1])} is at the current schema")
        return 0
    print("usage: python -m wirefacts.store check [URL] | upgrade URL", file=sys.stderr)
    return 2


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv[1:]))
    except StoreError as error:
        print(f"error: {error}", file=sys.stderr)
        sys.exit(1)
