"""What kind of fact a question asks for, and whether a passage holds a new fact of that kind."""

from __future__ import annotations

import re
from enum import Enum


class Wants(Enum):
    ANY = "any"
    DATE = "date"
    NUMBER = "number"
    PERSON = "person"


_PERSON_ROLES = (
    r"person|official|senator|mayor|judge|attorney|lawyer|governor|sheriff|chief|superintendent|"
    r"spokesman|spokeswoman|spokesperson|secretary|director|lawmaker|legislator|reporter|writer|"
    r"author|representative|leader|critic|prosecutor|president|officer|man|woman|people"
)
_ASKS_DATE = re.compile(
    r"^\s*(?:and\s+)?(?:when|what (?:year|date|day|month|time))\b|\b(?:on|by|in) what (?:date|day|year|month)\b"
    r"|\bwhat (?:year|date|day|month)\b",
    re.I,
)
_ASKS_NUMBER = re.compile(
    r"\bhow (?:many|much|long|old|large|big)\b|\bwhat (?:number|percentage|amount|share|sum)\b"
    r"|\bthe number of\b",
    re.I,
)
_ASKS_PERSON = re.compile(
    rf"^\s*(?:and\s+)?(?:who|whom)\b|\bwhat (?:is|was|'s) (?:the|his|her|their) name\b|\bname of\b"
    rf"|\bwhich (?:{_PERSON_ROLES})\b|\bwho\s+(?:did|does|is|was|were|are)\b",
    re.I,
)

_MONTHS = (
    r"jan(?:uary|\.)?|feb(?:ruary|\.)?|march|april|may|june|july|aug(?:ust|\.)?|"
    r"sept?(?:ember|\.)?|oct(?:ober|\.)?|nov(?:ember|\.)?|dec(?:ember|\.)?"
)
_DATE = re.compile(
    rf"\b(?:{_MONTHS})(?:\s+\d{{1,2}})?\b|\b(?:19|20)\d\d\b|\b(?:mon|tues|wednes|thurs|fri|satur|sun)day\b|"
    r"\b(?:last|this|next) (?:year|week|month)\b|\byesterday\b|\btoday\b|\b\d{1,2}/\d{1,2}(?:/\d{2,4})?\b|"
    r"\bdays? (?:after|before|ago)\b|\bweeks? ago\b",
    re.I,
)
_NUMBER = re.compile(
    r"\$?\d[\d,.]*|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|"
    r"twenty|thirty|forty|fifty|hundred|thousand|million|billion|dozen|several)\b",
    re.I,
)
_NAME_WORD = r"(?:[A-Z][a-z]+(?:[-'’][A-Z]?[a-z]+)?|[A-Z]\.)"
_PERSON = re.compile(rf"\b{_NAME_WORD}(?:\s+{_NAME_WORD})+")
# Capitalised words that start names of things, not people.
_NOT_PERSON = frozenset(
    "The A An In On At By For If It He She They We I But And As This That New U.S Police Department "
    "Justice Homeland Security House Bill Parish City State Federal Congress Court Office Orleans "
    "Immigration Customs Enforcement Attorney General Secretary Mayor Sen Rep Gov President".split()
)


_TITLED_NAME = re.compile(
    r"\b(?:Sen\.|Rep\.|Gov\.|Mayor|Sheriff|Superintendent|Chief|Secretary|Director|Judge|President|"
    r"Attorney General|Attorney|Spokesman|Commissioner|Councilman|Councilwoman|Officer|Detective)"
    rf"\s+{_NAME_WORD}\s+{_NAME_WORD}"
    r"|\b[A-Z][a-z]+ [A-Z][a-z]+, (?:a|the) [a-z ]*(?:spokesman|spokeswoman|official|director|chief|attorney)\b"
)


def introduces_person(text: str) -> bool:
    """A name with its title ("Police Superintendent Michael Harrison", "Hayne Rainey, a ...")."""
    return bool(_TITLED_NAME.search(text))


def wants(question: str) -> Wants:
    if _ASKS_NUMBER.search(question):
        return Wants.NUMBER
    if _ASKS_DATE.search(question):
        return Wants.DATE
    if _ASKS_PERSON.search(question):
        return Wants.PERSON
    return Wants.ANY


def _found(kind: Wants, text: str) -> set[str]:
    if kind is Wants.DATE:
        return {m.group(0).lower() for m in _DATE.finditer(text)}
    if kind is Wants.NUMBER:
        return {m.group(0).lower().strip("$,.") for m in _NUMBER.finditer(text)}
    if kind is Wants.PERSON:
        names = set()
        for m in _PERSON.finditer(text):
            parts = [p for p in m.group(0).split() if p.rstrip(".") not in _NOT_PERSON]
            names.update(p.lower() for p in parts if len(p) > 2)
        return names
    return {"*"}


def holds(kind: Wants, passage: str, question: str = "") -> bool:
    """Does the passage state a fact of the wanted kind that the question does not already give?"""
    if kind is Wants.ANY:
        return True
    return bool(_found(kind, passage) - _found(kind, question))


_SPLIT = re.compile(
    r"(?:,?\s+and\s+|\?\s+|;\s+|,\s+)(?=(?:who|whom|what|when|where|why|how|which|did|does|do|is|was|were|are)\b)",
    re.I,
)


def split_parts(question: str) -> list[str]:
    """'Who X and when Y?' -> ['Who X', 'when Y?']; a single question stays whole."""
    parts = [p.strip(" ,;") for p in _SPLIT.split(question) if p and p.strip(" ,;?")]
    parts = [p for p in parts if len(p.split()) >= 2]
    return parts if len(parts) > 1 else [question]
