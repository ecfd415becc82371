"""Reports from a hand-made run: what reviewers diff, what readers see, and nothing unescaped."""

from __future__ import annotations

import json
from pathlib import Path

from evals.dataset import EvalRow
from evals.gate import parse_bound
from evals.metrics import failed_question, score_question
from evals.report import EvalRun, highlight_answer, html_report, markdown, summary, write_reports
from evals.runner import config_result
from rag.models import Answer, Citation

TEXT = "Sen. David Vitter criticized Mayor Mitch Landrieu's policy."
ROW = EvalRow(
    id="q1",
    question="Who | criticized?",
    sources=["a1"],
    key_facts=[["Vitter"], ["O'Neil"]],
    answerable=True,
)


def run_with(answer_text: str) -> EvalRun:
    cite = Citation(
        n=1, source="a1", title="t", chunk_id="c", quote=TEXT[:17], start=0, end=17, score=1.0
    )
    answer = Answer(answer=answer_text, answerable=True, citations=[cite])
    scores = [
        score_question(ROW, answer, ["a1"], {"a1": TEXT}, 42.0),
        failed_question(EvalRow(id="q2", question="Why?", answerable=False), "ReadTimeout: slow"),
    ]
    bounds = [parse_bound("fact_recall=0.9", "under")]
    result = config_result("default", {}, {"retrieval_k": 6}, scores, 1.0)
    return EvalRun(
        dataset="d.jsonl",
        target="in-process",
        k=None,
        started_at="2026-01-01T00:00:00+00:00",
        seconds=1.0,
        bounds=bounds,
        failures={"default": {"fact_recall": "fact_recall = 0 is below its bound 0.9"}},
        configs=[result],
    )


def test_highlight_marks_facts_and_escapes_everything_else() -> None:
    html = highlight_answer("<b>VITTER</b> and O’Neil [1] said", [["Vitter"], ["O'Neil"]])
    assert (
        html == "&lt;b&gt;<mark>VITTER</mark>&lt;/b&gt; and <mark>O’Neil</mark> <sup>[1]</sup> said"
    )


def test_highlight_merges_overlapping_alternatives() -> None:
    assert highlight_answer("Oct. 27", [["Oct.", "Oct. 27"]]) == "<mark>Oct. 27</mark>"


def test_summary_has_numbers_and_misses_but_no_answer_texts() -> None:
    data = summary(run_with("Vitter <script>alert(1)</script> [1]."))
    assert data["passed"] is False and data["bounds"] == ["--fail-under fact_recall=0.9"]
    (config,) = data["configs"]
    assert config["missed"] == ["q1", "q2"] and config["errored"] == ["q2"]
    assert "scores" not in config and "alert" not in json.dumps(data)


def test_markdown_escapes_table_cells_and_says_why_each_question_missed() -> None:
    report = markdown(run_with("Vitter | the senator [1]."))
    assert (
        "| q1 | Who \\| criticized? | Vitter ; O'Neil | Vitter \\| the senator [1]. "
        "| 1 key-fact group(s) missing |" in report
    )
    assert "| q2 | Why? | a refusal |  | error: ReadTimeout: slow |" in report
    assert "- default: fact_recall = 0 is below its bound 0.9" in report


def test_html_report_is_self_contained_and_escaped(tmp_path: Path) -> None:
    paths = write_reports(run_with("Vitter <script>alert(1)</script> [1]."), tmp_path / "r")
    html = paths["html"].read_text()
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert 'class="miss"' in html and "fact-miss" in html  # the missed group is struck through
    assert "http://" not in html.replace('xmlns="http://www.w3.org/2000/svg"', "")
    assert "https://" not in html
    lines = paths["results"].read_text().splitlines()
    assert [json.loads(line)["id"] for line in lines] == ["q1", "q2"]


def test_compare_reports_list_the_questions_where_configs_differ() -> None:
    good, bad = run_with("Vitter and O'Neil [1]."), run_with("Vitter [1].")
    good.configs[0].name, bad.configs[0].name = "hybrid", "dense"
    both = good.model_copy(update={"configs": [good.configs[0], bad.configs[0]], "failures": {}})
    report = markdown(both)
    assert "| metric | hybrid | dense |" in report
    assert "| q1 | Who \\| criticized? | ✓ | ✗ |" in report  # q2 failed in both: not listed
    assert "| q2 | Why? | ✗" not in report
    assert "Where the configurations differ" in html_report(both)
