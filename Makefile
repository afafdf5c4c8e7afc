# Makefile - one non-recursive build for halopsa-mcp, the simulator and tests.
#   make            release build: bin/halopsa-mcp, bin/halopsa-sim
#   make deps       install every Debian package the build and the tests need (as root)
#   make check      every test under AddressSanitizer + UBSan (build/asan), the
#                   fuzz harnesses briefly (build/fuzz, clang), the container
#                   image built and run (podman); suites run in parallel
#   make check-tsan the C suites under ThreadSanitizer (build/tsan)
#   make check-container  only the container suite of make check
#   make fuzz       long fuzzing runs (FUZZ_TIME seconds per harness, default 600)
#   make image      the container image (IMAGE=halopsa-mcp:latest) with podman
#   make mcpb       halopsa-mcp.mcpb, the Claude Desktop bundle
#   make demo       build, then a short readable demo on the embedded tenant
#   make bench      benchmarks (not part of check), writes build/bench/RESULTS.md
#   make bench-update  the same, rewriting the committed bench/RESULTS.md
#   make docs       regenerate docs/tools.md from the tool tables
#   make install    PREFIX=/usr/local (both binaries and their man pages)
# BUILD=debug|release|asan|tsan|fuzz picks the variant; objects go to build/$(BUILD).

BUILD ?= release
PREFIX ?= /usr/local
BUILDDIR ?= build/$(BUILD)
B := $(BUILDDIR)
PKGS := jansson libcurl libmicrohttpd libcrypto
FUZZ_CC ?= clang
IMAGE ?= halopsa-mcp:latest

# Goals that compile nothing do not need the libraries; every other goal
# stops here with one message when they are missing (nothing is installed
# behind the user's back: that is what `make deps` is for).
NO_BUILD_GOALS := clean deps help format image check-container
ifneq ($(filter-out $(NO_BUILD_GOALS),$(or $(MAKECMDGOALS),all)),)
ifeq ($(shell pkg-config --exists $(PKGS) 2>/dev/null && echo ok),)
$(error missing build dependencies (pkg-config and the -dev packages of $(PKGS)): run 'make deps' as root, or 'sh scripts/deps.sh' for the apt-get line)
endif
endif

PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS := $(shell pkg-config --libs $(PKGS) 2>/dev/null)

WARN := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes -Wvla
CFLAGS_BASE := -std=c11 -D_GNU_SOURCE $(WARN) -MMD -MP -Isrc -Isim $(PKG_CFLAGS)
ifeq ($(BUILD),release)
CFLAGS_VARIANT := -O2 -g -D_FORTIFY_SOURCE=2 -fstack-protector-strong
else ifeq ($(BUILD),asan)
# gcc's "undefined" leaves out float-cast-overflow (a double too large for
# the integer it is converted to), which input such as page=1e300 reaches.
SAN := -fsanitize=address,undefined,float-cast-overflow
CFLAGS_VARIANT := -O1 -g $(SAN) -fno-sanitize-recover=all -fno-omit-frame-pointer
LDFLAGS_VARIANT := $(SAN)
else ifeq ($(BUILD),tsan)
CFLAGS_VARIANT := -O1 -g -fsanitize=thread -fno-omit-frame-pointer
LDFLAGS_VARIANT := -fsanitize=thread
else ifeq ($(BUILD),fuzz)
# libFuzzer needs clang; every module is instrumented for coverage, the
# harnesses (tests/fuzz/) add the fuzzer's main at link time.
override CC := $(FUZZ_CC)
SAN := -fsanitize=address,undefined -fno-sanitize-recover=all
CFLAGS_VARIANT := -O1 -g $(SAN) -fsanitize=fuzzer-no-link -fno-omit-frame-pointer
LDFLAGS_VARIANT := $(SAN)
else
CFLAGS_VARIANT := -O0 -g
endif
ALL_CFLAGS := $(CFLAGS_BASE) $(CFLAGS_VARIANT) $(CFLAGS)
ALL_LDFLAGS := $(LDFLAGS_VARIANT) $(LDFLAGS)
LIBS := $(PKG_LIBS) -lpthread -lm

