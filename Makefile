# The two commands a user needs: `make run` and `make test`. Everything else is for developers.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: install env run test test-fast lint format bench fuzz check-deploy clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV) || python3 -m venv $(VENV)

$(STAMP): $(BIN)/python requirements.txt requirements-dev.txt
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $(STAMP)

install: $(STAMP)

# Local settings for this checkout (git-ignored), read by annotate/settings.py: DEBUG on and
# a key of its own, so that every manage.py command works without variables. Never replaced:
# a new key would log everyone out.
.env:
	@printf '%s\n' "# Local development settings, written by make; git-ignored; production has none." \
		"# The real environment wins over this file." \
		"DEBUG=1" \
		"SECRET_KEY=$$($(PYTHON) -c 'import secrets; print(secrets.token_urlsafe(50))' 2>/dev/null || python3 -c 'import secrets; print(secrets.token_urlsafe(50))')" > $@
	@echo "Wrote .env (DEBUG=1 and a generated SECRET_KEY) for local runs."

env: .env

run: install .env
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py seed_demo
	@echo "Open http://$(HOST):$(PORT) and log in with the demo login above."
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

test: install
	$(BIN)/python -m pytest

# Everything but the browser tests.
test-fast: install
	$(BIN)/python -m pytest -m "not browser"

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

bench: install
	$(BIN)/python bench/run.py

# Schemathesis against /api/v1/openapi.json on a fresh database: no 5xx, every response
# as documented (.ci/fuzz; FUZZ_EXAMPLES=N cases per operation).
fuzz: install
	.ci/fuzz

check-deploy: install
	ANNOTATE_ENV_FILE= DEBUG=0 SECRET_KEY=check-deploy-$$(date +%s)-a-long-random-enough-string-for-the-check \
	ALLOWED_HOSTS=annotate.example.com SECURE_SSL_REDIRECT=1 SECURE_HSTS_SECONDS=31536000 \
	SECURE_HSTS_INCLUDE_SUBDOMAINS=1 SECURE_HSTS_PRELOAD=1 \
	$(BIN)/python manage.py check --deploy --fail-level WARNING

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache  # .env and db.sqlite3 stay: your data
