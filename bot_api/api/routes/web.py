"""`GET /`: the web chat page (its scripts and styles are served from /static, no build step)."""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter
from fastapi.responses import FileResponse

from bot_api.api.deps import SettingsDep
from bot_api.models import Limits, PageConfig

STATIC_DIR = Path(__file__).resolve().parents[2] / "static"

router = APIRouter(tags=["web page"])


@router.get("/", include_in_schema=False)
def index() -> FileResponse:
    return FileResponse(STATIC_DIR / "index.html", headers={"Cache-Control": "no-cache"})


@router.get(
    "/config", summary="Limits, and whether an API key is needed (public, for the web page)"
)
def config(settings: SettingsDep) -> PageConfig:
    return PageConfig(
        auth_required=bool(settings.api_key_list),
        limits=Limits(
            max_question_chars=settings.max_question_chars,
            max_history_messages=settings.max_history_messages,
            max_message_chars=settings.max_message_chars,
        ),
    )
