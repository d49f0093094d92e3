"""The extraction key: which rules, model, pipeline config and code made the facts.

Computed without importing spaCy or loading the model (the model's name and
version come from its installed ``meta.json``), so ``wirefacts reextract`` with
unchanged rules costs one database query and no model start-up.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
from pathlib import Path
from typing import Any

from wirefacts import __version__
from wirefacts.errors import WirefactsError
from wirefacts.extract.rules import RuleSet

EXTRACT_PACKAGE = Path(__file__).resolve().parent


def describe_model(meta: dict[str, Any]) -> str:
    """``lang_name-version`` of a spaCy pipeline, from its meta."""
    return f"{meta.get('lang')}_{meta.get('name')}-{meta.get('version')}"


def installed_model_meta(model: str) -> dict[str, Any]:
    """The ``meta.json`` of an installed pipeline package or a pipeline folder."""
    folder = Path(model)
    if not (folder / "meta.json").is_file():
        spec = importlib.util.find_spec(model) if model.isidentifier() else None
        if spec is None or not spec.submodule_search_locations:
            raise WirefactsError(
                f"spaCy model {model!r} is not installed (see models/README.md)")
        folder = Path(next(iter(spec.submodule_search_locations)))
    try:
        meta: dict[str, Any] = json.loads((folder / "meta.json").read_text("utf-8"))
    except (OSError, ValueError) as exc:
        raise WirefactsError(f"spaCy model {model!r} has no readable meta.json: "
                             f"{exc}") from None
    return meta


def code_fingerprint() -> str:
    """sha256 over the extraction code, so a code change makes old facts stale."""
    digest = hashlib.sha256(__version__.encode())
    for path in sorted(EXTRACT_PACKAGE.glob("*.py")):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def extraction_key(rules: RuleSet, model_description: str, config_path: Path) -> str:
    """Short sha256 over pipeline config, rule files, model and extraction code."""
    digest = hashlib.sha256()
    for part in (config_path.read_bytes(), rules.fingerprint.encode(),
                 model_description.encode(), code_fingerprint().encode()):
        digest.update(part)
        digest.update(b"\0")
    return digest.hexdigest()[:16]
