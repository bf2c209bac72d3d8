# The two commands of the README: `make run` and `make test`. Both build .venv themselves.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip

.PHONY: run test eval coverage test-deps clean

run: $(VENV)/.installed-run
	$(PY) -m ingest knowledge/corpus --prune
	$(PY) -m ui

test: $(VENV)/.installed-test test-deps
	$(PY) -m pytest

eval: $(VENV)/.installed-test
	$(PY) -m evals all --out evals/reports

coverage: $(VENV)/.installed-run
	$(PY) -m knowledge coverage

# torch first and pinned: an unpinned torch would pull a multi-GB CUDA build (DESIGN.md §4).
$(VENV)/.installed-run: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet torch==2.13.0
	$(PIP) install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet torch==2.13.0
	$(PIP) install --quiet -e '.[test]'
	touch $@ $(VENV)/.installed-run

# Browser tests drive Debian's Chromium (CJK fonts, or Chinese renders as boxes); the replica tests start
# a real PostgreSQL from Debian's package.
test-deps:
	@if ! command -v chromium >/dev/null || ! fc-list 2>/dev/null | grep -qi "noto.*cjk" \
	    || ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk postgresql >/dev/null; \
	  else echo "缺少 chromium、fonts-noto-cjk 或 postgresql：请以 root 运行，或执行 sudo apt-get install chromium fonts-noto-cjk postgresql"; fi; \
	fi

clean:
	rm -rf $(VENV) data
