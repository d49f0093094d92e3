"""Build the spaCy pipeline once per process: base model + entity rules from data."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import spacy
from spacy.language import Language
from spacy.util import load_config

from wirefacts.config import default_pipeline_config
from wirefacts.errors import RuleError, WirefactsError
from wirefacts.extract.key import describe_model
from wirefacts.extract.rules import RuleSet


def read_pipeline_config(path: Path | None = None) -> dict[str, Any]:
    """The pipeline config as plain dicts (``pipelines/wire_en.cfg`` by default)."""
    cfg = load_config(path or default_pipeline_config(), interpolate=True)
    return {section: dict(values) for section, values in cfg.items()}


def build_nlp(rules: RuleSet, model: str | None = None,
              config_path: Path | None = None) -> Language:
    """Load the base model and add wirefacts' entity ruler.

    Raises WirefactsError when the model package is not installed.
    """
    cfg = read_pipeline_config(config_path)
    name = model or cfg["nlp"]["model"]
    try:
        nlp = spacy.load(name, exclude=list(cfg["nlp"].get("exclude", [])))
    except OSError as exc:
        raise WirefactsError(
            f"spaCy model {name!r} is not installed "
            "(pip install it; see models/README.md)"
        ) from exc
    ruler_cfg = cfg.get("entity_ruler", {})
    patterns_name = str(ruler_cfg.get("patterns", "")).removesuffix(".jsonl")
    if patterns_name and (rules.folder / f"{patterns_name}.jsonl").is_file():
        patterns = [
            {k: v for k, v in row.items() if k in ("label", "pattern", "id")}
            for row in rules.patterns(patterns_name)
        ]
        before = ruler_cfg.get("before", "ner")
        where = {"before": before} if before in nlp.pipe_names else {}
        ruler = nlp.add_pipe("entity_ruler", name="wirefacts_entities",
                             config={"validate": True, "overwrite_ents": True}, **where)
        try:
            ruler.add_patterns(patterns)  # type: ignore[attr-defined]
        except ValueError as exc:
            raise RuleError(f"{rules.folder}/{patterns_name}.jsonl: {exc}") from None
    return nlp


def model_fingerprint(nlp: Language) -> str:
    """Name and version of the loaded base pipeline, for the extraction key."""
    return describe_model(nlp.meta)
