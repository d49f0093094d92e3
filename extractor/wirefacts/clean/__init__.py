"""Stage 2 (clean): ``RawDoc`` -> ``Article`` with wire and web clutter removed."""

from __future__ import annotations

from wirefacts.clean.cleaner import clean

__all__ = ["clean"]
