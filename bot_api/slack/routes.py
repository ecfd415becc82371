"""`POST /slack/events`: Slack's Events API and button clicks, in the same process as the HTTP API.

The Bolt app is built on the first request over the RagBot the API already loaded. Bolt checks the
request signature (401 for unsigned, badly signed or stale requests) before anything else runs.
"""

from __future__ import annotations

import threading

from fastapi import APIRouter, HTTPException, Request, Response, status
from slack_bolt import App
from slack_bolt.adapter.starlette.handler import to_bolt_request, to_starlette_response
from starlette.concurrency import run_in_threadpool

from bot_api.api.deps import BotDep, SettingsDep
from bot_api.slack.app import build_slack_app, missing_settings, not_configured_message

router = APIRouter(tags=["slack"])
_build_lock = threading.Lock()


def _slack_app(request: Request, bot: BotDep, settings: SettingsDep) -> App:
    """The FastAPI app's one Bolt app (so the retry cache is shared by every request)."""
    state = request.app.state
    app: App | None = getattr(state, "slack_bolt_app", None)
    if app is None:
        if missing_settings(settings):
            raise HTTPException(
                status.HTTP_503_SERVICE_UNAVAILABLE, not_configured_message(settings)
            )
        with _build_lock:
            app = getattr(state, "slack_bolt_app", None)
            if app is None:
                app = state.slack_bolt_app = build_slack_app(bot, settings)
    return app


@router.post(
    "/slack/events",
    summary="Slack Events API and interactivity (signed requests only)",
    responses={
        401: {"description": "Missing, bad or stale Slack signature."},
        503: {"description": "Slack is not configured on this server."},
    },
)
async def slack_events(request: Request, bot: BotDep, settings: SettingsDep) -> Response:
    slack_app = _slack_app(request, bot, settings)
    bolt_request = to_bolt_request(request, await request.body())
    # Bolt is synchronous (signature check, first-time auth.test, ack): keep it off the event loop.
    bolt_response = await run_in_threadpool(slack_app.dispatch, bolt_request)
    return to_starlette_response(bolt_response)
