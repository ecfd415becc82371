"""Request and response shapes of the HTTP API (the core's own shapes are reused where they fit)."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field

from rag.models import Answer, Citation, Message, Passage, SourceSummary


class ChatRequest(BaseModel):
    question: str = Field(description="The question. Limits: RAGBOT_MAX_QUESTION_CHARS.")
    history: list[Message] = Field(
        default_factory=list,
        description="Earlier turns, oldest first. Limits: RAGBOT_MAX_HISTORY_MESSAGES messages of "
        "at most RAGBOT_MAX_MESSAGE_CHARS characters.",
    )

    model_config = {
        "json_schema_extra": {
            "examples": [
                {
                    "question": "Who criticized the sanctuary policies?",
                    "history": [],
                }
            ]
        }
    }


class ChatResponse(BaseModel):
    answer: str = Field(description="The answer; every [n] marker has a citation with that n.")
    answerable: bool = Field(description="False when the articles do not answer the question.")
    citations: list[Citation]
    query: str | None = Field(
        None,
        description="The question as searched: a follow-up rewritten with what the history says "
        "it refers to ('When did he adopt it?' -> '... Gusman ... policy').",
    )

    @classmethod
    def of(cls, answer: Answer) -> ChatResponse:
        return cls(
            answer=answer.answer,
            answerable=answer.answerable,
            citations=answer.citations,
            query=answer.query,
        )


class CitationsEvent(BaseModel):
    """Data of the `citations` event of `/chat/stream`."""

    citations: list[Citation]
    answerable: bool


class RetrieveRequest(BaseModel):
    question: str
    k: int | None = Field(
        None, ge=1, le=50, description="How many passages (default RAGBOT_RETRIEVAL_K)."
    )


class RetrieveResponse(BaseModel):
    passages: list[Passage] = Field(description="Best first.")


class SourcesResponse(BaseModel):
    sources: list[SourceSummary]


class Health(BaseModel):
    status: str
    articles: int
    chunks: int


class Limits(BaseModel):
    max_question_chars: int
    max_history_messages: int
    max_message_chars: int


class PageConfig(BaseModel):
    """What the web page needs to know before the first question."""

    auth_required: bool
    limits: Limits


class ErrorBody(BaseModel):
    detail: str = Field(description="What is wrong, in words.")


def _error(description: str) -> dict[str, Any]:
    # Explicit JSON content: on streaming routes the default media type would be text/event-stream.
    schema = ErrorBody.model_json_schema()
    return {"description": description, "content": {"application/json": {"schema": schema}}}


ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    401: _error("API key missing or invalid"),
    413: _error("Request body too large"),
    422: _error("Malformed request, wrong types, or a limit exceeded"),
    429: _error("Rate limit exceeded (see the Retry-After header)"),
}
