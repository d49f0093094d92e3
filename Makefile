# wirefacts — set-up, demo, tests, benchmarks. `make demo` and `make test` are all a fresh
# clone needs; both create .venv and install the package with its pinned spaCy model.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
SHARED ?= ../shared
EVAL_DIR ?= $(SHARED)/eval
DB ?= sqlite:///wirefacts.db
STAMP := $(VENV)/.installed

.PHONY: install demo test test-long lint eval bench bench-clean bench-dates clean

$(STAMP): setup.cfg pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip setuptools wheel
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	rm -f wirefacts.db
	$(BIN)/wirefacts ingest data/samples --db $(DB) || test $$? -eq 1
	mkdir -p exports
	for t in articles errors people organizations mentions roles money tariffs dates quotes tariff_measures; do \
	  $(BIN)/wirefacts export $$t --db $(DB) -o exports/$$t.csv || exit 1; \
	done
	@echo "demo: store wirefacts.db, tables in exports/ (try: column -s, -t < exports/people.csv)"

test: $(STAMP)
	$(BIN)/pytest -q

test-long: $(STAMP)
	WIREFACTS_LONG=1 $(BIN)/pytest -q -m long

lint: $(STAMP)
	$(BIN)/ruff check extractor tests benchmarks
	$(BIN)/mypy extractor/wirefacts
	$(BIN)/python -m wirefacts.store check

eval: $(STAMP)
	PATH="$(CURDIR)/$(BIN):$$PATH" bash $(EVAL_DIR)/run.sh $(EVAL_DIR)/dev/articles $(EVAL_DIR)/dev/gold.json

# Ingest throughput on ../shared/corpora/reuters21578 at 1k, 5k and all articles
# (tens of minutes); BENCH_ARGS="--sizes 1000 --skip-pg" for a quick look.
BENCH_ARGS ?=
bench: $(STAMP)
	$(BIN)/python benchmarks/bench_ingest.py --corpus $(SHARED)/corpora/reuters21578 $(BENCH_ARGS)

bench-clean: $(STAMP)
	$(BIN)/python benchmarks/bench_clean.py

bench-dates: $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[bench]'
	$(BIN)/python benchmarks/bench_dates.py

clean:
	rm -rf $(VENV) exports wirefacts.db build *.egg-info extractor/*.egg-info
