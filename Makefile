# wageguard: `make test` runs the whole suite on SQLite, and on PostgreSQL too
# when WAGEGUARD_TEST_DATABASE_URL names a server (.ci/run sets it).
GO ?= go
export GOTOOLCHAIN ?= go1.27.3
PKGS := ./...

.PHONY: build test test-citus test-citus-http test-citus-rebalance bench bench-citus soak fuzz lint run fmt vulncheck

# The CJK font the evidence bundle's PDF embeds (Debian's
# fonts-droid-fallback, Apache-2.0), with its copyright: `make build` puts a
# copy beside the binary for the container image (the Dockerfile's
# from-binary target copies bin/fonts into it), and warns without it.
EVIDENCE_FONT ?= /usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf
EVIDENCE_FONT_COPYRIGHT ?= /usr/share/doc/fonts-droid-fallback/copyright

build:
	CGO_ENABLED=0 $(GO) build -trimpath -o bin/wageguard ./cmd/wageguard
	@if [ -f "$(EVIDENCE_FONT)" ] && [ -f "$(EVIDENCE_FONT_COPYRIGHT)" ]; then \
		mkdir -p bin/fonts && cp "$(EVIDENCE_FONT)" bin/fonts/DroidSansFallbackFull.ttf && cp "$(EVIDENCE_FONT_COPYRIGHT)" bin/fonts/copyright; \
	else \
		echo "make: no CJK font at $(EVIDENCE_FONT): the container image needs it for evidence bundles (apt-get install fonts-droid-fallback)" >&2; \
	fi

test:
	$(GO) test -count=1 -timeout 20m $(PKGS)

# The store suite, one month end to end and the one-shard tests of the API's
# routes and the console's forms on a Citus cluster (issue 19):
# WAGEGUARD_TEST_CITUS_URL names a database made by `cluster db NAME`
# (the local Citus cluster script the CI uses, $WAGEGUARD_CITUS_CLUSTER;
# .ci/run shows how it is started); the tests migrate it and share it.
test-citus:
	@test -n "$(WAGEGUARD_TEST_CITUS_URL)" || { echo "set WAGEGUARD_TEST_CITUS_URL (cluster db NAME prints it)"; exit 2; }
	WAGEGUARD_TEST_REQUIRE_POSTGRES=1 $(GO) test -count=1 -timeout 10m ./pkg/store/...
	WAGEGUARD_TEST_REQUIRE_POSTGRES=1 $(GO) test -count=1 -timeout 10m -run 'TestOneMonthEndToEnd|TestKeyedWritesStayOnOneShard|TestRequestsByOwnIDStayOnOneShard' ./pkg/httpapi/
	WAGEGUARD_TEST_REQUIRE_POSTGRES=1 $(GO) test -count=1 -timeout 10m -run '^TestConsoleFormsStayOnOneShard$$' ./pkg/console/

# The HTTP suite on a Citus cluster (issue 19): every test's PostgreSQL
# part on the shared cluster database (WAGEGUARD_TEST_CITUS_URL, as for
# test-citus, a fresh one: `cluster db NAME`), each with projects,
# organisations and keys of its own, and the tests that read an
# authority's region each in a Beijing city of its own (helpers_test.go's
# rg); TestGoldenResources, whose answers are the whole database's (a
# nightly check's counts, the lists of every organisation and check run),
# on a database of its own on the cluster; the SQLite parts are left to
# `make test`.
test-citus-http:
	@test -n "$(WAGEGUARD_TEST_CITUS_URL)" || { echo "set WAGEGUARD_TEST_CITUS_URL (cluster db NAME prints it)"; exit 2; }
	WAGEGUARD_TEST_REQUIRE_POSTGRES=1 $(GO) test -count=1 -timeout 40m -run '/postgres$$' ./pkg/httpapi/

# Adding a worker and rebalancing (README's "Scaling out"):
# TestCitusAddNodeAndRebalance on a database of its own on the cluster of
# WAGEGUARD_TEST_CITUS_URL, with a fourth server, CITUS_NEW_NODE, not yet
# in the cluster: start it first, outside any lock (`"$WAGEGUARD_CITUS_CLUSTER"
# node 5436`). Adds it, rebalances, checks every row, drains and removes it.
# About a minute alone; not in .ci/run (see README).
CITUS_NEW_NODE ?= 127.0.0.1:5436
test-citus-rebalance:
	@test -n "$(WAGEGUARD_TEST_CITUS_URL)" || { echo "set WAGEGUARD_TEST_CITUS_URL (cluster db NAME prints it)"; exit 2; }
	@pg_isready -q -h $(firstword $(subst :, ,$(CITUS_NEW_NODE))) -p $(lastword $(subst :, ,$(CITUS_NEW_NODE))) || \
		{ echo "no server on $(CITUS_NEW_NODE): start it with the cluster script's \"node $(lastword $(subst :, ,$(CITUS_NEW_NODE)))\""; exit 2; }
	WAGEGUARD_TEST_CITUS_NEW_NODE=$(CITUS_NEW_NODE) WAGEGUARD_TEST_REQUIRE_POSTGRES=1 \
		$(GO) test -count=1 -timeout 10m -v -run '^TestCitusAddNodeAndRebalance$$' ./pkg/store/

