/*
 * test_badinput.c - every way of calling mqlab wrongly gets one line.
 *
 * Table-driven: each row is a command line, environment changes and the
 * word its message must hold; tests/badinput.c runs it and checks the
 * whole contract (exit 2, one "mqlab: ...; ..." line on stderr with no
 * control character in it, nothing on stdout, no file made, changed or
 * lost).  Values are tried empty, huge (100 000 bytes), not UTF-8, with a
 * newline or an escape in them, negative, overflowing and with trailing
 * junk.  Terminals are real pseudo-terminals; "wrong permissions" runs
 * as nobody, since root reads anything.
 *
 * Bad values of our own environment variables are errors; bad standard
 * ones (XDG_STATE_HOME, HOME, TMPDIR) are warnings and ignored (see
 * docs/labs.md, Environment).
 *
 * See also: tests/badinput.h, tests/test_badinput_mqfault.c, tui/mqlab.c
 * SPDX-License-Identifier: MIT
 */
#include <criterion/criterion.h>

#include "tests/badinput.h"
#include "tests/helpers/isolate.h"

/* A row names what it needs; the fields after it are zero. */
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"

TestSuite(badinput, .init = isolate_or_fail, .timeout = 240);

#define ROWS(t) badinput_table(t, sizeof(t) / sizeof((t)[0]))

Test(badinput, commands_and_options_are_refused_in_one_line)
{
	static const struct badinput_row rows[] = {
		{{"mqlab", "bogus"}, {0}, "unknown command"},
		{{"mqlab", ""}, {0}, "unknown command"},
		{{"mqlab", "\xff\xfe"}, {0}, "\\xff\\xfe"},
		{{"mqlab", "a\nb\x1b[31m"}, {0}, "a\\nb\\x1b[31m"},
		{{"mqlab", "@huge"}, {0}, "unknown command"},
		{{"mqlab", "-x"}, {0}, "unknown option"},
		{{"mqlab", "--present", "x"}, {0}, "--present"},
		{{"mqlab", "list", "x"}, {0}, "no arguments"},
		{{"mqlab", "list", "@huge", "@huge", "@huge", "@huge", "@huge",
		  "@huge", "@huge", "@huge", "@huge", "@huge"},
		 {0},
		 "no arguments"},
		{{"mqlab", "info"}, {0}, "one lab number"},
		{{"mqlab", "info", "01", "02"}, {0}, "one lab number"},
		{{"mqlab", "info", "--bogus"}, {0}, "unknown option"},
		{{"mqlab", "ls", "bogus"}, {0}, "unknown option"},
		{{"mqlab", "ls", "-n"}, {0}, "-n needs"},
		{{"mqlab", "ls", "-n", ""}, {0}, "-n wants"},
		{{"mqlab", "ls", "-n", "-1"}, {0}, "-n wants"},
		{{"mqlab", "ls", "-n", "10x"}, {0}, "-n wants"},
		{{"mqlab", "ls", "-n", "100001"}, {0}, "-n wants"},
		{{"mqlab", "ls", "-n", "99999999999999999999999"}, {0}, "-n"},
		{{"mqlab", "ls", "-n@huge"}, {0}, "-n wants"},
		{{"mqlab", "top", "x"}, {0}, "unknown option"},
		{{"mqlab", "top"}, {0}, "needs a terminal"},
		{{"mqlab"}, {0}, "needs a terminal"},
		{{"mqlab", "--present"}, {0}, "needs a terminal"},
	};

	badinput_setup();
	ROWS(rows);
}

Test(badinput, lab_numbers_are_checked_by_every_command)
{
	static const char *const bad[] = {
		"",   "0",    "99",    "-1",  "1x", "999999999999999999999",
		" 1", "\xff", "@huge", "01-", "+1",
	};
	static const char *const cmds[] = {"info", "run", "grade", "hint",
					   "reset"};
	struct badinput_row row = {.expect = "lab"};

	badinput_setup();
	for (size_t c = 0; c < sizeof(cmds) / sizeof(cmds[0]); c++) {
		for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
			row.argv[0] = "mqlab";
			row.argv[1] = cmds[c];
			row.argv[2] = bad[i];
			/* "-1" reads as an option: also a usage error. */
			row.expect = bad[i][0] == '-' ? "-1" : "lab";
			badinput_table(&row, 1);
		}
	}
}

