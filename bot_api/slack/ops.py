"""Talking to Slack: reading what users typed and the thread so far, posting replies."""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from decimal import Decimal, InvalidOperation
from typing import Any, Literal

from slack_sdk import WebClient

from rag.models import Message

_MARKUP = re.compile(r"<([^<>|]*)(?:\|([^<>]*))?>")
_HISTORY_PAGE = 200
_HISTORY_MAX_PAGES = 10  # a thread of 2,000 messages is plenty of context
_HUMAN_SUBTYPES = (None, "thread_broadcast")  # a reply also sent to the channel is still a reply


def plain_text(text: str, bot_user_id: str | None) -> str:
    """What the user typed, from Slack's markup: the bot's mention dropped, links as shown.

    `<@U123>` mentions, `<#C123|general>` channels and `<https://x|label>` links become their label
    (or target); `&amp;`, `&lt;` and `&gt;` become characters again.
    """

    def shown(match: re.Match[str]) -> str:
        target, label = match.group(1), match.group(2)
        if bot_user_id and target == f"@{bot_user_id}":
            return " "
        if label:
            return label
        if target.startswith("!"):  # <!here>, <!channel>: nothing to ask about
            return " "
        return target

    return " ".join(html.unescape(_MARKUP.sub(shown, text)).split())


def message_role(
    message: dict[str, Any], bot_user_id: str | None, bot_id: str | None
) -> Literal["user", "assistant"] | None:
    """`assistant` for this bot's replies, `user` for people, None for other bots and the rest."""
    if (bot_user_id and message.get("user") == bot_user_id) or (
        bot_id and message.get("bot_id") == bot_id
    ):
        return "assistant"
    if message.get("bot_id") or message.get("subtype") not in _HUMAN_SUBTYPES:
        return None
    return "user"


def thread_history(
    client: WebClient,
    channel: str,
    thread_ts: str,
    before_ts: str,
    *,
    bot_user_id: str | None,
    bot_id: str | None,
    max_messages: int,
    max_chars: int,
) -> list[Message]:
    """The thread's messages before `before_ts`, oldest first, as conversation history.

    Keeps the latest `max_messages`, each cut to `max_chars` (the core's documented limits).
    """
    if max_messages <= 0:
        return []
    messages: list[dict[str, Any]] = []
    pages = client.conversations_replies(channel=channel, ts=thread_ts, limit=_HISTORY_PAGE)
    for i, page in enumerate(pages):
        messages += page.get("messages", [])
        if i + 1 >= _HISTORY_MAX_PAGES:
            break
    history: list[Message] = []
    for message in messages:
        if _ts(message.get("ts")) >= _ts(before_ts):
            continue
        role = message_role(message, bot_user_id, bot_id)
        content = plain_text(message.get("text") or "", bot_user_id)
        if role and content:
            history.append(Message(role=role, content=content[:max_chars]))
    return history[-max_messages:]


def post_reply(
    client: WebClient,
    channel: str,
    thread_ts: str,
    text: str,
    blocks: Sequence[dict[str, Any]] | None = None,
) -> str:
    """Post in the thread; returns the reply's ts."""
    response = client.chat_postMessage(
        channel=channel,
        thread_ts=thread_ts,
        text=text,
        blocks=list(blocks) if blocks else None,
        unfurl_links=False,  # cited passages are the point, not link previews
        unfurl_media=False,
    )
    return str(response["ts"])


def post_ephemeral(
    client: WebClient, channel: str, user: str, text: str, thread_ts: str | None = None
) -> None:
    """A message only `user` sees (e.g. thanks for feedback), in the thread when there is one."""
    client.chat_postEphemeral(channel=channel, user=user, text=text, thread_ts=thread_ts)


def _ts(value: object) -> Decimal:
    """A message ts as a number; Decimal because floats blur the microseconds of a ts."""
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return Decimal(0)
