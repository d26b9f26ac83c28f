# Makefile - build, test, grade and benchmark mqlab.
#
# One hand-written GNU Makefile.  Objects go out of tree under $(BUILD),
# dependencies are tracked with -MMD -MP, and every compile line is shown
# in full because students learn from them.  Flags the project needs live
# in MQLAB_* variables so that `make CFLAGS=-O2` keeps the warnings.
#
# See also: README.md, .ci/run, bench/README.md
# SPDX-License-Identifier: MIT

CC       ?= cc
CFLAGS   ?= -O2 -g
LDFLAGS  ?=
PREFIX   ?= /usr/local
BINDIR   ?= $(PREFIX)/bin
DOCDIR   ?= $(PREFIX)/share/doc/mqlab
MANDIR   ?= $(PREFIX)/share/man
BASHCOMPDIR ?= $(PREFIX)/share/bash-completion/completions
DESTDIR  ?=
BUILD    ?= build
SANITIZE ?=

VERSION  := 0.1.0

# The pkg-config packages we need, and the Debian packages that ship them.
PKGS      := ncursesw libseccomp
TEST_PKGS := criterion
DEB_ncursesw   := libncurses-dev
DEB_libseccomp := libseccomp-dev
DEB_criterion  := libcriterion-dev
DEB_TOOLS      := pkg-config tmux strace clang man
# A tool whose Debian package has another name (man is in man-db).
DEB_TOOL_man   := man-db

MQLAB_WARN   := -Wall -Wextra -Wshadow -Wstrict-prototypes \
		-Wmissing-prototypes -Wformat=2 -Wwrite-strings -Werror
MQLAB_CFLAGS := -std=gnu11 -D_GNU_SOURCE -DMQLAB_VERSION='"$(VERSION)"' \
		-I. $(MQLAB_WARN)
ifneq ($(SANITIZE),)
MQLAB_CFLAGS  += -fsanitize=$(SANITIZE) -fno-omit-frame-pointer \
		 $(SANITIZE_FLAGS)
MQLAB_LDFLAGS += -fsanitize=$(SANITIZE)
endif

# Missing packages are installed before anything is built.  Each
# pkg-config package maps to the Debian package that ships it (DEB_<name>).
# When one is missing we print the apt-get command and run it (through sudo
# when not root); without apt we stop with the exact list.  Nothing comes
# from anywhere but the distribution's own registry.
NO_DEPS_GOALS := clean help uninstall check-format format
ifneq ($(filter-out $(NO_DEPS_GOALS),$(or $(MAKECMDGOALS),all)),)
MISSING_PKGS := $(foreach p,$(PKGS) $(TEST_PKGS),\
	$(if $(shell pkg-config --exists $(p) 2>/dev/null && echo y),,$(p)))
MISSING_TOOLS := $(foreach t,$(DEB_TOOLS),\
	$(if $(shell command -v $(t) 2>/dev/null),,$(or $(DEB_TOOL_$(t)),$(t))))
MISSING_DEBS := $(strip $(foreach p,$(MISSING_PKGS),$(DEB_$(p))) \
	$(MISSING_TOOLS))
ifneq ($(MISSING_DEBS),)
SUDO := $(if $(filter 0,$(shell id -u)),,sudo)
ifeq ($(shell command -v apt-get 2>/dev/null),)
$(error missing packages: $(MISSING_DEBS); install them with your package manager, then run make again)
endif
$(info $(SUDO) apt-get install -y --no-install-recommends $(MISSING_DEBS))
DEPS_STATUS := $(shell $(SUDO) apt-get install -y --no-install-recommends \
	$(MISSING_DEBS) >&2 || { $(SUDO) apt-get update >&2 && \
	$(SUDO) apt-get install -y --no-install-recommends $(MISSING_DEBS) >&2; } \
	&& echo ok)
ifneq ($(DEPS_STATUS),ok)
$(error apt-get could not install: $(MISSING_DEBS))
endif
endif
endif

