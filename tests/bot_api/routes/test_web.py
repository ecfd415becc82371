"""`GET /` and its static files: served by the app itself, nothing from elsewhere."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient


def test_page_is_served_with_its_assets(client: TestClient) -> None:
    page = client.get("/")
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    assert '<label for="question"' in page.text
    assets = re.findall(r'(?:src|href)="([^"]+)"', page.text)
    assert assets, "the page should load its script and styles"
    for asset in assets:
        if asset.startswith("#"):
            continue
        assert asset.startswith("/static/"), f"{asset} is not served by the app"
        assert client.get(asset).status_code == 200


def test_no_external_resources(client: TestClient) -> None:
    for path in ("/", "/static/app.js", "/static/app.css", "/docs", "/redoc"):
        text = client.get(path).text
        assert not re.search(r"https?://", text), f"{path} reaches outside the app"


def test_static_files_cannot_escape_their_folder(client: TestClient) -> None:
    for path in ("/static/..%2Fmain.py", "/static/%2e%2e/main.py", "/static/nope.js"):
        assert client.get(path).status_code == 404
