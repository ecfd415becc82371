"""Block Kit builders: pure functions from an Answer to what Slack shows. No I/O here.

Everything that comes from articles or users is escaped (`&`, `<`, `>`), so a quote holding
`<!channel>` shows as text instead of pinging a whole channel.
"""

from __future__ import annotations

import re
from typing import Any

from rag.feedback import Verdict
from rag.models import Answer

# Slack's limits (https://docs.slack.dev/reference/block-kit/blocks)
SECTION_TEXT_LIMIT = 3000
MAX_BLOCKS = 50
MESSAGE_TEXT_LIMIT = 40000
ELLIPSIS = "…"

MAX_ANSWER_SECTIONS = 5  # a longer answer is cut, not spread over the whole 50-block budget
TITLE_LIMIT = 200

FEEDBACK_BLOCK_ID = "ragbot_feedback"
HELPFUL_ACTION = "ragbot_feedback_helpful"
NOT_HELPFUL_ACTION = "ragbot_feedback_not_helpful"
VERDICT_OF_ACTION: dict[str, Verdict] = {
    HELPFUL_ACTION: "helpful",
    NOT_HELPFUL_ACTION: "not_helpful",
}

_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
_WORD = re.compile(r"\S+\s*")
_LONGEST_WORD = 40

Block = dict[str, Any]


def escape(text: str) -> str:
    """Slack's three control characters as entities (all mrkdwn escaping Slack needs)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def fit(text: str, limit: int) -> str:
    """`text` escaped, cut to at most `limit` characters at a word boundary, with an ellipsis."""
    escaped = escape(text)
    if len(escaped) <= limit:
        return escaped
    budget = limit - len(ELLIPSIS)
    size = cut = 0
    for i, ch in enumerate(text):  # count escaped length, so an entity is never cut in half
        size += len(_ENTITIES.get(ch, ch))
        if size > budget:
            break
        cut = i + 1
    head = text[:cut]
    space = max(head.rfind(" "), head.rfind("\n"))
    if space > 0 and cut - space <= _LONGEST_WORD:  # end on a whole word, unless it is endless
        head = head[:space]
    return escape(head.rstrip()) + ELLIPSIS


def split_text(text: str, limit: int, max_parts: int) -> list[str]:
    """`text` escaped and split at word boundaries into parts of at most `limit` characters.

    Beyond `max_parts`, the last part is cut with an ellipsis.
    """
    text = text.strip()
    parts: list[str] = []
    start = size = 0
    for word in _WORD.finditer(text):
        n = len(escape(word.group()))
        if size and size + n > limit:
            if len(parts) == max_parts - 1:
                break
            parts.append(fit(text[start : word.start()].rstrip(), limit))
            start, size = word.start(), 0
        size += n
    parts.append(fit(text[start:], limit))
    return [p for p in parts if p]


def mrkdwn_section(text: str) -> Block:
    return {"type": "section", "text": {"type": "mrkdwn", "text": text}}


def answer_text(answer: Answer) -> str:
    """The message's `text`: notifications show it, and it is what thread history reads back."""
    return fit(answer.answer, MESSAGE_TEXT_LIMIT)


def citation_section(n: int, title: str, source: str, quote: str) -> Block:
    header = f"*[{n}] {fit(' '.join(title.split()), TITLE_LIMIT)}*  `{fit(source, 100)}`\n> "
    # The passage on one quoted line: article line breaks would end Slack's `>` quote.
    return mrkdwn_section(header + fit(" ".join(quote.split()), SECTION_TEXT_LIMIT - len(header)))


def feedback_actions(answer_id: str) -> Block:
    def button(action_id: str, label: str) -> Block:
        return {
            "type": "button",
            "action_id": action_id,
            "text": {"type": "plain_text", "text": label, "emoji": True},
            "value": answer_id,
        }

    return {
        "type": "actions",
        "block_id": FEEDBACK_BLOCK_ID,
        "elements": [
            button(HELPFUL_ACTION, ":thumbsup: Helpful"),
            button(NOT_HELPFUL_ACTION, ":thumbsdown: Not helpful"),
        ],
    }


def answer_blocks(answer: Answer, answer_id: str | None = None) -> list[Block]:
    """The answer (its `[n]` markers kept), each cited passage, then feedback buttons."""
    blocks = [
        mrkdwn_section(part)
        for part in split_text(answer.answer, SECTION_TEXT_LIMIT, MAX_ANSWER_SECTIONS)
    ]
    tail = [feedback_actions(answer_id)] if answer_id else []
    if answer.citations:
        blocks += [{"type": "divider"}, context("*Sources*")]
        room = MAX_BLOCKS - len(blocks) - len(tail)
        shown = answer.citations
        if len(shown) > room:  # keep one block to say how many were left out
            shown = shown[: room - 1]
        blocks += [citation_section(c.n, c.title, c.source, c.quote) for c in shown]
        if hidden := len(answer.citations) - len(shown):
            blocks.append(context(f"{ELLIPSIS}and {hidden} more source{'s' * (hidden > 1)}."))
    return blocks + tail


def context(mrkdwn: str) -> Block:
    return {"type": "context", "elements": [{"type": "mrkdwn", "text": mrkdwn}]}


def refusal_text(answer: Answer) -> str:
    """A refusal is a short plain message: no blocks, no sources."""
    return fit(answer.answer, SECTION_TEXT_LIMIT)


EMPTY_QUESTION = "Ask me a question about the articles, e.g. _Who criticized the mayor?_"
ANSWER_FAILED = ":warning: Sorry, something went wrong while answering. Please try again."
FEEDBACK_LOST = "Sorry, I could not record that: I no longer have this answer on file."


def question_too_long(length: int, limit: int) -> str:
    return f"Your question is {length} characters long; please keep it under {limit}."


def feedback_thanks(verdict: Verdict) -> str:
    label = "helpful" if verdict == "helpful" else "not helpful"
    return f"Thanks! I recorded your feedback on this answer: {label}."
