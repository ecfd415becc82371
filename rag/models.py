"""The shapes the core hands to every shell (HTTP, Slack, CLI, evals)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field


class Message(BaseModel):
    role: Literal["user", "assistant"]
    content: str


class Citation(BaseModel):
    n: int = Field(description="The [n] marker in the answer text.")
    source: str = Field(description="Article id (file name without extension).")
    title: str
    chunk_id: str
    quote: str = Field(description="Exact article text from start to end.")
    start: int
    end: int
    score: float


class Answer(BaseModel):
    answer: str
    answerable: bool
    citations: list[Citation] = Field(default_factory=list)
    query: str | None = Field(None, description="The question as used for retrieval.")


class Passage(BaseModel):
    """A retrieved chunk."""

    rank: int
    source: str
    title: str
    chunk_id: str
    quote: str
    start: int
    end: int
    score: float = Field(description="Fused retrieval score (higher is better).")
    dense_score: float | None = None
    bm25_score: float | None = None


class SourceSummary(BaseModel):
    id: str
    title: str
    chars: int
    chunks: int


class SourceDetail(SourceSummary):
    text: str
