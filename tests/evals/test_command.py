"""`ragbot eval` end to end, in-process over the seeded store: reports, exit codes, --compare."""

from __future__ import annotations

import json
from html.parser import HTMLParser
from pathlib import Path

from typer.testing import CliRunner, Result

from evals.metrics import METRICS
from rag.cli import app

runner = CliRunner()
ARTICLE = "000_2477b5660bd2b30f"
SEEDS = Path(__file__).resolve().parents[2] / "seeds"


def ragbot(*args: str) -> Result:
    return runner.invoke(app, list(args))


VOID = {"meta", "br", "input", "rect", "line", "img", "hr", "link", "path"}


class _TagBalance(HTMLParser):
    """Checks that every non-void element is closed in order, and collects what a report loads."""

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []
        self.problems: list[str] = []
        self.external: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in ("src", "href") and value:
                self.external.append(value)
        if tag in ("script", "link", "img", "iframe"):
            self.external.append(tag)
        if tag not in VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        pass  # <rect .../> and friends

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID:
            return
        if not self.stack or self.stack[-1] != tag:
            self.problems.append(f"unexpected </{tag}> (open: {self.stack[-3:]})")
            return
        self.stack.pop()


def check_html(path: Path) -> str:
    text = path.read_text(encoding="utf-8")
    parser = _TagBalance()
    parser.feed(text)
    parser.close()
    assert parser.problems == [] and parser.stack == []
    assert parser.external == [], "the report must not load anything"
    assert text.startswith("<!doctype html>") and "<svg" in text and "<style>" in text
    return text


def test_eval_writes_reports_and_fails_a_bound_it_cannot_meet(
    eval_env: Path, small_dataset: Path
) -> None:
    out = eval_env / "out"
    result = ragbot(
        "eval",
        "--dataset",
        str(small_dataset),
        "--out",
        str(out),
        "--fail-under",
        "fact_recall=0.9",  # the impossible row caps it at 2/3
        "--fail-under",
        "citation_validity=0",
    )
    assert result.exit_code == 1, result.output
    assert "eval gate failed: fact_recall = " in result.stderr
    assert "is below its bound 0.9" in result.stderr
    assert "citation_validity" not in result.stderr
    assert "fact_recall (≥ 0.9)" in result.stdout  # the terminal table

    summary = json.loads((out / "summary.json").read_text())
    assert summary["passed"] is False
    assert summary["bounds"] == ["--fail-under fact_recall=0.9", "--fail-under citation_validity=0"]
    (config,) = summary["configs"]
    assert config["name"] == "default" and config["settings"]["retrieval_mode"] == "hybrid"
    assert (config["questions"], config["answerable"], config["unanswerable"]) == (4, 3, 1)
    assert set(config["metrics"]) == set(METRICS)
    for name, value in config["metrics"].items():
        assert value is not None and (METRICS[name].unit or 0.0 <= value <= 1.0)
    assert config["metrics"]["fact_recall"] <= round(2 / 3, 4)
    assert "x01" in config["missed"] and config["errored"] == []
    assert "fact_recall" in summary["failures"]["default"]

    results = [json.loads(line) for line in (out / "results.jsonl").read_text().splitlines()]
    assert [r["id"] for r in results] == ["q01", "q22", "x01", "q84"]
    assert all(r["answer"] for r in results)

    report = (out / "report.md").read_text()
    assert "| fact_recall |" in report and "gate: FAILED" in report
    assert "| x01 |" in report  # the miss is listed with its answer
    html = check_html(out / "report.html")
    assert 'id="default-x01"' in html and "gate failed" in html


def test_eval_passes_its_bounds_and_writes_to_the_default_folder(
    eval_env: Path, small_dataset: Path
) -> None:
    result = ragbot(
        "eval",
        "--dataset",
        str(small_dataset),
        "--fail-under",
        "citation_validity=0",
        "--fail-over",
        "latency_p95_ms=600000",
    )
    assert result.exit_code == 0, result.output
    (folder,) = (eval_env / "evals" / "results").iterdir()  # evals/results/<UTC timestamp>/
    assert folder.name.endswith("Z")
    assert json.loads((folder / "summary.json").read_text())["passed"] is True


