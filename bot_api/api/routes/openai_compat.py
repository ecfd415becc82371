"""`POST /v1/chat/completions` and `GET /v1/models`: ragbot behind the OpenAI chat API.

Any OpenAI client can talk to ragbot: the last user message is the question, earlier user and
assistant messages are the history, system (and developer) messages are ignored. Citations are in
the text (`[n]` markers and a "Sources:" list) and, as data, in an extra top-level `citations`
field.
"""

from __future__ import annotations

import json
import logging
import time
import uuid
from collections.abc import Iterator
from typing import Any, Literal

from fastapi import APIRouter, HTTPException, status
from fastapi.sse import EventSourceResponse, format_sse_event
from pydantic import BaseModel, ConfigDict, Field

from bot_api.api.deps import BotDep, ClientDep, SettingsDep, check_history, check_question
from bot_api.api.routes.chat import log_question
from bot_api.models import ERROR_RESPONSES, ChatRequest
from rag.answering.llm import LLMUnavailableError
from rag.config import Settings
from rag.models import Answer, Citation, Message

router = APIRouter(prefix="/v1", tags=["OpenAI-compatible"])
log = logging.getLogger("bot_api.openai")

MODEL_ID = "ragbot"
_TITLE_CHARS = 90


class TextPart(BaseModel):
    type: Literal["text"]
    text: str


class OpenAIMessage(BaseModel):
    model_config = ConfigDict(extra="allow")  # name, tool_calls, ... are accepted and ignored

    role: Literal["system", "developer", "user", "assistant"]
    content: str | list[TextPart] | None = None

    def text(self) -> str:
        if isinstance(self.content, list):
            return "".join(part.text for part in self.content)
        return self.content or ""


class ChatCompletionRequest(BaseModel):
    # temperature, max_tokens, stream_options, ... are accepted and ignored: ragbot's own settings
    # decide how answers are made.
    model_config = ConfigDict(extra="allow")

    model: str = MODEL_ID
    messages: list[OpenAIMessage] = Field(min_length=1)
    stream: bool = False


def to_chat_request(request: ChatCompletionRequest, settings: Settings) -> ChatRequest:
    turns = [m for m in request.messages if m.role in ("user", "assistant")]
    last_user = max((i for i, m in enumerate(turns) if m.role == "user"), default=None)
    if last_user is None:
        raise HTTPException(
            status.HTTP_422_UNPROCESSABLE_CONTENT, detail="messages: no user message to answer"
        )
    question = check_question(turns[last_user].text(), settings)
    history = [
        Message(role="user", content=m.text())
        if m.role == "user"
        else Message(role="assistant", content=_without_sources(m.text()))
        for m in turns[:last_user]
    ]
    check_history(history, settings)
    return ChatRequest(question=question, history=history)


SOURCES_HEADING = "\n\nSources:\n"


def _without_sources(text: str) -> str:
    # Clients send our earlier answers back as history; the list we appended is not conversation.
    return text.split(SOURCES_HEADING, 1)[0]


def sources_text(citations: list[Citation]) -> str:
    """The "Sources:" list appended to the answer, for clients that only show text."""
    if not citations:
        return ""
    lines = []
    for c in citations:
        title = c.title if len(c.title) <= _TITLE_CHARS else c.title[: _TITLE_CHARS - 1] + "…"
        lines.append(f"[{c.n}] {title} ({c.source}, characters {c.start}-{c.end}): “{c.quote}”")
    return SOURCES_HEADING + "\n".join(lines)


def _completion_id() -> str:
    return f"chatcmpl-{uuid.uuid4().hex}"


def _extra_fields(answer: Answer) -> dict[str, Any]:
    return {
        "citations": [c.model_dump() for c in answer.citations],
        "answerable": answer.answerable,
    }


def completion(request: ChatCompletionRequest, answer: Answer) -> dict[str, Any]:
    return {
        "id": _completion_id(),
        "object": "chat.completion",
        "created": int(time.time()),
        "model": request.model,
        "choices": [
            {
                "index": 0,
                "message": {
                    "role": "assistant",
                    "content": answer.answer + sources_text(answer.citations),
                    "refusal": None,
                },
                "finish_reason": "stop",
                "logprobs": None,
            }
        ],
        **_extra_fields(answer),
    }


def completion_chunks(
    request: ChatCompletionRequest, pieces: Iterator[str | Answer]
) -> Iterator[str]:
    """The data of OpenAI `chat.completion.chunk` events, ending with `[DONE]`."""
    base = {
        "id": _completion_id(),
        "object": "chat.completion.chunk",
        "created": int(time.time()),
        "model": request.model,
    }

    def chunk(delta: dict[str, Any], finish: str | None = None, **extra: Any) -> str:
        choice = {"index": 0, "delta": delta, "finish_reason": finish, "logprobs": None}
        return json.dumps({**base, "choices": [choice], **extra}, ensure_ascii=False)

    try:
        yield chunk({"role": "assistant", "content": ""})
        final: Answer | None = None
        for item in pieces:
            if isinstance(item, Answer):
                final = item
            elif item:
                yield chunk({"content": item})
        if final is None:
            raise RuntimeError("the core's stream ended without a final answer")
        if final.citations:
            yield chunk({"content": sources_text(final.citations)})
        yield chunk({}, "stop", **_extra_fields(final))
    except Exception as exc:
        log.exception("streamed completion failed")
        message = "the answer could not be completed because of a server error"
        if isinstance(exc, LLMUnavailableError):  # RAGBOT_LLM_FALLBACK=error: say what failed
            message = f"the answer model is unavailable: {exc}"
        error = {
            "message": message,
            "type": "server_error",
            "param": None,
            "code": None,
        }
        yield json.dumps({"error": error})
    yield "[DONE]"


@router.post(
    "/chat/completions",
    responses={
        **ERROR_RESPONSES,
        200: {
            "description": "A `chat.completion` object, or with `stream: true` Server-Sent Events "
            "of `chat.completion.chunk` objects ending with `data: [DONE]`. Both carry the extra "
            "top-level fields `citations` and `answerable` (on the last chunk when streaming).",
            "content": {"application/json": {}, "text/event-stream": {}},
        },
    },
    summary="OpenAI-compatible chat completions",
)
def chat_completions(
    request: ChatCompletionRequest, bot: BotDep, settings: SettingsDep, client: ClientDep
) -> Any:
    chat = to_chat_request(request, settings)
    log_question(settings, client, chat)
    if request.stream:
        # A sync iterator: Starlette steps it in its thread pool, off the event loop.
        chunks = completion_chunks(request, bot.stream_answer(chat.question, chat.history))
        events = (format_sse_event(data_str=data) for data in chunks)
        return EventSourceResponse(events, headers={"Cache-Control": "no-cache"})
    return completion(request, bot.answer(chat.question, chat.history))


@router.get("/models", summary="The one model this server offers (for OpenAI clients)")
def models() -> dict[str, Any]:
    return {
        "object": "list",
        "data": [{"id": MODEL_ID, "object": "model", "created": 0, "owned_by": "ragbot"}],
    }
