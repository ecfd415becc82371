"""The HTTP routes with the LLM answerer (RAGBOT_ANSWERER=llm) behind a scripted model endpoint:
tokens stream through `/chat/stream` and `/v1/chat/completions`, and a failing endpoint with
RAGBOT_LLM_FALLBACK=error is a 503 (or a stream error event) that says what failed."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from rag.embeddings import MiniLMEmbeddings
from rag.engine import RagBot
from tests.bot_api.conftest import QUESTION
from tests.bot_api.routes.test_chat import assert_proven
from tests.bot_api.sse import parse_sse
from tests.conftest import make_settings
from tests.fake_llm import FakeLLM, Reply, fake_llm, free_port

VITTER_SENTENCE = "Sen. David Vitter criticized Mayor Mitch Landrieu and Orleans Parish Sheriff"
_PASSAGE = re.compile(r'<passage n="(\d+)" title="[^"]*">\n(.*?)\n</passage>', re.S)


def cite_vitter(body: dict[str, Any]) -> Reply:
    """A well-behaved model: the claim, cited to the passage the prompt numbered for it."""
    prompt = body["messages"][-1]["content"]
    n = next(n for n, text in _PASSAGE.findall(prompt) if VITTER_SENTENCE in text)
    return Reply(text=f"Sen. David Vitter criticized Mayor Mitch Landrieu over the policies [{n}].")


@pytest.fixture(scope="module")
def llm() -> Iterator[FakeLLM]:
    with fake_llm(responder=cite_vitter) as fake:
        yield fake


@pytest.fixture
def llm_bot(
    seeded_bot: RagBot, embedder: MiniLMEmbeddings, tmp_path: Path
) -> Callable[..., RagBot]:
    def factory(**overrides: Any) -> RagBot:
        settings = make_settings(tmp_path, answerer="llm", llm_max_retries=0, **overrides)
        return RagBot(settings, embedder=embedder, store=seeded_bot.store)

    return factory


def test_llm_answer_streams_through_chat_stream(
    llm: FakeLLM, llm_bot: Callable[..., RagBot], make_client: Callable[..., TestClient]
) -> None:
    bot = llm_bot(llm_base_url=llm.base_url)
    response = make_client(bot=bot).post("/chat/stream", json={"question": QUESTION})

    events = parse_sse(response.text)
    deltas = "".join(data["text"] for name, data in events if name == "delta")
    name, done = events[-1]
    assert name == "done"
    assert (
        deltas
        == done["answer"]
        == "Sen. David Vitter criticized Mayor Mitch Landrieu over the policies [1]."
    )
    assert_proven(done, bot)
    assert llm.requests[-1]["stream"] is True


def test_llm_answer_streams_to_openai_clients(
    llm: FakeLLM, llm_bot: Callable[..., RagBot], make_client: Callable[..., TestClient]
) -> None:
    client = make_client(bot=llm_bot(llm_base_url=llm.base_url))
    request = {
        "model": "ragbot",
        "stream": True,
        "messages": [{"role": "user", "content": QUESTION}],
    }
    events = parse_sse(client.post("/v1/chat/completions", json=request).text)

    text = "".join(d["choices"][0]["delta"].get("content") or "" for _, d in events[:-1])
    assert text.startswith(
        "Sen. David Vitter criticized Mayor Mitch Landrieu over the policies [1]."
    )
    assert events[-1][1] == "[DONE]"


def test_unavailable_model_is_a_503_that_says_what_failed(
    llm_bot: Callable[..., RagBot], make_client: Callable[..., TestClient]
) -> None:
    dead = f"http://127.0.0.1:{free_port()}/v1"
    client = make_client(bot=llm_bot(llm_base_url=dead, llm_fallback="error"))

    chat = client.post("/chat", json={"question": QUESTION})
    assert chat.status_code == 503
    assert "the answer model is unavailable" in chat.json()["detail"]
    assert "Connection refused" in chat.json()["detail"] and dead in chat.json()["detail"]

    stream = parse_sse(client.post("/chat/stream", json={"question": QUESTION}).text)
    assert stream[-1][0] == "error"
    assert dead in stream[-1][1]["message"]

    request = {"model": "ragbot", "messages": [{"role": "user", "content": QUESTION}]}
    completion = client.post("/v1/chat/completions", json=request)
    assert completion.status_code == 503
    assert dead in completion.json()["error"]["message"]

    chunks = parse_sse(client.post("/v1/chat/completions", json={**request, "stream": True}).text)
    error = next(data for _, data in chunks if isinstance(data, dict) and "error" in data)
    assert "the answer model is unavailable" in error["error"]["message"]
    assert chunks[-1][1] == "[DONE]"
