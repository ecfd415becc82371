"""`GET /healthz`: liveness and corpus size, for load balancers (never needs a key)."""

from __future__ import annotations

import logging

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from bot_api.api.deps import BotDep
from bot_api.models import Health

router = APIRouter(tags=["health"])
log = logging.getLogger("bot_api.health")


@router.get(
    "/healthz",
    response_model=Health,
    summary="Health and corpus size",
    responses={503: {"description": "The store cannot be read"}},
)
def healthz(bot: BotDep) -> Health | JSONResponse:
    try:
        corpus = bot.corpus()
    except Exception as exc:  # unhealthy is an answer here, not a crash
        log.exception("health check failed")
        return JSONResponse({"status": "error", "detail": str(exc)}, status_code=503)
    return Health(status="ok", articles=len(corpus.articles), chunks=len(corpus.chunks))
