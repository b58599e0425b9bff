# IntelliDine — the two commands are `make run` and `make test`.
# Both install the Debian packages the build needs when they are missing (CI runs as root on a clean clone).

SWIFT        ?= swift
STATE_DIR    ?= ./var
PORT         ?= 8080
DEB_PACKAGES := libsqlite3-dev libssl-dev libsystemd-dev pkg-config
BENCH_TOOLS  := wrk sqlite3
SUDO         := $(shell [ "$$(id -u)" -eq 0 ] || echo sudo)

.PHONY: all deps build release run test bench clean

all: build

## Install missing Debian packages (apt-get update only when something is missing).
deps:
	@missing=""; for p in $(DEB_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "Installing Debian packages:$$missing"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing; \
	fi

build: deps
	$(SWIFT) build

release: deps
	$(SWIFT) build -c release

## Build and start the daemon on the demo restaurant, state in ./var.
run: build
	$(SWIFT) run intellidine serve --demo --state-dir $(STATE_DIR) --port $(PORT)

## Build everything (the tests start the real binary too) and run every test.
test: deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build

## Benchmarks against a live release daemon; results go to BENCHMARKS.md.
bench: deps release
	@missing=""; for p in $(BENCH_TOOLS); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing; fi
	python3 bench/run.py .build/release/intellidine

clean:
	rm -rf .build
