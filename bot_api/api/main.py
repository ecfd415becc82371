"""Assembles the routers.

Every API route depends on `authorize` (API key and rate limit) except /healthz, /config and the
web page.
"""

from __future__ import annotations

from fastapi import APIRouter

from bot_api.api.routes import chat, health, openai_compat, retrieve, sources, web

api_router = APIRouter()
api_router.include_router(web.router)
api_router.include_router(health.router)
api_router.include_router(chat.router)
api_router.include_router(retrieve.router)
api_router.include_router(sources.router)
api_router.include_router(openai_compat.router)

# The Slack integration is optional and lives in its own package; it verifies Slack's signatures
# itself, so it is mounted without the API-key and rate-limit dependency.
try:
    from bot_api.slack.routes import router as slack_router
except ModuleNotFoundError as exc:  # absent is fine; a broken import inside it still raises
    if exc.name not in ("bot_api.slack", "bot_api.slack.routes"):
        raise
else:
    api_router.include_router(slack_router)
