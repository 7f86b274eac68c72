# samplan — GNU Make with pkg-config.
#
#   make            build build/samplan
#   make run        install what is missing, build, demo database, serve
#   make test       install what is missing, build, run every test
#   make bench      benchmarks against nginx (not part of make test)
#   make po         refresh po/samplan.pot and merge po/en.po
#
# Two builds share the sources: build/ (optimised, the product) and
# build/asan/ (AddressSanitizer + UndefinedBehaviorSanitizer) for the
# unit tests.

CC ?= cc
# V=1 shows the full compiler commands.
Q := $(if $(V),,@)
PKGS := libmicrohttpd sqlite3 libpq jansson libsodium pangocairo cairo-pdf libical
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

# Per-build object lists: build/obj/... and build/asan/obj/...
OBJ := $(LIB_SRC:%.c=build/obj/%.o)
ASAN_OBJ := $(LIB_SRC:%.c=build/asan/obj/%.o)
GEN_SRC := build/gen/embedded_sql.c build/gen/embedded_web.c build/gen/embedded_mo.c
GEN_OBJ := $(GEN_SRC:build/gen/%.c=build/obj/gen/%.o)
ASAN_GEN_OBJ := $(GEN_SRC:build/gen/%.c=build/asan/obj/gen/%.o)
TEST_SUPPORT := $(wildcard tests/unit/support/*.c)

.PHONY: all run test test-unit test-http test-e2e bench po clean deps check-deps
.DEFAULT_GOAL := all

all: build/samplan

deps:
	@scripts/install-deps

# ---- the product ----

build/samplan: build/obj/src/main.o build/libsamplan.a
	$(CC) -o $@ $^ $(LDLIBS)

build/libsamplan.a: $(OBJ) $(GEN_OBJ)
	@rm -f $@
	ar rcs $@ $^

build/obj/%.o: %.c
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	$(Q)$(CC) $(BASE_CFLAGS) $(OPT_CFLAGS) -c -o $@ $<

build/obj/gen/%.o: build/gen/%.c
	@mkdir -p $(dir $@)
	$(CC) -std=c17 -Isrc -O2 -c -o $@ $<

# ---- embedded files ----

build/tools/embed: tools/embed.c
	@mkdir -p $(dir $@)
	$(CC) -std=c17 -O2 -Wall -Werror -o $@ $<

build/gen/embedded_sql.c: build/tools/embed $(SQL)
	@mkdir -p $(dir $@)
	build/tools/embed embedded_sql $(SQL) > $@.tmp && mv $@.tmp $@

build/gen/embedded_web.c: build/tools/embed $(WEB)
	@mkdir -p $(dir $@)
	build/tools/embed embedded_web $(WEB) > $@.tmp && mv $@.tmp $@

build/gen/%.mo: po/%.po
	@mkdir -p $(dir $@)
	msgfmt --check -o $@ $<

build/gen/embedded_mo.c: build/tools/embed $(PO:po/%.po=build/gen/%.mo)
	@mkdir -p $(dir $@)
	build/tools/embed embedded_mo $(filter %.mo,$^) > $@.tmp && mv $@.tmp $@

# ---- sanitizer build and tests ----

build/asan/libsamplan.a: $(ASAN_OBJ) $(ASAN_GEN_OBJ)
	@rm -f $@
	ar rcs $@ $^

build/asan/obj/%.o: %.c
	@mkdir -p $(dir $@)
	@echo "  CC asan $<"
	$(Q)$(CC) $(BASE_CFLAGS) $(SAN_CFLAGS) -c -o $@ $<

build/asan/obj/gen/%.o: build/gen/%.c
	@mkdir -p $(dir $@)
	$(CC) -std=c17 -Isrc -O1 -c -o $@ $<

build/tests/%: tests/unit/%.c $(TEST_SUPPORT) build/libsamplan.a
	@mkdir -p $(dir $@)
	$(CC) $(BASE_CFLAGS) $(OPT_CFLAGS) -Itests/unit -o $@ $< $(TEST_SUPPORT) \
		build/libsamplan.a $(LDLIBS) -lcmocka

build/asan/tests/%: tests/unit/%.c $(TEST_SUPPORT) build/asan/libsamplan.a
	@mkdir -p $(dir $@)
	$(CC) $(BASE_CFLAGS) $(SAN_CFLAGS) -Itests/unit -o $@ $< $(TEST_SUPPORT) \
		build/asan/libsamplan.a $(LDLIBS) -lcmocka

build/http-tests/%: tests/http/%.c tests/http/harness.c tests/http/harness.h build/libsamplan.a
	@mkdir -p $(dir $@)
	$(CC) $(BASE_CFLAGS) -O1 -g -Itests/http -o $@ $< tests/http/harness.c \
		build/libsamplan.a $(LDLIBS) -lcmocka -lcurl

unit-tests: $(UNIT_TESTS:%=build/tests/%) $(UNIT_TESTS:%=build/asan/tests/%)
http-tests: build/samplan $(HTTP_TESTS:%=build/http-tests/%)

# ---- the newcomer's commands ----

run: deps
	@$(MAKE) --no-print-directory build/samplan
	@scripts/run-demo

test: deps
	@$(MAKE) --no-print-directory build/samplan unit-tests http-tests
	@scripts/run-tests

bench: deps
	@$(MAKE) --no-print-directory build/samplan
	@bench/run

po:
	xgettext --from-code=UTF-8 --language=C --keyword=tr:2 --keyword=trn:2,3 \
		--keyword=N_ --keyword=R_:2 --keyword=T:2 --add-comments=TRANSLATORS \
		--no-location --sort-output --package-name=samplan \
		-o po/samplan.pot $(SRC)
	msgmerge --quiet --update --backup=none --no-fuzzy-matching po/en.po po/samplan.pot

clean:
	rm -rf build

-include $(OBJ:.o=.d) $(ASAN_OBJ:.o=.d) build/obj/src/main.d
