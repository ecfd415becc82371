"""`ragbot serve` (bot_api.server.run): an unreachable store is one clear error, not a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot_api import server
from tests.conftest import make_settings


def test_unreachable_store_is_a_clear_exit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    settings = make_settings(tmp_path, chroma_url="http://127.0.0.1:9")
    monkeypatch.setattr(server, "get_settings", lambda: settings)
    with pytest.raises(SystemExit) as exit_:
        server.run(port=9)
    assert str(exit_.value).startswith(
        "error: Cannot reach the Chroma server at http://127.0.0.1:9"
    )
