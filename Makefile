# Brannsam: `make run` starts the app, `make test` runs every test. Both set up what they need.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8501
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
CHROMIUM := /usr/bin/chromium

.PHONY: run verksted test bench load lint format db install chromium clean lock

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# The direct pins (requirements*.txt) say what Brannsam uses; the lock file pins everything they
# pull in, so a clean machine installs the set the tests last passed with.
$(VENV)/.installed: requirements.txt requirements.lock pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt -c requirements.lock
	$(BIN)/pip install --quiet --no-deps -e .
	touch $@

$(VENV)/.dev-installed: requirements-dev.txt requirements.lock $(VENV)/.installed
	$(BIN)/pip install --quiet -r requirements-dev.txt -c requirements.lock
	touch $@

# After changing a direct pin: install it, then write the whole set down again.
lock: $(VENV)/.dev-installed
	( sed -n '1,3p' requirements.lock; $(BIN)/pip freeze --exclude-editable ) > requirements.lock.new
	mv requirements.lock.new requirements.lock

install: $(VENV)/.installed

# Browser tests drive Debian's Chromium (playwright cannot download its own browser here); the
# document tests read PDFs with poppler-utils (pdftotext, pdfinfo, pdftoppm) and open the Word
# briefs in LibreOffice, as a case officer's office suite would.
chromium:
	@test -x $(CHROMIUM) -a -x /usr/bin/pdftotext -a -x /usr/bin/soffice || ( $(SUDO) apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium poppler-utils libreoffice-writer-nogui )

db: $(VENV)/.installed
	$(BIN)/python -m brannsam build

run: db
	$(BIN)/python -m brannsam serve --server.port $(PORT)

# A workshop in a meeting room: listen on every address so phones on the room's network reach the
# app; the QR code uses BRANNSAM_URL if set (e.g. BRANNSAM_URL=http://10.0.0.12:8501), otherwise
# this machine's network address.
verksted: db
	$(BIN)/python -m brannsam serve --server.port $(PORT) --server.address 0.0.0.0

# The code style and the house rules are part of the test: ruff, the import contracts and the
# type checker first (seconds), then every test.
# Three workers on two cores: the browser tests spend much of their time waiting for a server or a
# browser, and a third worker fills those waits; worksteal keeps the longest tests from ending alone.
test: $(VENV)/.dev-installed chromium
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/mypy
	$(BIN)/python -m pytest -m "not slow" -n 3 --dist worksteal

# 20 browser sessions for a minute on /finansiering (slow; not part of make test)
load: $(VENV)/.dev-installed chromium
	$(BIN)/python -m pytest -m slow -s tests/load

bench: $(VENV)/.dev-installed chromium
	$(BIN)/python bench/run.py

lint: $(VENV)/.dev-installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/mypy

format: $(VENV)/.dev-installed
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

clean:
	rm -rf $(VENV) data/brannsam.duckdb test-artifacts .pytest_cache
