# The two commands: `make run` (install everything, run on the bundled sample
# feeds) and `make test` (the whole test suite). Everything installs into .venv
# from requirements.lock, every distribution checked against its sha256.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV ?= .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed

.PHONY: run install test check lock manifest bench clean

run: $(INSTALLED)
	$(BIN)/breachwire run --samples

install: $(INSTALLED)

$(INSTALLED): requirements.lock pyproject.toml package-lock.json
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --require-hashes --no-deps -r requirements.lock
	# The project itself: no dependencies (all locked above), built with the locked setuptools.
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation --editable .
	# The browser libraries the site serves itself (Mermaid, tablesort), checked against package-lock.json;
	# --ignore-scripts: no package gets to run code at install time. Without npm the site still builds,
	# with diagrams shown as their text and tables unsorted.
	@if command -v npm >/dev/null 2>&1; then \
		npm ci --ignore-scripts --no-audit --no-fund --loglevel=error; \
	else \
		echo "note: npm not found — the site will build without rendered diagrams; install Node.js and npm, then run: npm ci --ignore-scripts"; \
	fi
	touch $@

test: $(INSTALLED)
	$(BIN)/python -m pytest
	$(BIN)/breachwire check

check: $(INSTALLED)
	$(BIN)/breachwire check

# Regenerate requirements.lock after changing a pin in pyproject.toml (see README).
lock:
	$(BIN)/python -m pip install --quiet pip-tools==7.6.2
	$(BIN)/pip-compile --quiet --generate-hashes --allow-unsafe --extra test --no-emit-find-links \
		--no-emit-index-url --strip-extras -o requirements.lock pyproject.toml

# Record the hashes of the installed spaCy model after reviewing a model upgrade.
manifest: $(INSTALLED)
	$(BIN)/python -m pipeline.model

bench: $(INSTALLED)
	$(BIN)/python bench/run.py

clean:
	rm -rf $(VENV) site .breachwire
