"""Eval datasets: JSON Lines of hand-written questions (format in /work/shared/CONTRACT.md)."""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from rag.models import Message


class DatasetError(ValueError):
    """A dataset that cannot be used; the message names the file and line."""


class EvalRow(BaseModel):
    # Extra keys (notes, tags) are allowed; a mistyped required key still fails the checks below.
    model_config = ConfigDict(extra="ignore", frozen=True)

    id: str = Field(min_length=1)
    question: str = Field(min_length=1)
    history: list[Message] = Field(default_factory=list)
    reference_answer: str = ""
    sources: list[str] = Field(default_factory=list)
    key_facts: list[list[str]] = Field(default_factory=list)
    answerable: bool

    @field_validator("question")
    @classmethod
    def _question_not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("the question is blank")
        return value

    @field_validator("key_facts")
    @classmethod
    def _groups_not_empty(cls, groups: list[list[str]]) -> list[list[str]]:
        for i, group in enumerate(groups):
            # An empty group or a blank alternative would match every answer (or none).
            if not group or any(not alt.strip() for alt in group):
                raise ValueError(f"key_facts group {i} is empty or holds a blank alternative")
        return groups

    @model_validator(mode="after")
    def _consistent(self) -> EvalRow:
        if self.answerable and not (self.sources and self.key_facts):
            raise ValueError("an answerable row needs sources and key_facts")
        if not self.answerable and (self.sources or self.key_facts):
            raise ValueError("an unanswerable row must have empty sources and key_facts")
        return self


def load_dataset(path: Path) -> list[EvalRow]:
    """Read and validate every row; raise DatasetError naming the first bad line."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError as exc:
        raise DatasetError(f"{path}: no such dataset file") from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise DatasetError(f"{path}: cannot read the dataset: {exc}") from exc
    rows: list[EvalRow] = []
    seen: dict[str, int] = {}
    for lineno, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            row = EvalRow.model_validate(json.loads(line))
        except json.JSONDecodeError as exc:
            raise DatasetError(
                f"{path}:{lineno}: not valid JSON: {exc.msg} (column {exc.colno})"
            ) from exc
        except ValidationError as exc:
            raise DatasetError(f"{path}:{lineno}: {_describe(exc)}") from exc
        if row.id in seen:
            raise DatasetError(
                f"{path}:{lineno}: id {row.id!r} already used on line {seen[row.id]}"
            )
        seen[row.id] = lineno
        rows.append(row)
    if not rows:
        raise DatasetError(f"{path}: the dataset has no rows")
    return rows


def check_sources(rows: list[EvalRow], known: set[str]) -> None:
    """Raise DatasetError when a row names an article the store does not hold."""
    for row in rows:
        missing = [s for s in row.sources if s not in known]
        if missing:
            raise DatasetError(
                f"row {row.id}: sources not in the store: {', '.join(missing)} "
                "(ingest the dataset's articles first, e.g. with --ingest seeds)"
            )


def _describe(exc: ValidationError) -> str:
    parts = []
    for error in exc.errors():
        where = ".".join(str(p) for p in error["loc"])
        message = error["msg"].removeprefix("Value error, ")
        parts.append(f"{where}: {message}" if where else message)
    return "; ".join(parts)
