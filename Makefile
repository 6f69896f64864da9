# The two commands: `make demo` and `make test`. Both set up .venv themselves.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PORT ?= 8000
# Links in the demo's e-mails, calendar, QR codes and credentials point at the port it runs on.
LMS_BASE_URL ?= http://127.0.0.1:$(PORT)
export LMS_BASE_URL
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml | cksum | cut -d' ' -f1)
PYTEST_ARGS ?=

.PHONY: demo test test-sqlite test-postgres venv lint format messages clean

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test]"
	@rm -f $(VENV)/.installed-*
	@touch $@

venv: $(STAMP)

demo: venv
	$(BIN)/python manage.py migrate --noinput -v1
	$(BIN)/python manage.py seed_demo
	$(BIN)/python manage.py serve --port $(PORT)

test: venv
	@echo "== import contracts (pyproject.toml) =="
	$(BIN)/lint-imports --no-cache
	$(MAKE) --no-print-directory test-sqlite
	$(MAKE) --no-print-directory test-postgres

test-sqlite: venv
	@echo "== test suite on SQLite =="
	$(BIN)/python -m pytest -n 2 -q $(PYTEST_ARGS)

test-postgres: venv
	@echo "== test suite on PostgreSQL =="
	LMS_TEST_DB=postgres $(BIN)/python -m pytest -n 2 -q $(PYTEST_ARGS)

lint: venv
	$(BIN)/lint-imports --no-cache
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: venv
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

messages: venv
	$(BIN)/python manage.py makemessages -l en --ignore=.venv --ignore=var --no-obsolete

clean:
	rm -rf $(VENV) var
