"""`GET /sources` and `GET /sources/{id}`: the articles the bot answers from."""

from __future__ import annotations

import re

from fastapi import APIRouter, HTTPException, status

from bot_api.api.deps import BotDep
from bot_api.models import ERROR_RESPONSES, ErrorBody, SourcesResponse
from rag.models import SourceDetail

router = APIRouter(prefix="/sources", tags=["sources"])

# Article ids are file names without extension; anything else cannot name an article.
ARTICLE_ID = re.compile(r"[A-Za-z0-9._-]{1,200}")


@router.get("", responses=ERROR_RESPONSES, summary="All articles")
def list_sources(bot: BotDep) -> SourcesResponse:
    return SourcesResponse(sources=bot.list_sources())


@router.get(
    "/{article_id}",
    responses={**ERROR_RESPONSES, 404: {"model": ErrorBody, "description": "No such article"}},
    summary="One article: title and full text",
)
def get_source(article_id: str, bot: BotDep) -> SourceDetail:
    """The article's full text; a citation's `start`/`end` index into `text`."""
    # Looked up in the in-memory corpus, never on disk; the pattern just refuses junk early.
    article = bot.get_source(article_id) if ARTICLE_ID.fullmatch(article_id) else None
    if article is None:
        raise HTTPException(
            status.HTTP_404_NOT_FOUND, detail=f"no article with id {article_id[:200]!r}"
        )
    return article
