# The two commands: `make run` and `make test`. Everything else is a step of those.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
TORCH_VERSION := 2.13.0

.PHONY: install run test check browser-deps clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

# torch first, from the CPU build on disk; otherwise pip pulls a multi-GB CUDA build.
$(VENV)/.torch: $(BIN)/python
	$(BIN)/pip install --quiet torch==$(TORCH_VERSION)
	touch $@

$(VENV)/.installed: $(VENV)/.torch pyproject.toml
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

install: $(VENV)/.installed

# migrate, seed, serve on :8000 and run a job worker beside it (one command, one Ctrl-C)
run: install
	HF_HUB_OFFLINE=1 $(BIN)/perspectief demo

# Debian's chromium for the browser tests; only possible as root (as CI runs).
browser-deps:
	@if [ -x /usr/bin/chromium ]; then :; \
	elif [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null; then \
		echo "installing Debian chromium for the browser tests" >&2; \
		(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null) \
		|| echo "chromium could not be installed: browser tests will be skipped" >&2; \
	else echo "not root: cannot install chromium, browser tests will be skipped" >&2; fi

test: install browser-deps
	HF_HUB_OFFLINE=1 $(BIN)/python -m pytest

check: install
	$(BIN)/ruff format --check matcher web tests bench
	$(BIN)/ruff check matcher web tests bench
	$(BIN)/mypy

clean:
	rm -rf $(VENV) .data
