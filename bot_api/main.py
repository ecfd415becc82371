"""Builds the FastAPI app: the bot is loaded and warmed up once at start-up, never per request."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles
from fastapi_offline import FastAPIOffline
from starlette.concurrency import run_in_threadpool

from bot_api.api.main import api_router
from bot_api.api.routes.web import STATIC_DIR
from bot_api.errors import install_error_handlers
from bot_api.middleware import AccessLogMiddleware, BodyLimitMiddleware
from bot_api.ratelimit import RateLimiter
from rag.config import Settings, get_settings
from rag.engine import RagBot

log = logging.getLogger("bot_api")

DESCRIPTION = """
Answers questions about news articles and proves every answer with citations to exact passages.

- `POST /chat`: the answer, `answerable`, and `citations` (each `quote` is the article's text
  from `start` to `end`).
- `POST /chat/stream`: the same as Server-Sent Events: `delta` events (`{"text"}`), then
  `citations` (`{"citations", "answerable"}`), then `done` (the full `/chat` body); `error`
  (`{"message"}`) if the server fails mid-stream.
- `POST /v1/chat/completions`: OpenAI-compatible (streaming and not), with an extra `citations`
  field.

When the server sets `RAGBOT_API_KEYS`, send `Authorization: Bearer <key>` (all routes but
`/healthz`, `/config` and the web page). Each client gets `RAGBOT_RATE_LIMIT_PER_MINUTE`
requests a minute (429 and `Retry-After` beyond it).
"""


def max_body_bytes(settings: Settings) -> int:
    """The largest request a client within the documented limits can send (JSON may escape a
    character into up to 12 bytes), plus room for the envelope."""
    chars = settings.max_question_chars + settings.max_history_messages * settings.max_message_chars
    return 64 * 1024 + 12 * chars


def create_app(bot: RagBot | None = None, settings: Settings | None = None) -> FastAPI:
    """The app. Pass a ready `bot` (tests, embedding); otherwise one is built from `settings`."""
    settings = settings or (bot.settings if bot is not None else get_settings())

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        ready = bot if bot is not None else await run_in_threadpool(RagBot, settings)
        await run_in_threadpool(ready.warm_up)
        app.state.bot = ready
        corpus = ready.corpus()
        log.info("ready: %d articles, %d chunks", len(corpus.articles), len(corpus.chunks))
        yield

    # FastAPIOffline: /docs and /redoc with their scripts served by the app, so they work offline.
    app = FastAPIOffline(
        title="ragbot",
        description=DESCRIPTION,
        version="0.1.0",
        lifespan=lifespan,
    )
    app.state.settings = settings
    if bot is not None:
        app.state.bot = bot
    app.state.limiter = RateLimiter(settings.rate_limit_per_minute)
    install_error_handlers(app)
    app.add_middleware(BodyLimitMiddleware, max_bytes=max_body_bytes(settings))
    app.add_middleware(AccessLogMiddleware)  # added last = outermost: it sees every response
    app.include_router(api_router)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    return app
