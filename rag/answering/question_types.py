"""What kind of fact a question asks for, and whether a sentence holds that kind of fact."""

from __future__ import annotations

import re
from enum import Enum


class Wants(Enum):
    ANY = "any"
    DATE = "date"
    NUMBER = "number"
    PERSON = "person"


_ASKS_DATE = re.compile(r"^\s*(?:and\s+)?(?:when|what (?:year|date|day|month|time))\b|\bon what (?:date|day)\b", re.I)
_ASKS_NUMBER = re.compile(r"\bhow (?:many|much)\b|\bwhat (?:number|percentage|amount|share)\b", re.I)
_ASKS_PERSON = re.compile(
    r"^\s*(?:and\s+)?(?:who|whom)\b|\bwhat (?:is|was) the name\b|\bname of\b|\bwho(?:m)?\s+(?:did|does|is|was)\b",
    re.I,
)

_MONTHS = (
    r"jan(?:uary|\.)?|feb(?:ruary|\.)?|march|april|may|june|july|aug(?:ust|\.)?|"
    r"sept?(?:ember|\.)?|oct(?:ober|\.)?|nov(?:ember|\.)?|dec(?:ember|\.)?"
)
_DATE = re.compile(
    rf"\b(?:{_MONTHS})\b|\b(?:19|20)\d\d\b|\b(?:mon|tues|wednes|thurs|fri|satur|sun)day\b|"
    r"\b(?:last|this|next) (?:year|week|month)\b|\byesterday\b|\btoday\b|\b\d{1,2}/\d{1,2}(?:/\d{2,4})?\b|"
    r"\b(?:early|late|mid)[- ](?:19|20)\d\d\b|\bdays? (?:after|before|ago)\b|\bweeks? ago\b",
    re.I,
)
_NUMBER = re.compile(
    r"\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|"
    r"forty|fifty|hundred|thousand|million|billion|dozen|several|half)\b",
    re.I,
)
_PERSON = re.compile(r"\b[A-Z][a-z]+(?:\s+[A-Z]\.)?\s+[A-Z][a-z]+")


def wants(question: str) -> Wants:
    if _ASKS_NUMBER.search(question):
        return Wants.NUMBER
    if _ASKS_DATE.search(question):
        return Wants.DATE
    if _ASKS_PERSON.search(question):
        return Wants.PERSON
    return Wants.ANY


def holds(kind: Wants, sentence: str) -> bool:
    if kind is Wants.DATE:
        return bool(_DATE.search(sentence))
    if kind is Wants.NUMBER:
        return bool(_NUMBER.search(sentence))
    if kind is Wants.PERSON:
        return bool(_PERSON.search(sentence[1:]))  # skip a capitalised first word
    return True


_SPLIT = re.compile(
    r"(?:,?\s+and\s+|\?\s+|;\s+)(?=(?:who|whom|what|when|where|why|how|which|did|does|do|is|was|were|are)\b)",
    re.I,
)


def split_parts(question: str) -> list[str]:
    """'Who X and when Y?' -> ['Who X', 'when Y?']; a single question stays whole."""
    parts = [p.strip(" ,;") for p in _SPLIT.split(question) if p and p.strip(" ,;?")]
    return parts if len(parts) > 1 else [question]
