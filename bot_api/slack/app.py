"""Builds the Bolt app over a loaded RagBot; runs it in Socket Mode for `ragbot slack`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from slack_bolt import App
from slack_sdk import WebClient

from bot_api.slack.dedupe import RecentKeys
from bot_api.slack.listeners import register_listeners, skip_unwanted_events
from rag.config import Settings
from rag.engine import RagBot
from rag.feedback import FeedbackStore

if TYPE_CHECKING:
    from slack_bolt.adapter.socket_mode import SocketModeHandler

HTTP_SETTINGS = {
    "slack_signing_secret": "RAGBOT_SLACK_SIGNING_SECRET",
    "slack_bot_token": "RAGBOT_SLACK_BOT_TOKEN",
}
SOCKET_MODE_SETTINGS = {
    "slack_app_token": "RAGBOT_SLACK_APP_TOKEN",
    "slack_bot_token": "RAGBOT_SLACK_BOT_TOKEN",
}


class SlackNotConfiguredError(RuntimeError):
    """Slack settings are missing; the message names the environment variables to set."""


def missing_settings(settings: Settings, socket_mode: bool = False) -> list[str]:
    """The environment variables still to set for HTTP mode (or Socket Mode)."""
    needed = SOCKET_MODE_SETTINGS if socket_mode else HTTP_SETTINGS
    return [env for field, env in needed.items() if not getattr(settings, field)]


def not_configured_message(settings: Settings, socket_mode: bool = False) -> str:
    needed = SOCKET_MODE_SETTINGS if socket_mode else HTTP_SETTINGS
    missing = missing_settings(settings, socket_mode)
    return f"Slack is not configured: set {' and '.join(needed.values())}" + (
        f" (missing: {', '.join(missing)})" if missing and len(missing) < len(needed) else ""
    )


def web_client(settings: Settings) -> WebClient:
    base_url = settings.slack_api_url or WebClient.BASE_URL
    return WebClient(token=settings.slack_bot_token, base_url=base_url.rstrip("/") + "/")


def build_slack_app(
    bot: RagBot,
    settings: Settings | None = None,
    client: WebClient | None = None,
    *,
    socket_mode: bool = False,
    verify_token: bool = False,
) -> App:
    """The Bolt app answering mentions and DMs with `bot` (which must already be loaded).

    `verify_token` calls Slack's `auth.test` now; off by default so the HTTP API starts without
    reaching Slack (Bolt then calls it on the first event instead).
    """
    settings = settings or bot.settings
    if missing_settings(settings, socket_mode):
        raise SlackNotConfiguredError(not_configured_message(settings, socket_mode))
    app = App(
        name="ragbot",
        client=client or web_client(settings),
        # Socket Mode connections are authenticated by the app token; requests are not signed.
        signing_secret=settings.slack_signing_secret or "",
        request_verification_enabled=not socket_mode,
        token_verification_enabled=verify_token,
        process_before_response=True,
        before_authorize=skip_unwanted_events,
    )
    feedback = FeedbackStore.from_settings(settings) if settings.slack_feedback else None
    register_listeners(app, bot, settings, feedback, RecentKeys())
    return app


def connect_socket_mode(bot: RagBot, settings: Settings | None = None) -> SocketModeHandler:
    """Connect to Slack over a WebSocket (no public URL needed); answers until `close()`.

    Checks the bot token first (`auth.test`), so a wrong token fails here, not on the first event.
    """
    from slack_bolt.adapter.socket_mode import SocketModeHandler

    settings = settings or bot.settings
    app = build_slack_app(bot, settings, socket_mode=True, verify_token=True)
    handler = SocketModeHandler(app, app_token=settings.slack_app_token)
    handler.connect()
    return handler