def test_live_history_asks_follow_ups_after_the_bots_own_answers(
    eval_env: Path, small_dataset: Path
) -> None:
    out = eval_env / "live"
    result = ragbot("eval", "--dataset", str(small_dataset), "--out", str(out), "--live-history")
    assert result.exit_code == 0, result.output
    summary = json.loads((out / "summary.json").read_text())
    assert "--live-history" in summary["history"]
    assert "--live-history" in (out / "report.md").read_text()
    results = {r["id"]: r for r in map(json.loads, (out / "results.jsonl").open())}
    assert results["q22"]["error"] is None and results["q22"]["answer"]  # the follow-up


def test_usage_errors_exit_2_before_any_work(eval_env: Path, small_dataset: Path) -> None:
    cases = {
        ("--fail-under", "fact_recal=0.9"): "unknown metric 'fact_recal'",
        ("--fail-under", "fact_recall"): "expected METRIC=VALUE",
        ("--fail-under", "latency_p95_ms=900"): "use --fail-over",
        ("--compare", "x=retrieval_kk=4"): "unknown setting 'retrieval_kk'",
        ("--compare", "x=retrieval_k=0"): "greater than or equal to 1",
        ("--compare", "dense"): "expected NAME=KEY=VALUE",
        ("--url", "http://127.0.0.1:9", "--compare", "d=retrieval_mode=dense"): "own settings",
    }
    for args, message in cases.items():
        result = ragbot("eval", "--dataset", str(small_dataset), *args)
        assert result.exit_code == 2, (args, result.output)
        assert message in " ".join(result.output.split()), (args, result.output)


def test_bad_dataset_and_empty_store_exit_2_with_a_clear_message(
    eval_env: Path, small_dataset: Path, tmp_path: Path
) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text(small_dataset.read_text() + '{"id": "q99", "question": "x"}\n')
    result = ragbot("eval", "--dataset", str(bad))
    assert result.exit_code == 2
    assert "bad.jsonl:5: answerable: Field required" in result.stderr

    empty = tmp_path / "empty-store"
    result = runner.invoke(
        app, ["eval", "--dataset", str(small_dataset)], env={"RAGBOT_DATA_DIR": str(empty)}
    )
    assert result.exit_code == 2
    assert "holds no articles" in result.stderr and "--ingest" in result.stderr


def test_compare_over_a_fresh_ingest_rechunks_in_a_temp_store(
    eval_env: Path, small_dataset: Path, tmp_path: Path
) -> None:
    """--ingest one article into a temp store; a config that changes chunking gets its own."""
    one_article = tmp_path / "one.jsonl"
    lines = small_dataset.read_text().splitlines()
    one_article.write_text("\n".join(line for line in lines if '"q01"' in line or '"q84"' in line))
    out = eval_env / "cmp"
    result = ragbot(
        "eval",
        "--dataset",
        str(one_article),
        "--ingest",
        str(SEEDS / f"{ARTICLE}.txt"),
        "--out",
        str(out),
        "--compare",
        "bm25=retrieval_mode=bm25",
        "--compare",
        "small=chunk_max_chars=350,retrieval_k=3",
    )
    assert result.exit_code == 0, result.output
    summary = json.loads((out / "summary.json").read_text())
    bm25, small = summary["configs"]
    assert (bm25["name"], bm25["overrides"]) == ("bm25", {"retrieval_mode": "bm25"})
    assert bm25["settings"]["retrieval_mode"] == "bm25"
    assert small["settings"]["chunk_max_chars"] == 350 and small["settings"]["retrieval_k"] == 3
    assert small["errored"] == [] and small["questions"] == 2
    assert bm25["metrics"]["source_hit_at_k"] == small["metrics"]["source_hit_at_k"] == 1.0
    report = (out / "report.md").read_text()
    assert "| metric | bm25 | small |" in report
    assert "- **small**: chunk_max_chars=350, retrieval_k=3" in report
    html = check_html(out / "report.html")
    assert html.count("<details") == 2 and ">small</text>" in html  # chart legend
    assert "bm25" in result.stdout and "small" in result.stdout
