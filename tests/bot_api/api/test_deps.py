"""API keys: off by default; when set, every API route needs `Authorization: Bearer <key>`."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient

from bot_api.api.deps import _key_index
from tests.bot_api.conftest import QUESTION

KEYS = "alpha-key-1, beta-key-2"
PROTECTED = [
    ("POST", "/chat", {"question": QUESTION}),
    ("POST", "/chat/stream", {"question": QUESTION}),
    ("POST", "/retrieve", {"question": QUESTION}),
    ("GET", "/sources", None),
    ("GET", "/sources/000_2477b5660bd2b30f", None),
    ("POST", "/v1/chat/completions", {"messages": [{"role": "user", "content": QUESTION}]}),
    ("GET", "/v1/models", None),
]
PUBLIC = ["/healthz", "/config", "/", "/static/app.js", "/static/app.css"]


@pytest.fixture
def keyed(make_client: Callable[..., TestClient]) -> TestClient:
    return make_client(api_keys=KEYS)


def test_no_keys_configured_means_open(client: TestClient) -> None:
    for method, path, body in PROTECTED:
        assert client.request(method, path, json=body).status_code == 200, path
    # A token sent anyway (OpenAI clients always send one) is not an error.
    assert client.get("/sources", headers={"Authorization": "Bearer whatever"}).status_code == 200


@pytest.mark.parametrize(("method", "path", "body"), PROTECTED)
def test_every_api_route_needs_a_valid_key(keyed: TestClient, method: str, path: str, body) -> None:
    missing = keyed.request(method, path, json=body)
    assert missing.status_code == 401
    assert missing.headers["www-authenticate"] == "Bearer"
    message = (
        missing.json()["error"]["message"] if path.startswith("/v1/") else missing.json()["detail"]
    )
    assert "Authorization: Bearer" in message

    wrong = keyed.request(method, path, json=body, headers={"Authorization": "Bearer alpha-key-"})
    assert wrong.status_code == 401

    for key in ("alpha-key-1", "beta-key-2"):
        ok = keyed.request(method, path, json=body, headers={"Authorization": f"Bearer {key}"})
        assert ok.status_code == 200, (path, ok.text)


@pytest.mark.parametrize(
    "header", ["alpha-key-1", "Basic alpha-key-1", "Bearer", "Bearer  ", "Token alpha-key-1"]
)
def test_malformed_authorization_headers_are_401(keyed: TestClient, header: str) -> None:
    response = keyed.get("/sources", headers={"Authorization": header})
    assert response.status_code == 401


def test_bearer_scheme_is_case_insensitive(keyed: TestClient) -> None:
    assert keyed.get("/sources", headers={"Authorization": "bearer beta-key-2"}).status_code == 200


def test_page_and_health_need_no_key(keyed: TestClient) -> None:
    for path in PUBLIC:
        assert keyed.get(path).status_code == 200, path


def test_keys_never_reach_the_logs(keyed: TestClient, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level("DEBUG"):
        keyed.get("/sources", headers={"Authorization": "Bearer beta-key-2"})
        keyed.get("/sources", headers={"Authorization": "Bearer guessed-key"})
    access = [r.getMessage() for r in caplog.records if r.name == "bot_api.access"]
    assert any("client=key#2" in line for line in access)
    assert "beta-key-2" not in caplog.text and "guessed-key" not in caplog.text


def test_key_matching() -> None:
    keys = ["k1", "k2-longer"]
    assert _key_index("k1", keys) == 0
    assert _key_index("k2-longer", keys) == 1
    assert _key_index("k2", keys) is None
    assert _key_index("", keys) is None