PKG_CFLAGS  := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS    := $(shell pkg-config --libs $(PKGS) 2>/dev/null)
TEST_CFLAGS := $(shell pkg-config --cflags $(TEST_PKGS) 2>/dev/null)
TEST_LIBS   := $(shell pkg-config --libs $(TEST_PKGS) 2>/dev/null)

ALL_CFLAGS  = $(MQLAB_CFLAGS) $(PKG_CFLAGS) $(CFLAGS)
ALL_LDFLAGS = $(MQLAB_LDFLAGS) $(LDFLAGS)

# --- the fault engine: every faults/*.c is library code -----------------
FAULTS_SRC := $(wildcard faults/*.c)
FAULTS_OBJ := $(FAULTS_SRC:%.c=$(BUILD)/%.o)
LIBFAULTS  := $(BUILD)/libfaults.a

MQFAULT    := $(BUILD)/bin/mqfault
BINS       := $(MQFAULT)

# --- tests: every tests/test_*.c is one Criterion runner ----------------
TEST_SRC  := $(wildcard tests/test_*.c)
TEST_BINS := $(TEST_SRC:tests/%.c=$(BUILD)/tests/%)
TEST_HELPERS := $(wildcard tests/helpers/*.c)
TEST_HELPER_OBJ := $(TEST_HELPERS:%.c=$(BUILD)/%.o)
TEST_PROGS_SRC := $(wildcard tests/progs/*.c)
TEST_PROGS := $(TEST_PROGS_SRC:tests/progs/%.c=$(BUILD)/tests/progs/%)

# --- labs: every labs/NN-slug/ folder is a lab --------------------------
# labs/*.c is the runtime (libmqlab.a).  Each lab is built into
# $(LIBEXEC)/NN-slug/: `student` and `solution` (its roles, linked with
# student.c or with solutions/NN-slug.c), and `check-student` and
# `check-solution` (its graded checks, linked the same two ways).  Its
# plain-data declaration (lab.c) is also linked into mqlab, through the
# generated registry, so listing labs never runs student code.
LAB_NAMES   := $(notdir $(patsubst %/,%,$(wildcard labs/[0-9][0-9]-*/)))
RUNTIME_SRC := $(wildcard labs/*.c)
RUNTIME_OBJ := $(RUNTIME_SRC:%.c=$(BUILD)/%.o)
LIBMQLAB    := $(BUILD)/libmqlab.a
LIBEXEC     := $(BUILD)/libexec/mqlab
LAB_TEST_OBJ := $(patsubst %.c,$(BUILD)/%.o,$(TEST_HELPERS) \
		$(filter-out tests/labs/test_%,$(wildcard tests/labs/*.c)))
LAB_META_OBJ := $(LAB_NAMES:%=$(BUILD)/labs/%/lab.o)
# A handout (make handout) has no solutions/: there only the student's
# two programs are built, and make test checks that they link.
SOLVED_LABS := $(filter $(patsubst solutions/%.c,%,\
		$(wildcard solutions/*.c)),$(LAB_NAMES))
LAB_BINS    := $(foreach l,$(LAB_NAMES),$(addprefix $(LIBEXEC)/$(l)/,\
		student check-student $(if $(filter $(l),$(SOLVED_LABS)),\
		solution check-solution)))
lab_test = $(BUILD)/tests/labs/test_$(subst -,_,$(1)).o
# A lab's own objects: scenario.c and any helper it splits out of it.
lab_objs = $(patsubst %.c,$(BUILD)/%.o,$(filter-out labs/$(1)/student.c \
		labs/$(1)/lab.c,$(wildcard labs/$(1)/*.c)))

$(LIBMQLAB): $(RUNTIME_OBJ)
	@mkdir -p $(@D)
	$(AR) rcs $@ $^

# $(1) is the lab's folder name, $(2) its implementation object.
define LAB_PROGRAMS
$(LIBEXEC)/$(1)/$(3): $(BUILD)/labs/host/main.o $(call lab_objs,$(1)) \
		$(BUILD)/labs/$(1)/lab.o $(2) $(LIBMQLAB) $(LIBFAULTS)
	@mkdir -p $$(@D)
	$$(CC) $$(ALL_LDFLAGS) $$^ $$(PKG_LIBS) -o $$@
$(LIBEXEC)/$(1)/check-$(3): $(call lab_test,$(1)) $(call lab_objs,$(1)) \
		$(BUILD)/labs/$(1)/lab.o $(2) $(LAB_TEST_OBJ) $(LIBMQLAB) \
		$(LIBFAULTS)
	@mkdir -p $$(@D)
	$$(CC) $$(ALL_LDFLAGS) $$^ $$(PKG_LIBS) $$(TEST_LIBS) -lpthread -o $$@
endef
$(foreach l,$(LAB_NAMES),$(eval $(call LAB_PROGRAMS,$(l),$(BUILD)/labs/$(l)/student.o,student)))
$(foreach l,$(SOLVED_LABS),$(eval $(call LAB_PROGRAMS,$(l),$(BUILD)/solutions/$(l).o,solution)))

# The kit: what `mqlab grade --submissions` needs to build a student's
# lab inside its jail, where this folder alone is shown (read-only): the
# headers a student.c may include, the libraries, and per lab its check
# runner without student.o, partly linked (cc -r) into one check.o, and
# the names of the lab's functions (exports).
KIT       := $(LIBEXEC)/kit
KIT_FILES := $(patsubst %,$(KIT)/include/%,$(wildcard labs/*.h \
		labs/[0-9][0-9]-*/*.h)) $(KIT)/lib/libmqlab.a \
		$(KIT)/lib/libfaults.a $(LAB_NAMES:%=$(KIT)/%/check.o) \
		$(LAB_NAMES:%=$(KIT)/%/exports)
