"""Stage 2 (clean): pull quotes -- display paragraphs that repeat the body.

Input: the body paragraphs (strings, in order) and ``PullQuoteSettings``. Output:
the indices of paragraphs to drop so a quote is counted once. Newspapers such as
The Straits Times print a quote again as a display block ("CORRECTING
IMBALANCES What we need is ... COMMERCE SECRETARY WILBUR ROSS"); scraped pages
repeat whole paragraphs. Both show as long word n-grams shared with other
paragraphs (the shingling idea of Broder, 1997, at paragraph scale).
"""

from __future__ import annotations

import re
from collections import Counter

from wirefacts.clean.patterns import PullQuoteSettings

WORD = re.compile(r"\w+")
UPPER_WORD = re.compile(r"[A-Z][A-Z'’.\-]+")
# A plain (non-display) paragraph must be this nearly a copy to be dropped.
MIN_SHARED_PLAIN = 0.9
# ...and this long: short lines (list items, recipe steps) legitimately repeat.
MIN_WORDS_PLAIN = 15
MIN_DISPLAY_WORDS = 2


def find_pull_quotes(paragraphs: list[str], settings: PullQuoteSettings) -> set[int]:
    """Indices of paragraphs whose words largely repeat other paragraphs."""
    grams = [shingles(p, settings.ngram) for p in paragraphs]
    counts: Counter[tuple[str, ...]] = Counter()
    for paragraph_grams in grams:
        counts.update(paragraph_grams)
    display = [has_display_caps(p) for p in paragraphs]
    # display blocks go first; then shorter and later copies before their originals
    order = sorted(range(len(paragraphs)),
                   key=lambda i: (not display[i], len(grams[i]), -i))
    dropped: set[int] = set()
    for index in order:
        own = grams[index]
        if len(WORD.findall(paragraphs[index])) < settings.min_words or not own:
            continue
        shared = sum(1 for gram in own if counts[gram] > 1) / len(own)
        needed = settings.min_shared if display[index] else MIN_SHARED_PLAIN
        if not display[index] and len(own) + settings.ngram - 1 < MIN_WORDS_PLAIN:
            continue
        if shared >= needed:
            dropped.add(index)
            counts.subtract(own)
    return dropped


def shingles(paragraph: str, size: int) -> set[tuple[str, ...]]:
    """The set of lower-cased word ``size``-grams of a paragraph."""
    words = WORD.findall(paragraph.casefold())
    return {tuple(words[i:i + size]) for i in range(len(words) - size + 1)}


def has_display_caps(paragraph: str) -> bool:
    """True when the paragraph opens or closes with a run of capitalised words.

    That is the display typography of a pull quote: an upper-case heading before
    the quote, or the speaker's name and title in capitals after it.
    """
    words = paragraph.split()
    return (upper_run(words) >= MIN_DISPLAY_WORDS
            or upper_run(words[::-1]) >= MIN_DISPLAY_WORDS)


def upper_run(words: list[str]) -> int:
    """How many words at the front of ``words`` are all capitals."""
    run = 0
    for word in words:
        if not UPPER_WORD.fullmatch(word.strip('"“”‘’,.;:!?()')):
            break
        run += 1
    return run
