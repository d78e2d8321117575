# ictgov: `make run` to try it, `make test` to check it. See README.md.
SHELL := /bin/bash
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
PYTEST_ARGS ?=
export ICTGOV_HOME := $(CURDIR)

.PHONY: install run serve migrate demo test test-fast test-browser lint bench loadtest lock browser-deps clean

$(BIN)/python:
	@PY=$$(scripts/find-python) && echo "Python: $$PY" && "$$PY" -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check uv

$(VENV)/.installed: $(BIN)/python requirements.lock pyproject.toml package.json package-lock.json
	$(BIN)/uv pip sync --quiet --compile-bytecode --python $(BIN)/python requirements.lock
	$(BIN)/uv pip install --quiet --python $(BIN)/python --no-deps -e .
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

install: $(VENV)/.installed

migrate: install
	$(BIN)/ictgov migrate --noinput -v 0

demo: migrate
	$(BIN)/ictgov load_demo

run: demo
	@echo "ictgov: http://127.0.0.1:$(PORT)/"
	$(BIN)/ictgov runserver 127.0.0.1:$(PORT)

# Production mode: gunicorn (WEB_CONCURRENCY workers) + db_worker + daily scheduler; see README.
BIND ?= 127.0.0.1:$(PORT)
serve: install
	@key="$${SECRET_KEY_FILE:-$${ICTGOV_VAR:-var}/secret_key}"; \
	if [ -z "$$SECRET_KEY" ] && [ ! -s "$$key" ]; then \
	  mkdir -p "$$(dirname "$$key")" && (umask 077; $(BIN)/python -c 'import secrets; print(secrets.token_urlsafe(64))' > "$$key") && \
	  echo "Đã tạo khóa bí mật $$key (giữ nguyên; mọi máy chủ ứng dụng phải dùng chung)."; fi
	DJANGO_SETTINGS_MODULE=ictgov.settings.production $(BIN)/ictgov serve --bind $(BIND)

# System libraries the suite needs: Debian's Chromium for the browser tests (Playwright cannot
# download browsers here) and HarfBuzz's subsetter, which makes WeasyPrint's PDFs 2–3× faster.
browser-deps:
	@need=""; command -v chromium >/dev/null 2>&1 || need="chromium fonts-noto-core fonts-liberation2"; \
	ldconfig -p | grep -q libharfbuzz-subset || need="$$need libharfbuzz-subset0"; \
	if [ -n "$$need" ]; then \
	  echo "Cài $$need cho kiểm thử…"; \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$need >/dev/null; \
	  else echo "Cần quyền root để cài $$need (apt-get install $$need)." >&2; \
	    command -v chromium >/dev/null 2>&1 || exit 1; fi; fi

test: install browser-deps
	@start=$$(date +%s); \
	$(BIN)/ruff check src tests bench && $(BIN)/ruff format --check src tests bench && \
	$(BIN)/python -m pytest -n 2 --dist loadgroup $(PYTEST_ARGS); status=$$?; \
	echo "make test: $$(( $$(date +%s) - start )) s"; exit $$status

test-fast: install
	$(BIN)/python -m pytest -n 2 --dist loadgroup -m "not browser" $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench

bench: install
	$(BIN)/python bench/run.py

# Mixed-role load on `ictgov serve` + PostgreSQL (LOADTEST_USERS, LOADTEST_MINUTES; see bench/loadtest.py).
loadtest: install
	$(BIN)/python bench/run.py loadtest

lock: $(BIN)/python
	$(BIN)/uv pip compile --quiet pyproject.toml --extra dev --python-version 3.12 -o requirements.lock
	npm install --package-lock-only --no-audit --no-fund

clean:
	rm -rf $(VENV) node_modules var
