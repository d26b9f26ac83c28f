/*
 * test_badinput_mqfault.c - every way of calling mqfault wrongly gets one
 * line (and a bad spec, that line with the spec and a caret under it).
 *
 * The same table and contract as tests/test_badinput.c, for mqfault's
 * options, specs, rules files, event logs and PROGRAM.  Not finding
 * PROGRAM keeps mqfault's documented statuses, 127 and 126 (as a shell
 * and env(1) do), with one line and nothing run or opened.  A failed
 * write to the event log can only be seen once PROGRAM ran: the error is
 * then the last line, after the summary, and the status 2.
 *
 * See also: tests/badinput.h, faults/cli/usage.c, faults/rulesfile.c
 * SPDX-License-Identifier: MIT
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>

#include "tests/badinput.h"
#include "tests/helpers/isolate.h"

/* A row names what it needs; the fields after it are zero. */
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"

TestSuite(badinput_mqfault, .init = isolate_or_fail, .timeout = 240);

#define ROWS(t) badinput_table(t, sizeof(t) / sizeof((t)[0]))
#define SPEC(s)                            \
	{                                  \
		"mqfault", "-e", s, "true" \
	}

Test(badinput_mqfault, options_are_refused_in_one_line)
{
	static const struct badinput_row rows[] = {
		{{"mqfault"}, {0}, "missing PROGRAM"},
		{{"mqfault", "-e", "mq_send:log"}, {0}, "missing PROGRAM"},
		{{"mqfault", "-e"}, {0}, "needs an argument"},
		{{"mqfault", "--rules"}, {0}, "needs an argument"},
		{{"mqfault", "-o"}, {0}, "needs an argument"},
		{{"mqfault", "--bogus", "true"},
		 {0},
		 "unknown option '--bogus'"},
		{{"mqfault", "--\xff", "true"}, {0}, "'--\\xff'"},
		{{"mqfault", "--@huge", "true"}, {0}, "unknown option"},
		{{"mqfault", "-x", "true"}, {0}, "unknown option '-x'"},
		{{"mqfault", "--help=x"}, {0}, "takes no argument"},
		{{"mqfault", "--json", "true"}, {0}, "--json needs"},
		{{"mqfault", "--seed", "", "true"}, {0}, "--seed"},
		{{"mqfault", "--seed", "1x", "true"}, {0}, "--seed '1x'"},
		{{"mqfault", "--seed", "-1", "true"}, {0}, "--seed"},
		{{"mqfault", "--seed", " 1", "true"}, {0}, "--seed"},
		{{"mqfault", "--seed", "99999999999999999999999", "true"},
		 {0},
		 "--seed"},
		{{"mqfault", "--seed", "@huge", "true"}, {0}, "--seed"},
		{{"mqfault", "-s", "4097", "true"}, {0}, "-s '4097'"},
		{{"mqfault", "-s", "-1", "true"}, {0}, "-s"},
		{{"mqfault", "-s", "x", "true"}, {0}, "-s"},
		{{"mqfault", "-e", "trace=open", "true"}, {0}, "qualifiers"},
		{{"mqfault", "--help"}, {0}, "No space left", BI_FULL},
		{{"mqfault", "--version"}, {0}, "No space left", BI_FULL},
	};

	badinput_setup();
	ROWS(rows);
}

Test(badinput_mqfault, specs_are_refused_with_the_spec_and_a_caret)
{
	static const struct badinput_row rows[] = {
		{SPEC(""), {0}, "bad spec: empty syscall set", BI_SPEC},
		{SPEC("mq_sned:error=EAGAIN"),
		 {0},
		 "did you mean mq_send?",
		 BI_SPEC},
		{SPEC("mq_send:error=EAGIAN"), {0}, "unknown errno", BI_SPEC},
		{SPEC("mq_send:error=EAGAIN:when=0"),
		 {0},
		 "FIRST is 0",
		 BI_SPEC},
		{SPEC("mq_send:error=EAGAIN:when=1x"),
		 {0},
		 "bad spec",
		 BI_SPEC},
		{SPEC("mq_send:error=EAGAIN:prob=200%"),
		 {0},
		 "bad spec",
		 BI_SPEC},
		{SPEC("mq_send:error=EAGAIN:seed=99999999999999999999999"),
		 {0},
		 "bad spec",
		 BI_SPEC},
		{SPEC("mq_send:error=EAG\xff\x1b[31mAIN"),
		 {0},
		 "\\xff\\x1b[31m",
		 BI_SPEC},
		{SPEC("mq_send:error=EAGAIN\nmq_open:log"),
		 {0},
		 "bad spec",
		 BI_SPEC},
		{SPEC("@huge"), {0}, "too long", BI_SPEC},
		{{"mqfault", "--inject=", "true"}, {0}, "bad spec", BI_SPEC},
		{{"mqfault", "--fault=mq_send:retval=1", "true"},
		 {0},
		 "bad spec",
		 BI_SPEC},
	};

	badinput_setup();
	ROWS(rows);
}

