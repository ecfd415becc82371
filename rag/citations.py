"""Citations: built from exact article spans, and checked against the article text."""

from __future__ import annotations

import re

from rag.models import Answer, Citation

MARKER = re.compile(r"\[(\d+)\]")


class CitationError(ValueError):
    pass


def check_citations(answer: Answer, article_texts: dict[str, str]) -> None:
    """Raise CitationError unless every quote is the article's text at its offsets, every [n]
    resolves to a citation and every citation is referred to."""
    by_n = {c.n: c for c in answer.citations}
    if len(by_n) != len(answer.citations):
        raise CitationError("two citations share a number")
    for c in answer.citations:
        text = article_texts.get(c.source)
        if text is None:
            raise CitationError(f"citation [{c.n}] names an unknown article {c.source!r}")
        if text[c.start : c.end] != c.quote:
            raise CitationError(f"citation [{c.n}] quote differs from {c.source}[{c.start}:{c.end}]")
    used = {int(m) for m in MARKER.findall(answer.answer)}
    if used - by_n.keys():
        raise CitationError(f"markers without citations: {sorted(used - by_n.keys())}")
    if by_n.keys() - used:
        raise CitationError(f"citations never referred to: {sorted(by_n.keys() - used)}")
    if not answer.answerable and answer.citations:
        raise CitationError("a refusal carries citations")


def strip_markers(text: str) -> str:
    return re.sub(r"\s*\[\d+\]", "", text)
