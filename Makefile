# Two commands: `make run` and `make test`. Everything else is set up on the way.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: install run test test-no-browser test-browser test-multi lint format bench lighthouse clean

$(PY):
	@$(PYTHON) -c 'import sys; sys.exit("Python 3.11 or newer is needed" if sys.version_info < (3, 11) else 0)'
	$(PYTHON) -m venv $(VENV)

# pip >= 25.3 understands --build-constraint, which XStatic-Bootstrap's sdist needs
# (its setup.py still imports pkg_resources, gone from setuptools 81).
$(VENV)/.installed: requirements.txt build-constraints.txt | $(PY)
	$(PY) -m pip install --quiet --disable-pip-version-check --upgrade "pip>=25.3"
	$(PY) -m pip install --quiet --disable-pip-version-check \
		--build-constraint build-constraints.txt -r requirements.txt
	@touch $@

install: $(VENV)/.installed

# The demo: SQLite, console e-mail, the offline test-payment page, a task worker and
# the periodic scheduler beside the web server. Ctrl-C stops all three.
run: export DEBUG ?= 1
# Every process of the demo (web, worker, scheduler) writes links in e-mails, .ics files and
# feeds: settings derive SITE_URL's default from where the server listens.
run: export HOST := $(HOST)
run: export PORT := $(PORT)
run: install
	$(MANAGE) migrate --noinput
	$(MANAGE) seed_demo
	@$(MANAGE) db_worker --no-startup-delay & worker=$$!; \
	$(MANAGE) run_periodic & periodic=$$!; \
	trap 'kill $$worker $$periodic 2>/dev/null' EXIT INT TERM; \
	$(MANAGE) runserver $(HOST):$(PORT)

# Every test, in two steps that each say how long they took: the tests without a browser, then
# the browser tests (Chromium and a live server in each worker). Spread over the machine's cores
# (pytest-xdist; an idle worker takes tests queued for a busy one); each worker gets its own
# test database.
PYTEST := $(PY) -m pytest -n auto --dist worksteal
test: test-no-browser test-browser

test-no-browser: install
	@echo "==== Tests without a browser"
	$(PYTEST) -m "not browser and not multi_instance"

test-browser: install
	@echo "==== Browser tests"
	$(PYTEST) -m "browser and not multi_instance"

# Two app instances against one PostgreSQL and one Redis (both on this machine kind; CI runs it).
test-multi: install
	$(PY) -m pytest -m multi_instance tests/test_multi_instance.py

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# wrk and Chromium come from Debian's packages; installed here when missing and we may.
# Every page at today's scale and at 50x, and the mixed soak: about 15 minutes. A quick try:
# make bench BENCH_ARGS="--seconds 3 --soak-seconds 20" (python bench/run.py --help).
BENCH_ARGS ?=
bench: install
	@command -v wrk >/dev/null || (command -v apt-get >/dev/null && [ "$$(id -u)" = 0 ] && \
		apt-get install -y -qq wrk >/dev/null) || true
	$(PY) bench/run.py $(BENCH_ARGS)

lighthouse: install
	@command -v chromium >/dev/null || (command -v apt-get >/dev/null && [ "$$(id -u)" = 0 ] && \
		apt-get install -y -qq chromium >/dev/null) || true
	$(PY) bench/lighthouse.py

clean:
	rm -rf $(VENV) .pytest_cache staticfiles
