"""The benchmark end to end on a tiny corpus, in-process with the session's model (seconds)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from evals.bench import report
from evals.bench.__main__ import parse_args, write
from evals.bench.run import Bench, Options
from rag.embeddings import MiniLMEmbeddings

ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture
def tiny_seeds(tmp_path: Path) -> Path:
    """The first paragraphs of one seed article: enough for every phase, small enough to embed
    in a few seconds (the bench's own runs use the whole seeds/ folder)."""
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    text = (ROOT / "seeds" / "000_2477b5660bd2b30f.txt").read_text(encoding="utf-8")
    (seeds / "000_2477b5660bd2b30f.txt").write_text("\n\n".join(text.split("\n\n")[:3]) + "\n")
    return seeds


@pytest.fixture
def clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for name in list(os.environ):
        if name.startswith("RAGBOT_"):
            monkeypatch.delenv(name)
    monkeypatch.chdir(tmp_path)  # no developer .env; relative defaults land in the temp folder


@pytest.fixture(scope="module")
def torch_embedder() -> MiniLMEmbeddings:
    """The report compares every backend with torch, so the smoke run measures torch."""
    return MiniLMEmbeddings(backend="torch")


def test_bench_writes_every_section(
    tmp_path: Path,
    tiny_seeds: Path,
    small_dataset: Path,
    torch_embedder: MiniLMEmbeddings,
    clean_env: None,
) -> None:
    options = Options(
        scale=3,
        out=tmp_path / "docs" / "BENCHMARKS.md",
        results_dir=tmp_path / "docs" / "benchmarks",
        work=tmp_path / "work",
        seeds=tiny_seeds,
        dataset=small_dataset,
        repeats=1,
        passes=1,
        query_samples=3,
        floor_sample=50,
        http=False,
        chroma_server=False,
        command="pytest smoke",
    )
    bench = Bench(options, embedder=torch_embedder, say=lambda _m: None)
    results = bench.run()
    assert bench.failed == []
    out = write(results, options)

    text = out.read_text()
    for heading in report.SECTIONS:
        assert heading in text
    assert "pytest smoke" in text
    assert f"{os.cpu_count()} cores" in text
    assert "skipped: disabled for this run" in text  # HTTP and the Chroma server, said plainly

    saved = json.loads((options.results_dir / "scale-3.json").read_text())
    ingest = saved["seeds"]["torch"]["ingest"]
    assert ingest["articles"] == 1 and ingest["chunks"] > 0 and ingest["sentences"] > 0
    assert ingest["texts"] == ingest["chunks"] + ingest["sentences"]
    assert ingest["reingest_embedded"] == 0 and ingest["reingest_unchanged"] == 1
    assert 0 < ingest["ratio_to_floor"] < 5
    # The model's time during the ingest is part of the ingest's time.
    assert 0 < ingest["model_in_ingest_s"] <= ingest["ingest_s"]
    assert 0 < ingest["ratio_to_model_in_ingest"] <= 1
    query = saved["seeds"]["torch"]["query"]
    assert query["answer_ms"]["n"] == 4 and query["answer_ms"]["p50"] > 0
    assert query["quality"]["questions"] == 4
    assert saved["agreement"]["torch"]["min"] > 0.9999  # torch against itself
    scale = saved["scale"]
    assert scale["synthetic_articles"] == 3
    assert scale["ingest"]["articles"] == 4  # the seed plus three synthetic articles
    assert scale["query"]["articles"] == 4
    assert "3 + 5" in text  # the scale row is in the table


def test_random_vector_scale_measures_a_store_without_the_model(
    tmp_path: Path,
    tiny_seeds: Path,
    small_dataset: Path,
    embedder: MiniLMEmbeddings,
    clean_env: None,
) -> None:
    options = Options(
        scale=4,
        random_vectors=True,
        work=tmp_path / "work",
        seeds=tiny_seeds,
        dataset=small_dataset,
        passes=1,
    )
    bench = Bench(options, embedder=embedder, say=lambda _m: None)
    scale = bench.scale(4, "torch")
    assert bench.failed == [] and scale["vectors"] == "random"
    ingest = scale["ingest"]
    assert ingest["articles"] == 5 and ingest["texts"] > 4  # the seed was embedded before
    assert ingest["reingest_embedded"] == 0
    assert scale["query"]["articles"] == 5 and scale["query"]["answer_ms"]["n"] == 4
    text = report.render({"scale": scale}, {"4 + 5 (random vectors)": scale})
    assert "4 + 5 (random vectors)" in text and "(writes only)" in text
    assert "source hit@1 drop" not in text  # no quality claim from random vectors


def test_parse_args_defaults_and_validation() -> None:
    options = parse_args(["--scale", "10000", "--backends", "onnx-int8"])
    assert options.scale == 10000
    assert options.backends == ["torch", "onnx-int8"]  # torch is always the reference
    assert options.command == "python -m evals.bench --scale 10000 --backends onnx-int8"
    with pytest.raises(SystemExit):
        parse_args(["--backends", "tensorflow"])


def test_hand_written_http_notes_survive_regeneration() -> None:
    hand = (
        "# Benchmarks\n\n## HTTP API\n\nRun `wrk -s docs/http_bench/chat.lua`.\n\n## Other\n\nx\n"
    )
    notes = report.kept_http_notes(hand)
    assert notes == "Run `wrk -s docs/http_bench/chat.lua`."
    regenerated = report.render({}, {}, notes)
    assert notes in regenerated
    assert report.kept_http_notes(regenerated) == notes  # and again on the next run
    assert report.kept_http_notes(report.render({}, {})) == ""
