"""Spelling slips: a question's word that is neither an English word nor any article's is read
as the article's word it is a keystroke or two from ("sherrif" -> "sheriff", "goverment" ->
"government", "completley" -> "completely", "Landreiu" -> "Landrieu"), and a word the articles
write with a hyphen is read so ("cosigned" -> "co-signed"), so retrieval and the answerer read the
question as it was meant.

A word is left as typed when the English dictionary knows it (pyspellchecker's word list, which
ships in its package: no network), when an article uses it, or when no article's word is near
enough. "Near" is one edit (a letter added, dropped, changed, or two swapped) for a word of five
or six letters, two for a longer one; shorter words are never changed. A word the dictionary
knows is never "corrected" into an article's word: "fined" stays "fined" though the articles say
"find", so a question about an act the articles never tell of is still refused.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable
from functools import cache

from spellchecker import SpellChecker

_SHORTEST_CORRECTED = 5  # letters; "vote" may be a slip for "note" or a word of its own
_SHORTEST_TWO_EDITS = 7  # letters; "sherrif" -> "sheriff" takes two
# A whole word of letters: not a piece of "U.S.", "R-Denham" or "it's" ("sherrif's" is a word).
_TOKEN = re.compile(r"(?<![\w'’.-])[A-Za-z]+(?![\w-]|\.\w|['’](?!s\b))")
_ARTICLE_WORD = re.compile(r"[a-z]+")
_HYPHENATED = re.compile(r"\b[a-z]+-[a-z]+\b")


@cache
def english_words() -> frozenset[str]:
    """Every word of the English dictionary, lowercase (about 160,000; loaded once)."""
    return frozenset(SpellChecker(distance=1).word_frequency.keys())


def is_english(word: str) -> bool:
    return word.lower() in english_words()


def _keys(word: str) -> set[str]:
    """The word and each of its one-letter deletions: two words an edit or two apart share one."""
    return {word} | {word[:i] + word[i + 1 :] for i in range(len(word))}


def edit_distance(a: str, b: str) -> int:
    """Letters added, dropped, changed, or two side by side swapped, to make `a` into `b`
    (the optimal string alignment distance)."""
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, x in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, y in enumerate(b, 1):
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (x != y))
            if i > 1 and j > 1 and x == b[j - 2] and a[i - 2] == y:
                current[j] = min(current[j], previous2[j - 2] + 1)
        previous2, previous = previous, current
    return previous[-1]


class Vocabulary:
    """The words the articles use, with how often, and an index that finds those a slip is
    near: every word under each of its `_keys` (the symmetric-delete method)."""

    def __init__(self, texts: Iterable[str]) -> None:
        self.counts: Counter[str] = Counter()
        self.hyphenated: dict[str, str] = {}  # "cosigned" -> "co-signed", as the articles write it
        for text in texts:
            lower = text.lower()
            self.counts.update(_ARTICLE_WORD.findall(lower))
            for compound in _HYPHENATED.findall(lower):
                self.hyphenated.setdefault(compound.replace("-", ""), compound)
        self._near: dict[str, set[str]] = {}
        for word in self.counts:
            if len(word) >= _SHORTEST_CORRECTED - 1:
                for key in _keys(word):
                    self._near.setdefault(key, set()).add(word)

    def nearest(self, slip: str) -> str | None:
        """The article word nearest the slip (lowercase), within its edits; among equally near
        ones the articles' most frequent; None when none is near enough."""
        most = 1 if len(slip) < _SHORTEST_TWO_EDITS else 2
        found: set[str] = set()
        for key in _keys(slip):
            found |= self._near.get(key, set())
        near = [(edit_distance(slip, w), -self.counts[w], w) for w in found]
        near = [n for n in near if n[0] <= most]
        return min(near)[2] if near else None


def correct_slips(
    text: str, uses: Callable[[str], bool], vocabulary: Callable[[], Vocabulary]
) -> str:
    """The text with each slip written as the article word it is near, in the slip's case; a
        word the dictionary knows, an article uses (`uses`, lowercase), or that is too short or
        upper case (an acronym) is kept, and a word the articles write with a hyphen is written so
    ("cosigned" -> "co-signed"). `vocabulary` is only called for a word of five letters or more that
    no article uses."""

    def corrected(m: re.Match[str]) -> str:
        word = m.group(0)
        lower = word.lower()
        if len(word) < _SHORTEST_CORRECTED or word.isupper() or uses(lower):
            return word
        # "cosigned", English too, is how a reader types the articles' "co-signed".
        hyphenated = vocabulary().hyphenated.get(lower)
        if hyphenated:
            return hyphenated[0].upper() + hyphenated[1:] if word[0].isupper() else hyphenated
        if is_english(lower):
            return word
        nearest = vocabulary().nearest(lower)
        if nearest is None:
            return word
        return nearest[0].upper() + nearest[1:] if word[0].isupper() else nearest

    return _TOKEN.sub(corrected, text)
