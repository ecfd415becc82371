"""Dataset loading: good rows load, bad rows fail naming file and line, the team set is valid."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from evals.dataset import DatasetError, check_sources, load_dataset
from rag.articles import find_article_files

ROOT = Path(__file__).resolve().parents[2]
DATASETS = ROOT / "evals" / "datasets"

GOOD = {
    "id": "q01",
    "question": "Who criticized the mayor?",
    "history": [{"role": "user", "content": "Hi"}, {"role": "assistant", "content": "Hello"}],
    "reference_answer": "Vitter.",
    "sources": ["000_x"],
    "key_facts": [["Vitter"]],
    "answerable": True,
}
REFUSE = {
    "id": "q02",
    "question": "What is his salary?",
    "answerable": False,
    "sources": [],
    "key_facts": [],
}


def write(tmp_path: Path, *lines: str) -> Path:
    path = tmp_path / "set.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def row(**changes) -> str:
    return json.dumps({**GOOD, **changes})


def test_loads_rows_skipping_blank_lines(tmp_path: Path) -> None:
    rows = load_dataset(write(tmp_path, row(), "", json.dumps(REFUSE)))
    assert [r.id for r in rows] == ["q01", "q02"]
    assert rows[0].history[1].role == "assistant" and rows[1].answerable is False


def test_extra_keys_are_allowed(tmp_path: Path) -> None:
    assert load_dataset(write(tmp_path, row(notes="from the March story")))[0].id == "q01"


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        ("{not json", "not valid JSON"),
        (row(id="q03", question="   "), "question: the question is blank"),
        (
            json.dumps({k: v for k, v in GOOD.items() if k != "answerable"} | {"id": "q03"}),
            "answerable: Field required",
        ),
        (row(id="q03", key_facts=[]), "an answerable row needs sources and key_facts"),
        (row(id="q03", key_facts=[["Vitter"], []]), "key_facts group 1 is empty"),
        (row(id="q03", key_facts=[["Vitter", " "]]), "blank alternative"),
        (
            json.dumps(REFUSE | {"id": "q03", "sources": ["000_x"]}),
            "must have empty sources and key_facts",
        ),
        (row(id="q03", history=[{"role": "system", "content": "x"}]), "history.0.role"),
        (row(), "id 'q01' already used on line 1"),
    ],
)
def test_bad_row_names_its_line_and_problem(tmp_path: Path, bad: str, message: str) -> None:
    path = write(tmp_path, row(), bad)
    with pytest.raises(DatasetError, match=r"set\.jsonl:2: ") as caught:
        load_dataset(path)
    assert message in str(caught.value)


def test_missing_and_empty_files(tmp_path: Path) -> None:
    with pytest.raises(DatasetError, match="no such dataset file"):
        load_dataset(tmp_path / "nope.jsonl")
    with pytest.raises(DatasetError, match="has no rows"):
        load_dataset(write(tmp_path, ""))


def test_check_sources_names_the_row_and_the_missing_article(tmp_path: Path) -> None:
    rows = load_dataset(write(tmp_path, row()))
    check_sources(rows, {"000_x", "001_y"})
    with pytest.raises(DatasetError, match="row q01: sources not in the store: 000_x"):
        check_sources(rows, {"001_y"})


@pytest.mark.parametrize(
    "name",
    [
        "seeds.jsonl",
        "holdout.jsonl",
        "holdout2.jsonl",
        "holdout3.jsonl",
        "holdout4.jsonl",
        "holdout5.jsonl",
        "holdout6.jsonl",
        "holdout7.jsonl",
    ],
)
def test_the_team_datasets_are_valid_and_cover_every_seed_article(name: str) -> None:
    rows = load_dataset(DATASETS / name)
    articles = {p.stem: p for p in find_article_files([ROOT / "seeds"])}
    check_sources(rows, set(articles))
    assert len(rows) >= 40
    assert {s for r in rows for s in r.sources} == set(articles)
    assert sum(1 for r in rows if not r.answerable) >= 8
    # Each key fact can be quoted: one of its ways of saying it is in one of the row's articles
    # (the others may paraphrase).
    texts = {a: _plain(p.read_text(encoding="utf-8")) for a, p in articles.items()}
    for r in rows:
        for group in r.key_facts:
            quoted = [a for a in group if any(_plain(a) in texts[s] for s in r.sources)]
            assert quoted, (r.id, group)


def _plain(text: str) -> str:
    return text.lower().replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')
