"""`ragbot serve`: run the app under uvicorn."""

from __future__ import annotations

import logging

import uvicorn

from bot_api.main import create_app
from rag.config import get_settings


def run(host: str | None = None, port: int | None = None) -> None:
    settings = get_settings()
    # Our access log (bot_api.access) replaces uvicorn's: it has the route template and latency.
    for name in ("bot_api", "uvicorn"):
        logger = logging.getLogger(name)
        logger.setLevel(logging.INFO)
        if not logger.handlers:
            handler = logging.StreamHandler()
            handler.setFormatter(
                logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s")
            )
            logger.addHandler(handler)
            logger.propagate = False
    uvicorn.run(
        create_app(settings=settings),
        host=host or settings.host,
        port=port or settings.port,
        access_log=False,
        log_config=None,
        timeout_graceful_shutdown=5,
    )
