"""Word-level text normalisation shared by BM25 and evidence scoring."""

from __future__ import annotations

import re
from functools import lru_cache

STOPWORDS = frozenset(
    [
        "a",
        "about",
        "above",
        "after",
        "again",
        "against",
        "all",
        "am",
        "an",
        "and",
        "any",
        "are",
        "as",
        "at",
        "be",
        "because",
        "been",
        "before",
        "being",
        "below",
        "between",
        "both",
        "but",
        "by",
        "can",
        "could",
        "did",
        "do",
        "does",
        "doing",
        "down",
        "during",
        "each",
        "few",
        "for",
        "from",
        "further",
        "had",
        "has",
        "have",
        "having",
        "he",
        "her",
        "here",
        "hers",
        "herself",
        "him",
        "himself",
        "his",
        "how",
        "i",
        "if",
        "in",
        "into",
        "is",
        "it",
        "its",
        "itself",
        "just",
        "me",
        "more",
        "most",
        "my",
        "myself",
        "no",
        "nor",
        "not",
        "now",
        "of",
        "off",
        "on",
        "once",
        "only",
        "or",
        "other",
        "our",
        "ours",
        "ourselves",
        "out",
        "over",
        "own",
        "same",
        "she",
        "should",
        "so",
        "some",
        "such",
        "than",
        "that",
        "the",
        "their",
        "theirs",
        "them",
        "themselves",
        "then",
        "there",
        "these",
        "they",
        "this",
        "those",
        "through",
        "to",
        "too",
        "under",
        "until",
        "up",
        "very",
        "was",
        "we",
        "were",
        "what",
        "when",
        "where",
        "which",
        "while",
        "who",
        "whom",
        "why",
        "will",
        "with",
        "would",
        "you",
        "your",
        "yours",
        "yourself",
        "yourselves",
        "s",
        "t",
        "don",
        "also",
        "said",
        "says",
        "say",
        "tell",
        "told",
        "according",
        "did",
        "does",
        "do",
        "much",
        "many",
        "whose",
        "one",
        "ones",
        # Indefinite pronouns ask about something; they are not what it is about.
        "anything",
        "something",
        "everything",
        "anyone",
        "someone",
        "everyone",
        "anybody",
        "somebody",
        "everybody",
        "get",
        "got",
        # Contractions, as words() leaves them ("doesn't" -> "doesnt") or as people type them in
        # a chat ("whats the deadline"): no more a subject than "does" or "what". Not "id",
        # "ill" or "lets", which are words too.
        "dont",
        "doesnt",
        "didnt",
        "isnt",
        "wasnt",
        "arent",
        "werent",
        "wont",
        "cant",
        "couldnt",
        "shouldnt",
        "wouldnt",
        "hasnt",
        "havent",
        "hadnt",
        "whats",
        "whos",
        "hows",
        "wheres",
        "whens",
        "whys",
        "thats",
        "theres",
        "theyre",
        "youre",
        "hes",
        "shes",
        "ive",
        "im",
    ]
)

_WORD = re.compile(r"[a-z0-9]+(?:[.'][a-z0-9]+)*")


# Irregular forms that suffix stripping cannot join (news verbs, mostly).
_IRREGULAR = {
    "wrote": "write",
    "written": "write",
    "writes": "write",
    "said": "say",
    "says": "say",
    "told": "tell",
    "went": "go",
    "gone": "go",
    "began": "begin",
    "begun": "begin",
    "took": "take",
    "taken": "take",
    "gave": "give",
    "given": "give",
    "made": "make",
    "led": "lead",
    "ran": "run",
    "won": "win",
    "lost": "lose",
    "sought": "seek",
    "held": "hold",
    "brought": "bring",
    "thought": "think",
    "felt": "feel",
    "left": "leave",
    "met": "meet",
    "chose": "choose",
    "chosen": "choose",
    "drew": "draw",
    "drawn": "draw",
    "fought": "fight",
    "spoke": "speak",
    "spoken": "speak",
    "became": "become",
    "children": "child",
    "men": "man",
    "women": "woman",
    "people": "person",
}


# A consonant a verb doubles before "-ing" and "-ed", ending a stem of four letters or more.
_DOUBLED = re.compile(r"(?<=..)(?:bb|dd|gg|mm|nn|pp|rr|tt)$")


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """A light, fast stemmer: joins plurals, simple verb forms and common irregular verbs."""
    word = _IRREGULAR.get(word, word)
    if len(word) <= 3 or word.isdigit():
        return word
    for suffix, repl in (
        ("ies", "y"),
        ("sses", "ss"),
        ("ing", ""),
        ("ed", ""),
        ("es", ""),
        ("s", ""),
    ):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            if suffix == "s" and word.endswith(("ss", "us", "is")):
                break
            word = word[: -len(suffix)] + repl
            if suffix in ("ing", "ed") and _DOUBLED.search(word):
                word = word[:-1]  # getting/get, planned/plan (not adding/add: "add" is short)
            break
    if len(word) > 4 and word.endswith("e"):
        word = word[:-1]  # accuse/accused, charge/charged
    return word


def normalize(text: str) -> str:
    return text.lower().replace("’", "'").replace("‘", "'")


def words(text: str) -> list[str]:
    """Lowercase words with possessive 's removed (keeps stopwords)."""
    return list(_words(text))


@lru_cache(maxsize=1 << 16)  # the same sentences are read for every question
def _words(text: str) -> tuple[str, ...]:
    out = []
    for w in _WORD.findall(normalize(text)):
        if w.endswith("'s"):
            w = w[:-2]
        out.append(w.replace(".", "").replace("'", ""))
    return tuple(w for w in out if w)


def terms(text: str) -> list[str]:
    """Content terms: stemmed words without stopwords."""
    return [stem(w) for w in words(text) if w not in STOPWORDS]