$(KIT)/include/%.h: %.h
	@mkdir -p $(@D)
	cp $< $@
$(KIT)/lib/%.a: $(BUILD)/%.a
	@mkdir -p $(@D)
	cp $< $@
define LAB_KIT
$(KIT)/$(1)/check.o: $(call lab_test,$(1)) $(call lab_objs,$(1)) \
		$(BUILD)/labs/$(1)/lab.o $(LAB_TEST_OBJ)
	@mkdir -p $$(@D)
	$$(CC) -r -nostdlib $$^ -o $$@
# The lab's own functions, which its skeleton defines: the only global
# symbols a student's object keeps (labs/batch_jail.c).
$(KIT)/$(1)/exports: $(BUILD)/labs/$(1)/student.o
	@mkdir -p $$(@D)
	nm -g --defined-only $$< | awk '{ print $$$$3 }' > $$@
endef
$(foreach l,$(LAB_NAMES),$(eval $(call LAB_KIT,$(l))))
# The jailed build links as the lab programs here are, sanitizers
# included; a student's code is compiled without them, as they would add
# constructors, which the grader refuses (labs/batch_elf.c).
$(BUILD)/labs/batch_jail.o: ALL_CFLAGS += -DBATCH_CC='"$(CC)"' \
	-DBATCH_CFLAGS='"-std=gnu11 -D_GNU_SOURCE $(CFLAGS) -Wall"' \
	-DBATCH_LDFLAGS='"$(ALL_LDFLAGS)"' \
	-DBATCH_LIBS='"$(PKG_LIBS) $(TEST_LIBS) -lpthread"'

# The registry: one line per lab folder, rewritten only when the list of
# labs changes, so adding a lab means adding folders.
REGISTRY := $(BUILD)/labs/registry.c
$(REGISTRY): FORCE
	@mkdir -p $(@D)
	@{ echo '/* registry.c - generated by the Makefile from labs/NN-slug/ */'; \
	  echo '#include "labs/lab.h"'; \
	  $(foreach l,$(LAB_NAMES),echo 'extern const struct lab lab_$(subst -,_,$(l));';) \
	  echo 'const struct lab *const lab_registry[] = {'; \
	  $(foreach l,$(LAB_NAMES),echo '	&lab_$(subst -,_,$(l)),';) \
	  echo '	0,'; echo '};'; } > $@.tmp
	@cmp -s $@.tmp $@ && rm $@.tmp || mv $@.tmp $@
