"""Sentence splitting that keeps each sentence's character offsets in the original text."""

from __future__ import annotations

import re
from dataclasses import dataclass

# Words that end in a period without ending a sentence (news style: titles, months, states).
ABBREVIATIONS = frozenset(
    ["mr", "mrs", "ms", "dr", "prof", "sen", "rep", "gov", "lt", "col", "gen", "sgt", "capt", "cmdr", "adm", "supt", "det", "atty", "st", "jr", "sr", "co", "corp", "inc", "ltd", "no", "vs", "etc", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "ala", "ariz", "ark", "calif", "colo", "conn", "del", "fla", "ga", "ill", "ind", "kan", "ky", "la", "md", "mass", "mich", "minn", "miss", "mo", "mont", "neb", "nev", "okla", "ore", "pa", "tenn", "tex", "va", "vt", "wash", "wis", "wyo", "dept", "univ", "ave", "blvd", "mt", "ft", "approx", "est", "fig"]
)

_BOUNDARY = re.compile(r"[.!?]+[\"'”’)\]]*(?=\s+[\"'“‘(\[]?[A-Z0-9])")
_PARAGRAPH = re.compile(r"[^\n]+")
# `…them over?” Mayorkas said.` is one sentence: a short attribution after a closing quote.
_ATTRIBUTION = re.compile(
    r"^(?:[A-Z][\w.’'-]*\s+){1,6}(?:said|says|wrote|writes|added|adds|asked|asks|told \w+)\.?$"
)
_CLOSING_QUOTES = "\"'”’"


@dataclass(frozen=True)
class Span:
    start: int
    end: int


def _is_abbreviation(text: str, dot_index: int) -> bool:
    if text[dot_index] != ".":
        return False
    word_start = dot_index
    while (
        word_start > 0 and not text[word_start - 1].isspace() and text[word_start - 1] not in '"“('
    ):
        word_start -= 1
    word = text[word_start:dot_index]
    if not word:
        return False
    if "." in word:  # U.S, a.m, U.S.C
        return True
    if len(word) == 1 and word.isalpha():  # initials: "John F. Kennedy"
        return True
    return word.lower().strip("'’") in ABBREVIATIONS


def split_sentences(text: str, start: int = 0, end: int | None = None) -> list[Span]:
    """Split text[start:end] into sentence spans (absolute offsets, whitespace trimmed).

    Line breaks always end a sentence (headlines, bylines); inside a line a sentence ends at
    . ! or ? (with any closing quotes) followed by a capital letter or digit, unless the period
    belongs to an abbreviation.
    """
    end = len(text) if end is None else end
    spans: list[Span] = []
    for para in _PARAGRAPH.finditer(text, start, end):
        cursor = para.start()
        for match in _BOUNDARY.finditer(text, para.start(), para.end()):
            if _is_abbreviation(text, match.start()) and match.end() - match.start() == 1:
                continue
            _append_trimmed(text, cursor, match.end(), spans)
            cursor = match.end()
        _append_trimmed(text, cursor, para.end(), spans)
    return _merge_attributions(text, spans)


def _merge_attributions(text: str, spans: list[Span]) -> list[Span]:
    merged: list[Span] = []
    for span in spans:
        if (
            merged
            and text[merged[-1].end - 1] in _CLOSING_QUOTES
            and "\n" not in text[merged[-1].end : span.start]
            and _ATTRIBUTION.match(text[span.start : span.end])
        ):
            merged[-1] = Span(merged[-1].start, span.end)
        else:
            merged.append(span)
    return merged


def _append_trimmed(text: str, start: int, end: int, spans: list[Span]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        spans.append(Span(start, end))
