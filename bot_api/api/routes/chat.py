"""`POST /chat` and `POST /chat/stream`."""

from __future__ import annotations

import logging
from collections.abc import Iterator

from fastapi import APIRouter
from fastapi.sse import EventSourceResponse, ServerSentEvent

from bot_api.api.deps import BotDep, ChatRequestDep, ClientDep, SettingsDep
from bot_api.models import ERROR_RESPONSES, ChatRequest, ChatResponse, CitationsEvent
from rag.answering.llm import LLMUnavailableError
from rag.config import Settings
from rag.models import Answer

router = APIRouter(tags=["chat"])
log = logging.getLogger("bot_api.chat")

STREAM_FAILED = "the answer could not be completed because of a server error; please retry"

STREAM_DESCRIPTION = """
Same request as `POST /chat`; the answer arrives as Server-Sent Events (`text/event-stream`),
in this order:

- `event: delta`, data `{"text": "..."}`: the next piece of the answer text (zero or more events;
  concatenated they are the answer, `[n]` markers never split).
- `event: citations`, data `{"citations": [...], "answerable": true}`: the citations, as in `/chat`.
- `event: done`, data: the full `/chat` response body. The stream ends after it.

If the server fails after the stream has started: `event: error`, data `{"message": "..."}`, and the
stream ends (no `done`). Bad requests are rejected before streaming, with a normal 4xx JSON error.
"""


def log_question(settings: Settings, client: str, request: ChatRequest) -> None:
    # Questions can be sensitive: only logged when the operator opted in.
    if settings.log_questions:
        log.info(
            "question client=%s history=%d text=%r", client, len(request.history), request.question
        )


@router.post("/chat", responses=ERROR_RESPONSES, summary="Answer a question, with citations")
def chat(
    request: ChatRequestDep, bot: BotDep, settings: SettingsDep, client: ClientDep
) -> ChatResponse:
    """Answer a question about the articles. Every `[n]` in `answer` has a citation with that `n`,
    whose `quote` is the article's exact text from `start` to `end`. When the articles do not answer
    the question, `answerable` is false and `citations` is empty."""
    log_question(settings, client, request)
    return ChatResponse.of(bot.answer(request.question, request.history))


@router.post(
    "/chat/stream",
    response_class=EventSourceResponse,
    responses=ERROR_RESPONSES,
    summary="Answer a question, streamed as Server-Sent Events",
    description=STREAM_DESCRIPTION,
)
def chat_stream(
    request: ChatRequestDep, bot: BotDep, settings: SettingsDep, client: ClientDep
) -> Iterator[ServerSentEvent]:
    # A plain generator: FastAPI runs each step in its thread pool, so the blocking core never
    # holds the event loop.
    log_question(settings, client, request)
    try:
        final: Answer | None = None
        for item in bot.stream_answer(request.question, request.history):
            if isinstance(item, Answer):
                final = item
            elif item:
                yield ServerSentEvent(event="delta", data={"text": item})
        if final is None:
            raise RuntimeError("the core's stream ended without a final answer")
        body = ChatResponse.of(final)
        yield ServerSentEvent(
            event="citations",
            data=CitationsEvent(citations=body.citations, answerable=body.answerable),
        )
        yield ServerSentEvent(event="done", data=body)
    except LLMUnavailableError as exc:  # RAGBOT_LLM_FALLBACK=error: say what failed
        log.warning("streamed answer failed (client=%s): %s", client, exc)
        yield ServerSentEvent(
            event="error", data={"message": f"the answer model is unavailable: {exc}"}
        )
    except Exception:
        log.exception("streamed answer failed (client=%s)", client)
        yield ServerSentEvent(event="error", data={"message": STREAM_FAILED})
