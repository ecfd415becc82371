"""`POST /retrieve`."""

from __future__ import annotations

from fastapi.testclient import TestClient

from rag.engine import RagBot
from tests.bot_api.conftest import QUESTION


def test_retrieve_returns_ranked_exact_passages(client: TestClient, seeded_bot: RagBot) -> None:
    response = client.post("/retrieve", json={"question": QUESTION, "k": 3})
    assert response.status_code == 200
    passages = response.json()["passages"]
    assert [p["rank"] for p in passages] == [1, 2, 3]
    assert passages[0]["source"] == "000_2477b5660bd2b30f"
    scores = [p["score"] for p in passages]
    assert scores == sorted(scores, reverse=True)
    for p in passages:
        text = seeded_bot.get_source(p["source"]).text
        assert text[p["start"] : p["end"]] == p["quote"]


def test_retrieve_defaults_to_the_configured_k(client: TestClient, seeded_bot: RagBot) -> None:
    passages = client.post("/retrieve", json={"question": QUESTION}).json()["passages"]
    assert len(passages) == seeded_bot.settings.retrieval_k


def test_retrieve_rejects_a_bad_k(client: TestClient) -> None:
    for k in (0, 51, "three"):
        response = client.post("/retrieve", json={"question": QUESTION, "k": k})
        assert response.status_code == 422
        assert response.json()["detail"].startswith("k:")
