"""Articles a question names by what they are about: "in the Vitter piece", "per the story on
Landry's letter", "connecticut piece: …", "what does the sessions-memo piece call him?".

A reader names a story by the words it leads with: the person it opens on, its headline's
subject. `article_references` finds such phrases; `Corpus.article_described` finds the one
article whose lead holds what the phrase says. A phrase after a preposition ("in the Vitter
piece") is no part of what is asked and can be taken out of the question; one the question is
built on ("what does the sessions-memo piece call him?") cannot.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_STORY = r"(?:story|stories|piece|pieces|article|articles|write-?up|writeup)"
# A word of the description: not a preposition or article, so it never reaches back across one
# ("under the new NOPD rule in the Vitter story" names "Vitter", not "new NOPD rule in the").
_WORD = r"(?!(?:in|per|from|of|on|about|the|a|an|and|or|vs|versus|to|with|for)\b)[\w'’./&-]+"
_DESCRIPTION = rf"{_WORD}(?:\s+{_WORD}){{0,3}}"
_PREPOSITION = r"(?:in|per|from|according to|under|of|on)"
_REFERENCES = (
    # "in the Vitter piece", "per the connecticut-headline story", "the sessions-memo piece"
    re.compile(
        rf"(?P<lead>(?:,\s*|\s*)\b{_PREPOSITION}\s+)?\b(?:the|that|this)\s+"
        rf"(?P<description>{_DESCRIPTION})\s+{_STORY}\b",
        re.I,
    ),
    # "per the story about Vitter's letter", "the piece on Landry's letter to Lynch"
    re.compile(
        rf"(?P<lead>(?:,\s*|\s*)\b{_PREPOSITION}\s+)?\b(?:the|that|this)\s+{_STORY}\s+"
        rf"(?:about|on|covering|regarding)\s+(?P<description>[^,?;:!]+?)"
        rf"(?=\s*(?:[,?;:!]|\.(?:\s|$)|$))",
        re.I,
    ),
    # "connecticut piece: why does …"
    re.compile(rf"^(?P<lead>)\s*(?P<description>{_DESCRIPTION})\s+{_STORY}\s*[:—–-]\s*", re.I),
)


@dataclass(frozen=True)
class ArticleReference:
    description: str  # what the question says of the article: "Vitter", "Landry's letter"
    start: int
    end: int
    aside: bool  # after a preposition, or heading the question: no part of what is asked


def article_references(question: str) -> list[ArticleReference]:
    """The phrases of the question naming an article by what it is about, in text order."""
    found: list[ArticleReference] = []
    for i, pattern in enumerate(_REFERENCES):
        for m in pattern.finditer(question):
            if any(m.start() < r.end and r.start < m.end() for r in found):
                continue
            aside = i == 2 or bool(m.group("lead"))
            found.append(ArticleReference(m.group("description"), m.start(), m.end(), aside))
    return sorted(found, key=lambda r: r.start)


def without_references(question: str, references: list[ArticleReference]) -> str:
    """The question without the references that are no part of what it asks."""
    for r in sorted(references, key=lambda r: -r.start):
        if r.aside:
            question = f"{question[: r.start]} {question[r.end :]}"
    question = re.sub(r"\s+([?.!,])", r"\1", " ".join(question.split()))
    return question.strip(" ,")
