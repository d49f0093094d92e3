"""benchmarks/heldout.py writes the 8 held-out articles that tests/heldout/gold.json
annotates (skips when /work/shared/corpora is absent)."""

from __future__ import annotations

import json
from pathlib import Path

from benchkit import load_benchmark

ROOT = Path(__file__).resolve().parents[2]


def load_heldout_module():
    return load_benchmark("heldout")


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


def _written(folder):
    """{ID: (headers, body)} of the .txt files heldout.py wrote into folder."""
    out = {}
    for path in sorted(folder.glob("*.txt")):
        head, body = path.read_text(encoding="utf-8").split("\n\n", 1)
        fields = dict(line.split(": ", 1) for line in head.splitlines())
        out[fields["ID"]] = (fields, body)
    return out


def test_heldout_set2_matches_gold2(corpora, tmp_path):
    heldout = load_heldout_module()
    assert heldout.main([str(tmp_path), "--corpora", str(corpora), "--set", "2"]) == 0
    written = _written(tmp_path)
    gold = json.loads((ROOT / "tests/heldout/gold2.json").read_text())
    assert len(written) == 8
    assert {a["external_id"] for a in gold["articles"]} == set(written)
    set1 = json.loads((ROOT / "tests/heldout/gold.json").read_text())
    assert not {a["external_id"] for a in set1["articles"]} & set(written)
    for article in gold["articles"]:
        fields, body = written[article["external_id"]]
        assert fields["Published"] == article["published"]
        # every annotated span is words of this article, as printed
        for kind in ("quotes", "money", "dates"):
            for fact in article[kind]:
                assert fact["text"] in body, (kind, fact["text"])
        for person in article["people"]:
            names = [person["name"], *person.get("aliases", [])]
            assert any(name in body for name in names), person["name"]
            for variants in person["roles"]:
                assert any(v in body for v in variants), (person["name"], variants)
        for tariff in article["tariffs"]:
            assert (tariff["goods_value"] is None) == (tariff["goods_currency"] is None)
    # the Boeing-corpus story is dated by its URL, not the mis-zoned scraped stamp
    truce = next(f for f, _ in written.values() if "truce" in f["Title"])
    assert truce["Published"] == "2021-06-15"


def test_heldout_set1_is_the_default(corpora, tmp_path):
    heldout = load_heldout_module()
    common = ["--corpora", str(corpora)]
    assert heldout.main([str(tmp_path / "a"), *common]) == 0
    assert heldout.main([str(tmp_path / "b"), *common, "--set", "1"]) == 0
    assert _written(tmp_path / "a") == _written(tmp_path / "b")
