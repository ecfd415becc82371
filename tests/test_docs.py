"""The README documents every setting and the two set-up commands."""

from __future__ import annotations

from pathlib import Path

from rag.config import Settings

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


def test_every_setting_is_documented() -> None:
    missing = [
        f"RAGBOT_{name.upper()}"
        for name in Settings.model_fields
        if f"RAGBOT_{name.upper()}" not in README
    ]
    assert not missing, f"settings missing from README.md: {missing}"


def test_readme_names_the_two_commands() -> None:
    assert "make run" in README and "make test" in README
