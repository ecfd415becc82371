"""The checked-in Slack app manifests ask for what ragbot's listeners and route need."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from bot_api.slack.routes import router

SLACK_DIR = Path(__file__).resolve().parents[3] / "slack"
SCOPES = {"app_mentions:read", "chat:write", "im:history", "channels:history", "groups:history"}


@pytest.mark.parametrize("name", ["manifest.yaml", "manifest-http.yaml"])
def test_manifest_subscribes_to_questions_and_buttons(name: str) -> None:
    manifest = yaml.safe_load((SLACK_DIR / name).read_text(encoding="utf-8"))
    settings = manifest["settings"]
    assert set(settings["event_subscriptions"]["bot_events"]) == {"app_mention", "message.im"}
    assert settings["interactivity"]["is_enabled"] is True
    assert set(manifest["oauth_config"]["scopes"]["bot"]) >= SCOPES
    assert manifest["features"]["app_home"]["messages_tab_enabled"] is True
    http = name == "manifest-http.yaml"
    assert settings["socket_mode_enabled"] is not http
    if http:
        [route] = [r.path for r in router.routes]  # type: ignore[attr-defined]
        assert settings["event_subscriptions"]["request_url"].endswith(route)
        assert settings["interactivity"]["request_url"].endswith(route)
