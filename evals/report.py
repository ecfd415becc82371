"""Eval reports: summary.json (for review and CI), results.jsonl, report.md and report.html.

report.html is one self-contained file: inline CSS and SVG, no scripts or external assets, so it
can be attached to a ticket or opened from a CI artifact as is.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from evals.gate import Bound
from evals.metrics import METRICS, QuestionScore
from evals.runner import ConfigResult

COLORS = ("#2563eb", "#d97706", "#059669", "#db2777", "#7c3aed", "#0891b2", "#65a30d", "#dc2626")
FRACTIONS = [m for m, info in METRICS.items() if not info.unit]
LATENCIES = [m for m, info in METRICS.items() if info.unit]


class EvalRun(BaseModel):
    dataset: str
    target: str
    k: int | None  # passages retrieved for source_hit_at_k (None: each config's retrieval_k)
    started_at: str  # ISO 8601, UTC
    seconds: float
    bounds: list[Bound]
    failures: dict[str, dict[str, str]]  # config name -> metric -> why it failed its bound
    configs: list[ConfigResult]
    live_history: bool = False  # follow-ups asked after the bot's own answers, not the written ones

    @property
    def passed(self) -> bool:
        return not any(self.failures.values())


def write_reports(run: EvalRun, out: Path) -> dict[str, Path]:
    out.mkdir(parents=True, exist_ok=True)
    paths = {
        "summary": out / "summary.json",
        "results": out / "results.jsonl",
        "markdown": out / "report.md",
        "html": out / "report.html",
    }
    paths["summary"].write_text(
        json.dumps(summary(run), indent=2, ensure_ascii=False) + "\n", "utf-8"
    )
    with paths["results"].open("w", encoding="utf-8") as f:
        for config in run.configs:
            for score in config.scores:
                f.write(
                    json.dumps({"config": config.name, **score.model_dump()}, ensure_ascii=False)
                    + "\n"
                )
    paths["markdown"].write_text(markdown(run), "utf-8")
    paths["html"].write_text(html_report(run), "utf-8")
    return paths


def summary(run: EvalRun) -> dict[str, Any]:
    """What reviewers diff: the numbers, the gate, and which questions missed (no answer texts)."""
    return {
        "dataset": run.dataset,
        "target": run.target,
        "k": run.k,
        "history": _history_line(run),
        "started_at": run.started_at,
        "seconds": run.seconds,
        "passed": run.passed,
        "bounds": [str(b) for b in run.bounds],
        "failures": run.failures,
        "configs": [
            {
                **c.model_dump(exclude={"scores"}),
                "missed": [s.id for s in c.scores if s.missed],
                "errored": [s.id for s in c.scores if s.error is not None],
            }
            for c in run.configs
        ],
    }


def _history_line(run: EvalRun) -> str:
    if run.live_history:
        return "asked after the bot's own answers to the history's questions (--live-history)"
    return "asked after the dataset's written history"


def format_metric(name: str, value: float | None) -> str:
    if value is None:
        return "n/a"
    return f"{value:,.0f} ms" if METRICS[name].unit == "ms" else f"{value:.3f}"


# --- Markdown -------------------------------------------------------------------------------


def _md_cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def markdown(run: EvalRun) -> str:
    first = run.configs[0]
    lines = [
        "# ragbot eval",
        "",
        f"- dataset: `{run.dataset}` ({first.questions} questions: {first.answerable} answerable, "
        f"{first.unanswerable} unanswerable)",
        f"- target: {run.target}; source_hit_at_k uses k = {run.k or 'each config’s retrieval_k'}",
        f"- follow-ups: {_history_line(run)}",
        f"- run: {run.started_at} ({run.seconds:.0f} s)",
        f"- gate: {_gate_line(run)}",
        "",
        "## Metrics",
        "",
        "| metric | " + " | ".join(c.name for c in run.configs) + " |",
        "|---|" + "---:|" * len(run.configs),
    ]
    for metric in METRICS:
        values = " | ".join(format_metric(metric, c.metrics.get(metric)) for c in run.configs)
        lines.append(f"| {metric} | {values} |")
    lines.append(
        "| misses / errors | " + " | ".join(f"{c.misses} / {c.errors}" for c in run.configs) + " |"
    )
    if any(c.overrides for c in run.configs):
        lines += ["", "## Configurations", ""]
        lines += [f"- **{c.name}**: {overrides_text(c)}" for c in run.configs]
    failed = [f"- {name}: {f}" for name, fs in run.failures.items() for f in fs.values()]
    if failed:
        lines += ["", "## Failed bounds", "", *failed]
    differing = disagreements(run.configs)
    if differing:
        lines += [
            "",
            "## Where the configurations differ (✗ = miss)",
            "",
            "| id | question | " + " | ".join(c.name for c in run.configs) + " |",
            "|---|---|" + "---|" * len(run.configs),
        ]
        for qid, question, missed in differing:
            marks = " | ".join("✗" if m else "✓" for m in missed)
            lines.append(f"| {qid} | {_md_cell(question)} | {marks} |")
    for c in run.configs:
        lines += ["", f"## Misses: {c.name} ({c.misses} of {c.questions})", ""]
        misses = [s for s in c.scores if s.missed]
        if not misses:
            lines.append("None.")
            continue
        lines += ["| id | question | expected | answer | why |", "|---|---|---|---|---|"]
        for s in misses:
            lines.append(
                f"| {s.id} | {_md_cell(s.question)} | {_md_cell(_expected(s))} | "
                f"{_md_cell(s.answer or '')} | {_md_cell('; '.join(why_missed(s)))} |"
            )
    return "\n".join(lines) + "\n"


def disagreements(configs: Sequence[ConfigResult]) -> list[tuple[str, str, list[bool]]]:
    """(id, question, missed per config) for the questions some configs miss and others don't."""
    if len(configs) < 2:
        return []
    out = []
    for scores in zip(*(c.scores for c in configs), strict=True):
        missed = [s.missed for s in scores]
        if any(missed) and not all(missed):
            out.append((scores[0].id, scores[0].question, missed))
    return out


