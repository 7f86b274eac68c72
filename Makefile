# samplan — GNU Make with pkg-config.
#
#   make            build build/samplan (B=DIR builds into DIR instead)
#   make run        install what is missing, build, demo database, serve
#   make test       install what is missing, build, run every test
#   make bench      benchmarks against nginx (not part of make test)
#   make fuzz       build the fuzz targets (clang) and run each FUZZ_SECONDS
#   make lint       static analysis of src/ (cppcheck); must be clean
#   make po         refresh po/samplan.pot and merge po/en.po
#
# Two builds share the sources: build/ (optimised, the product) and
# build/asan/ (AddressSanitizer + UndefinedBehaviorSanitizer) for the
# unit tests.

CC ?= cc
# Output directory; helpers and parallel checkouts may use their own.
B ?= build
export B
# V=1 shows the full compiler commands.
Q := $(if $(V),,@)
PKGS := libmicrohttpd sqlite3 libpq jansson libsodium pangocairo cairo-pdf fontconfig libical libcurl
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS))
PKG_LIBS = $(shell pkg-config --libs $(PKGS))

WARN := -Wall -Wextra -Wformat=2 -Wmissing-prototypes -Wshadow -Wvla \
        -Wno-missing-field-initializers -Werror
BASE_CFLAGS = -std=c17 -D_GNU_SOURCE $(WARN) -Isrc -MMD -MP $(PKG_CFLAGS)
OPT_CFLAGS := -O2 -g -fstack-protector-strong -D_FORTIFY_SOURCE=2
SAN_CFLAGS := -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer \
              -fno-sanitize-recover=undefined
LDLIBS = $(PKG_LIBS) -lpthread