Test(badinput_mqfault, rules_files_are_read_safely)
{
	static const struct badinput_row rows[] = {
		{{"mqfault", "--rules", "missing.rules", "true"},
		 {0},
		 "no rules file 'missing.rules'"},
		{{"mqfault", "--rules", "", "true"}, {0}, "no rules file"},
		{{"mqfault", "--rules", "\xff.rules", "true"}, {0}, "\\xff"},
		{{"mqfault", "--rules", "@huge", "true"}, {0}, "too long"},
		{{"mqfault", "--rules", "dir", "true"}, {0}, "directory"},
		{{"mqfault", "--rules", "fifo", "true"}, {0}, "has no rules"},
		{{"mqfault", "--rules", "empty.rules", "true"},
		 {0},
		 "has no rules"},
		{{"mqfault", "--rules", "comments.rules", "true"},
		 {0},
		 "has no rules"},
		{{"mqfault", "--rules", "bad.rules", "true"},
		 {0},
		 "bad.rules:3: unknown syscall",
		 BI_SPEC},
		{{"mqfault", "--rules", "nul.rules", "true"},
		 {0},
		 "nul.rules:1: a NUL byte",
		 BI_SPEC},
		{{"mqfault", "--rules", "big.rules", "true"},
		 {0},
		 "1 MiB",
		 BI_SPEC},
		{{"mqfault", "--rules", "/dev/zero", "true"},
		 {0},
		 "device",
		 BI_SPEC},
		{{"mqfault", "--rules", "good.rules", "true"},
		 {0},
		 "Permission denied",
		 BI_NOBODY},
		/* A good file first: the bad one after it still fails. */
		{{"mqfault", "--rules", "good.rules", "--rules", "bad.rules",
		  "true"},
		 {0},
		 "bad.rules:3",
		 BI_SPEC},
	};

	badinput_setup();
	ROWS(rows);
}

Test(badinput_mqfault, event_logs_are_opened_last_and_never_clobbered)
{
	static const struct badinput_row rows[] = {
		{{"mqfault", "-o", "dir", "true"}, {0}, "Is a directory"},
		{{"mqfault", "-o", "", "true"}, {0}, "No such file"},
		{{"mqfault", "-o", "missing/x", "true"}, {0}, "No such file"},
		{{"mqfault", "-o", "fifo", "true"},
		 {0},
		 "nobody reads the FIFO"},
		{{"mqfault", "-o", "ro/events", "true"}, {0}, "Read-only"},
		{{"mqfault", "-o", "@huge", "true"}, {0}, "too long"},
		{{"mqfault", "-o", "locked/events", "true"},
		 {0},
		 "Permission denied",
		 BI_NOBODY},
		/* Mistakes after -o cost the existing log nothing. */
		{{"mqfault", "-o", "existing.log", "-e", "mq_sned:log", "true"},
		 {0},
		 "did you mean",
		 BI_SPEC},
		{{"mqfault", "-o", "existing.log", "--seed", "x", "true"},
		 {0},
		 "--seed"},
		{{"mqfault", "-o", "existing.log", "--", "./missing-program"},
		 {0},
		 "cannot run",
		 BI_STATUS,
		 127},
	};

	badinput_setup();
	ROWS(rows);
}

Test(badinput_mqfault, programs_that_cannot_run_are_found_before_running)
{
	static const struct badinput_row rows[] = {
		{{"mqfault", "--", "missing-program"},
		 {0},
		 "or PATH",
		 BI_STATUS,
		 127},
		{{"mqfault", "--", ""}, {0}, "cannot run ''", BI_STATUS, 127},
		{{"mqfault", "--", "@huge"}, {0}, "cannot run", BI_STATUS, 127},
		{{"mqfault", "--", "\xff\n"},
		 {0},
		 "'\\xff\\n'",
		 BI_STATUS,
		 127},
		{{"mqfault", "--", "true"}, {"PATH="}, "PATH", BI_STATUS, 127},
		{{"mqfault", "--", "./dir"},
		 {0},
		 "Is a directory",
		 BI_STATUS,
		 126},
		{{"mqfault", "--", "./noexec"},
		 {0},
		 "Permission denied",
		 BI_STATUS,
		 126},
		{{"mqfault", "--", "./fifo"},
		 {0},
		 "cannot run",
		 BI_STATUS,
		 126},
	};

	badinput_setup();
	ROWS(rows);
}

/* The event log fills up while PROGRAM runs: status 2, and the last line
 * says the events are lost. */
Test(badinput_mqfault, a_log_that_cannot_be_written_is_reported_after_the_run)
{
	static char sender[4096];
	const char *progs = getenv("MQLAB_PROGS");
	struct badinput_row rows[] = {
		{{"mqfault", "-e", "%mq:log", "-o", "/dev/full", "--", sender},
		 {0},
		 "events were lost",
		 BI_AFTER},
		{{"mqfault", "-e", "%mq:log", "-o", "-", "--", sender},
		 {0},
		 "standard output",
		 BI_AFTER | BI_FULL},
	};

	cr_assert_not_null(progs, "set MQLAB_PROGS (make test does)");
	snprintf(sender, sizeof(sender), "%s/cli_sender", progs);
	badinput_setup();
	ROWS(rows);
}
