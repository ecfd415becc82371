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
# leaves two answerable questions and no trap to spare (63 of 67 and 17 of 18 now). The held-out sets
# (questions written apart from development) are gated too, so overfitting to seeds.jsonl shows.
# The second to twenty-sixth held-out sets run again with --live-history: their follow-ups asked after
# the bot's own answers, as in a real conversation, where they can score lower than after the
# written answers.
# $(call gated_eval,SET,RESULTS,FACT_RECALL,REFUSAL_ACCURACY,HIT_AT_1,CITATION_PRECISION,FALSE_REFUSALS[,HIT_AT_K]):
# evals/datasets/SET.jsonl on a fresh store of seeds/, reports in evals/results/RESULTS, exit 1
# below a bound (every citation must be valid and, unless HIT_AT_K says otherwise, every answer's
# source among the retrieved chunks; the ninth set's z03 is answered from a sentence found by
# meaning in an article no retrieved chunk is from).
gated_eval = $(RAGBOT) eval --dataset evals/datasets/$(1).jsonl --ingest seeds --out evals/results/$(2) \
	--fail-under fact_recall=$(3) --fail-under citation_validity=1.0 --fail-under refusal_accuracy=$(4) \
	--fail-under source_hit_at_1=$(5) --fail-under source_hit_at_k=$(or $(8),1.0) --fail-under citation_precision=$(6) \
	--fail-over false_refusal_rate=$(7)
# $(call gated_live_eval,SET,FACT_RECALL,REFUSAL_ACCURACY,FALSE_REFUSALS): the same set with
# --live-history, reports in evals/results/SET-live.
gated_live_eval = $(RAGBOT) eval --dataset evals/datasets/$(1).jsonl --ingest seeds \
	--out evals/results/$(1)-live --live-history --fail-under fact_recall=$(2) \
	--fail-under citation_validity=1.0 --fail-under refusal_accuracy=$(3) --fail-over false_refusal_rate=$(4)

test: install
	$(VENV)/bin/pytest -q
	$(call gated_eval,seeds,latest,0.90,0.90,0.94,0.95,0.03)
	$(call gated_eval,holdout,holdout,0.77,0.90,0.85,0.91,0.125)
	$(call gated_eval,holdout2,holdout2,0.94,0.90,0.97,0.97,0.03)
	$(call gated_live_eval,holdout2,0.88,0.90,0.06)
	$(call gated_eval,holdout3,holdout3,0.87,0.88,0.92,0.89,0.025)
	$(call gated_live_eval,holdout3,0.85,0.88,0.025)
	$(call gated_eval,holdout4,holdout4,0.86,0.83,0.89,0.94,0.08)
	$(call gated_live_eval,holdout4,0.86,0.83,0.08)
	$(call gated_eval,holdout5,holdout5,0.92,0.80,0.95,0.95,0.05)
	$(call gated_live_eval,holdout5,0.85,0.80,0.075)
	$(call gated_eval,holdout6,holdout6,0.87,0.90,0.87,0.94,0.075)
	$(call gated_live_eval,holdout6,0.87,0.90,0.075)
	$(call gated_eval,holdout7,holdout7,0.92,0.90,0.92,0.94,0.05)
	$(call gated_live_eval,holdout7,0.92,0.90,0.05)
	$(call gated_eval,holdout8,holdout8,0.82,0.80,0.87,0.91,0.10)
	$(call gated_live_eval,holdout8,0.82,0.80,0.10)
	$(call gated_eval,holdout9,holdout9,0.94,0.90,0.95,0.96,0.05,0.97)
	$(call gated_live_eval,holdout9,0.92,0.85,0.05)
	$(call gated_eval,holdout10,holdout10,0.92,0.90,0.97,0.97,0.025)
	$(call gated_live_eval,holdout10,0.92,0.90,0.025)
	$(call gated_eval,holdout11,holdout11,0.92,0.90,0.97,0.97,0.025)
	$(call gated_live_eval,holdout11,0.92,0.90,0.025)
	$(call gated_eval,holdout12,holdout12,0.925,0.70,0.92,0.94,0.075)
	$(call gated_live_eval,holdout12,0.925,0.70,0.075)
	$(call gated_eval,holdout13,holdout13,0.90,0.70,0.92,0.95,0.05)
	$(call gated_live_eval,holdout13,0.875,0.70,0.05)
	$(call gated_eval,holdout14,holdout14,0.825,0.60,0.875,0.92,0.075)
	$(call gated_live_eval,holdout14,0.80,0.70,0.075)
	$(call gated_eval,holdout15,holdout15,0.825,0.80,0.82,0.90,0.125)
	$(call gated_live_eval,holdout15,0.80,0.80,0.125)
	$(call gated_eval,holdout16,holdout16,0.65,0.80,0.87,0.88,0.10)
	$(call gated_live_eval,holdout16,0.65,0.70,0.10)
	$(call gated_eval,holdout17,holdout17,0.75,0.70,0.825,0.94,0.125)
	$(call gated_live_eval,holdout17,0.70,0.70,0.125)
	$(call gated_eval,holdout18,holdout18,0.725,0.80,0.87,0.92,0.05)
	$(call gated_live_eval,holdout18,0.725,0.80,0.05)
	$(call gated_eval,holdout19,holdout19,0.95,0.70,0.95,0.96,0.05)
	$(call gated_live_eval,holdout19,0.95,0.70,0.05)
	$(call gated_eval,holdout20,holdout20,0.725,0.70,0.825,0.94,0.15)
	$(call gated_live_eval,holdout20,0.725,0.70,0.15)
	$(call gated_eval,holdout21,holdout21,0.80,0.50,0.85,0.85,0.05)
	$(call gated_live_eval,holdout21,0.775,0.60,0.075)
	$(call gated_eval,holdout22,holdout22,0.70,0.60,0.825,0.97,0.175)
	$(call gated_live_eval,holdout22,0.65,0.60,0.15)
	$(call gated_eval,holdout23,holdout23,0.775,0.70,0.825,0.91,0.075)
	$(call gated_live_eval,holdout23,0.70,0.80,0.10)
	$(call gated_eval,holdout24,holdout24,0.85,0.80,0.95,0.965,0.05)
	$(call gated_live_eval,holdout24,0.80,0.80,0.10)
	$(call gated_eval,holdout25,holdout25,0.75,0.60,0.875,0.96,0.10)
	$(call gated_live_eval,holdout25,0.725,0.50,0.10)
	$(call gated_eval,holdout26,holdout26,0.70,0.80,0.775,0.94,0.20)
	$(call gated_live_eval,holdout26,0.70,0.80,0.225)

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
