"""Eval configurations: named sets of Settings overrides, from `--compare` or a config file."""

from __future__ import annotations

import difflib
import json
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from rag.config import Settings

# Settings that change what the store holds (chunks, or the vector space): a config that
# overrides them needs its own store.
STORE_SHAPING = ("chunk_max_chars", "chunk_overlap_sentences", "embedding_backend")


class ConfigError(ValueError):
    """A configuration that cannot be used; the message says which and why."""


@dataclass(frozen=True)
class EvalConfig:
    name: str
    overrides: dict[str, Any] = field(default_factory=dict)


def parse_compare(spec: str) -> EvalConfig:
    """`NAME=KEY=VALUE,KEY=VALUE` -> EvalConfig (values stay strings; Settings converts them)."""
    name, sep, rest = spec.partition("=")
    name = name.strip()
    if not sep or not name or not rest.strip():
        raise ConfigError(f"--compare {spec!r}: expected NAME=KEY=VALUE[,KEY=VALUE...]")
    overrides: dict[str, Any] = {}
    for item in rest.split(","):
        key, sep, value = item.partition("=")
        key = key.strip()
        if not sep or not key:
            raise ConfigError(f"--compare {spec!r}: {item.strip()!r} is not KEY=VALUE")
        overrides[key] = value.strip()
    return EvalConfig(name, overrides)


def load_config_file(path: Path) -> list[EvalConfig]:
    """A TOML or JSON file mapping each config name to its overrides (optionally under `configs`).

    ```toml
    [configs.dense]
    retrieval_mode = "dense"
    ```
    """
    try:
        raw = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read the config file: {exc}") from exc
    try:
        data = json.loads(raw) if path.suffix == ".json" else tomllib.loads(raw)
    except (json.JSONDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(
            f"{path}: not valid {'JSON' if path.suffix == '.json' else 'TOML'}: {exc}"
        ) from exc
    if isinstance(data, dict) and isinstance(data.get("configs"), dict):
        data = data["configs"]
    if not isinstance(data, dict) or not data:
        raise ConfigError(f"{path}: expected a table of configs, each a table of settings")
    configs = []
    for name, overrides in data.items():
        if not isinstance(overrides, dict):
            raise ConfigError(f"{path}: config {name!r} must be a table of settings")
        configs.append(EvalConfig(str(name), dict(overrides)))
    return configs


def check_names(configs: list[EvalConfig]) -> None:
    seen: set[str] = set()
    for config in configs:
        if config.name in seen:
            raise ConfigError(f"two configs are named {config.name!r}")
        seen.add(config.name)


def apply_overrides(base: Settings, config: EvalConfig) -> Settings:
    """The base settings with the config's overrides, validated like RAGBOT_* variables."""
    fields = Settings.model_fields
    for key in config.overrides:
        if key not in fields:
            close = difflib.get_close_matches(key, list(fields), n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            raise ConfigError(f"config {config.name!r}: unknown setting {key!r}{hint}")
    try:
        return Settings.model_validate({**base.model_dump(), **config.overrides})
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e['loc'])}: {e['msg'].removeprefix('Value error, ')}"
            for e in exc.errors()
        )
        raise ConfigError(f"config {config.name!r}: {problems}") from exc


def shapes_store(base: Settings, settings: Settings) -> bool:
    return any(getattr(base, f) != getattr(settings, f) for f in STORE_SHAPING)
