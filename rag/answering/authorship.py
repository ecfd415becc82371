"""Who wrote a story: questions that ask it, and the lines of an article that credit its writers.

News articles credit their writers in a few set forms: a byline at the top ("By Bryn Stole"), a
sign-off at the end ("Follow Jessica Williams on Twitter, @jwilliamsNOLA.", "Jim Mustian
contributed reporting.", or a name alone on the last line). A question about who wrote a story
is answered from the credits of the article that story is, never from a name in its text.
"""

from __future__ import annotations

import re
from functools import lru_cache

_NAME = r"[A-Z][\w'’.-]+(?:\s+[A-Z][\w'’.-]+){1,3}"
_STORY = r"(?:story|stories|article|articles|report|piece|column|coverage)"
_ASKS_AUTHOR = re.compile(
    rf"^\s*(?:and\s+)?(?:who|which (?:reporters?|journalists?|writers?))\s+"
    rf"(?:wrote|write|writes|reported|authored|penned|covered|is behind|was behind)\b"
    rf"(?=.*\b{_STORY}\b)"
    rf"|\b(?:who is|who was|who's|who are|name)\s+the\s+(?:author|writer|reporter|journalist)s?\b"
    rf"|\b(?:author|writer|reporter|journalist)s?\s+of\s+(?:the|this|that)\b"
    rf"|\bbylines?\b",
    re.I,
)
_CREDITS = (
    re.compile(rf"^By\s+{_NAME}(?:\s+and\s+{_NAME})?\s*(?:[,|].*)?$"),
    re.compile(rf"^(?:Follow|Contact|Email|Reach)\s+{_NAME}\s+(?:on|at)\b"),
    re.compile(rf"^{_NAME}\s+(?:contributed|can be reached|is a (?:staff )?(?:writer|reporter))\b"),
)
_NAME_ONLY = re.compile(rf"^{_NAME}\.?$")
_COPYRIGHT = re.compile(r"^(?:\(c\)|©|copyright\b)\s*\d{4}", re.I)  # "(c)2017 The Advocate, …"


def asks_author(question: str) -> bool:
    """Does the question ask who wrote a story ("Who wrote the story about ...?"), not who
    wrote a letter the story tells of?"""
    return bool(_ASKS_AUTHOR.search(question))


def story_of(question: str) -> str:
    """What the question says about the story, without the asking: what finds the article."""
    return _ASKS_AUTHOR.sub(" ", question).strip()


def credits_writer(sentence: str, first: bool, last: bool) -> bool:
    """Does this sentence of an article credit its writer? `first` / `last`: whether it opens
    or closes the article, where bylines and sign-offs stand."""
    text = " ".join(sentence.split())
    if (first or last) and _CREDITS[0].match(text):
        return True
    if any(p.match(text) for p in _CREDITS[1:]):
        return True
    return last and bool(_NAME_ONLY.match(text))  # a sign-off: the writer's name alone


@lru_cache(maxsize=1 << 16)  # every candidate of every answer is asked; sentences recur
def about_the_article(sentence: str, first: bool, last: bool) -> bool:
    """Is this sentence about the article rather than its news: a line crediting its writer
    (`credits_writer`) or its copyright notice ("(c)2017 The Advocate, Baton Rouge, La.")?"""
    return bool(_COPYRIGHT.match(sentence.strip())) or credits_writer(sentence, first, last)
