"""Dedup primitives: normalised content hash, shingles, MinHash signatures, LSH."""

from __future__ import annotations

import pytest
from wirefacts.store import dedup

STORY = " ".join(f"word{i}" for i in range(200))


@pytest.mark.parametrize(
    "a,b,same",
    [
        ("Talks resumed on Thursday.", "talks  resumed\non THURSDAY", True),
        ("\u201cWe will win,\u201d he said.", '"We will win," he said.', True),
        ("Talks resumed on Thursday.", "Talks resumed on Friday.", False),
    ],
)
def test_dedup_content_hash_normalises(a, b, same):
    assert (dedup.content_hash(a) == dedup.content_hash(b)) is same


@pytest.mark.parametrize(
    "words,k,expected",
    [
        (["a", "b", "c"], 2, {"a b", "b c"}),
        (["a"], 3, {"a"}),
        ([], 3, set()),
    ],
)
def test_dedup_shingles(words, k, expected):
    assert dedup.shingles(words, k) == expected


def test_dedup_signature_round_trip():
    mh = dedup.make_minhash(dedup.shingles(dedup.text_words(STORY)))
    back = dedup.minhash_from_bytes(dedup.signature_bytes(mh))
    assert back.jaccard(mh) == 1.0


@pytest.mark.parametrize("cut,found", [(10, True), (120, False)])
def test_dedup_index_finds_candidates(cut, found):
    index = dedup.NearDuplicateIndex(0.8)
    index.add(1, dedup.make_minhash(dedup.shingles(dedup.text_words(STORY))))
    trimmed = " ".join(STORY.split()[:-cut])
    candidates = index.candidates(
        dedup.make_minhash(dedup.shingles(dedup.text_words(trimmed)))
    )
    assert (candidates == [1]) is found


def test_dedup_index_rename():
    index = dedup.NearDuplicateIndex(0.8)
    mh = dedup.make_minhash(dedup.shingles(dedup.text_words(STORY)))
    index.add(("batch", 0), mh)
    index.rename(("batch", 0), 7)
    assert index.candidates(mh) == [7] and len(index) == 1


def test_dedup_index_keeps_copies_in_shared_buckets_until_renamed_away():
    index = dedup.NearDuplicateIndex(0.8)
    mh = dedup.make_minhash(dedup.shingles(dedup.text_words(STORY)))
    index.add(1, mh)
    index.add(("batch", 0), mh)  # the same signature: every band bucket is shared
    assert sorted(map(str, index.candidates(mh))) == ["('batch', 0)", "1"]
    index.rename(("batch", 0), 2)
    assert index.candidates(mh) == [1, 2]
    index.rename(2, 3)
    index.rename(1, 4)
    assert index.candidates(mh) == [3, 4] and len(index) == 2


@pytest.mark.parametrize("threshold", [0.0, 1.5])
def test_dedup_threshold_is_checked(threshold):
    with pytest.raises(ValueError):
        dedup.NearDuplicateIndex(threshold)
