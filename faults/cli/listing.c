/*
 * listing.c - `mqfault --list WHAT`: the names a spec may use, one a line.
 *
 * Each kind is a row of a table and a function that walks the engine's
 * own table (sysent_table, names_errno_table, pvar_table, ...), so a
 * syscall or errno added to the engine shows up here, in bash
 * completion, without an edit.  Only the spec's keys are listed from a
 * copy: faults/spec_key.c keeps its table private, and tests/test_docs.c
 * checks that every key listed here parses and is documented.
 *
 * It prints plain names and nothing else: no header, no sorting beyond the
 * tables' own order, so a shell can read it with a simple loop.
 *
 * See also: faults/cli/listing.h, faults/sysent.h, faults/names.h
 * SPDX-License-Identifier: MIT
 */
#include "faults/cli/listing.h"
#include "faults/names.h"
#include "faults/quote.h"
#include "faults/sysent.h"

#include <signal.h>
#include <stdio.h>
#include <string.h>

static void listing_syscalls(void)
{
	const char *alias;

	for (int i = 0; i < sysent_count; i++)
		puts(sysent_table[i].name);
	for (size_t i = 0; (alias = sysent_alias_at(i)) != NULL; i++)
		puts(alias);
}

/* Ours only: strace's %ipc, %desc and all are accepted but not offered. */
static void listing_classes(void)
{
	static const char *const classes[] = {"%mq", "%msg", "%ipcq"};

	for (size_t i = 0; i < sizeof(classes) / sizeof(classes[0]); i++)
		if (sysent_class(classes[i]) != 0)
			puts(classes[i]);
}

static void listing_errnos(void)
{
	for (size_t i = 0; i < names_errno_count; i++)
		puts(names_errno_table[i].name);
}

/* The classic signals by their first name, then the real-time ends. */
static void listing_signals(void)
{
	const char *name;

	for (int sig = 1; sig < SIGRTMIN; sig++)
		if ((name = names_signal_name(sig)) != NULL)
			printf("SIG%s\n", name);
	puts("SIGRTMIN");
	puts("SIGRTMAX");
}

/* A key that takes a value ends with '='; in faults/spec_key.c's order. */
static void listing_keys(void)
{
	static const char *const keys[] = {
		"error=", "retval=", "signal=", "delay_enter=",
		"when=",  "prob=",   "seed=",	"if=",
		"count=", "hold",    "log",
	};

	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		puts(keys[i]);
}

static void listing_variables(void)
{
	for (int i = 0; i < PV_COUNT; i++)
		puts(pvar_table[i].name);
}

static void listing_constants(void)
{
	const char *name;

	for (size_t i = 0; (name = names_const_at(i)) != NULL; i++)
		puts(name);
}

static const struct {
	const char *what;
	void (*print)(void);
} listing_table[] = {
	{"syscalls", listing_syscalls},	  {"classes", listing_classes},
	{"errnos", listing_errnos},	  {"signals", listing_signals},
	{"keys", listing_keys},		  {"variables", listing_variables},
	{"constants", listing_constants},
};

int listing_main(const char *what)
{
	char shown[4 * QUOTE_VALUE_MAX + 8];

	for (size_t i = 0; i < sizeof(listing_table) / sizeof(listing_table[0]);
	     i++) {
		if (strcmp(what, listing_table[i].what) != 0)
			continue;
		/* A failed write is reported at exit, as for any output
		 * of mqfault (faults/cli/usage.c): one line, status 2. */
		listing_table[i].print();
		return 0;
	}
	fprintf(stderr,
		"mqfault: cannot list '%s'; give one of " LISTING_WHAT "\n",
		quote_value(shown, sizeof(shown), what));
	return 2;
}
