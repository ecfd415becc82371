"""Concurrent clients over a real server: correct bodies, blocking work off the event loop."""

from __future__ import annotations

import time
from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor

import httpx
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
from tests.bot_api.sse import parse_sse

QUESTIONS = [
    QUESTION,
    UNANSWERABLE,
    "What did Attorney General Jeff Landry ask the Justice Department?",
    "Is Connecticut in compliance with the immigration information-sharing law?",
]


def test_parallel_requests_all_get_their_own_answer(
    live_server: LiveServer, seeded_bot: RagBot
) -> None:
    expected = {q: seeded_bot.answer(q).model_dump() for q in QUESTIONS}
    jobs = [QUESTIONS[i % len(QUESTIONS)] for i in range(16)]

    def ask(question: str) -> tuple[str, int, dict]:
        with httpx.Client(base_url=live_server.url, timeout=60) as http:
            response = http.post("/chat", json={"question": question})
            return question, response.status_code, response.json()

    with ThreadPoolExecutor(max_workers=16) as pool:
        results = list(pool.map(ask, jobs))
    for question, status, body in results:
        assert status == 200
        assert body == expected[question]


def test_parallel_streams_are_not_interleaved(live_server: LiveServer, seeded_bot: RagBot) -> None:
    def stream(question: str) -> tuple[str, list]:
        with httpx.Client(base_url=live_server.url, timeout=60) as http:
            return question, parse_sse(http.post("/chat/stream", json={"question": question}).text)

    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(stream, QUESTIONS * 2))
    for question, events in results:
        done = events[-1][1]
        assert events[-1][0] == "done"
        assert "".join(d["text"] for n, d in events if n == "delta") == done["answer"]
        assert done["answer"] == seeded_bot.answer(question).answer


class SlowBot(WrappedBot):
    """The seeded bot, but each answer takes a second (a slow LLM, say)."""

    def answer(self, question: str, history: Sequence[Message] = ()) -> Answer:
        time.sleep(1.0)
        return self._bot.answer(question, history)

    def stream_answer(
        self, question: str, history: Sequence[Message] = ()
    ) -> Iterator[str | Answer]:
        time.sleep(1.0)
        yield from self._bot.stream_answer(question, history)


@pytest.fixture
def slow_server(seeded_bot: RagBot) -> Iterator[LiveServer]:
    server = start_server(app_for(SlowBot(seeded_bot)))
    yield server
    server.stop()


def test_slow_answers_do_not_block_the_event_loop(slow_server: LiveServer) -> None:
    def post(path: str) -> int:
        with httpx.Client(base_url=slow_server.url, timeout=30) as http:
            return http.post(path, json={"question": QUESTION}).status_code

    with ThreadPoolExecutor(max_workers=5) as pool:
        started = time.perf_counter()
        slow = [pool.submit(post, p) for p in ("/chat", "/chat", "/chat/stream", "/chat/stream")]
        time.sleep(0.2)  # all four are now sleeping inside the bot
        health_started = time.perf_counter()
        with httpx.Client(base_url=slow_server.url, timeout=30) as http:
            assert http.get("/healthz").status_code == 200
        health_s = time.perf_counter() - health_started
        assert [f.result() for f in slow] == [200, 200, 200, 200]
        total_s = time.perf_counter() - started
    assert health_s < 0.8, "the health check waited behind the slow answers"
    assert total_s < 3.5, "the four slow answers ran one after another"