Test(badinput, grade_hint_and_reset_options_are_refused_in_one_line)
{
	static const struct badinput_row rows[] = {
		{{"mqlab", "grade", "--bogus"}, {0}, "unknown option"},
		{{"mqlab", "grade", "-o"}, {0}, "needs a value"},
		{{"mqlab", "grade", "01", "02"}, {0}, "one lab number"},
		{{"mqlab", "grade", "--format", "x", "01"}, {0}, "format"},
		{{"mqlab", "grade", "--format", "", "01"}, {0}, "format"},
		{{"mqlab", "grade", "-j", "1x", "01"}, {0}, "--jobs"},
		{{"mqlab", "grade", "-j", "0", "01"}, {0}, "--jobs"},
		{{"mqlab", "grade", "-j", "99999999999999999999", "01"},
		 {0},
		 "--jobs"},
		{{"mqlab", "grade", "-o", "dir", "01"}, {0}, "Is a directory"},
		/* A mistake after -o costs the existing file nothing. */
		{{"mqlab", "grade", "01", "-o", "existing.log", "--format",
		  "x"},
		 {0},
		 "format"},
		{{"mqlab", "grade", "--submissions", "missing"},
		 {0},
		 "missing"},
		{{"mqlab", "grade", "--submissions", "fifo"}, {0}, "fifo"},
		{{"mqlab", "grade", "--submissions", "dir"}, {0}, "dir"},
		{{"mqlab", "grade", "--submissions", "@huge"}, {0}, "aaa"},
		{{"mqlab", "hint", "01", "--bogus"}, {0}, "unknown option"},
		{{"mqlab", "hint"}, {0}, "one lab number"},
		{{"mqlab", "reset", "01", "--yes=1"}, {0}, "unknown option"},
		{{"mqlab", "reset"}, {0}, "one lab number"},
	};

	badinput_setup();
	ROWS(rows);
}

Test(badinput, run_options_are_checked_before_anything_runs)
{
	static const struct badinput_row rows[] = {
		{{"mqlab", "run"}, {0}, "one lab number"},
		{{"mqlab", "run", "01", "02"}, {0}, "not several"},
		{{"mqlab", "run", "01", "--bogus"}, {0}, "unknown option"},
		{{"mqlab", "run", "01", "-x"}, {0}, "unknown option '-x'"},
		{{"mqlab", "run", "01", "--solution=1"}, {0}, "takes no value"},
		{{"mqlab", "run", "01", "--for"}, {0}, "needs a value"},
		{{"mqlab", "run", "01", "--for", ""}, {0}, "--for"},
		{{"mqlab", "run", "01", "--for", "0"}, {0}, "--for"},
		{{"mqlab", "run", "01", "--for", "-1"}, {0}, "--for"},
		{{"mqlab", "run", "01", "--for", "10x"}, {0}, "--for"},
		{{"mqlab", "run", "01", "--for", " 5"}, {0}, "--for"},
		{{"mqlab", "run", "01", "--for", "1e400"}, {0}, "--for"},
		{{"mqlab", "run", "01", "--for", "nan"}, {0}, "--for"},
		{{"mqlab", "run", "01", "--for", "inf"}, {0}, "--for"},
		{{"mqlab", "run", "01", "--for", "0x10"}, {0}, "--for"},
		{{"mqlab", "run", "01", "--for", "86401"}, {0}, "--for"},
		{{"mqlab", "run", "01", "--for", "@huge"}, {0}, "--for"},
		{{"mqlab", "run", "01", "--seed", ""}, {0}, "--seed"},
		{{"mqlab", "run", "01", "--seed", "-1"}, {0}, "--seed"},
		{{"mqlab", "run", "01", "--seed", "1x"}, {0}, "--seed"},
		{{"mqlab", "run", "01", "--seed", " 1"}, {0}, "--seed"},
		{{"mqlab", "run", "01", "--seed", "99999999999999999999999"},
		 {0},
		 "--seed"},
		{{"mqlab", "run", "01", "-e", ""}, {0}, "bad fault spec"},
		{{"mqlab", "run", "01", "-e", "mq_sned:error=EAGAIN"},
		 {0},
		 "did you mean mq_send?"},
		{{"mqlab", "run", "01", "-e", "mq_send:error=\xff\n"},
		 {0},
		 "bad fault spec"},
		{{"mqlab", "run", "01", "-e", "@huge"}, {0}, "bad fault spec"},
		{{"mqlab", "run", "01", "-e", "nobody@mq_send:error=EAGAIN"},
		 {0},
		 "no role 'nobody'"},
		{{"mqlab", "run", "01", "-p", ""}, {0}, "no preset"},
		{{"mqlab", "run", "01", "-p", "@huge"}, {0}, "no preset"},
		{{"mqlab", "run", "01", "-e"}, {0}, "needs a value"},
	};

	badinput_setup();
	ROWS(rows);
}

