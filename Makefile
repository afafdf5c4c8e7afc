# Makefile - one non-recursive build for halopsa-mcp, the simulator and tests.
#   make            release build: bin/halopsa-mcp, bin/halopsa-sim
#   make check      every test under AddressSanitizer + UBSan (build/asan)
#   make demo       build, then a short readable demo on the embedded tenant
#   make bench      benchmarks (not part of check), writes build/bench/RESULTS.md
#   make bench-update  the same, rewriting the committed bench/RESULTS.md
#   make docs       regenerate docs/tools.md from the tool tables
#   make install    PREFIX=/usr/local (both binaries and their man pages)
# BUILD=debug|release|asan picks the variant; objects go to build/$(BUILD).

BUILD ?= release
PREFIX ?= /usr/local
CC ?= cc
BUILDDIR ?= build/$(BUILD)
B := $(BUILDDIR)
PKGS := jansson libcurl libmicrohttpd libcrypto

# Install missing Debian packages (or print the apt-get line) before the
# flags are read, so a fresh machine builds with a plain `make`.
ifeq ($(shell pkg-config --exists $(PKGS) 2>/dev/null && echo ok),)
DEPS_STATUS := $(shell sh scripts/deps.sh 1>&2 && echo ok)
ifeq ($(DEPS_STATUS),)
$(error missing build dependencies; see the apt-get line above)
endif
endif

PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS))
PKG_LIBS := $(shell pkg-config --libs $(PKGS))

WARN := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes -Wvla
CFLAGS_BASE := -std=c11 -D_GNU_SOURCE $(WARN) -MMD -MP -Isrc -Isim -Itests/lib $(PKG_CFLAGS)
ifeq ($(BUILD),release)
CFLAGS_VARIANT := -O2 -g -D_FORTIFY_SOURCE=2 -fstack-protector-strong
else ifeq ($(BUILD),asan)
CFLAGS_VARIANT := -O1 -g -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
LDFLAGS_VARIANT := -fsanitize=address,undefined
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
BIN_MCP := $(B)/bin/halopsa-mcp
BIN_SIM := $(B)/bin/halopsa-sim
BIN_FIXTURE := $(B)/bin/mcp-fixture
BENCH_SRC := $(wildcard bench/*.c)
BENCH_BINS := $(patsubst bench/%.c,$(B)/bench/%,$(BENCH_SRC))
TEST_BINS := $(patsubst tests/%.c,$(B)/tests/%,$(TEST_SRC))

.PHONY: all check test-build bench-build demo bench bench-update docs install clean format
all: bin/halopsa-mcp bin/halopsa-sim

bin/halopsa-mcp: $(BIN_MCP)
	@mkdir -p bin
	cp $< $@
bin/halopsa-sim: $(BIN_SIM)
	@mkdir -p bin
	cp $< $@

$(B)/obj/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -c $< -o $@

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

# Benchmark programs (bench/*.c) link everything and the test support.
$(B)/bench/%: $(B)/obj/bench/%.o $(LIB_TEST) $(ALL_LIBS)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_LDFLAGS) -o $@ $< $(LIB_TEST) $(ALL_LIBS) $(LIBS)
bench-build: $(BIN_MCP) $(BIN_SIM) $(BENCH_BINS)

test-build: $(BIN_MCP) $(BIN_SIM) $(TEST_BINS) $(if $(FIXTURE_SRC),$(BIN_FIXTURE))

# make check: everything under the sanitizers, then every suite; the last
# line printed is the total "N passed, N failed".
check:
	@$(MAKE) --no-print-directory BUILD=asan BUILDDIR=$(CHECKDIR) test-build
	@sh tests/run.sh $(CHECKDIR)

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
	rm -rf build bin

format:
	clang-format -i $(BASE_SRC) $(MCP_SRC) $(HALO_SRC) $(TOOLS_SRC) $(APP_SRC) $(wildcard sim/*.c)

-include $(shell find build -name '*.d' 2>/dev/null)