SRC := $(wildcard src/*.c src/*/*.c)
LIB_SRC := $(filter-out src/main.c,$(SRC))
SQL := $(sort $(wildcard sql/*.sql))
WEB := $(sort $(wildcard web/*))
PO := $(wildcard po/*.po)
UNIT_TESTS := $(patsubst tests/unit/%.c,%,$(wildcard tests/unit/test_*.c))
HTTP_TESTS := $(patsubst tests/http/%.c,%,$(wildcard tests/http/test_*.c))

# Per-build object lists: $(B)/obj/... and $(B)/asan/obj/...
OBJ := $(LIB_SRC:%.c=$(B)/obj/%.o)
ASAN_OBJ := $(LIB_SRC:%.c=$(B)/asan/obj/%.o)
GEN_SRC := $(B)/gen/embedded_sql.c $(B)/gen/embedded_web.c $(B)/gen/embedded_mo.c \
           $(B)/gen/embedded_doc.c
GEN_OBJ := $(GEN_SRC:$(B)/gen/%.c=$(B)/obj/gen/%.o)
ASAN_GEN_OBJ := $(GEN_SRC:$(B)/gen/%.c=$(B)/asan/obj/gen/%.o)
TEST_SUPPORT := $(wildcard tests/unit/support/*.c)

.PHONY: all run test test-unit test-http test-e2e bench po clean deps check-deps
.DEFAULT_GOAL := all

all: $(B)/samplan

deps:
	@scripts/install-deps

# ---- the product ----

$(B)/samplan: $(B)/obj/src/main.o $(B)/libsamplan.a
	@echo "  LD      $@"
	$(Q)$(CC) -o $@ $^ $(LDLIBS)

$(B)/libsamplan.a: $(OBJ) $(GEN_OBJ)
	@rm -f $@
	@echo "  AR      $@"
	$(Q)ar rcs $@ $^

$(B)/obj/%.o: %.c
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	$(Q)$(CC) $(BASE_CFLAGS) $(OPT_CFLAGS) -c -o $@ $<

$(B)/obj/gen/%.o: $(B)/gen/%.c
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	$(Q)$(CC) -std=c17 -Isrc -O2 -c -o $@ $<

# ---- embedded files ----

$(B)/tools/embed: tools/embed.c
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	$(Q)$(CC) -std=c17 -O2 -Wall -Werror -o $@ $<

$(B)/gen/embedded_sql.c: $(B)/tools/embed $(SQL)
	@mkdir -p $(dir $@)
	@echo "  EMBED   $@"
	$(Q)$(B)/tools/embed embedded_sql $(SQL) > $@.tmp && mv $@.tmp $@

$(B)/gen/embedded_web.c: $(B)/tools/embed $(WEB)
	@mkdir -p $(dir $@)
	@echo "  EMBED   $@"
	$(Q)$(B)/tools/embed embedded_web $(WEB) > $@.tmp && mv $@.tmp $@

# The API's description, served at /api/v1/openapi.yaml.
$(B)/gen/embedded_doc.c: $(B)/tools/embed docs/openapi.yaml
	@mkdir -p $(dir $@)
	@echo "  EMBED   $@"
	$(Q)$(B)/tools/embed embedded_doc docs/openapi.yaml > $@.tmp && mv $@.tmp $@

$(B)/gen/%.mo: po/%.po
	@mkdir -p $(dir $@)
	@echo "  MSGFMT  $<"
	$(Q)msgfmt --check -o $@ $<

$(B)/gen/embedded_mo.c: $(B)/tools/embed $(PO:po/%.po=$(B)/gen/%.mo)
	@mkdir -p $(dir $@)
	@echo "  EMBED   $@"
	$(Q)$(B)/tools/embed embedded_mo $(filter %.mo,$^) > $@.tmp && mv $@.tmp $@

# ---- sanitizer build and tests ----

$(B)/asan/libsamplan.a: $(ASAN_OBJ) $(ASAN_GEN_OBJ)
	@rm -f $@
	@echo "  AR      $@"
	$(Q)ar rcs $@ $^

$(B)/asan/obj/%.o: %.c
	@mkdir -p $(dir $@)
	@echo "  CC asan $<"
	$(Q)$(CC) $(BASE_CFLAGS) $(SAN_CFLAGS) -c -o $@ $<

$(B)/asan/obj/gen/%.o: $(B)/gen/%.c
	@mkdir -p $(dir $@)
	@echo "  CC asan $<"
	$(Q)$(CC) -std=c17 -Isrc -O1 -c -o $@ $<

$(B)/tests/%: tests/unit/%.c $(TEST_SUPPORT) $(B)/libsamplan.a
	@mkdir -p $(dir $@)
	@echo "  LD      $@"
	$(Q)$(CC) $(BASE_CFLAGS) $(OPT_CFLAGS) -Itests/unit -o $@ $< $(TEST_SUPPORT) \
		$(B)/libsamplan.a $(LDLIBS) -lcmocka

$(B)/asan/tests/%: tests/unit/%.c $(TEST_SUPPORT) $(B)/asan/libsamplan.a
	@mkdir -p $(dir $@)
	@echo "  LD asan $@"
	$(Q)$(CC) $(BASE_CFLAGS) $(SAN_CFLAGS) -Itests/unit -o $@ $< $(TEST_SUPPORT) \
		$(B)/asan/libsamplan.a $(LDLIBS) -lcmocka

# sink.c drives the SMTP sink of the mail suites (tests/http/smtp_sink.py).
$(B)/http-tests/%: tests/http/%.c tests/http/harness.c tests/http/harness.h \
                   tests/http/sink.c tests/http/sink.h $(TEST_SUPPORT) \
                   $(B)/libsamplan.a
	@mkdir -p $(dir $@)
	@echo "  LD http $@"
	$(Q)$(CC) $(BASE_CFLAGS) -O1 -g -Itests/http -Itests/unit -o $@ $< \
		tests/http/harness.c tests/http/sink.c $(TEST_SUPPORT) \
		$(B)/libsamplan.a $(LDLIBS) -lcmocka -lcurl

unit-tests: $(UNIT_TESTS:%=$(B)/tests/%) $(UNIT_TESTS:%=$(B)/asan/tests/%)
http-tests: $(B)/samplan $(HTTP_TESTS:%=$(B)/http-tests/%)

# ---- sanitizers on the server (h/testinfra) ----
# $(B)/asan/samplan: `samplan serve` under ASan + UBSan, from the asan
# objects; $(B)/tsan/samplan: the same under ThreadSanitizer. The HTTP
# tests run once more against each (scripts/run-tests).

TSAN_CFLAGS := -O1 -g -fsanitize=thread -fno-omit-frame-pointer
TSAN_OBJ := $(LIB_SRC:%.c=$(B)/tsan/obj/%.o)

$(B)/asan/samplan: $(B)/asan/obj/src/main.o $(B)/asan/libsamplan.a
	@echo "  LD asan $@"
	$(Q)$(CC) $(SAN_CFLAGS) -o $@ $^ $(LDLIBS)

$(B)/tsan/samplan: $(B)/tsan/obj/src/main.o $(B)/tsan/libsamplan.a
	@echo "  LD tsan $@"
	$(Q)$(CC) $(TSAN_CFLAGS) -o $@ $^ $(LDLIBS)

# The embedded files are data: the product's objects serve.
$(B)/tsan/libsamplan.a: $(TSAN_OBJ) $(GEN_OBJ)
	@rm -f $@
	@echo "  AR tsan $@"
	$(Q)ar rcs $@ $^

$(B)/tsan/obj/%.o: %.c
	@mkdir -p $(dir $@)
	@echo "  CC tsan $<"
	$(Q)$(CC) $(BASE_CFLAGS) $(TSAN_CFLAGS) -c -o $@ $<

asan-server: $(B)/asan/samplan
tsan-server: $(B)/tsan/samplan
.PHONY: asan-server tsan-server

-include $(TSAN_OBJ:.o=.d) $(B)/asan/obj/src/main.d $(B)/tsan/obj/src/main.d

# ---- fuzzing (h/fuzz-lint) ----
# libFuzzer targets, one per parser: tests/fuzz/fuzz_<name>.c with seeds
# in tests/fuzz/corpus/<name>/. They need clang: the library is built a
# third time, with clang -fsanitize=fuzzer-no-link,address,undefined,
# into $(B)/fuzz/. `make fuzz` runs each target for FUZZ_SECONDS on a
# copy of its corpus (tests/fuzz/run.sh); see docs/security-testing.md.
FUZZ_CC ?= clang
FUZZ_SECONDS ?= 60
FUZZ_SAN := -fsanitize=address,undefined -fno-sanitize-recover=undefined \
            -fno-omit-frame-pointer
FUZZ_CFLAGS := -O1 -g $(FUZZ_SAN) -fsanitize=fuzzer-no-link
FUZZ_OBJ := $(LIB_SRC:%.c=$(B)/fuzz/obj/%.o)
FUZZ_GEN_OBJ := $(GEN_SRC:$(B)/gen/%.c=$(B)/fuzz/obj/gen/%.o)
FUZZ_TARGETS := $(patsubst tests/fuzz/fuzz_%.c,fuzz_%,$(wildcard tests/fuzz/fuzz_*.c))

.PHONY: fuzzers fuzz

$(B)/fuzz/libsamplan.a: $(FUZZ_OBJ) $(FUZZ_GEN_OBJ)
	@rm -f $@
	@echo "  AR      $@"
	$(Q)ar rcs $@ $^

$(B)/fuzz/obj/%.o: %.c
	@mkdir -p $(dir $@)
	@echo "  CC fuzz $<"
	$(Q)$(FUZZ_CC) $(BASE_CFLAGS) $(FUZZ_CFLAGS) -c -o $@ $<

$(B)/fuzz/obj/gen/%.o: $(B)/gen/%.c
	@mkdir -p $(dir $@)
	@echo "  CC fuzz $<"
	$(Q)$(FUZZ_CC) -std=c17 -Isrc -O1 -c -o $@ $<

# The unit tests' support (a migrated test database) is linked in for
# the targets that need one.
$(B)/fuzz/fuzz_%: tests/fuzz/fuzz_%.c $(wildcard tests/fuzz/*.h) $(TEST_SUPPORT) \
		$(B)/fuzz/libsamplan.a
	@echo "  LD fuzz $@"
	$(Q)$(FUZZ_CC) $(BASE_CFLAGS) -O1 -g $(FUZZ_SAN) -fsanitize=fuzzer \
		-Itests/fuzz -Itests/unit -o $@ $< $(TEST_SUPPORT) \
		$(B)/fuzz/libsamplan.a $(LDLIBS) -lcmocka

fuzzers: $(FUZZ_TARGETS:%=$(B)/fuzz/%)

fuzz: fuzzers
	@FUZZ_SECONDS=$(FUZZ_SECONDS) tests/fuzz/run.sh

-include $(FUZZ_OBJ:.o=.d)
# ---- end fuzzing ----

# ---- static analysis (h/fuzz-lint) ----
# `make lint`: cppcheck over src/ — its bug classes (warning: undefined
# behaviour, out-of-bounds, leaks, misuse of the C library; performance;
# portability), not its style opinions. Must be clean; .ci/run runs it
# before make test. True false positives only, each with its reason, in
# tests/lint/cppcheck-suppressions.txt.
CPPCHECK ?= cppcheck
.PHONY: lint
lint:
	@echo "  LINT    src (cppcheck)"
	$(Q)$(CPPCHECK) --quiet --std=c11 --enable=warning,performance,portability \
		--library=posix --library=gnu -D_GNU_SOURCE -Isrc \
		--suppressions-list=tests/lint/cppcheck-suppressions.txt \
		--error-exitcode=1 -j2 --template=gcc src
# ---- end static analysis ----

# ---- the newcomer's commands ----

run: deps
	@$(MAKE) --no-print-directory $(B)/samplan
	@scripts/run-demo

test: deps
	@$(MAKE) --no-print-directory $(B)/samplan unit-tests http-tests \
		asan-server tsan-server fuzzers
	@scripts/run-tests

bench: deps
	@$(MAKE) --no-print-directory $(B)/samplan
	@bench/run

po:
	@xgettext --from-code=UTF-8 --language=C --keyword=tr:2 --keyword=trn:2,3 \
		--keyword=N_ --keyword=R_:2 --keyword=T:2 --add-comments=TRANSLATORS \
		--no-location --sort-output --package-name=samplan \
		-o po/samplan.pot $(SRC)
	@msgmerge --quiet --update --backup=none --no-fuzzy-matching po/en.po po/samplan.pot

clean:
	rm -rf build

-include $(OBJ:.o=.d) $(ASAN_OBJ:.o=.d) $(B)/obj/src/main.d