def overrides_text(config: ConfigResult) -> str:
    return ", ".join(f"{k}={v}" for k, v in config.overrides.items()) or "defaults"


def _gate_line(run: EvalRun) -> str:
    if not run.bounds:
        return "no bounds given"
    verdict = "PASSED" if run.passed else "FAILED"
    return f"{verdict} ({', '.join(f'`{b}`' for b in run.bounds)})"


def _expected(score: QuestionScore) -> str:
    if not score.answerable:
        return "a refusal"
    return " ; ".join(" / ".join(group) for group in score.key_facts)


def why_missed(score: QuestionScore) -> list[str]:
    reasons = []
    if score.error:
        reasons.append(f"error: {score.error}")
    if score.answerable and score.refused:
        reasons.append("refused an answerable question")
    elif score.fact_recall is False and not score.error:
        missing = sum(1 for held in score.facts_held if not held)
        reasons.append(f"{missing} key-fact group(s) missing")
    if not score.answerable and score.refused is False:
        reasons.append("answered an unanswerable question")
    if score.citation_problem:
        reasons.append(f"citations: {score.citation_problem}")
    return reasons


# --- HTML -----------------------------------------------------------------------------------

_CSS = """
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:0;color:#111827;
background:#f9fafb}
main{max-width:1200px;margin:0 auto;padding:24px}
h1{margin:0 0 4px}h2{margin:32px 0 8px;font-size:18px}
.meta{color:#4b5563;margin:0 0 16px}
.pass,.fail{display:inline-block;padding:2px 10px;border-radius:12px;font-weight:600;color:#fff}
.pass{background:#059669}.fail{background:#dc2626}
table{border-collapse:collapse;width:100%;background:#fff;margin:8px 0}
table.metrics{width:auto;min-width:480px}
th,td{border:1px solid #e5e7eb;padding:6px 8px;text-align:left;vertical-align:top}
th{background:#f3f4f6;font-weight:600}
td.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
td.bad{background:#fee2e2;color:#991b1b;font-weight:600}
.charts{display:flex;flex-wrap:wrap;gap:16px}
.card{background:#fff;border:1px solid #e5e7eb;border-radius:8px;padding:12px}
details{margin:12px 0}summary{cursor:pointer;font-weight:600;font-size:16px}
tr.miss td{background:#fef2f2}tr.miss td:first-child{border-left:4px solid #dc2626}
.y{color:#047857;font-weight:600}.n{color:#b91c1c;font-weight:600}.na{color:#9ca3af}
mark{background:#bbf7d0;padding:0 1px;border-radius:2px}
sup{color:#2563eb;font-size:10px}
.fact-miss{color:#b91c1c;text-decoration:line-through}
.small{font-size:12px;color:#4b5563}
.toggle{margin:8px 0}
#misses-only:checked ~ details tr.hit{display:none}
code{background:#f3f4f6;padding:0 3px;border-radius:3px}
"""


