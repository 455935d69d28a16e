# Set-up commands of the README: `make demo` and `make test`.  Each builds its
# own virtualenv from nothing (only python3 and make are needed).
PYTHON ?= python3
VENV ?= .venv
# PYMONGO=4.9.2 pins the PyMongo release to test against (default: newest 4.x).
PYMONGO ?=
PYTEST_ARGS ?=
BIN = $(VENV)/bin

PYMONGO_REQ = $(if $(PYMONGO),pymongo==$(PYMONGO),pymongo>=4.9,<5)

.PHONY: test demo oracle venv lint-quality lint-speed fix-quality bench realworld clean docs

$(BIN)/.installed: setup.cfg pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[test]' '$(PYMONGO_REQ)'
	touch $@

venv: $(BIN)/.installed

# PYTHON may be 3.12+, where 2.8.1 cannot build: the script then picks a
# Python 3.9-3.11 of its own (or says what is skipped).
oracle:
	PYTHON=$(PYTHON) sh tests/oracle/build_oracle.sh

test: venv oracle
	@# the lint evaluation corpus (pinned sdists): tests/lint/test_prefilter.py
	@# proves on it that the prefilter loses no finding
	$(BIN)/python benchmarks/lint_eval/fetch.py > /dev/null
	@$(BIN)/python -c 'import pymongo, sys; print("testing against PyMongo", pymongo.version, "on Python", sys.version.split()[0])'
	$(BIN)/python -m coverage erase
	$(BIN)/python -m coverage run -m pytest $(PYTEST_ARGS)
	$(BIN)/python -m coverage report

demo: venv
	$(BIN)/python examples/demo.py

lint-quality: venv
	$(BIN)/python benchmarks/lint_quality.py

lint-speed: venv
	$(BIN)/python benchmarks/lint_speed.py

fix-quality: venv
	$(BIN)/python benchmarks/fix_quality.py

# Real projects' own suites under PyMongo 2.8.1 and under legacy-mongo
# (tests/realworld/README.md); fails on an unlisted difference.
realworld: venv oracle
	$(BIN)/python tests/realworld/run.py

bench: venv oracle
	$(BIN)/python benchmarks/request_overhead.py
	$(BIN)/python benchmarks/thread_churn.py

# The documentation site (build/site), generated from the catalogue; MkDocs
# --strict makes every warning (a broken link or anchor ...) an error.
$(BIN)/.docs-installed: docs/requirements.txt $(BIN)/.installed
	$(BIN)/python -m pip install -q -r docs/requirements.txt
	touch $@

docs: $(BIN)/.docs-installed
	$(BIN)/python tools/gen_docs.py --build

.PHONY: bench-instructions
bench-instructions: venv
	$(BIN)/python benchmarks/instructions.py

clean:
	rm -rf $(VENV) .venv-* .oracle-venv .coverage htmlcov *.egg-info build
