# IntelliDine — the two commands are `make run` and `make test`.
# Both install the Debian packages the build needs when they are missing (CI runs as root on a clean clone).

SWIFT        ?= swift
STATE_DIR    ?= ./var
PORT         ?= 8080
DEB_PACKAGES := libsqlite3-dev libssl-dev libsystemd-dev libqrencode-dev zlib1g-dev libvips42 pkg-config zbar-tools systemd openssl sqlite3 postgresql-15
BENCH_TOOLS  := wrk sqlite3 valgrind
# The browser tests: Debian's chromium and its driver, an emoji font for the order confirmation's ✅, a Devanagari font
# for the Hindi screens (phones have one), PyPI selenium, axe-selenium-python and jsonschema (the GST return's format).
BROWSER_PACKAGES := chromium chromium-driver fonts-noto-color-emoji fonts-lohit-deva
SUDO         := $(shell [ "$$(id -u)" -eq 0 ] || echo sudo)

.PHONY: all deps browser-deps build release run test browser-test screenshots bench soak fuzz openapi bench-compare package clean

all: build

## Install missing Debian packages (apt-get update only when something is missing).
deps:
	@missing=""; for p in $(DEB_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "Installing Debian packages:$$missing"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing; \
	fi

## Chromium, chromedriver and selenium for the browser tests, installed when missing.
browser-deps:
	@missing=""; for p in $(BROWSER_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "Installing Debian packages:$$missing"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing; \
	fi
	@python3 -c 'import selenium, prometheus_client, axe_selenium_python, jsonschema, schemathesis, yaml' 2>/dev/null || python3 -m pip install -q 'selenium>=4.20' prometheus-client axe-selenium-python jsonschema 'schemathesis>=4.32,<5' pyyaml \
	  || python3 -m pip install -q --break-system-packages 'selenium>=4.20' prometheus-client axe-selenium-python jsonschema 'schemathesis>=4.32,<5' pyyaml \
	  || (DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq python3-selenium python3-prometheus-client)

build: deps
	$(SWIFT) build

release: deps
	$(SWIFT) build -c release

## Build and start the daemon on the demo restaurant, state in ./var.
run: build
	$(SWIFT) run intellidine serve --demo --state-dir $(STATE_DIR) --port $(PORT)

## Build everything (the tests start the real binary too) and run every test, browser tests included.
test: deps browser-deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build
	python3 Tests/browser/test_web_apps.py "$$($(SWIFT) build --show-bin-path)/intellidine"
	python3 Tests/browser/test_guest_phones.py "$$($(SWIFT) build --show-bin-path)/intellidine"
	python3 Tests/browser/test_menu_builder.py "$$($(SWIFT) build --show-bin-path)/intellidine"
	python3 Tests/browser/test_setup_to_first_order.py "$$($(SWIFT) build --show-bin-path)/intellidine"
	python3 Tests/browser/test_hq.py "$$($(SWIFT) build --show-bin-path)/intellidine-cloud"
	python3 -W ignore::ResourceWarning Tests/tls/test_https.py "$$($(SWIFT) build --show-bin-path)/intellidine"
	python3 Tests/cloud/test_cloud.py "$$($(SWIFT) build --show-bin-path)/intellidine" "$$($(SWIFT) build --show-bin-path)/intellidine-cloud"
	python3 Tests/faults/test_storage_faults.py "$$($(SWIFT) build --show-bin-path)/intellidine"
	python3 Tests/faults/test_disk_errors.py "$$($(SWIFT) build --show-bin-path)/intellidine"
	python3 Tests/contract/openapi_json.py --check
	python3 -W ignore::ResourceWarning Tests/contract/test_contract.py "$$($(SWIFT) build --show-bin-path)/intellidine"
	python3 bench/soak.py "$$($(SWIFT) build --show-bin-path)/intellidine" --minutes 1 --check

## The daemon's copy of the API contract, written from openapi.yaml (commit both).
openapi:
	python3 Tests/contract/openapi_json.py

## The long schemathesis campaign (FUZZ_REQUESTS, default 100,000) against a release daemon; figures go to BENCHMARKS.md.
fuzz: deps browser-deps release
	python3 -W ignore::ResourceWarning bench/fuzz.py "$$($(SWIFT) build -c release --show-bin-path)/intellidine"

## Only the browser tests and the HTTPS tests (after a build).
browser-test: browser-deps
	python3 Tests/browser/test_web_apps.py "$$($(SWIFT) build --show-bin-path)/intellidine"
	python3 Tests/browser/test_guest_phones.py "$$($(SWIFT) build --show-bin-path)/intellidine"
	python3 Tests/browser/test_menu_builder.py "$$($(SWIFT) build --show-bin-path)/intellidine"
	python3 Tests/browser/test_setup_to_first_order.py "$$($(SWIFT) build --show-bin-path)/intellidine"
	python3 Tests/browser/test_hq.py "$$($(SWIFT) build --show-bin-path)/intellidine-cloud"
	python3 -W ignore::ResourceWarning Tests/tls/test_https.py "$$($(SWIFT) build --show-bin-path)/intellidine"

## The README's screenshots, taken by the browser tests.
screenshots: browser-deps
	$(SWIFT) build
	SCREENSHOT_DIR=docs/screenshots python3 Tests/browser/test_web_apps.py "$$($(SWIFT) build --show-bin-path)/intellidine"
	SCREENSHOT_DIR=docs/screenshots python3 Tests/browser/test_guest_phones.py "$$($(SWIFT) build --show-bin-path)/intellidine"
	SCREENSHOT_DIR=docs/screenshots python3 Tests/browser/test_menu_builder.py "$$($(SWIFT) build --show-bin-path)/intellidine"
	SCREENSHOT_DIR=docs/screenshots python3 Tests/browser/test_setup_to_first_order.py "$$($(SWIFT) build --show-bin-path)/intellidine"

## Benchmarks against a live release daemon; results go to BENCHMARKS.md.
bench: deps release
	@missing=""; for p in $(BENCH_TOOLS); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing; fi
	python3 bench/run.py .build/release/intellidine
	python3 bench/hot_paths.py .build/release/intellidine
	python3 bench/order_concurrency.py .build/release/intellidine
	python3 bench/instructions.py .build/release/intellidine
	python3 bench/ws_latency.py .build/release/intellidine
	python3 bench/discounts.py .build/release/intellidine
	python3 bench/tls.py .build/release/intellidine
	python3 bench/photos.py .build/release/intellidine
	python3 bench/year_reports.py .build/release/intellidine
	python3 bench/cloud_ingest.py .build/release/intellidine-cloud

## Half an hour at ten times a busy restaurant's peak (bench/soak.py), its figures put in
## BENCHMARKS.md; `make soak SOAK_MINUTES=5` for a shorter one.
SOAK_MINUTES ?= 30
soak: deps release
	@missing=""; for p in $(BENCH_TOOLS); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing; fi
	python3 bench/soak.py .build/release/intellidine --minutes $(SOAK_MINUTES)

## Order placement on the commit BASE and on this tree, side by side in one run (bench/compare.py):
## what a refactor must show. The base is built in a scratch worktree, .build-base/.
BASE ?= HEAD
bench-compare: deps release
	@missing=""; for p in $(BENCH_TOOLS); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing; fi
	git worktree remove --force .build-base 2>/dev/null || rm -rf .build-base
	git worktree add --detach .build-base $(BASE)
	cd .build-base && $(SWIFT) build -c release
	BENCH_BASE_LABEL="$$(git log -1 --format='%h %s' $(BASE) | cut -c1-60)" BENCH_NEW_LABEL="this tree ($$(git describe --always --dirty))" \
	  python3 bench/compare.py .build-base/.build/release/intellidine .build/release/intellidine
	git worktree remove --force .build-base

## The Debian package (dist/intellidine_<version>_<arch>.deb): a release build with the Swift
## runtime linked in, so the box needs no Swift toolchain.
VERSION ?= 0.1.0
package: deps
	$(SWIFT) build -c release --static-swift-stdlib
	sh deploy/build-deb.sh .build/release/intellidine dist $(VERSION)

clean:
	rm -rf .build