# Benchmarks run on PostgreSQL (the local server unless
# WAGEGUARD_TEST_DATABASE_URL names another) and print each figure next to a
# raw COPY of the same rows measured in the same run; the payroll benchmark
# runs on SQLite too and prints both (SQLite must stay within 3x PostgreSQL).
BENCH_DB ?= $(or $(WAGEGUARD_TEST_DATABASE_URL),postgres://postgres@127.0.0.1:5432/postgres)
bench:
	WAGEGUARD_TEST_DATABASE_URL=$(BENCH_DB) WAGEGUARD_TEST_REQUIRE_POSTGRES=1 \
		$(GO) test -run '^$$' -bench . -benchmem -benchtime 1x -timeout 60m $(PKGS)

# Issue 19: payroll upload and approval, confirmation files and single
# confirmations, the nightly check and an inspector's reads across projects
# (alert queue, a month's statistics, a worker's lookup) at a small size, on single-node
# PostgreSQL and on the local Citus cluster with 32 and 4 shards, with each
# node's statement time (.ci/bench-citus says how). Needs the cluster
# started (the cluster script named by WAGEGUARD_CITUS_CLUSTER, as .ci/run finds it); about 15 minutes on two cores.
bench-citus:
	flock /tmp/bench.lock bash .ci/bench-citus

# The long forms of issue 16's proofs (the test run holds their short forms):
# thousands of random operation sequences against the model on both
# databases, a crash harness with many kills, database faults again and
# again, the payee lookup's plans on a payroll of SOAK_PLAN_WORKERS workers,
# and every fuzz target for SOAK_FUZZTIME. Hours, not minutes: never
# on a shared machine.
SOAK_SEQUENCES ?= 3000
SOAK_FUZZTIME ?= 10m
SOAK_KILLS ?= 200
SOAK_PLAN_WORKERS ?= 200000
soak:
	WAGEGUARD_TEST_DATABASE_URL=$(BENCH_DB) WAGEGUARD_TEST_REQUIRE_POSTGRES=1 WAGEGUARD_MODEL_SEQUENCES=$(SOAK_SEQUENCES) WAGEGUARD_MODEL_STEPS=60 \
		$(GO) test -count=1 -timeout 12h -run 'TestModelRandomSequences' ./pkg/httpapi/
	WAGEGUARD_TEST_DATABASE_URL=$(BENCH_DB) WAGEGUARD_TEST_REQUIRE_POSTGRES=1 WAGEGUARD_CRASH_KILLS=$(SOAK_KILLS) WAGEGUARD_CRASH_WORKERS=500 \
		$(GO) test -count=1 -timeout 6h -run 'TestCrashSafetyConverges' ./cmd/wageguard/
	$(GO) test -count=20 -timeout 6h -run 'TestDatabaseFaultsAnswer503AndRecover' ./pkg/httpapi/
	WAGEGUARD_TEST_DATABASE_URL=$(BENCH_DB) WAGEGUARD_TEST_REQUIRE_POSTGRES=1 WAGEGUARD_PLAN_WORKERS=$(SOAK_PLAN_WORKERS) \
		$(GO) test -count=1 -timeout 1h -run 'TestPayeeLookupPlansOnIssueSizedData' ./pkg/store/
	FUZZTIME=$(SOAK_FUZZTIME) bash .ci/fuzz

# Every fuzz target for FUZZTIME (default 3s) each, as .ci/run does.
fuzz:
	bash .ci/fuzz

lint:
	@out=$$(gofmt -l $$(git ls-files '*.go')); if [ -n "$$out" ]; then echo "gofmt would change:"; echo "$$out"; exit 1; fi
	$(GO) vet $(PKGS)

# govulncheck against the Go vulnerability database fetched as a module
# through the proxy (.ci/govulncheck): fails on a reachable vulnerability.
vulncheck:
	bash .ci/govulncheck

run:
	$(GO) run ./cmd/wageguard serve --demo

fmt:
	gofmt -w $$(git ls-files '*.go')
