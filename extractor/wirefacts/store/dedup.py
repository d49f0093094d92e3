"""Stage 4 deduplication: article text -> content hash, word shingles, MinHash, LSH.

- Exact duplicates share ``content_hash``: sha256 of the article's words after
  Unicode NFKC folding and casefolding, so whitespace, punctuation, curly quotes
  and case do not make two copies of a story different.
- Near duplicates (the same story republished with a trimmed last paragraph, a
  changed byline or a corrected figure) are found with MinHash/LSH over word
  5-shingles (Broder 1997, "On the resemblance and containment of documents")
  and confirmed with the exact Jaccard similarity of the shingle sets, which is
  the similarity recorded. Five-word shingles keep templated one-paragraph briefs
  ("Qtly div 10 cts vs 10 cts prior") that differ in a company name or a figure
  apart, where three-word shingles would call them near duplicates.

Only originals are indexed, so a near duplicate always points at an original.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
import zlib
from collections.abc import Iterable, Sequence

import numpy as np
from datasketch import MinHash, MinHashLSH

DEFAULT_THRESHOLD = 0.8
NUM_PERM = 128
SHINGLE = 5
# Texts shorter than this many words are only ever exact duplicates: a handful of
# shingles gives no reliable resemblance.
MIN_WORDS = 25

_WORD = re.compile(r"\w+")


def _crc32(data: bytes) -> int:
    # A 32-bit hash in C: five times faster than datasketch's default sha1, and
    # good enough to spread shingles over the permutations.
    return zlib.crc32(data)


# Built once: drawing the permutations dominates a MinHash's cost on wire-length
# texts.
_TEMPLATE = MinHash(num_perm=NUM_PERM, hashfunc=_crc32)
_HASH_SCHEME: str = getattr(_TEMPLATE, "scheme", "legacy")
_SCHEME_ARGS = {"scheme": _HASH_SCHEME} if hasattr(_TEMPLATE, "scheme") else {}
# How signatures are made (datasketch 2 made its scheme explicit; 1.x is
# "legacy"). Stored with each signature: a store whose signatures were made
# another way has them recomputed from the text.
SCHEME = f"{_HASH_SCHEME}-crc32-k{SHINGLE}"


def text_words(text: str) -> list[str]:
    """The words of ``text``, NFKC-folded and casefolded."""
    return _WORD.findall(unicodedata.normalize("NFKC", text).casefold())


def content_hash(text: str) -> str:
    """sha256 hex of the normalised words: equal for copies that differ only in
    whitespace, punctuation or case."""
    return hashlib.sha256(" ".join(text_words(text)).encode("utf-8")).hexdigest()


def shingles(words: Sequence[str], k: int = SHINGLE) -> set[str]:
    """Word k-shingles; a text shorter than ``k`` words is one shingle."""
    if len(words) < k:
        return {" ".join(words)} if words else set()
    return {" ".join(words[i : i + k]) for i in range(len(words) - k + 1)}


def jaccard(a: set[str], b: set[str]) -> float:
    """Exact Jaccard similarity of two shingle sets."""
    if not a and not b:
        return 1.0
    return len(a & b) / len(a | b)


def make_minhash(shingle_set: Iterable[str], num_perm: int = NUM_PERM) -> MinHash:
    """MinHash signature of a shingle set."""
    if num_perm == NUM_PERM:
        mh = MinHash(
            num_perm=num_perm,
            hashfunc=_crc32,
            permutations=_TEMPLATE.permutations,
            **_SCHEME_ARGS,
        )
    else:
        mh = MinHash(num_perm=num_perm, hashfunc=_crc32)
    mh.update_batch([s.encode("utf-8") for s in shingle_set])
    return mh


def signature_bytes(mh: MinHash) -> bytes:
    """A portable serialisation of the signature (little-endian uint64)."""
    return np.asarray(mh.hashvalues, dtype="<u8").tobytes()


def minhash_from_bytes(data: bytes, num_perm: int = NUM_PERM) -> MinHash:
    """The inverse of ``signature_bytes``, for signatures made with ``SCHEME``."""
    values = np.frombuffer(data, dtype="<u8").astype(_TEMPLATE.hashvalues.dtype)
    return MinHash(num_perm=num_perm, hashvalues=values, **_SCHEME_ARGS)


class NearDuplicateIndex:
    """An in-memory LSH index of original articles' MinHash signatures.

    Keys are article ids, or any hashable placeholder for articles of the batch
    being loaded (renamed with ``rename`` once they have ids).

    The banding is datasketch's (its optimal bands and rows for the threshold),
    kept compact because the index grows with the store: a band is one 64-bit
    hash in one dict, a signature 4-byte values in a bytes object (MinHash
    values fit in 32 bits), about 1.7 KB an article instead of 5.5 KB for
    datasketch's ``MinHashLSH`` plus ``MinHash`` objects.
    """

    def __init__(
        self, threshold: float = DEFAULT_THRESHOLD, num_perm: int = NUM_PERM
    ) -> None:
        if not 0.0 < threshold <= 1.0:
            raise ValueError(f"near-duplicate threshold {threshold} not in (0, 1]")
        self.threshold = threshold
        self.num_perm = num_perm
        # Candidates are confirmed with the exact Jaccard, so the LSH bands are
        # tuned a little below the threshold for recall.
        lsh = MinHashLSH(threshold=max(0.05, threshold - 0.1), num_perm=num_perm)
        self.bands, self.rows = lsh.b, lsh.r
        self._buckets: dict[int, object | list[object]] = {}
        self._signatures: dict[object, bytes] = {}

    def __len__(self) -> int:
        return len(self._signatures)

    def _band_keys(self, values: np.ndarray) -> list[int]:
        """One hash a band (band number included); a rare collision only adds a
        candidate, which the similarity check then drops."""
        r = self.rows
        return [hash((b, values[b * r : (b + 1) * r].tobytes()))
                for b in range(self.bands)]

    @staticmethod
    def _values(mh: MinHash) -> np.ndarray:
        values = np.asarray(mh.hashvalues)
        if values.size and int(values.max()) >> 32:
            raise ValueError("MinHash values do not fit in 32 bits")
        return values.astype("<u4")

    def add(self, key: object, mh: MinHash) -> None:
        """Index one original article."""
        self._insert(key, self._values(mh))

    def _insert(self, key: object, values: np.ndarray) -> None:
        if key in self._signatures:
            return
        self._signatures[key] = values.tobytes()
        for band in self._band_keys(values):
            held = self._buckets.get(band)
            if held is None:
                self._buckets[band] = key
            elif isinstance(held, list):
                held.append(key)
            else:
                self._buckets[band] = [held, key]

    def _remove(self, key: object) -> bytes:
        signature = self._signatures.pop(key)
        for band in self._band_keys(np.frombuffer(signature, dtype="<u4")):
            held = self._buckets[band]
            if isinstance(held, list):
                held.remove(key)
                if len(held) == 1:
                    self._buckets[band] = held[0]
            else:
                del self._buckets[band]
        return signature

    def rename(self, old: object, new: object) -> None:
        """Give a placeholder key its article id."""
        self._insert(new, np.frombuffer(self._remove(old), dtype="<u4"))

    def _similarity(self, key: object, values: np.ndarray) -> float:
        """Estimated Jaccard: the share of equal MinHash values."""
        stored = np.frombuffer(self._signatures[key], dtype="<u4")
        return float(np.count_nonzero(stored == values)) / len(values)

    def candidates(self, mh: MinHash) -> list[object]:
        """Indexed keys whose estimated similarity with ``mh`` may pass."""
        values = self._values(mh)
        found: set[object] = set()
        for band in self._band_keys(values):
            held = self._buckets.get(band)
            if isinstance(held, list):
                found.update(held)
            elif held is not None:
                found.add(held)
        scored = [(self._similarity(k, values), k) for k in found]
        floor = self.threshold - 0.15
        return [
            k
            for score, k in sorted(scored, key=lambda p: (-p[0], str(p[1])))
            if score >= floor
        ]
