"""Every ragbot setting, its default and its validation, read from `RAGBOT_*` env vars or `.env`."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="RAGBOT_", env_file=".env", extra="ignore", validate_default=True
    )

    # Storage
    data_dir: Path = Field(Path("data"), description="Holds the embedded Chroma store.")
    chroma_url: str | None = Field(
        None, description="Use a Chroma server (e.g. http://127.0.0.1:8001) instead of data_dir."
    )
    collection_prefix: str = Field("ragbot", description="Prefix of the Chroma collection names.")

    # Embedding
    embedding_batch_size: int = Field(64, ge=1, le=1024)
    embedding_threads: int = Field(0, ge=0, description="Inference threads; 0: backend decides.")
    embedding_backend: Literal["auto", "torch", "onnx", "onnx-int8"] = Field(
        "auto",
        description="auto (onnx for questions, torch for ingestion batches: same vectors), "
        "torch, onnx (exported locally), onnx-int8 (quantized).",
    )
    model_cache_dir: Path | None = Field(
        None, description="Where exported ONNX models are cached; default ~/.cache/ragbot/models."
    )

    # Chunking
    chunk_max_chars: int = Field(700, ge=100, le=8000)
    chunk_overlap_sentences: int = Field(1, ge=0, le=5)

    # Retrieval
    retrieval_k: int = Field(6, ge=1, le=50, description="Passages handed to the answerer.")
    retrieval_candidates: int = Field(30, ge=1, le=500, description="Candidates per retriever.")
    retrieval_mode: Literal["hybrid", "dense", "bm25"] = "hybrid"
    dense_search: Literal["exact", "index"] = Field(
        "exact",
        description="exact: compare the question with every chunk vector (held in memory with "
        "the corpus snapshot); index: Chroma's approximate HNSW index, which misses close chunks "
        "in large corpora of similar articles.",
    )
    rrf_k: int = Field(60, ge=1)
    sentence_candidates: int = Field(
        20,
        ge=0,
        le=200,
        description="Sentences nearest the question in meaning, from the articles retrieval "
        "found, added to the evidence pool.",
    )

    # Answering
    answerer: Literal["extractive", "llm"] = "extractive"
    max_answer_sentences: int = Field(3, ge=1, le=10)
    min_relevance: float = Field(
        0.38, ge=0.0, le=1.0, description="Evidence support below this is not enough to answer."
    )

    # LLM answerer (any OpenAI-compatible endpoint)
    llm_base_url: str | None = None
    llm_model: str = "gpt-4o-mini"
    llm_api_key: str | None = None
    llm_timeout_s: float = Field(30.0, gt=0)
    llm_max_retries: int = Field(1, ge=0, le=10)
    llm_fallback: Literal["extractive", "error"] = "extractive"
    llm_temperature: Literal["omit"] | float = Field(
        0.0,
        description="Sampling temperature sent to the LLM (0 to 2); 'omit' sends none, for models "
        "that reject the field.",
    )

    @field_validator("llm_temperature")
    @classmethod
    def _temperature_in_range(cls, value: str | float) -> str | float:
        if value != "omit" and not 0.0 <= float(value) <= 2.0:
            raise ValueError("must be between 0 and 2, or 'omit'")
        return value

    # Limits on what clients may send
    max_question_chars: int = Field(2000, ge=10)
    max_history_messages: int = Field(20, ge=0)
    max_message_chars: int = Field(8000, ge=10)

    # HTTP server
    host: str = "127.0.0.1"
    port: int = Field(8000, ge=1, le=65535)
    api_keys: str | None = Field(None, description="Comma-separated keys; unset = no auth.")
    rate_limit_per_minute: int = Field(120, ge=0, description="Per client; 0 disables.")
    log_questions: bool = Field(False, description="Log question text at INFO.")

    # Slack
    slack_bot_token: str | None = None
    slack_app_token: str | None = None
    slack_signing_secret: str | None = None
    slack_api_url: str | None = Field(None, description="Slack Web API base URL (tests).")
    slack_feedback: bool = Field(
        True,
        description="Feedback buttons under Slack answers; keeps each answer in "
        "data_dir/feedback.sqlite3 so a click can be recorded.",
    )

    @field_validator("chroma_url")
    @classmethod
    def _chroma_url_has_scheme(cls, value: str | None) -> str | None:
        if value in (None, ""):
            return None
        if not value.startswith(("http://", "https://")):
            raise ValueError("RAGBOT_CHROMA_URL must start with http:// or https://")
        return value.rstrip("/")

    @property
    def api_key_list(self) -> list[str]:
        return [k.strip() for k in (self.api_keys or "").split(",") if k.strip()]


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
