"""`POST /retrieve`: the ranked passages the answerer would see, without an answer."""

from __future__ import annotations

from fastapi import APIRouter

from bot_api.api.deps import BotDep, SettingsDep, check_question
from bot_api.models import ERROR_RESPONSES, RetrieveRequest, RetrieveResponse

router = APIRouter(tags=["retrieval"])


@router.post("/retrieve", responses=ERROR_RESPONSES, summary="Ranked passages for a question")
def retrieve(request: RetrieveRequest, bot: BotDep, settings: SettingsDep) -> RetrieveResponse:
    """Hybrid (dense + BM25) retrieval; each passage has its article id, exact text and offsets."""
    question = check_question(request.question, settings)
    return RetrieveResponse(passages=bot.retrieve(question, k=request.k))