$(BUILD)/labs/registry.o: $(REGISTRY)
	$(CC) $(ALL_CFLAGS) -Wno-missing-prototypes -c $< -o $@

# --- the mqlab command: tui/*.c (the front end) --------------------------
TUI_SRC := $(wildcard tui/*.c)
TUI_OBJ := $(TUI_SRC:%.c=$(BUILD)/%.o)
MQLAB   := $(BUILD)/bin/mqlab
ifneq ($(TUI_SRC),)
BINS    += $(MQLAB)
endif
$(MQLAB): $(TUI_OBJ) $(BUILD)/labs/registry.o $(LAB_META_OBJ) $(LIBMQLAB) \
		$(LIBFAULTS)
	@mkdir -p $(@D)
	$(CC) $(ALL_LDFLAGS) $^ $(PKG_LIBS) -o $@

.PHONY: FORCE

BENCH_SRC  := $(wildcard bench/*.c)
BENCH_BINS := $(BENCH_SRC:bench/%.c=$(BUILD)/bench/%)

.PHONY: all run test grade bench asan fuzz check-format format install \
	uninstall clean help deps
.DEFAULT_GOAL := all

all: $(BINS) $(LAB_BINS) $(KIT_FILES) ## build everything (warnings are errors)

$(BUILD)/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -MMD -MP -c $< -o $@

$(LIBFAULTS): $(FAULTS_OBJ)
	@mkdir -p $(@D)
	$(AR) rcs $@ $^

$(MQFAULT): $(patsubst %.c,$(BUILD)/%.o,$(wildcard faults/cli/*.c)) $(LIBFAULTS)
	@mkdir -p $(@D)
	$(CC) $(ALL_LDFLAGS) $^ $(PKG_LIBS) -o $@

$(BUILD)/tests/%.o: tests/%.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(TEST_CFLAGS) -MMD -MP -c $< -o $@

$(BUILD)/tests/test_%: $(BUILD)/tests/test_%.o $(TEST_HELPER_OBJ) $(LIBMQLAB) $(LIBFAULTS)
	@mkdir -p $(@D)
	$(CC) $(ALL_LDFLAGS) $^ $(PKG_LIBS) $(TEST_LIBS) -lpthread -o $@

# The TUI's runners also link its scanners, model, keys and drawing:
# every tui/*.c but main() and the subcommands.
TUI_LIB_OBJ := $(filter-out $(BUILD)/tui/mqlab.o $(BUILD)/tui/cmd.o \
		$(BUILD)/tui/cmd-%.o,$(TUI_OBJ))
$(BUILD)/tests/test_tui_%: $(BUILD)/tests/test_tui_%.o $(TUI_LIB_OBJ) \
		$(TEST_HELPER_OBJ) $(LIBMQLAB) $(LIBFAULTS)
	@mkdir -p $(@D)
	$(CC) $(ALL_LDFLAGS) $^ $(PKG_LIBS) $(TEST_LIBS) -lpthread -o $@

$(BUILD)/tests/progs/%: $(BUILD)/tests/progs/%.o
	@mkdir -p $(@D)
	$(CC) $(ALL_LDFLAGS) $^ -lpthread -o $@

$(BUILD)/bench/%: $(BUILD)/bench/%.o
	@mkdir -p $(@D)
	$(CC) $(ALL_LDFLAGS) $^ -o $@

# The TUI's scan benchmark times the scanner mqlab top uses.
$(BUILD)/bench/tuiscan: $(BUILD)/tui/scan_sysv.o

# The jail benchmark enters real jails: the lab runtime and libseccomp.
$(BUILD)/bench/jailbench: $(BUILD)/bench/jailbench.o $(LIBMQLAB) $(LIBFAULTS)
	@mkdir -p $(@D)
	$(CC) $(ALL_LDFLAGS) $^ $(PKG_LIBS) -o $@

run: all ## build, then open the TUI (the lab browser)
	@$(MQLAB)

# The runners see MQFAULT, MQLAB and the helper programs through the
# environment.
TEST_ENV = MQFAULT=$(abspath $(MQFAULT)) MQLAB=$(abspath $(MQLAB)) \
	   MQLAB_PROGS=$(abspath $(BUILD)/tests/progs)

# After the runners, every lab's solution must score 100% and every
# scored check must fail on its untouched skeleton.  A handout has no
# solutions to verify: there every lab's check runner must start and list
# its checks instead.  Last, the source tree proves its handout sound
# (tests/handout-check); not under sanitizers (make asan), whose build
# settings a student's tree would not share, nor with HANDOUT_CHECK=no.
HANDOUT_CHECK ?= yes
test: all $(TEST_BINS) $(TEST_PROGS) ## run everything CI checks
	@$(TEST_ENV) tests/run-all $(TEST_BINS)
ifneq ($(SOLVED_LABS),)
	@$(MQLAB) grade --all --verify
else
	@for l in $(LAB_NAMES); do \
		$(LIBEXEC)/$$l/check-student --list | grep -q '^lab: [1-9]' \
		|| { echo "labs: $$l's check runner does not start" >&2; \
		exit 1; }; done
	@echo "labs: every lab builds and its checks start (no solutions" \
		"here, so no grade --verify)"
endif
ifeq ($(SANITIZE)$(filter-out yes,$(HANDOUT_CHECK)),)
ifneq ($(SOLVED_LABS),)
	@tests/handout-check
endif
endif

grade: all ## grade the labs (LAB=NN for one)
	@$(MQLAB) grade $(LAB)

# --- make handout: the labs for students, without the solutions ----------
# The tarball (one folder, mqlab-handout/) holds the files git tracks or
# would track (so a new file not yet committed is not silently missing),
# minus HANDOUT_EXCLUDE: the reference solutions, whatever holds their
# content (the batch-grading fixtures include a correct student), the
# runners that need solutions to run, and the instructors' guide.  It
# adds skeletons/NN-slug.c, a pristine copy of every student.c for
# `mqlab reset`, as a student's tree has no history to restore from.  The
# skeletons must be the committed ones: an edited student.c is refused,
# as it is the likeliest way for a solution to leak.  Files are packed in
# name order with fixed owners and the last commit's time, so the same
# tree gives the same tarball.  tests/handout-check proves it sound.
HANDOUT_TGZ     ?= mqlab-handout.tar.gz
HANDOUT_EXCLUDE := solutions/% tests/fixtures/% tests/test_batch.c \
	tests/test_runtime.c tests/test_runtime_run.c tests/test_session.c \
	tests/test_tui_live.c tests/test_jail_harm.c tests/handout-check \
	docs/instructors.md
HANDOUT_FILES    = $(filter-out $(HANDOUT_EXCLUDE),$(shell git ls-files \
	--cached --others --exclude-standard 2>/dev/null))
.PHONY: handout
handout: ## mqlab-handout.tar.gz: the labs for students, no solutions
	@git rev-parse --verify -q HEAD > /dev/null 2>&1 || { \
		echo "make handout:" \
		"not a git checkout with a commit; run it in the mqlab" \
		"source tree" >&2; exit 2; }
	@test -n "$(SOLVED_LABS)" || { echo "make handout: no solutions/" \
		"here, so this tree is a handout already; run it in the" \
		"mqlab source tree" >&2; exit 2; }
	@changed=$$(git diff --name-only HEAD -- \
		$(LAB_NAMES:%=labs/%/student.c)); test -z "$$changed" || { \
		echo "make handout: skeletons changed since the last" \
		"commit:" $$changed"; commit them, or run mqlab reset NN" \
		>&2; exit 2; }
	@set -e; tmp=$$(mktemp -d); \
	trap 'rm -rf "$$tmp" "$(HANDOUT_TGZ).tmp"' EXIT; \
	mkdir -p "$$tmp/mqlab-handout/skeletons"; \
	cp -p --parents $(wildcard $(HANDOUT_FILES)) "$$tmp/mqlab-handout/"; \
	for l in $(LAB_NAMES); do cp -p labs/$$l/student.c \
		"$$tmp/mqlab-handout/skeletons/$$l.c"; done; \
	tar --sort=name --owner=0 --group=0 --numeric-owner \
		--mtime=@$$(git log -1 --format=%ct) -C "$$tmp" \
		-cf - mqlab-handout | gzip -9n > "$(HANDOUT_TGZ).tmp"; \
	mv -f "$(HANDOUT_TGZ).tmp" "$(HANDOUT_TGZ)"; \
	echo "make handout: wrote $(HANDOUT_TGZ):" \
		"$$(find "$$tmp/mqlab-handout" -type f | wc -l) files," \
		"$$(du -k "$(HANDOUT_TGZ)" | cut -f1) KiB, no solutions"

# mqlab info finds a handout in the source tree, else where install
# puts it; hint and reset find the labs through cmd.c.
$(BUILD)/tui/cmd-info.o $(BUILD)/tui/cmd.o: ALL_CFLAGS += \
	-DMQLAB_SOURCE_DIR='"$(abspath .)"' -DMQLAB_DOCDIR='"$(DOCDIR)"'

# Three tests link parts of the lab check runners: the check harness,
# and the runner's own main and output provider.
$(BUILD)/tests/test_runtime_check: $(BUILD)/tests/labs/check.o
$(BUILD)/tests/test_isolate: $(BUILD)/tests/labs/check.o
$(BUILD)/tests/test_runtime_runner: $(BUILD)/tests/labs/runner.o \
		$(BUILD)/tests/labs/check.o
$(BUILD)/tests/test_runtime_check $(BUILD)/tests/test_runtime_runner \
		$(BUILD)/tests/test_isolate: \
		$(BUILD)/tests/%: $(BUILD)/tests/%.o $(TEST_HELPER_OBJ) \
		$(LIBMQLAB) $(LIBFAULTS)
	@mkdir -p $(@D)
	$(CC) $(ALL_LDFLAGS) $(filter %.o,$^) $(LIBMQLAB) $(LIBFAULTS) \
		$(PKG_LIBS) $(TEST_LIBS) -lpthread -o $@

# The two bad-input runners (mqlab's and mqfault's) share their harness.
$(BUILD)/tests/test_badinput $(BUILD)/tests/test_badinput_mqfault: \
		$(BUILD)/tests/badinput.o

# The documentation tests share a helper, which finds the man pages and
# the completions in this tree.
$(BUILD)/tests/test_docs $(BUILD)/tests/test_completion: \
		$(BUILD)/tests/docs/docs.o
$(BUILD)/tests/docs/docs.o: ALL_CFLAGS += -DDOCS_SOURCE_DIR='"$(abspath .)"'

bench: all $(BENCH_BINS) ## print the fault engine's overhead table
	@bench/run $(abspath $(BUILD))

# Checks deliberately crash student code with SIGSEGV and judge the signal,
# so ASan must leave that signal alone.  LeakSanitizer stops the world with
# ptrace, which fails inside the runs' PID namespaces: leaks are left to
# `make fuzz` (the parser) instead.  Any UB report fails the test.
ASAN_ENV := ASAN_OPTIONS=handle_segv=0:handle_sigbus=0:handle_sigfpe=0:detect_leaks=0 \
	UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
asan: ## the tests under address+undefined sanitizers, in build-asan/
	$(ASAN_ENV) $(MAKE) BUILD=build-asan SANITIZE=address,undefined \
		SANITIZE_FLAGS=-fno-sanitize-recover=all test

# Two targets, each for FUZZ_SECONDS: the spec parser (fuzz_spec, seeds
# in tests/fuzz/corpus) and the rules-file reader (fuzz_rules, seeds in
# tests/fuzz/corpus-rules).  A crash, a leak or UB stops make.
FUZZ_TARGETS := spec:corpus:256 rules:corpus-rules:4096
fuzz: ## fuzz the spec parser and the rules-file reader, FUZZ_SECONDS each
	$(MAKE) BUILD=build-fuzz CC=clang CFLAGS='-O1 -g' \
		SANITIZE=fuzzer-no-link,address,undefined \
		SANITIZE_FLAGS=-fno-sanitize-recover=all build-fuzz/libfaults.a
	@mkdir -p build-fuzz/fuzz
	set -e; for t in $(FUZZ_TARGETS); do \
		name=$${t%%:*}; rest=$${t#*:}; corpus=$${rest%%:*}; \
		clang $(MQLAB_CFLAGS) -O1 -g \
			-fsanitize=fuzzer,address,undefined \
			-fno-sanitize-recover=all \
			tests/fuzz/fuzz_$$name.c build-fuzz/libfaults.a \
			$(PKG_LIBS) -o build-fuzz/fuzz/fuzz_$$name; \
		mkdir -p build-fuzz/$$corpus; \
		cp tests/fuzz/$$corpus/seed-* build-fuzz/$$corpus/; \
		build-fuzz/fuzz/fuzz_$$name \
			-max_total_time=$${FUZZ_SECONDS:-60} \
			-max_len=$${rest#*:} build-fuzz/$$corpus; \
	done

FORMAT_SRC = $(shell git ls-files '*.c' '*.h' 2>/dev/null)
check-format: ## fail if any source differs from .clang-format
	clang-format --dry-run --Werror $(FORMAT_SRC)

format: ## rewrite the sources with clang-format
	clang-format -i $(FORMAT_SRC)

# mqlab finds the lab programs in ../libexec/mqlab/ beside its own
# directory, so LIBEXECDIR follows BINDIR.
LIBEXECDIR = $(patsubst %/,%,$(dir $(BINDIR)))/libexec/mqlab
install: all ## install into $(DESTDIR)$(PREFIX)
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(DOCDIR)
	install -m 755 $(BINS) $(DESTDIR)$(BINDIR)/
	install -m 644 README.md LICENSE $(DESTDIR)$(DOCDIR)/
	install -m 644 docs/*.md $(DESTDIR)$(DOCDIR)/
	install -d $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(BASHCOMPDIR)
	install -m 644 docs/mqlab.1 docs/mqfault.1 $(DESTDIR)$(MANDIR)/man1/
	install -m 644 completions/mqlab completions/mqfault \
		$(DESTDIR)$(BASHCOMPDIR)/
	for l in $(LAB_NAMES); do \
		install -d $(DESTDIR)$(LIBEXECDIR)/$$l \
			$(DESTDIR)$(DOCDIR)/labs/$$l && \
		install -m 755 $(addprefix $(LIBEXEC)/$$l/,student \
			check-student $(if $(SOLVED_LABS),solution \
			check-solution)) $(DESTDIR)$(LIBEXECDIR)/$$l/ && \
		install -m 644 labs/$$l/README.md \
			$(DESTDIR)$(DOCDIR)/labs/$$l/ || exit 1; \
	done
	rm -rf $(DESTDIR)$(LIBEXECDIR)/kit
	cp -R $(KIT) $(DESTDIR)$(LIBEXECDIR)/kit

uninstall: ## remove what install put in place
	rm -f $(addprefix $(DESTDIR)$(BINDIR)/,$(notdir $(BINS)))
	rm -f $(DESTDIR)$(DOCDIR)/README.md $(DESTDIR)$(DOCDIR)/LICENSE
	rm -f $(addprefix $(DESTDIR)$(DOCDIR)/,$(notdir $(wildcard docs/*.md)))
	rm -f $(DESTDIR)$(MANDIR)/man1/mqlab.1 $(DESTDIR)$(MANDIR)/man1/mqfault.1
	rm -f $(DESTDIR)$(BASHCOMPDIR)/mqlab $(DESTDIR)$(BASHCOMPDIR)/mqfault
	rm -rf $(DESTDIR)$(LIBEXECDIR) $(DESTDIR)$(DOCDIR)/labs
	-rmdir $(DESTDIR)$(DOCDIR)

clean: ## remove every build tree
	rm -rf build build-asan build-fuzz

help: ## this list
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | \
		awk -F':.*## ' '{ printf "  make %-13s %s\n", $$1, $$2 }'

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)
