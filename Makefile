# Two commands set everything up on a fresh machine: `make run` and `make test`.
VENV ?= .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
RAGBOT := $(VENV)/bin/ragbot
PORT ?= 8000
HOST ?= 127.0.0.1
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1

.PHONY: install run test lint eval bench clean

# torch first: its CPU wheel is on local disk; pinned after it so pip never pulls CUDA builds.
$(VENV)/.installed: pyproject.toml constraints.txt
	test -x $(PY) || python3 -m venv $(VENV)
	$(PIP) install -q --disable-pip-version-check torch==2.13.0
	$(PIP) install -q --disable-pip-version-check -c constraints.txt -e ".[dev]"
	touch $@

install: $(VENV)/.installed

run: install
	$(RAGBOT) ingest seeds
	$(RAGBOT) serve --host $(HOST) --port $(PORT)

# The eval gate sits one question below the committed quality (evals/results/), so a real
# regression fails while floating-point noise on another CPU cannot flip the build; fact recall
# and refusal accuracy on the team set are held at 0.90, the bar the eval issue sets, which
# leaves one answerable question and no trap to spare (62 of 67 and 17 of 18 now). The held-out sets
# (questions written apart from development) are gated too, so overfitting to seeds.jsonl shows.
# The second, third and fourth held-out sets run again with --live-history: their follow-ups asked after
# the bot's own answers, as in a real conversation, where they can score lower than after the
# written answers.
test: install
	$(VENV)/bin/pytest -q
	$(RAGBOT) eval --dataset evals/datasets/seeds.jsonl --ingest seeds --out evals/results/latest \
		--fail-under fact_recall=0.90 --fail-under citation_validity=1.0 --fail-under refusal_accuracy=0.90 \
		--fail-under source_hit_at_1=0.94 --fail-under source_hit_at_k=1.0 --fail-under citation_precision=0.95 \
		--fail-over false_refusal_rate=0.03
	$(RAGBOT) eval --dataset evals/datasets/holdout.jsonl --ingest seeds --out evals/results/holdout \
		--fail-under fact_recall=0.75 --fail-under citation_validity=1.0 --fail-under refusal_accuracy=0.90 \
		--fail-under source_hit_at_1=0.87 --fail-under source_hit_at_k=1.0 --fail-under citation_precision=0.90 \
		--fail-over false_refusal_rate=0.10
	$(RAGBOT) eval --dataset evals/datasets/holdout2.jsonl --ingest seeds --out evals/results/holdout2 \
		--fail-under fact_recall=0.94 --fail-under citation_validity=1.0 --fail-under refusal_accuracy=0.90 \
		--fail-under source_hit_at_1=0.94 --fail-under source_hit_at_k=1.0 --fail-under citation_precision=0.90 \
		--fail-over false_refusal_rate=0.03
	$(RAGBOT) eval --dataset evals/datasets/holdout2.jsonl --ingest seeds --out evals/results/holdout2-live \
		--live-history --fail-under fact_recall=0.85 --fail-under citation_validity=1.0 \
		--fail-under refusal_accuracy=0.90 --fail-over false_refusal_rate=0.09
	$(RAGBOT) eval --dataset evals/datasets/holdout3.jsonl --ingest seeds --out evals/results/holdout3 \
		--fail-under fact_recall=0.85 --fail-under citation_validity=1.0 --fail-under refusal_accuracy=0.88 \
		--fail-under source_hit_at_1=0.90 --fail-under source_hit_at_k=1.0 --fail-under citation_precision=0.87 \
		--fail-over false_refusal_rate=0.025
	$(RAGBOT) eval --dataset evals/datasets/holdout3.jsonl --ingest seeds --out evals/results/holdout3-live \
		--live-history --fail-under fact_recall=0.82 --fail-under citation_validity=1.0 \
		--fail-under refusal_accuracy=0.88 --fail-over false_refusal_rate=0.025
	$(RAGBOT) eval --dataset evals/datasets/holdout4.jsonl --ingest seeds --out evals/results/holdout4 \
		--fail-under fact_recall=0.73 --fail-under citation_validity=1.0 --fail-under refusal_accuracy=0.75 \
		--fail-under source_hit_at_1=0.84 --fail-under source_hit_at_k=1.0 --fail-under citation_precision=0.93 \
		--fail-over false_refusal_rate=0.11
	$(RAGBOT) eval --dataset evals/datasets/holdout4.jsonl --ingest seeds --out evals/results/holdout4-live \
		--live-history --fail-under fact_recall=0.71 --fail-under citation_validity=1.0 \
		--fail-under refusal_accuracy=0.75 --fail-over false_refusal_rate=0.08

lint: install
	$(VENV)/bin/ruff check rag bot_api evals tests

eval: install
	$(RAGBOT) eval

# wrk (Debian's package) drives the HTTP load test; without it that part is skipped and said so.
bench: install
	@command -v wrk >/dev/null || (apt-get update -qq && apt-get install -y -qq wrk >/dev/null) \
		|| echo "wrk could not be installed; the HTTP load test will be skipped"
	$(PY) -m evals.bench --scale $(or $(SCALE),1000)

clean:
	rm -rf $(VENV) data
