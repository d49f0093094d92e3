"""benchmarks/heldout.py writes the 8 held-out articles that tests/heldout/gold.json
annotates (skips when /work/shared/corpora is absent)."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def load_heldout_module():
    spec = importlib.util.spec_from_file_location(
        "heldout", ROOT / "benchmarks" / "heldout.py"
    )
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def test_heldout_set_writes_every_gold_article(corpora, tmp_path):
    heldout = load_heldout_module()
    assert heldout.main([str(tmp_path), "--corpora", str(corpora)]) == 0
    files = sorted(tmp_path.glob("*.txt"))
    ids = set()
    for path in files:
        head = path.read_text(encoding="utf-8").split("\n\n", 1)[0]
        fields = dict(line.split(": ", 1) for line in head.splitlines())
        assert fields["Published"][:2] in ("19", "20")
        ids.add(fields["ID"])
    gold = json.loads((ROOT / "tests/heldout/gold.json").read_text())
    assert {a["external_id"] for a in gold["articles"]} == ids
    assert len(files) == 8
    reuters_1987 = next(p for p in files if "taiwan" in p.name).read_text()
    assert "TAIPEI, March 2 - Taiwan plans another round of deep tariff" in reuters_1987
    assert "Reuter\n" not in reuters_1987


def test_heldout_missing_corpora_is_a_usage_error(tmp_path):
    heldout = load_heldout_module()
    assert heldout.main([str(tmp_path / "out"), "--corpora", str(tmp_path / "no")]) == 2