Test(badinput, our_environment_variables_are_errors_when_bad)
{
	static const struct badinput_row rows[] = {
		{{"mqlab", "list"},
		 {"MQLAB_TIMEOUT_SCALE=fast"},
		 "MQLAB_TIMEOUT"},
		{{"mqlab", "list"}, {"MQLAB_TIMEOUT_SCALE=0"}, "MQLAB_TIMEOUT"},
		{{"mqlab", "list"},
		 {"MQLAB_TIMEOUT_SCALE=-1"},
		 "MQLAB_TIMEOUT"},
		{{"mqlab", "list"},
		 {"MQLAB_TIMEOUT_SCALE=2x"},
		 "MQLAB_TIMEOUT"},
		{{"mqlab", "list"},
		 {"MQLAB_TIMEOUT_SCALE=nan"},
		 "MQLAB_TIMEOUT"},
		{{"mqlab", "list"}, {"MQLAB_TIMEOUT_SCALE=1e400"}, "MQLAB"},
		{{"mqlab", "list"},
		 {"MQLAB_TIMEOUT_SCALE=5000"},
		 "out of range"},
		{{"mqlab", "list"},
		 {"MQLAB_TIMEOUT_SCALE=0.01"},
		 "out of range"},
		{{"mqlab", "list"}, {"MQLAB_TIMEOUT_SCALE=@huge"}, "MQLAB"},
		{{"mqlab", "list"}, {"MQLAB_TIMEOUT_SCALE=\xff\n"}, "\\xff\\n"},
		{{"mqlab", "run", "01"}, {"MQLAB_TIMEOUT_SCALE=x"}, "MQLAB"},
		{{"mqlab", "grade", "01"}, {"MQLAB_TIMEOUT_SCALE=x"}, "MQLAB"},
		{{"mqlab"}, {"MQLAB_TIMEOUT_SCALE=x"}, "MQLAB_TIMEOUT_SCALE"},
		{{"mqlab", "list"}, {"MQLAB_NO_NAMESPACES=yes"}, "0 nor 1"},
		{{"mqlab", "list"}, {"MQLAB_NO_NAMESPACES=2"}, "0 nor 1"},
		{{"mqlab", "list"}, {"MQLAB_NO_NAMESPACES=@huge"}, "0 nor 1"},
		{{"mqlab", "run", "01"}, {"MQLAB_NO_NAMESPACES= 1"}, "0 nor 1"},
		{{"mqlab", "info", "01"},
		 {"MQLAB_SOURCE_DIR=/nonexistent"},
		 "MQLAB_SOURCE_DIR"},
		{{"mqlab", "info", "01"}, {"MQLAB_SOURCE_DIR=@huge"}, "labs/"},
		{{"mqlab", "hint", "01"}, {"MQLAB_SOURCE_DIR=\xff"}, "'\\xff'"},
		{{"mqlab", "reset", "01"},
		 {"MQLAB_SOURCE_DIR=" BADINPUT_DIR "/dir"},
		 "MQLAB_SOURCE_DIR"},
	};

	badinput_setup();
	ROWS(rows);
}

