# The commands of the README:
#   make demo   set up, build, load demo data and serve the portal on http://127.0.0.1:8080
#   make test   set up, build (one ASan + UBSan build, build-asan/) and run the whole test suite on SQLite and PostgreSQL
#   make bench  load benchmarks: signatures, the petition page under 1,000 connections, every public page kind against
#               nginx (bench/run.sh, figures in docs/benchmarks.md)
BUILD ?= build
BUILD_TYPE ?= RelWithDebInfo
JOBS ?= $(shell nproc)
DEMO_DB ?= data/mitwirken.db
TEST_BUILD ?= build-asan

.PHONY: demo test bench package configure build build-server assets bootstrap clean format

bootstrap:
	@scripts/bootstrap.sh

configure: bootstrap
	@cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=$(BUILD_TYPE) >/dev/null

# Everything, tests included.
build: configure
	@cmake --build $(BUILD) -j$(JOBS)

# Only the binary (what the demo needs).
build-server: configure
	@cmake --build $(BUILD) -j$(JOBS) --target mitwirken

assets: bootstrap
	@scripts/build-assets.sh $(BUILD)/static

demo: build-server assets
	./$(BUILD)/mitwirken --db $(DEMO_DB) demo
	exec ./$(BUILD)/mitwirken --db $(DEMO_DB) serve

# scripts/test.sh builds $(TEST_BUILD) itself (sanitized, used by every suite).
test: bootstrap
	@scripts/build-assets.sh $(TEST_BUILD)/static
	@MW_TEST_BUILD=$(TEST_BUILD) scripts/test.sh

# The Debian package (scripts/package.sh): $(BUILD)/package/mitwirken_<version>_amd64.deb.
package: build-server assets
	@scripts/package.sh $(BUILD) $(BUILD)/package

# Signatures per second on SQLite and PostgreSQL, petition page under 1,000 connections, the table of page kinds
# against nginx; BENCH= picks scenarios.
bench: bootstrap assets
	@BUILD=$(BUILD) bench/run.sh $(BENCH)

format:
	@clang-format -i $$(git ls-files 'src/*.cpp' 'src/*.hpp' 'tests/*.cpp' 'tests/*.hpp')

clean:
	rm -rf $(BUILD)
