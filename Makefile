# partnernet — every target does its own set-up, so a fresh clone needs only `make demo`
# or `make test`.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
PY     := $(BIN)/python
STAMP  := $(VENV)/.installed
OUT    ?= out/demo
NEO4J  := scripts/neo4j

.PHONY: install demo test test-fast lint typecheck bench bench-quick bench-attack screenshots neo4j-start neo4j-stop clean messages

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

## demo: sample data -> embedded store -> analyses -> maps and reports in $(OUT)
demo: $(STAMP)
	bash scripts/system-packages demo
	$(BIN)/partnernet demo --out $(OUT)

## test: lint, types, then the whole suite on both stores against a Neo4j this target starts
test: $(STAMP)
	bash scripts/system-packages test
	$(BIN)/ruff check partnernet tests bench scripts
	$(BIN)/mypy
	PYTHON=$(PY) bash scripts/run-tests-with-neo4j $(BIN)/pytest -q $(PYTEST_ARGS)

## test-fast: the suite without Neo4j (its tests are skipped, never under CI=true)
test-fast: $(STAMP)
	$(BIN)/pytest -q -m 'not neo4j' $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check partnernet tests bench scripts
	$(BIN)/ruff format --check partnernet tests bench scripts

typecheck: $(STAMP)
	$(BIN)/mypy

## bench: every scale, Neo4j included (started here), results in BENCHMARKS.md
bench: $(STAMP)
	PYTHON=$(PY) bash scripts/run-tests-with-neo4j $(PY) -m bench.run --neo4j on

## bench-quick: the S scale only, into a temp folder (CI runs it so the code never rots)
bench-quick: $(STAMP)
	$(PY) -m bench.run --quick

## bench-attack: a cheap read's p95 during 50 exporters and 400 wrong keys (docs/security.md)
bench-attack: $(STAMP)
	$(PY) -m bench.attack_bench

## screenshots: docs/img/province-view.png, province-map.png, web-province-*.png, brief-page.png, province-figure.png, region-map.png
screenshots: $(STAMP)
	bash scripts/system-packages test
	PYTHON=$(PY) scripts/screenshots
	PYTHON=$(PY) scripts/page-screenshots
	PARTNERNET=$(BIN)/partnernet scripts/brief-images

neo4j-start: $(STAMP)
	PYTHON=$(PY) $(NEO4J) start

neo4j-stop:
	PYTHON=$(PY) $(NEO4J) stop

## messages: refresh the message catalogs from the code (then translate the new entries in
## partnernet/api/locale/th/LC_MESSAGES/messages.po, the web pages', and
## partnernet/locale/th/LC_MESSAGES/figures.po, the figures' and views'; read at run time)
messages: $(STAMP)
	$(BIN)/pybabel extract -F babel.cfg -k _ --no-location --omit-header -o partnernet/api/locale/messages.pot .
	$(BIN)/pybabel update -i partnernet/api/locale/messages.pot -d partnernet/api/locale -D messages -l th --no-fuzzy-matching
	$(BIN)/pybabel extract --no-default-keywords -k _pair:1c,2 --no-location --omit-header -o partnernet/locale/figures.pot partnernet/visualizations
	$(BIN)/pybabel update -i partnernet/locale/figures.pot -d partnernet/locale -D figures -l th --no-fuzzy-matching

clean:
	rm -rf $(VENV) out .pytest_cache .mypy_cache .ruff_cache
