"""Settings read from RAGBOT_* variables: the LLM temperature's forms and bounds."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from rag.config import Settings


@pytest.mark.parametrize(("value", "expected"), [("0", 0.0), ("0.7", 0.7), ("omit", "omit")])
def test_the_llm_temperature_is_a_number_or_omit(
    monkeypatch: pytest.MonkeyPatch, value: str, expected: float | str
) -> None:
    monkeypatch.setenv("RAGBOT_LLM_TEMPERATURE", value)
    assert Settings(_env_file=None).llm_temperature == expected


@pytest.mark.parametrize("value", ["5", "-1", "warm"])
def test_a_bad_llm_temperature_is_refused_with_its_name(
    monkeypatch: pytest.MonkeyPatch, value: str
) -> None:
    monkeypatch.setenv("RAGBOT_LLM_TEMPERATURE", value)
    with pytest.raises(ValidationError, match="llm_temperature"):
        Settings(_env_file=None)
