"""Assembles the routers.

Every API route depends on `authorize` (API key and rate limit) except /healthz, /config and the
web page.
"""

from __future__ import annotations

from fastapi import APIRouter, Depends

from bot_api.api.deps import authorize
from bot_api.api.routes import chat, health, openai_compat, retrieve, sources, web

# On the router, not only in route signatures, so a new route is protected without remembering to.
# (Routes that also ask for `ClientDep` get the same, cached, result: one check per request.)
PROTECTED = [Depends(authorize)]

api_router = APIRouter()
api_router.include_router(web.router)
api_router.include_router(health.router)
for routes in (chat, retrieve, sources, openai_compat):
    api_router.include_router(routes.router, dependencies=PROTECTED)

# The Slack integration is optional and lives in its own package; it verifies Slack's signatures
# itself, so it is mounted without the API-key and rate-limit dependency.
try:
    from bot_api.slack.routes import router as slack_router
except ModuleNotFoundError as exc:  # absent is fine; a broken import inside it still raises
    if exc.name not in ("bot_api.slack", "bot_api.slack.routes"):
        raise
else:
    api_router.include_router(slack_router)
