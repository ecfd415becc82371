"""The web chat page in a real Chromium (Debian's), against a real server."""

from __future__ import annotations

import time
from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest

from rag.engine import RagBot
from rag.models import Answer, Message
from tests.bot_api.conftest import (
    QUESTION,
    UNANSWERABLE,
    LiveServer,
    WrappedBot,
    app_for,
    start_server,
)

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not CHROMIUM.exists(),
        reason="needs Debian's chromium at /usr/bin/chromium (apt-get install chromium)",
    ),
]


class PacedBot(WrappedBot):
    """The seeded bot, streaming its pieces slowly enough to watch them arrive."""

    def stream_answer(
        self, question: str, history: Sequence[Message] = ()
    ) -> Iterator[str | Answer]:
        for item in self._bot.stream_answer(question, history):
            if isinstance(item, str):
                time.sleep(0.04)
            yield item


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    context.close()
    assert not errors, f"JavaScript errors: {errors}"


@pytest.fixture(scope="module")
def paced_server(seeded_bot: RagBot) -> Iterator[LiveServer]:
    server = start_server(app_for(PacedBot(seeded_bot)))
    yield server
    server.stop()


def ask(page, question: str) -> None:
    page.get_by_label("Your question").fill(question)
    page.get_by_label("Your question").press("Enter")


def test_streamed_answer_and_its_highlighted_citation(
    page, paced_server: LiveServer, seeded_bot: RagBot
) -> None:
    expected = seeded_bot.answer(QUESTION)
    citation = expected.citations[0]
    page.goto(paced_server.url)
    page.get_by_text("I answer from 5 articles").wait_for()
    ask(page, QUESTION)

    # Streaming: part of the answer is on screen while the message is still streaming.
    page.wait_for_function(
        "() => { const m = document.querySelector('.msg.bot.streaming .text');"
        " return m && m.textContent.trim().split(/\\s+/).length >= 2; }",
        timeout=30_000,
    )
    bot_message = page.locator(".msg.bot").last
    bot_message.locator(".sources").wait_for(timeout=30_000)
    assert bot_message.locator(".text").inner_text().strip() == expected.answer.strip()
    assert "streaming" not in (bot_message.get_attribute("class") or "")

    marker = bot_message.locator(".text .cite").first
    assert marker.inner_text() == f"[{citation.n}]"
    marker.click()
    highlight = page.locator("#source-panel mark#highlight")
    highlight.wait_for(timeout=10_000)
    assert highlight.inner_text() == citation.quote
    assert page.locator("#source-id").inner_text() == citation.source
    assert highlight.is_visible()
    panel = page.locator("#source-body").bounding_box()
    mark = highlight.bounding_box()
    assert panel["y"] <= mark["y"] < panel["y"] + panel["height"], "passage not scrolled into view"
    assert page.evaluate("document.activeElement.id") == "source-title"

    page.keyboard.press("Escape")
    assert page.locator("#source-panel").is_hidden()


def test_follow_up_uses_history_and_refusal_is_distinct(
    page, live_server: LiveServer, seeded_bot: RagBot
) -> None:
    page.goto(live_server.url)
    ask(page, QUESTION)
    page.locator(".msg.bot .sources").first.wait_for(timeout=30_000)
    requests: list[dict] = []
    page.on(
        "request",
        lambda r: requests.append(r.post_data_json) if r.url.endswith("/chat/stream") else None,
    )
    ask(page, UNANSWERABLE)
    refusal = page.locator(".msg.bot.unanswerable")
    refusal.wait_for(timeout=30_000)
    assert refusal.get_by_text("Not in the articles").is_visible()
    assert refusal.locator(".cite").count() == 0
    assert requests[0]["question"] == UNANSWERABLE
    first_answer = seeded_bot.answer(QUESTION).answer
    assert requests[0]["history"] == [
        {"role": "user", "content": QUESTION},
        {"role": "assistant", "content": first_answer},
    ]


def test_api_key_prompt_and_error_state(page, keyed_server: LiveServer) -> None:
    page.goto(keyed_server.url)
    dialog = page.get_by_role("dialog")
    dialog.wait_for(timeout=10_000)
    assert "needs an API key" in dialog.inner_text()
    page.get_by_label("Key", exact=True).fill("wrong-key")
    dialog.get_by_role("button", name="Save").click()

    # A wrong key: the error is shown, and the question stays in the box.
    dialog.wait_for(timeout=10_000)
    dialog.get_by_role("button", name="Cancel").click()
    ask(page, QUESTION)
    error = page.locator(".msg.bot.error [role=alert]")
    error.wait_for(timeout=10_000)
    assert "not valid" in error.inner_text()
    assert page.get_by_label("Your question").input_value() == QUESTION

    dialog.wait_for(timeout=10_000)  # a 401 asks for the key again
    page.get_by_label("Key", exact=True).fill("test-key")
    dialog.get_by_role("button", name="Save").click()
    page.locator(".msg.bot.error").get_by_role("button", name="Try again").click()
    page.locator(".msg.bot .sources").wait_for(timeout=30_000)
    assert page.locator(".msg.bot.error").count() == 0
    assert page.evaluate("localStorage.getItem('ragbot.apiKey')") == "test-key"


def test_api_docs_render_offline(page, live_server: LiveServer) -> None:
    outside: list[str] = []
    page.on(
        "request",
        lambda r: outside.append(r.url) if not r.url.startswith(live_server.url) else None,
    )
    page.goto(f"{live_server.url}/docs")
    page.get_by_text("/chat/stream", exact=True).wait_for(timeout=30_000)
    assert page.locator(".opblock").count() >= 8
    assert outside == []
