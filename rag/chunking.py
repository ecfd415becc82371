"""Sentence-aware chunking: chunks are runs of whole sentences with offsets in the article."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from rag.articles import Article
from rag.sentences import Span, split_sentences


@dataclass(frozen=True)
class Chunk:
    id: str
    article_id: str
    index: int
    start: int
    end: int
    text: str
    sentences: tuple[Span, ...]  # absolute offsets in the article


def chunk_id(article: Article, start: int, end: int) -> str:
    digest = hashlib.sha256(f"{article.id}\0{article.content_hash}\0{start}\0{end}".encode())
    return f"{article.id}:{digest.hexdigest()[:16]}"


def chunk_article(
    article: Article, max_chars: int = 700, overlap_sentences: int = 1
) -> list[Chunk]:
    """Pack consecutive sentences into chunks of at most max_chars (a longer sentence stands
    alone: a sentence is never cut). Neighbouring chunks share `overlap_sentences` sentences."""
    spans = split_sentences(article.text)
    groups: list[list[Span]] = []
    current: list[Span] = []
    for span in spans:
        if current and span.end - current[0].start > max_chars:
            groups.append(current)
            keep = current[-overlap_sentences:] if overlap_sentences else []
            # Overlap only if it leaves room for the new sentence.
            while keep and span.end - keep[0].start > max_chars:
                keep = keep[1:]
            current = list(keep)
        current.append(span)
    if current:
        groups.append(current)
    return [
        Chunk(
            id=chunk_id(article, group[0].start, group[-1].end),
            article_id=article.id,
            index=i,
            start=group[0].start,
            end=group[-1].end,
            text=article.text[group[0].start : group[-1].end],
            sentences=tuple(group),
        )
        for i, group in enumerate(groups)
    ]
