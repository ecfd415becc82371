"""Answerers: the extractive default, and an LLM answerer chosen by configuration."""

from __future__ import annotations

from rag.answering.base import Answerer, Evidence
from rag.config import Settings


def make_answerer(settings: Settings) -> Answerer:
    from rag.answering.extractive import ExtractiveAnswerer

    extractive = ExtractiveAnswerer(settings.min_relevance, settings.max_answer_sentences)
    if settings.answerer == "llm":
        from rag.answering.llm import LLMAnswerer

        return LLMAnswerer(settings, fallback=extractive)
    return extractive


__all__ = ["Answerer", "Evidence", "make_answerer"]