# Modules: each directory is one static library.
BASE_SRC := $(wildcard src/base/*.c)
MCP_SRC := $(wildcard src/mcp/*.c)
HALO_SRC := $(wildcard src/halo/*.c)
TOOLS_SRC := $(wildcard src/tools/*.c)
APP_SRC := $(wildcard src/app/*.c)
SIM_SRC := $(filter-out sim/main.c,$(wildcard sim/*.c))
TESTLIB_SRC := $(wildcard tests/lib/*.c)
TEST_SRC := $(wildcard tests/*/test_*.c)
FIXTURE_SRC := $(wildcard tests/conformance/*.c)
FUZZ_SRC := $(wildcard tests/fuzz/fuzz_*.c)
FUZZLIB_SRC := $(filter-out $(FUZZ_SRC),$(wildcard tests/fuzz/*.c))

obj = $(patsubst %.c,$(B)/obj/%.o,$(1))
LIB_BASE := $(B)/libbase.a
LIB_MCP := $(B)/libmcp.a
LIB_HALO := $(B)/libhalo.a
LIB_TOOLS := $(B)/libtools.a
LIB_SIM := $(B)/libsim.a
LIB_TEST := $(B)/libtest.a
# Link order: users before what they use.
ALL_LIBS := $(LIB_TOOLS) $(LIB_HALO) $(LIB_MCP) $(LIB_SIM) $(LIB_BASE)

CHECKDIR ?= build/asan
FUZZDIR ?= build/fuzz
TSANDIR ?= build/tsan
BIN_MCP := $(B)/bin/halopsa-mcp
BIN_SIM := $(B)/bin/halopsa-sim
BIN_FIXTURE := $(B)/bin/mcp-fixture
BENCH_SRC := $(wildcard bench/*.c)
BENCH_BINS := $(patsubst bench/%.c,$(B)/bench/%,$(BENCH_SRC))
TEST_BINS := $(patsubst tests/%.c,$(B)/tests/%,$(TEST_SRC))
FUZZ_BINS := $(patsubst tests/fuzz/%.c,$(B)/fuzz/%,$(FUZZ_SRC))

# Every build uses every core unless told otherwise: make -jN on the
# command line wins, make JOBS=1 builds one file at a time. Sub-makes share
# the top one's job slots.
JOBS ?= $(shell nproc 2>/dev/null || echo 2)
ifeq ($(MAKELEVEL),0)
MAKEFLAGS += -j$(JOBS)
endif

.PHONY: all deps check check-tsan check-container test-build fuzz-build bench-build fuzz \
	image mcpb demo bench bench-update docs install clean format help
all: bin/halopsa-mcp bin/halopsa-sim

help:
	@sed -n '2,17s/^# \{0,1\}//p' Makefile

bin/halopsa-mcp: $(BIN_MCP)
	@mkdir -p bin
	cp $< $@
bin/halopsa-sim: $(BIN_SIM)
	@mkdir -p bin
	cp $< $@

# Objects are never thrown away as intermediates (a test binary's object
# would otherwise be rebuilt on every run).
.SECONDARY:

$(B)/obj/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -c $< -o $@
# Only tests, benchmarks and fuzz harnesses see the test support headers.
$(B)/obj/tests/%.o $(B)/obj/bench/%.o: ALL_CFLAGS += -Itests/lib
# fuzz_project checks the projecting parse against the tests' reference.
$(B)/obj/tests/fuzz/%.o: ALL_CFLAGS += -Itests/halo

$(LIB_BASE): $(call obj,$(BASE_SRC))
$(LIB_MCP): $(call obj,$(MCP_SRC))
$(LIB_HALO): $(call obj,$(HALO_SRC))
$(LIB_TOOLS): $(call obj,$(TOOLS_SRC))
$(LIB_SIM): $(call obj,$(SIM_SRC))
$(LIB_TEST): $(call obj,$(TESTLIB_SRC))
$(B)/lib%.a:
	@mkdir -p $(dir $@)
	rm -f $@
	$(if $^,ar rcs $@ $^,ar rcs $@)

$(BIN_MCP): $(call obj,$(APP_SRC)) $(ALL_LIBS)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_LDFLAGS) -o $@ $(call obj,$(APP_SRC)) $(ALL_LIBS) $(LIBS)
$(BIN_SIM): $(call obj,sim/main.c) $(LIB_SIM) $(LIB_BASE)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_LDFLAGS) -o $@ $^ $(LIBS)
$(BIN_FIXTURE): $(call obj,$(FIXTURE_SRC)) $(LIB_MCP) $(LIB_BASE)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_LDFLAGS) -o $@ $^ $(LIBS)
# Each test area links only the modules it tests, so one module's work in
# progress does not stop another's tests from building.
define test_area
$(B)/tests/$(1)/%: $(B)/obj/tests/$(1)/%.o $(LIB_TEST) $(2)
	@mkdir -p $$(dir $$@)
	$$(CC) $$(ALL_LDFLAGS) -o $$@ $$< $(LIB_TEST) $(2) $$(LIBS)
endef
$(eval $(call test_area,mcp,$(LIB_MCP) $(LIB_BASE)))
$(eval $(call test_area,sim,$(LIB_SIM) $(LIB_BASE)))
$(eval $(call test_area,halo,$(LIB_HALO) $(LIB_SIM) $(LIB_BASE)))
$(eval $(call test_area,tools,$(ALL_LIBS)))
$(eval $(call test_area,cli,$(ALL_LIBS)))

# Fuzz harnesses (BUILD=fuzz): libFuzzer's main, the shared fuzz support,
# every module.
$(B)/fuzz/%: $(B)/obj/tests/fuzz/%.o $(call obj,$(FUZZLIB_SRC)) $(ALL_LIBS)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_LDFLAGS) -fsanitize=fuzzer -o $@ $< $(call obj,$(FUZZLIB_SRC)) $(ALL_LIBS) $(LIBS)

# Benchmark programs (bench/*.c) link everything and the test support.
$(B)/bench/%: $(B)/obj/bench/%.o $(LIB_TEST) $(ALL_LIBS)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_LDFLAGS) -o $@ $< $(LIB_TEST) $(ALL_LIBS) $(LIBS)
bench-build: $(BIN_MCP) $(BIN_SIM) $(BENCH_BINS)

test-build: $(BIN_MCP) $(BIN_SIM) $(TEST_BINS) $(if $(FIXTURE_SRC),$(BIN_FIXTURE))

fuzz-build:
	@command -v $(FUZZ_CC) >/dev/null 2>&1 || { echo "make: $(FUZZ_CC) not found (the fuzz harnesses need clang and libFuzzer): run 'make deps' as root" >&2; exit 2; }
	@$(MAKE) --no-print-directory BUILD=fuzz BUILDDIR=$(FUZZDIR) fuzz-bins
.PHONY: fuzz-bins
fuzz-bins: $(FUZZ_BINS)

# make check: the container image build starts in the background (it
# waits on the network and the disk more than on the CPU), then both
# sanitizer builds, then every suite side by side, the container suite
# waiting for its image; the last line printed is the total "N passed, N failed".
check:
	@sh tests/container/run-suite.sh --prebuild $(CHECKDIR)
	@$(MAKE) --no-print-directory BUILD=asan BUILDDIR=$(CHECKDIR) test-build
	@$(MAKE) --no-print-directory fuzz-build
	@FUZZ_DIR=$(FUZZDIR)/fuzz sh tests/run.sh $(CHECKDIR)

# The C suites under ThreadSanitizer, with their waits stretched (it runs
# everything several times slower); the C suites drive every binary.
check-tsan:
	@$(MAKE) --no-print-directory BUILD=tsan BUILDDIR=$(TSANDIR) test-build
	@TEST_TIMEOUT_SCALE=$${TEST_TIMEOUT_SCALE:-5} RUN_SUITES=c sh tests/run.sh $(TSANDIR)

# The container suite alone (make check runs it too): builds the image and
# talks to it over stdio and HTTP.
check-container:
	@sh tests/container/run-suite.sh $(CHECKDIR)

fuzz:
	@$(MAKE) --no-print-directory fuzz-build
	@sh tests/fuzz/run.sh --long $(FUZZDIR)/fuzz

deps:
	@sh scripts/deps.sh

image:
	@sh scripts/image.sh $(IMAGE)

mcpb: bin/halopsa-mcp
	@sh scripts/mcpb.sh bin/halopsa-mcp halopsa-mcp.mcpb

demo: all
	@sh scripts/demo.sh

bench: all
	@$(MAKE) --no-print-directory BUILD=release bench-build
	@sh bench/run.sh build/release
# The same, rewriting the committed bench/RESULTS.md.
bench-update: all
	@$(MAKE) --no-print-directory BUILD=release bench-build
	@BENCH_OUT=bench/RESULTS.md sh bench/run.sh build/release

docs: bin/halopsa-mcp
	bin/halopsa-mcp docs > docs/tools.md

install: all
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/man/man1
	install -m 755 bin/halopsa-mcp bin/halopsa-sim $(DESTDIR)$(PREFIX)/bin/
	install -m 644 docs/halopsa-mcp.1 docs/halopsa-sim.1 $(DESTDIR)$(PREFIX)/share/man/man1/

clean:
	rm -rf build bin halopsa-mcp.mcpb

format:
	clang-format -i $(BASE_SRC) $(MCP_SRC) $(HALO_SRC) $(TOOLS_SRC) $(APP_SRC) $(wildcard sim/*.c)

-include $(shell find $(B) -name '*.d' 2>/dev/null)
