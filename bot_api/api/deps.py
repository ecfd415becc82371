"""Typed dependencies: what a route needs is written in its signature."""

from __future__ import annotations

import hashlib
import hmac
from typing import Annotated

from fastapi import Depends, HTTPException, Request, status
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from bot_api.models import ChatRequest
from bot_api.ratelimit import RateLimiter
from rag.config import Settings
from rag.engine import RagBot
from rag.models import Message


# Dependencies that only read app state or check sizes are `async def`: a plain `def` would cost
# a trip through the thread pool per request.
async def get_settings(request: Request) -> Settings:
    return request.app.state.settings


async def get_bot(request: Request) -> RagBot:
    return request.app.state.bot


async def get_limiter(request: Request) -> RateLimiter:
    return request.app.state.limiter


SettingsDep = Annotated[Settings, Depends(get_settings)]
BotDep = Annotated[RagBot, Depends(get_bot)]
LimiterDep = Annotated[RateLimiter, Depends(get_limiter)]

_bearer = HTTPBearer(
    auto_error=False,
    description="Needed only when the server sets RAGBOT_API_KEYS.",
)


def _key_index(presented: str, keys: list[str]) -> int | None:
    """Which configured key was presented.

    Comparing digests keeps the comparison constant-time and blind to the keys' lengths.
    """
    digest = hashlib.sha256(presented.encode()).digest()
    found = None
    for i, key in enumerate(keys):  # no early exit: every key costs the same
        if hmac.compare_digest(digest, hashlib.sha256(key.encode()).digest()):
            found = i
    return found


async def authorize(
    request: Request,
    settings: SettingsDep,
    limiter: LimiterDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> str:
    """Identify the client (a valid API key, else its IP), rate-limit it, then enforce the keys.

    Rate-limiting before rejecting a bad key means guessing keys is rate-limited too.
    """
    keys = settings.api_key_list
    index = _key_index(credentials.credentials, keys) if credentials and keys else None
    host = request.client.host if request.client else "unknown"
    client = f"key#{index + 1}" if index is not None else f"ip:{host}"  # never the key itself
    request.state.client = client
    wait = limiter.take(client)
    if wait is not None:
        raise HTTPException(
            status.HTTP_429_TOO_MANY_REQUESTS,
            detail=f"rate limit of {limiter.per_minute} requests a minute exceeded; "
            f"retry in {wait} s",
            headers={"Retry-After": str(wait)},
        )
    if keys and index is None:
        raise HTTPException(
            status.HTTP_401_UNAUTHORIZED,
            detail="this server needs an API key: send 'Authorization: Bearer <key>'"
            if credentials is None
            else "the API key is not valid",
            headers={"WWW-Authenticate": "Bearer"},
        )
    return client


ClientDep = Annotated[str, Depends(authorize)]


def check_question(question: str, settings: Settings) -> str:
    """The question stripped of surrounding blanks, or a 422 saying what is wrong with it."""
    question = question.strip()
    if not question:
        raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, detail="question is empty")
    if len(question) > settings.max_question_chars:
        raise HTTPException(
            status.HTTP_422_UNPROCESSABLE_CONTENT,
            detail=f"question is {len(question)} characters long; the limit is "
            f"{settings.max_question_chars} (RAGBOT_MAX_QUESTION_CHARS)",
        )
    return question


def check_history(history: list[Message], settings: Settings) -> None:
    if len(history) > settings.max_history_messages:
        raise HTTPException(
            status.HTTP_422_UNPROCESSABLE_CONTENT,
            detail=f"history has {len(history)} messages; the limit is "
            f"{settings.max_history_messages} (RAGBOT_MAX_HISTORY_MESSAGES)",
        )
    for i, message in enumerate(history):
        if len(message.content) > settings.max_message_chars:
            raise HTTPException(
                status.HTTP_422_UNPROCESSABLE_CONTENT,
                detail=f"history[{i}].content is {len(message.content)} characters long; the "
                f"limit is {settings.max_message_chars} (RAGBOT_MAX_MESSAGE_CHARS)",
            )


async def checked_chat_request(body: ChatRequest, settings: SettingsDep) -> ChatRequest:
    # A dependency, not the route body, so streaming routes reject bad input before streaming.
    question = check_question(body.question, settings)
    check_history(body.history, settings)
    return body.model_copy(update={"question": question})


ChatRequestDep = Annotated[ChatRequest, Depends(checked_chat_request)]
