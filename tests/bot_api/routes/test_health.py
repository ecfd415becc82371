"""`GET /healthz` and `GET /config`."""

from __future__ import annotations

from collections.abc import Callable

from fastapi.testclient import TestClient

from rag.engine import RagBot


def test_healthz_reports_the_corpus(client: TestClient, seeded_bot: RagBot) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    corpus = seeded_bot.corpus()
    assert response.json() == {
        "status": "ok",
        "articles": len(corpus.articles),
        "chunks": len(corpus.chunks),
    }
    assert response.json()["articles"] == 5


def test_healthz_and_config_need_no_key(make_client: Callable[..., TestClient]) -> None:
    client = make_client(api_keys="secret-1")
    assert client.get("/healthz").status_code == 200
    config = client.get("/config")
    assert config.status_code == 200
    assert config.json()["auth_required"] is True
    assert client.get("/sources").status_code == 401


def test_config_tells_the_page_the_limits(make_client: Callable[..., TestClient]) -> None:
    body = make_client(max_question_chars=300, max_history_messages=4).get("/config").json()
    assert body["auth_required"] is False
    assert body["limits"]["max_question_chars"] == 300
    assert body["limits"]["max_history_messages"] == 4
    assert body["limits"]["max_message_chars"] == 8000
