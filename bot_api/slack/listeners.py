"""Bolt listeners: acknowledge every event at once, answer in a lazy listener afterwards.

With `process_before_response=True`, Bolt sends the HTTP 200 (or Socket Mode ack) as soon as
`just_ack` returns; the lazy functions run on Bolt's thread pool, so a slow answer never makes Slack
time out and retry.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from slack_bolt import Ack, App, BoltContext, BoltResponse
from slack_bolt.request.payload_utils import is_event
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot_api.slack import ops, ui
from bot_api.slack.dedupe import RecentKeys
from rag.config import Settings
from rag.engine import RagBot
from rag.feedback import FeedbackStore, UnknownAnswerError
from rag.models import Message

QUESTION_EVENTS = ("app_mention", "message")


def just_ack(ack: Ack) -> None:
    ack()


def is_question(event: dict[str, Any]) -> bool:
    """A person's new message to ragbot: a mention, or a direct message.

    Not: any bot's message (ragbot's own included), edits, deletions and other subtypes, or a
    channel message without a mention (those arrive as `app_mention`).
    """
    if event.get("type") not in QUESTION_EVENTS:
        return False
    if event.get("bot_id") or event.get("hidden") or event.get("subtype") is not None:
        return False
    return event["type"] == "app_mention" or event.get("channel_type") == "im"


def skip_unwanted_events(
    body: dict[str, Any], next_: Callable[[], BoltResponse]
) -> BoltResponse | None:
    """`before_authorize` hook: events ragbot never answers get a 200 at once, nothing else."""
    if is_event(body) and not is_question(body["event"]):
        return BoltResponse(status=200, body="")
    next_()
    return None


def register_listeners(
    app: App,
    bot: RagBot,
    settings: Settings,
    feedback: FeedbackStore | None = None,
    recent: RecentKeys | None = None,
) -> None:
    """Questions (mentions and DMs) and, when `feedback` is given, the feedback buttons."""
    recent = recent if recent is not None else RecentKeys()

    def answer_question(
        body: dict[str, Any],
        event: dict[str, Any],
        context: BoltContext,
        client: WebClient,
        logger: logging.Logger,
    ) -> None:
        channel, ts = event["channel"], event["ts"]
        # One answer per message: Slack's retries share the event_id, and a mention in a DM can
        # arrive both as `app_mention` and as `message` with the same channel and ts.
        if not recent.claim(body.get("event_id"), f"{channel}:{ts}"):
            logger.info("skipping an event already handled (%s %s)", body.get("event_id"), ts)
            return
        thread_ts = event.get("thread_ts") or ts
        question = ops.plain_text(event.get("text") or "", context.bot_user_id)
        if not question:
            ops.post_reply(client, channel, thread_ts, ui.EMPTY_QUESTION)
            return
        if len(question) > settings.max_question_chars:
            text = ui.question_too_long(len(question), settings.max_question_chars)
            ops.post_reply(client, channel, thread_ts, text)
            return
        history: list[Message] = []
        if event.get("thread_ts"):  # inside a thread: what was said before is the context
            try:
                history = ops.thread_history(
                    client,
                    channel,
                    event["thread_ts"],
                    ts,
                    bot_user_id=context.bot_user_id,
                    bot_id=context.bot_id,
                    max_messages=settings.max_history_messages,
                    max_chars=settings.max_message_chars,
                )
            except SlackApiError as exc:  # e.g. a missing *:history scope: answer without context
                logger.warning("cannot read thread %s in %s: %s", event["thread_ts"], channel, exc)
        try:
            answer = bot.answer(question, history)
            if not answer.answerable:
                ops.post_reply(client, channel, thread_ts, ui.refusal_text(answer))
                return
            answer_id = None
            if feedback is not None:
                origin = {
                    "via": "slack",
                    "team": context.team_id,
                    "channel": channel,
                    "thread_ts": thread_ts,
                    "ts": ts,
                    "user": event.get("user"),
                }
                answer_id = feedback.save_answer(question, answer, history, origin)
            blocks = ui.answer_blocks(answer, answer_id)
            ops.post_reply(client, channel, thread_ts, ui.answer_text(answer), blocks)
        except Exception:
            logger.exception("answering a Slack question failed")
            ops.post_reply(client, channel, thread_ts, ui.ANSWER_FAILED)

    app.event("app_mention")(ack=just_ack, lazy=[answer_question])
    app.event("message")(ack=just_ack, lazy=[answer_question])

    if feedback is None:
        return

    def record_feedback(
        body: dict[str, Any], action: dict[str, Any], client: WebClient, logger: logging.Logger
    ) -> None:
        verdict = ui.VERDICT_OF_ACTION[action["action_id"]]
        user = body["user"]["id"]
        container = body.get("container") or {}
        channel = (body.get("channel") or {}).get("id") or container.get("channel_id")
        thread_ts = (body.get("message") or {}).get("thread_ts") or container.get("thread_ts")
        try:
            feedback.record(action["value"], verdict, user)
            text = ui.feedback_thanks(verdict)
        except UnknownAnswerError:
            logger.warning("feedback on an unknown answer %s", action.get("value"))
            text = ui.FEEDBACK_LOST
        ops.post_ephemeral(client, channel, user, text, thread_ts)

    for action_id in ui.VERDICT_OF_ACTION:
        app.action(action_id)(ack=just_ack, lazy=[record_feedback])
