# The two commands of README.md: `make run` and `make test`. Both call `make setup`.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: system load load-faults cluster cluster-faults backup restore-drill setup run test bench security lint fmt messages db-stop

# The Debian packages (Chromium, poppler, fonts, gettext, WeasyPrint's libraries, ...):
# installed when missing if run as root, else one line with the command to run.
system:
	@scripts/system-packages

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

# axe-core for the browser suite's accessibility checks (tests/e2e/test_design_proof.py), from
# the npm registry at the version package-lock.json pins; node_modules/ stays out of git.
NODE_STAMP := node_modules/.installed

$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $(NODE_STAMP)

# Compiles the message catalogues, starts the embedded PostgreSQL (unless DATABASE_URL is set:
# the settings start it) and brings the schema and reference data up to date.
SETUP_DB := $(PY) manage.py compile_catalogues && $(PY) manage.py migrate --no-input \
	&& $(PY) manage.py sync_roles && $(PY) manage.py load_territory \
	&& $(PY) manage.py load_centre_reference \
	&& $(PY) manage.py load_catalogues

# Installs the pinned dependencies, then the steps above.
setup: system $(STAMP)
	$(SETUP_DB)

# Serves the portal with demo data on http://127.0.0.1:8000 with a task worker;
# Ctrl-C stops the server, the worker and the embedded PostgreSQL.
run: setup
	$(PY) manage.py seed_demo
	$(PY) -m entraide.devserver

# The same installation, then the whole suite on PostgreSQL. The embedded server is stopped
# afterwards, unless it was already running (for example under `make run`).
# The tests are spread over one process per core (TEST_WORKERS=0 runs them in this one); each
# process has its own test database on the same server, which it migrates and loads itself:
# the portal's own database is left as it is (`make setup` brings it up to date).
TEST_WORKERS ?= auto
test: system $(STAMP) $(NODE_STAMP)
	$(PY) -m entraide.embedded_db run -- sh -c '$(PY) manage.py compile_catalogues && $(PY) -m pytest -n $(TEST_WORKERS) $(PYTEST_ARGS)'

# The beneficiaries targets at national size (580,000 people), in a database of its own
# (entraide_bench) on the same server: the data set is built once, then reused. Prints the
# table and writes bench-results.json.
# Fifty staff sessions for two minutes against gunicorn with the production settings, on the
# bench's national data set (built once, as for `make bench`); prints one table. `make
# load-faults` also restarts the embedded PostgreSQL midway: requests must fail cleanly, the
# portal heal by itself and no acknowledged write be lost. Settings: see tests/load/run.py.
load: $(STAMP)
	$(PY) -m entraide.embedded_db run -- sh -c 'export DATABASE_URL="$$($(PY) -m tests.bench.national url)" \
		&& $(SETUP_DB) && $(PY) -m tests.load.run'

load-faults: $(STAMP)
	$(PY) -m entraide.embedded_db run -- sh -c 'export DATABASE_URL="$$($(PY) -m tests.bench.national url)" \
		&& $(SETUP_DB) && $(PY) -m tests.load.run --restart-db'

# The production rehearsal (tests/cluster/): nginx, two app servers, two task workers, a
# PostgreSQL primary and its streaming standby, on loopback, on a copy of the national data
# set. `make cluster` serves it until Ctrl-C; `make cluster-faults` breaks it under load;
# `make backup` takes a base backup of its primary; `make restore-drill` restores the latest
# into a new server to a point before a mistake and checks what came back.
CLUSTER_RUN = $(PY) -m entraide.embedded_db run -- sh -c 'export DATABASE_URL="$$($(PY) -m tests.bench.national url)" \
		&& $(SETUP_DB) && $(PY) -m tests.cluster.$(1)'

cluster: $(STAMP)
	@scripts/system-packages cluster
	$(call CLUSTER_RUN,run)

cluster-faults: $(STAMP)
	@scripts/system-packages cluster
	$(call CLUSTER_RUN,faults)

backup: $(STAMP)
	$(PY) -m tests.cluster.backup backup

restore-drill: $(STAMP)
	$(PY) -m tests.cluster.backup drill

bench: $(STAMP)
	$(PY) -m entraide.embedded_db run -- sh -c 'export DATABASE_URL="$$($(PY) -m tests.bench.national url)" \
		&& $(SETUP_DB) && $(PY) -m tests.bench.run'

# sqlmap against the signed-in people search, the person form, the import upload and the public
# application form, on gunicorn with the demo data in a database of its own (entraide_security)
# on the same server; prints one table of findings. A few minutes: not part of `make test`.
# Settings: see tests/security/run.py.
security: $(STAMP)
	$(PY) -m entraide.embedded_db run -- sh -c 'export DATABASE_URL="$$($(PY) -m tests.security.run url)" \
		&& $(SETUP_DB) && $(PY) -m tests.security.run $(SECURITY_TARGETS)'

# What the house style promises, checked: the code's lint and format, the layers of
# docs/architecture.md (import-linter, .importlinter), no model change without its migration,
# and the templates (djlint). .ci/run runs it before the tests.
lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports --no-cache
	$(PY) -m entraide.embedded_db run -- $(PY) manage.py makemigrations --check --dry-run
	$(VENV)/bin/djlint templates --lint

fmt:
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

# Refreshes locale/ar and locale/fr from the code (needs GNU gettext: `apt-get install gettext`).
messages: $(STAMP)
	$(PY) manage.py makemessages --locale ar --locale fr --no-obsolete --ignore '.venv/*' --ignore '.data/*' --ignore 'tests/*' --ignore 'node_modules/*'

db-stop:
	$(PY) -m entraide.embedded_db stop
