"""Eval configurations: `--compare` specs, config files, and validated Settings overrides."""

from __future__ import annotations

from pathlib import Path

import pytest

from evals.configs import (
    ConfigError,
    EvalConfig,
    apply_overrides,
    check_names,
    load_config_file,
    parse_compare,
    shapes_store,
)
from rag.config import Settings


def test_parse_compare() -> None:
    assert parse_compare("dense=retrieval_mode=dense") == EvalConfig(
        "dense", {"retrieval_mode": "dense"}
    )
    assert parse_compare("k4 = retrieval_k=4, rrf_k=10") == EvalConfig(
        "k4", {"retrieval_k": "4", "rrf_k": "10"}
    )


@pytest.mark.parametrize(
    "spec", ["dense", "dense=", "=retrieval_k=4", "k4=retrieval_k", "k4=retrieval_k=4,,"]
)
def test_parse_compare_rejects_malformed_specs(spec: str) -> None:
    with pytest.raises(ConfigError, match="--compare"):
        parse_compare(spec)


def test_config_files_toml_and_json(tmp_path: Path) -> None:
    toml = tmp_path / "c.toml"
    toml.write_text('[configs.dense]\nretrieval_mode = "dense"\n[configs.k4]\nretrieval_k = 4\n')
    assert load_config_file(toml) == [
        EvalConfig("dense", {"retrieval_mode": "dense"}),
        EvalConfig("k4", {"retrieval_k": 4}),
    ]
    js = tmp_path / "c.json"
    js.write_text('{"bm25": {"retrieval_mode": "bm25"}}')
    assert load_config_file(js) == [EvalConfig("bm25", {"retrieval_mode": "bm25"})]


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        ("bad.toml", "[configs.x\n", "not valid TOML"),
        ("bad.json", "{", "not valid JSON"),
        ("flat.toml", "retrieval_k = 4\n", "config 'retrieval_k' must be a table"),
        ("empty.json", "{}", "expected a table of configs"),
    ],
)
def test_bad_config_files(tmp_path: Path, name: str, text: str, message: str) -> None:
    path = tmp_path / name
    path.write_text(text)
    with pytest.raises(ConfigError, match=message.replace("(", r"\(").replace("[", r"\[")):
        load_config_file(path)


def test_duplicate_names_are_refused() -> None:
    with pytest.raises(ConfigError, match="two configs are named 'a'"):
        check_names([EvalConfig("a"), EvalConfig("a")])


def test_overrides_are_validated_like_environment_variables(tmp_path: Path) -> None:
    base = Settings(_env_file=None, data_dir=tmp_path)
    settings = apply_overrides(
        base, EvalConfig("k4", {"retrieval_k": "4", "retrieval_mode": "bm25"})
    )
    assert settings.retrieval_k == 4 and settings.retrieval_mode == "bm25"
    assert settings.data_dir == tmp_path  # everything else is the base's
    with pytest.raises(
        ConfigError,
        match="config 'x': unknown setting 'retrieval_kk' \\(did you mean 'retrieval_k'\\?\\)",
    ):
        apply_overrides(base, EvalConfig("x", {"retrieval_kk": "4"}))
    with pytest.raises(
        ConfigError, match="config 'x': retrieval_k: Input should be less than or equal to 50"
    ):
        apply_overrides(base, EvalConfig("x", {"retrieval_k": "500"}))
    with pytest.raises(ConfigError, match="config 'x': retrieval_mode"):
        apply_overrides(base, EvalConfig("x", {"retrieval_mode": "magic"}))


def test_only_chunking_and_backend_changes_need_their_own_store(tmp_path: Path) -> None:
    base = Settings(_env_file=None, data_dir=tmp_path)
    assert not shapes_store(
        base, apply_overrides(base, EvalConfig("d", {"retrieval_mode": "dense"}))
    )
    assert shapes_store(base, apply_overrides(base, EvalConfig("c", {"chunk_max_chars": "400"})))
    assert not shapes_store(
        base, apply_overrides(base, EvalConfig("same", {"chunk_max_chars": base.chunk_max_chars}))
    )
    other = "onnx" if base.embedding_backend != "onnx" else "torch"
    assert shapes_store(base, apply_overrides(base, EvalConfig("e", {"embedding_backend": other})))
