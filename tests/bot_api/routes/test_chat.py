"""`POST /chat` and `POST /chat/stream` over the seeded bot."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence

import pytest
from fastapi.testclient import TestClient

from rag.engine import RagBot
from rag.models import Answer, Message
from tests.bot_api.conftest import QUESTION, UNANSWERABLE, WrappedBot
from tests.bot_api.sse import parse_sse


def assert_proven(body: dict, bot: RagBot) -> None:
    """The contract: markers and citations match one to one, and every quote is exact."""
    markers = {int(n) for n in re.findall(r"\[(\d+)\]", body["answer"])}
    assert markers == {c["n"] for c in body["citations"]}
    for c in body["citations"]:
        article = bot.get_source(c["source"])
        assert article is not None
        assert article.text[c["start"] : c["end"]] == c["quote"]


def test_chat_answers_with_exact_citations(client: TestClient, seeded_bot: RagBot) -> None:
    response = client.post("/chat", json={"question": QUESTION})
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"answer", "answerable", "citations", "query"}
    assert body["answerable"] is True
    assert "Vitter" in body["answer"]
    assert body["citations"][0]["source"] == "000_2477b5660bd2b30f"
    assert_proven(body, seeded_bot)


def test_chat_says_plainly_when_the_articles_do_not_answer(client: TestClient) -> None:
    body = client.post("/chat", json={"question": UNANSWERABLE}).json()
    assert body["answerable"] is False
    assert body["citations"] == []
    assert body["answer"]


def test_chat_accepts_history_and_matches_the_core(client: TestClient, seeded_bot: RagBot) -> None:
    history = [
        {"role": "user", "content": QUESTION},
        {"role": "assistant", "content": "Sen. David Vitter criticized them [1]."},
    ]
    follow_up = "How did the mayor respond to him?"
    body = client.post("/chat", json={"question": f"  {follow_up} ", "history": history}).json()
    expected = seeded_bot.answer(follow_up, [Message(**m) for m in history])
    assert body == expected.model_dump()
    assert "Landrieu" in body["query"] or "Vitter" in body["query"]  # the follow-up, resolved
    assert_proven(body, seeded_bot)


def test_stream_sends_deltas_then_citations_then_done(
    client: TestClient, seeded_bot: RagBot
) -> None:
    response = client.post("/chat/stream", json={"question": QUESTION})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/event-stream")
    events = parse_sse(response.text)
    names = [name for name, _ in events]
    deltas = names.count("delta")
    assert deltas > 1, "the answer should arrive in pieces"
    assert names == ["delta"] * deltas + ["citations", "done"]

    done = events[-1][1]
    assert "".join(data["text"] for name, data in events if name == "delta") == done["answer"]
    assert events[-2][1] == {"citations": done["citations"], "answerable": done["answerable"]}
    assert done == client.post("/chat", json={"question": QUESTION}).json()
    assert_proven(done, seeded_bot)


def test_stream_of_an_unanswerable_question(client: TestClient) -> None:
    events = parse_sse(client.post("/chat/stream", json={"question": UNANSWERABLE}).text)
    assert [n for n, _ in events][-2:] == ["citations", "done"]
    assert events[-2][1] == {"citations": [], "answerable": False}
    assert events[-1][1]["answerable"] is False


def test_stream_rejects_bad_input_before_streaming(client: TestClient) -> None:
    response = client.post("/chat/stream", json={"question": " "})
    assert response.status_code == 422
    assert response.headers["content-type"] == "application/json"
    assert response.json()["detail"] == "question is empty"


class FailingBot(WrappedBot):
    """The real seeded bot, except that answering fails part-way (a store outage, say)."""

    def answer(self, question: str, history: Sequence[Message] = ()) -> Answer:
        raise RuntimeError("the store went away")

    def stream_answer(
        self, question: str, history: Sequence[Message] = ()
    ) -> Iterator[str | Answer]:
        yield "Half an "
        raise RuntimeError("the store went away")


@pytest.fixture
def failing_client(make_client: Callable[..., TestClient], seeded_bot: RagBot) -> TestClient:
    return make_client(bot=FailingBot(seeded_bot))


def test_stream_ends_with_an_error_event_when_the_server_fails(failing_client: TestClient) -> None:
    response = failing_client.post("/chat/stream", json={"question": QUESTION})
    assert response.status_code == 200  # the stream had started
    events = parse_sse(response.text)
    assert [n for n, _ in events] == ["delta", "error"]
    assert "server error" in events[-1][1]["message"]
    assert "store went away" not in response.text  # internals stay in the server log


def test_unexpected_errors_are_a_json_500_and_logged(
    failing_client: TestClient, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level("ERROR", logger="bot_api"):
        response = failing_client.post("/chat", json={"question": QUESTION})
    assert response.status_code == 500
    assert response.json() == {"detail": "internal server error; the server log has the details"}
    assert any("store went away" in (r.exc_text or "") for r in caplog.records)
    assert failing_client.get("/healthz").status_code == 200  # still serving