def html_report(run: EvalRun) -> str:
    e = html.escape
    first = run.configs[0]
    verdict = ""
    if run.bounds:
        state = "passed" if run.passed else "failed"
        verdict = f'<span class="{"pass" if run.passed else "fail"}">gate {state}</span>'
    parts = [
        "<!doctype html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>ragbot eval {e(run.started_at)}</title><style>{_CSS}</style></head><body><main>",
        f'<h1>ragbot eval</h1><p class="meta">{verdict} dataset <code>{e(run.dataset)}</code>: '
        f"{first.questions} questions ({first.answerable} answerable, "
        f"{first.unanswerable} unanswerable) &middot; target {e(run.target)} &middot; "
        f"follow-ups {e(_history_line(run))} &middot; "
        f"{e(run.started_at)} &middot; {run.seconds:.0f} s</p>",
        '<div class="charts">',
        f'<div class="card">{fraction_chart(run.configs)}</div>',
        f'<div class="card">{latency_chart(run.configs)}</div>',
        "</div>",
        "<h2>Metrics</h2>",
        _html_metrics_table(run),
    ]
    if run.bounds:
        items = "".join(f"<li><code>{e(str(b))}</code></li>" for b in run.bounds)
        failed = "".join(
            f'<li class="n">{e(name)}: {e(f)}</li>'
            for name, fs in run.failures.items()
            for f in fs.values()
        )
        parts.append(f"<h2>Gate</h2><ul>{items}</ul>" + (f"<ul>{failed}</ul>" if failed else ""))
    differing = disagreements(run.configs)
    if differing:
        head = "".join(f"<th>{e(c.name)}</th>" for c in run.configs)
        rows = "".join(
            f"<tr><td>{e(qid)}</td><td>{e(question)}</td>"
            + "".join(f"<td>{_flag(not m)}</td>" for m in missed)
            + "</tr>"
            for qid, question, missed in differing
        )
        parts.append(
            "<h2>Where the configurations differ</h2>"
            f"<table><tr><th>id</th><th>question</th>{head}</tr>{rows}</table>"
        )
    parts += [
        "<h2>Questions</h2>",
        '<input type="checkbox" id="misses-only"><label class="toggle" for="misses-only"> '
        "show misses only</label>",
    ]
    for i, config in enumerate(run.configs):
        summary_line = f"{e(config.name)}: {config.misses} misses of {config.questions}"
        parts.append(
            f"<details{' open' if i == 0 else ''}><summary>{summary_line}</summary>"
            f"{_html_questions(config)}</details>"
        )
    parts.append("</main></body></html>")
    return "\n".join(parts) + "\n"


def _html_metrics_table(run: EvalRun) -> str:
    e = html.escape
    bounds = {b.metric: b for b in run.bounds}
    head = "".join(f"<th>{e(c.name)}</th>" for c in run.configs)
    rows = []
    for metric, info in METRICS.items():
        cells = []
        for c in run.configs:
            value = c.metrics.get(metric)
            failed = metric in run.failures.get(c.name, {})
            cells.append(
                f'<td class="num{" bad" if failed else ""}">{format_metric(metric, value)}</td>'
            )
        note = f'<div class="small">{e(info.description)}{_bound_note(bounds.get(metric))}</div>'
        rows.append(f"<tr><th>{e(metric)}{note}</th>{''.join(cells)}</tr>")
    overrides = "".join(f'<td class="small">{e(overrides_text(c))}</td>' for c in run.configs)
    rows.append(f"<tr><th>overrides</th>{overrides}</tr>")
    return f'<table class="metrics"><tr><th>metric</th>{head}</tr>{"".join(rows)}</table>'


def _bound_note(bound: Bound | None) -> str:
    return "" if bound is None else f" &middot; gate {html.escape(bound.short)}"


def _flag(value: bool | None) -> str:
    if value is None:
        return '<span class="na">–</span>'
    return '<span class="y">✓</span>' if value else '<span class="n">✗</span>'


def _html_questions(config: ConfigResult) -> str:
    e = html.escape
    head = (
        "<tr><th>id</th><th>question</th><th>expected</th><th>answer</th><th>facts</th>"
        "<th>hit@1</th><th>hit@k</th><th>citations</th><th>refusal</th><th>ms</th></tr>"
    )
    rows = []
    for s in config.scores:
        expected = _html_key_facts(s) if s.answerable else '<span class="small">a refusal</span>'
        if s.error:
            answer = f'<span class="n">{e(s.error)}</span>'
        else:
            answer = highlight_answer(s.answer or "", s.key_facts)
        cites = "".join(
            f'<div class="small">[{c.n}] {e(c.source)} {c.start}–{c.end}</div>' for c in s.citations
        )
        problem = (
            f'<div class="n small">{e(s.citation_problem)}</div>' if s.citation_problem else ""
        )
        latency = "" if s.latency_ms is None else f"{s.latency_ms:.0f}"
        # Unanswerable rows: was it refused? Answerable rows: was it (rightly) not refused?
        refusal = _flag(None if s.refused is None else s.refused != s.answerable)
        rows.append(
            f'<tr class="{"miss" if s.missed else "hit"}" id="{e(config.name)}-{e(s.id)}">'
            f"<td>{e(s.id)}</td><td>{e(s.question)}</td><td>{expected}</td><td>{answer}</td>"
            f"<td>{_flag(s.fact_recall)}</td><td>{_flag(s.source_hit_at_1)}</td>"
            f"<td>{_flag(s.source_hit_at_k)}</td><td>{_flag(s.citation_valid)}{cites}{problem}</td>"
            f'<td>{refusal}</td><td class="num">{latency}</td></tr>'
        )
    return f"<table>{head}{''.join(rows)}</table>"


