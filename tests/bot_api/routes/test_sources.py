"""`GET /sources` and `GET /sources/{id}`: ids only name articles, never files."""

from __future__ import annotations

import http.client
import json
from urllib.parse import urlsplit

import pytest
from fastapi.testclient import TestClient

from rag.engine import RagBot
from tests.bot_api.conftest import LiveServer

ARTICLE = "000_2477b5660bd2b30f"


def test_sources_lists_every_article(client: TestClient, seeded_bot: RagBot) -> None:
    sources = client.get("/sources").json()["sources"]
    assert [s["id"] for s in sources] == [s.id for s in seeded_bot.list_sources()]
    assert len(sources) == 5
    assert {"id", "title", "chars", "chunks"} <= set(sources[0])


def test_source_has_title_and_full_text(client: TestClient, seeded_bot: RagBot) -> None:
    body = client.get(f"/sources/{ARTICLE}").json()
    article = seeded_bot.get_source(ARTICLE)
    assert body["id"] == ARTICLE
    assert body["title"] == article.title
    assert body["text"] == article.text
    assert body["chars"] == len(article.text)


@pytest.mark.parametrize(
    "path",
    [
        "/sources/no_such_article",
        "/sources/..%2F..%2Fetc%2Fpasswd",
        "/sources/..%2fpyproject.toml",
        "/sources/%2e%2e",
        "/sources/%00",
        f"/sources/{ARTICLE}%00.txt",
        f"/sources/{ARTICLE}.txt",
        "/sources/%2Fetc%2Fpasswd",
        "/sources/seeds%5C000_2477b5660bd2b30f",
        "/sources/" + "a" * 5000,
        "/sources/%E2%80%AE",
    ],
)
def test_unknown_ids_and_path_tricks_are_404(client: TestClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 404, response.text
    assert response.json()["detail"]
    assert "[build-system]" not in response.text and "root:" not in response.text


@pytest.mark.parametrize(
    "raw_path",
    [
        "/sources/..",
        "/sources/../pyproject.toml",
        "/sources/./..",
        "/sources/%2e%2e/%2e%2e/etc/passwd",
    ],
)
def test_dot_segments_sent_verbatim_are_404(live_server: LiveServer, raw_path: str) -> None:
    # http.client sends the path byte for byte (httpx would normalize the dots away first).
    url = urlsplit(live_server.url)
    connection = http.client.HTTPConnection(url.hostname, url.port, timeout=10)
    connection.request("GET", raw_path)
    response = connection.getresponse()
    body = json.loads(response.read())
    connection.close()
    assert response.status == 404
    assert body["detail"]
