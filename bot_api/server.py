"""`ragbot serve`: run the app under uvicorn.

Other servers can use the factory: `uvicorn --factory bot_api.main:create_app`.
"""

from __future__ import annotations

import logging

import uvicorn

from bot_api.main import create_app
from rag.config import get_settings
from rag.engine import RagBot
from rag.store import StoreError

LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


def _log_to_stderr() -> None:
    # Our access log (bot_api.access) replaces uvicorn's: it has the route template and latency.
    for name in ("bot_api", "uvicorn"):
        logger = logging.getLogger(name)
        logger.setLevel(logging.INFO)
        if not logger.handlers:
            handler = logging.StreamHandler()
            handler.setFormatter(logging.Formatter(LOG_FORMAT))
            logger.addHandler(handler)
            logger.propagate = False


def run(host: str | None = None, port: int | None = None) -> None:
    settings = get_settings()
    _log_to_stderr()
    try:
        # Opened before uvicorn starts so an unreachable store is one clear line, not a
        # traceback; the model loads and warms up in the app's lifespan.
        bot = RagBot(settings)
    except StoreError as exc:
        raise SystemExit(f"error: {exc}") from exc
    uvicorn.run(
        create_app(bot, settings),
        host=host or settings.host,
        port=port or settings.port,
        access_log=False,
        log_config=None,
        timeout_graceful_shutdown=5,
    )