def _html_key_facts(score: QuestionScore) -> str:
    """Each key-fact group on its own line; groups the answer missed are struck through."""
    out = []
    for i, group in enumerate(score.key_facts):
        held = score.facts_held[i] if i < len(score.facts_held) else False
        text = html.escape(" / ".join(group))
        out.append(f'<div class="{"y" if held else "fact-miss"}">{text}</div>')
    return "".join(out)


def highlight_answer(answer: str, key_facts: Sequence[Sequence[str]]) -> str:
    """The answer as HTML: key-fact alternatives it contains marked, [n] markers as superscripts."""
    alternatives = [alt for group in key_facts for alt in group]
    spans: list[tuple[int, int]] = []
    for alt in alternatives:
        pattern = re.escape(alt).replace("'", "['‘’]").replace(r"\ ", r"\s+")
        spans += [m.span() for m in re.finditer(pattern, answer, flags=re.IGNORECASE)]
    merged: list[list[int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    pieces, at = [], 0
    for start, end in merged:
        pieces += [
            _with_markers(answer[at:start]),
            f"<mark>{_with_markers(answer[start:end])}</mark>",
        ]
        at = end
    pieces.append(_with_markers(answer[at:]))
    return "".join(pieces)


def _with_markers(text: str) -> str:
    return re.sub(r"\[(\d+)\]", r"<sup>[\1]</sup>", html.escape(text))


# --- SVG charts -----------------------------------------------------------------------------


def fraction_chart(configs: Sequence[ConfigResult]) -> str:
    """Grouped horizontal bars, one group per [0, 1] metric, one bar per config."""
    return _bar_chart("Quality (0–1)", FRACTIONS, configs, lambda _m: 1.0, format_metric)


def latency_chart(configs: Sequence[ConfigResult]) -> str:
    top = max((c.metrics.get(m) or 0.0 for c in configs for m in LATENCIES), default=0.0) or 1.0
    return _bar_chart("Answer latency", LATENCIES, configs, lambda _m: top, format_metric)


def _bar_chart(
    title: str,
    metrics: Sequence[str],
    configs: Sequence[ConfigResult],
    scale: Callable[[str], float],
    label: Callable[[str, float | None], str],
) -> str:
    e = html.escape
    bar_h, gap, left, width, right = 14, 10, 150, 300, 70
    legend_h = 20 * len(configs) if len(configs) > 1 else 0
    top = 28 + legend_h
    group_h = bar_h * len(configs) + gap
    height = top + group_h * len(metrics) + 4
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{left + width + right}" height="{height}" '
        f'role="img" aria-label="{e(title)}" font-family="system-ui,sans-serif" font-size="12">',
        f"<title>{e(title)}</title>",
        f'<text x="0" y="16" font-weight="600" font-size="14">{e(title)}</text>',
    ]
    if len(configs) > 1:
        for i, c in enumerate(configs):
            y = 28 + 20 * i
            out.append(f'<rect x="{left}" y="{y}" width="12" height="12" fill="{_color(i)}"/>')
            out.append(f'<text x="{left + 18}" y="{y + 10}">{e(c.name)}</text>')
    for j, metric in enumerate(metrics):
        y0 = top + j * group_h
        note = "" if METRICS[metric].higher_is_better else " ↓"
        out.append(
            f'<text x="{left - 6}" y="{y0 + bar_h * len(configs) / 2 + 4}" text-anchor="end">'
            f"{e(metric)}{note}</text>"
        )
        for i, c in enumerate(configs):
            value = c.metrics.get(metric)
            w = 0.0 if value is None else width * min(value / scale(metric), 1.0)
            y = y0 + i * bar_h
            out.append(
                f'<rect x="{left}" y="{y}" width="{w:.1f}" height="{bar_h - 2}" '
                f'fill="{_color(i)}"><title>{e(c.name)} {e(metric)}: '
                f"{e(label(metric, value))}</title></rect>"
            )
            out.append(
                f'<text x="{left + w + 4:.1f}" y="{y + bar_h - 4}">{e(label(metric, value))}</text>'
            )
    out.append(
        f'<line x1="{left}" y1="{top - 2}" x2="{left}" y2="{height - 4}" stroke="#9ca3af"/></svg>'
    )
    return "".join(out)


def _color(i: int) -> str:
    return COLORS[i % len(COLORS)]