Test(badinput, standard_variables_are_warned_about_and_ignored)
{
	static const struct badinput_row rows[] = {
		{{"mqlab", "list"},
		 {"XDG_STATE_HOME=relative"},
		 "XDG_STATE_HOME",
		 BI_WARN},
		{{"mqlab", "list"},
		 {"XDG_STATE_HOME", "HOME=relative"},
		 "HOME=",
		 BI_WARN},
		{{"mqlab", "list"}, {"TMPDIR=/nonexistent"}, "TMPDIR", BI_WARN},
		{{"mqlab", "list"}, {"TMPDIR=relative"}, "TMPDIR", BI_WARN},
		{{"mqlab", "list"},
		 {"TMPDIR=" BADINPUT_DIR "/existing.log"},
		 "TMPDIR",
		 BI_WARN},
		{{"mqlab", "list"},
		 {"TMPDIR=" BADINPUT_DIR "/ro"},
		 "TMPDIR",
		 BI_WARN},
		{{"mqlab", "list"}, {"TMPDIR=@huge"}, "TMPDIR", BI_WARN},
		/* The grade book as a FIFO must not hang mqlab list. */
		{{"mqlab", "list"},
		 {"XDG_STATE_HOME=" BADINPUT_DIR "/fstate"},
		 "cannot read your grades",
		 BI_WARN},
		/* So must the hint levels as a FIFO mqlab hint. */
		{{"mqlab", "hint", "01"},
		 {"XDG_STATE_HOME=" BADINPUT_DIR "/fstate"},
		 "hint levels"},
		{{"mqlab", "list"},
		 {"XDG_STATE_HOME=" BADINPUT_DIR "/dstate"},
		 "cannot read your grades",
		 BI_WARN},
		{{"mqlab", "list"},
		 {"XDG_STATE_HOME=" BADINPUT_DIR "/sstate"},
		 "Permission denied",
		 BI_WARN | BI_NOBODY},
	};

	badinput_setup();
	ROWS(rows);
}

Test(badinput, terminals_that_cannot_run_the_tui_are_refused)
{
	static const struct badinput_row rows[] = {
		{{"mqlab", "top"}, {"TERM"}, "TERM is not set", BI_TTY},
		{{"mqlab", "top"}, {"TERM="}, "TERM is not set", BI_TTY},
		{{"mqlab", "top"}, {"TERM=bogus"}, "TERM 'bogus'", BI_TTY},
		{{"mqlab", "top"},
		 {"TERM=dumb"},
		 "cannot move the cursor",
		 BI_TTY},
		{{"mqlab", "top"}, {"TERM=@huge"}, "TERM 'aaaa", BI_TTY},
		{{"mqlab", "top"}, {"TERM=\xff\n"}, "TERM '\\xff\\n'", BI_TTY},
		{{"mqlab", "top"}, {"TERM=../../etc/passwd"}, "TERM", BI_TTY},
		{{"mqlab"}, {"TERM=bogus"}, "TERM 'bogus'", BI_TTY},
		{{"mqlab", "--present"}, {"TERM=dumb"}, "cursor", BI_TTY},
	};

	badinput_setup();
	ROWS(rows);
}

Test(badinput, output_that_cannot_be_written_is_an_error)
{
	static const struct badinput_row rows[] = {
		{{"mqlab", "list"}, {0}, "standard output", BI_FULL},
		{{"mqlab", "info", "01"}, {0}, "standard output", BI_FULL},
		{{"mqlab", "ls"}, {0}, "standard output", BI_FULL},
		{{"mqlab", "run", "01", "--for", "1"},
		 {0},
		 "timeline",
		 BI_FULL},
		{{"mqlab", "--help"}, {0}, "No space left", BI_FULL},
		{{"mqlab", "--version"}, {0}, "No space left", BI_FULL},
	};

	badinput_setup();
	ROWS(rows);
}
